"""Export the customer book: vCard 3.0/4.0, CSV with every field, or the whole shop as JSON,
for everyone or for one saved segment. The file is written on a worker thread, first
under a temporary name, so a failed export never leaves half a file behind."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.contacts import consent, segments
from relbook.services.contacts.consent import ConsentSplit
from relbook.services.import_export import export
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.worker import Worker

#: key, label, file suffix, file filter
FORMATS = (
    ("vcard", "vCard 3.0 — for phones and most address books", "vcf", "vCard (*.vcf)"),
    ("vcard4", "vCard 4.0 — for newer address books", "vcf", "vCard (*.vcf)"),
    ("csv", "Spreadsheet (CSV) with every field", "csv", "CSV (*.csv)"),
    ("json", "The whole shop as JSON — every table, to move or keep", "json", "JSON (*.json)"),
)


def write_export(fmt: str, path: Path, ids: list[int] | None) -> int:
    """Write to ``path`` through a temporary file; returns how many contacts."""
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as out:
            count = export.export(fmt, out, ids)
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise RelbookError(f"{path} could not be written ({exc.strerror or exc}).") from exc
    return count


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Export contacts")
        self._worker: Worker | None = None
        self.written: Path | None = None
        self.reach: ConsentSplit | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format_group = QButtonGroup(self)
        formats = QVBoxLayout()
        for i, (key, label, _suffix, _filter) in enumerate(FORMATS):
            button = QRadioButton(label)
            button.setObjectName(f"format-{key}")
            self.format_group.addButton(button, i)
            formats.addWidget(button)
        self.format_group.button(0).setChecked(True)
        form.addRow("Format:", formats)
        self.who = QComboBox()
        self.who.addItem("Everyone in the book", None)
        try:
            for seg in segments.list_segments():
                self.who.addItem(f"Segment: {seg.name}", seg.id)
        except RelbookError:
            pass
        form.addRow("Who:", self.who)
        self.channel = QComboBox(objectName="exportChannel")
        self.channel.addItem(self.tr("Not for contacting them (the shop's own copy)"), None)
        for key, words in (("mail", "post"), ("email", "email"), ("phone", "phone")):
            self.channel.addItem(self.tr("A list for contacting them by {}").format(words), key)
        self.channel.setToolTip(self.tr("Only those who agreed to this channel are exported"))
        form.addRow(self.tr("Use:"), self.channel)
        self.override = QCheckBox(
            self.tr("Include those who did not agree (recorded in the audit log)"),
            objectName="ignoreConsent",
        )
        form.addRow("", self.override)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("primaryButton")
        self.export_button.setDefault(True)
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._connect_signals()
        self.on_choice_changed()
        self.resize(560, 330)

    def _connect_signals(self) -> None:
        self.format_group.idClicked.connect(self.on_choice_changed)
        self.who.currentIndexChanged.connect(self.on_choice_changed)
        self.channel.currentIndexChanged.connect(self.on_choice_changed)
        self.export_button.clicked.connect(self.on_export)
        self.close_button.clicked.connect(self.reject)

    def fmt(self) -> tuple[str, str, str]:
        key, _label, suffix, filt = FORMATS[self.format_group.checkedId()]
        return key, suffix, filt

    def on_choice_changed(self, *_args: object) -> None:
        key = self.fmt()[0]
        self.override.setEnabled(self.channel.currentData() is not None)
        if not self.override.isEnabled():
            self.override.setChecked(False)
        if key == "json" and self.who.currentData() is not None:
            text = "For a segment, the JSON holds its contacts only, not the whole shop."
        elif key == "json":
            text = "Everything: contacts, sales, points, vouchers, notes and settings."
        elif key == "csv":
            text = "Cells starting with = + - @ are made safe so spreadsheets do not run them."
        else:
            text = "Archived contacts are left out."
        self.hint.setText(text)

    def selected_ids(self) -> list[int] | None:
        """Who goes into the file: the segment or everyone, and — for a mailing list —
        only those who agreed to its channel (``self.reach`` says how many did not)."""
        segment_id = self.who.currentData()
        ids = None if segment_id is None else segments.evaluate(int(segment_id))
        channel = self.channel.currentData()
        self.reach = None
        if channel is None:
            return ids
        self.reach = consent.for_channel(
            export.all_ids() if ids is None else ids,
            channel,
            purpose=f"export for {channel}",
            override=self.override.isChecked(),
            staff_id=self.context.staff_id,
        )
        return list(self.reach.allowed)

    def on_export(self) -> None:
        key, suffix, filt = self.fmt()
        name = f"relbook-{dt.date.today():%Y-%m-%d}.{suffix}"
        target = prompts.save_file(self, "Export contacts", name, filt)
        if not target:
            return
        try:
            ids = self.selected_ids()
        except RelbookError as exc:
            prompts.error(self, "Export", str(exc))
            return
        path = Path(target)
        self.status.setText(f"Exporting to {path.name}…")
        self.export_button.setEnabled(False)
        worker = Worker(lambda _progress: write_export(key, path, ids), self)
        worker.succeeded.connect(lambda count: self.on_done(path, count))
        worker.failed.connect(self.on_failed)
        self._worker = worker
        worker.start()

    def on_done(self, path: Path, count: int) -> None:
        self.written = path
        self.export_button.setEnabled(True)
        people = f"{count:,} contact{'s' if count != 1 else ''}"
        left_out = f" {self.reach.describe()}" if self.reach and self.reach.left_out else ""
        self.status.setText(f"Exported {people} to {path}.{left_out}")

    def on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.status.setText("")
        prompts.error(self, "Export", message)

    def busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def done(self, result: int) -> None:
        if self._worker is not None:
            self._worker.wait()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._worker is not None:
            self._worker.wait()  # a backup or export is never cut off half-written
        super().closeEvent(event)
