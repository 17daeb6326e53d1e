"""Import contacts from vCard and CSV files: see first what would happen, then import.

Nothing is written until Import is pressed: the dialog reads the files and shows a
preview (new rows, probable duplicates with merge/skip/add, rows in error with the
reason). The import itself runs on a worker thread in ONE transaction, so Cancel (or
a crash) leaves the book exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relbook.services.import_export import writer
from relbook.services.import_export.csv_import import TARGETS
from relbook.services.import_export.preview import ADD, MERGE, SKIP
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.import_analysis import Analysis, FileInfo, analyse
from relbook.ui.data.preview_model import PreviewModel
from relbook.ui.data.worker import Worker
from relbook.ui.widgets.table import TableView

PRESET_CHOICES = (
    ("auto", "Recognise automatically"),
    ("google", "Google Contacts"),
    ("outlook", "Outlook"),
    ("square", "Square customers"),
    ("relbook", "relbook"),
    ("manual", "Choose columns by hand"),
)
TARGET_NAMES = {
    "ignore": "(leave out)",
    "name": "Full name",
    "given_name": "First name",
    "family_name": "Last name",
    "middle_name": "Middle name",
    "details_json": "Personal details (relbook)",
    "phone": "Phone",
    "email": "Email",
    "email:work": "Email (work)",
    "how_met": "How we met",
    "extended": "Address line 2",
    "consent_mail": "May send post",
    "consent_email": "May send email",
    "consent_phone": "May phone",
    "card_code": "Loyalty card code",
}


def target_name(target: str) -> str:
    if target in TARGET_NAMES:
        return TARGET_NAMES[target]
    if target.startswith("phone:"):
        return f"Phone ({target.split(':', 1)[1]})"
    return target.replace("_", " ").capitalize()


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


class ImportDialog(QDialog):
    def __init__(
        self, context: AppContext, paths: list[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import contacts")
        self.paths: list[Path] = []
        self.analysis: Analysis | None = None
        #: custom column mappings per CSV file, kept across re-reads
        self.mappings: dict[Path, dict[str, str]] = {}
        self.result: writer.ImportResult | None = None
        self._worker: Worker | None = None
        self._filling = False
        self._build()
        self._connect_signals()
        self._set_state("empty")
        self.resize(1000, 800)
        if paths:
            self.set_paths(paths)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.files_label = QLabel("Choose the vCard (.vcf), CSV or relbook JSON files to import.")
        self.files_label.setWordWrap(True)
        self.files_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Choose files…")
        top.addWidget(self.files_label, 1)
        top.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.csv_box = QGroupBox("CSV columns")
        csv_layout = QVBoxLayout(self.csv_box)
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel("Exported from:"))
        self.preset_combo = QComboBox()
        for key, title in PRESET_CHOICES:
            self.preset_combo.addItem(title, key)
        preset_row.addWidget(self.preset_combo)
        preset_row.addStretch(1)
        self.reread_button = QPushButton("Update preview")
        preset_row.addWidget(self.reread_button)
        csv_layout.addLayout(preset_row)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "First row", "Goes to"])
        self.mapping_table.verticalHeader().hide()
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.setMaximumHeight(150)
        csv_layout.addWidget(self.mapping_table)
        layout.addWidget(self.csv_box)

        self.preview_box = preview_box = QGroupBox()
        preview_layout = QVBoxLayout(preview_box)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("importCounts")
        preview_layout.addWidget(self.counts_label)
        self.model = PreviewModel(self)
        self.table = TableView(
            self.model, "previewTable", extended=True, widths=(90, 170, 170, 300), stretch=4
        )
        self.table.setMinimumHeight(260)  # the preview is what the owner reads
        preview_layout.addWidget(self.table, 1)
        dup_row = QHBoxLayout()
        dup_row.addWidget(QLabel("Selected duplicates:"))
        self.merge_button = QPushButton("Merge (M)")
        self.skip_button = QPushButton("Skip (S)")
        self.add_button = QPushButton("Add as new (A)")
        for button in (self.merge_button, self.skip_button, self.add_button):
            dup_row.addWidget(button)
        dup_row.addStretch(1)
        self.save_rejected_button = QPushButton("Save rows in error…")
        dup_row.addWidget(self.save_rejected_button)
        preview_layout.addLayout(dup_row)
        self.only_good = QRadioButton("Import the good rows and leave out the rows in error")
        self.all_or_nothing = QRadioButton("All or nothing: import only if no row is in error")
        self.only_good.setChecked(True)
        preview_layout.addWidget(self.only_good)
        preview_layout.addWidget(self.all_or_nothing)
        layout.addWidget(preview_box, 1)

        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(self.status_label.fontMetrics().height() * 2)
        layout.addWidget(self.status_label)
        bottom = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        bottom.addWidget(self.progress, 3)
        bottom.addStretch(1)
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("primaryButton")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)
        for key, action in (("M", MERGE), ("S", SKIP), ("A", ADD)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda a=action: self.on_set_action(a))

    def _connect_signals(self) -> None:
        self.choose_button.clicked.connect(self.on_choose_files)
        self.preset_combo.currentIndexChanged.connect(self.on_preset_changed)
        self.reread_button.clicked.connect(self.on_reread)
        self.merge_button.clicked.connect(lambda: self.on_set_action(MERGE))
        self.skip_button.clicked.connect(lambda: self.on_set_action(SKIP))
        self.add_button.clicked.connect(lambda: self.on_set_action(ADD))
        self.save_rejected_button.clicked.connect(self.on_save_rejected)
        self.import_button.clicked.connect(self.on_import)
        self.cancel_button.clicked.connect(self.on_cancel)

    # -- states -------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        """empty | reading | ready | importing | done"""
        self.state = state
        busy = state in ("reading", "importing")
        has_rows = self.analysis is not None and bool(self.analysis.preview.items)
        self.choose_button.setEnabled(not busy and state != "done")
        self.csv_box.setVisible(self._first_csv() is not None and state != "done")
        self.csv_box.setEnabled(not busy)
        for button in (self.merge_button, self.skip_button, self.add_button):
            button.setEnabled(state == "ready" and self._has(lambda i: i.status == "duplicate"))
        self.save_rejected_button.setEnabled(has_rows and self._has(lambda i: i.status == "error"))
        self.only_good.setEnabled(state == "ready")
        self.all_or_nothing.setEnabled(state == "ready")
        self.import_button.setEnabled(state == "ready" and has_rows)
        self.import_button.setVisible(state != "done")
        self.cancel_button.setText("Close" if state in ("done", "empty") else "Cancel")
        self.progress.setVisible(busy)
        self.preview_box.setTitle(
            "What was done with each row"
            if state == "done"
            else "Preview — nothing is stored until you press Import"
        )
        for widget in (self.only_good, self.all_or_nothing):
            widget.setVisible(state != "done")

    def _has(self, test) -> bool:
        return self.analysis is not None and any(test(i) for i in self.analysis.preview.items)

    def _first_csv(self) -> FileInfo | None:
        if self.analysis is None:
            return None
        return next((f for f in self.analysis.files if f.kind == "CSV" and f.headers), None)

    # -- reading ------------------------------------------------------------------------

    def set_paths(self, paths: list[str]) -> None:
        self.paths = [Path(p) for p in paths]
        self.mappings.clear()
        self._read()

    def on_choose_files(self) -> None:
        paths = prompts.open_files(self, "Import contacts")
        if paths:
            self.set_paths(paths)

    def _read(self) -> None:
        paths, mappings = list(self.paths), {k: dict(v) for k, v in self.mappings.items()}
        self.files_label.setText("Reading " + ", ".join(p.name for p in paths) + " …")
        self.status_label.setText(
            "Reading and checking every row. Cancel stops at once; nothing is changed."
        )
        self.progress.setRange(0, 0)
        self._set_state("reading")
        self._start(lambda progress: analyse(paths, mappings, progress), self.on_read_done)

    def on_read_done(self, analysis: Analysis) -> None:
        if self._worker is not None and self._worker.cancelled:  # Cancel while reading
            self._set_state("empty")
            QDialog.reject(self)
            return
        self.analysis = analysis
        self.files_label.setText("\n".join(f.describe() for f in analysis.files))
        self.status_label.setText("")
        self._fill_mapping()
        self.model.set_preview(analysis.preview)
        self._show_counts()
        self._set_state("ready")
        self.table.setFocus()

    def _show_counts(self) -> None:
        if self.analysis is None:
            return
        s = self.analysis.preview.summary()
        if not s["rows"]:
            self.counts_label.setText("Nothing to import yet.")
            return
        self.counts_label.setText(
            f"{plural(s['new'], 'new contact')}  ·  "
            f"{plural(s['duplicates'], 'probable duplicate')}  ·  "
            f"{plural(s['errors'], 'row')} in error"
        )

    def _fill_mapping(self) -> None:
        info = self._first_csv()
        self._filling = True
        try:
            self.mapping_table.setRowCount(0)
            if info is None:
                return
            self.csv_box.setTitle(f"CSV columns of {info.path.name}")
            key = "manual" if info.path in self.mappings else "auto"
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
            self.mapping_table.setRowCount(len(info.headers))
            for row, header in enumerate(info.headers):
                self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
                sample = info.sample[row] if row < len(info.sample) else ""
                self.mapping_table.setItem(row, 1, QTableWidgetItem(sample))
                combo = QComboBox()
                targets = list(TARGETS)
                current = info.mapping.get(header, "ignore")
                if current not in targets:
                    targets.append(current)
                for target in targets:
                    combo.addItem(target_name(target), target)
                combo.setCurrentIndex(combo.findData(current))
                combo.currentIndexChanged.connect(self.on_mapping_edited)
                self.mapping_table.setCellWidget(row, 2, combo)
        finally:
            self._filling = False

    def current_mapping(self) -> dict[str, str]:
        info = self._first_csv()
        if info is None:
            return {}
        out = {}
        for row, header in enumerate(info.headers):
            combo = self.mapping_table.cellWidget(row, 2)
            out[header] = combo.currentData() if isinstance(combo, QComboBox) else "ignore"
        return out

    def on_mapping_edited(self) -> None:
        if self._filling:
            return
        self._filling = True
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("manual"))
        self._filling = False
        self.status_label.setText("Columns changed: press Update preview to see the result.")

    def on_preset_changed(self) -> None:
        info = self._first_csv()
        key = self.preset_combo.currentData()
        if self._filling or info is None or key == "manual":
            return
        if key == "auto":
            self.mappings.pop(info.path, None)
        else:
            from relbook.services.import_export.presets import preset_by_key

            self.mappings[info.path] = preset_by_key(key).mapping_for(info.headers)
        self._read()

    def on_reread(self) -> None:
        info = self._first_csv()
        if info is not None and self.preset_combo.currentData() == "manual":
            self.mappings[info.path] = self.current_mapping()
        self._read()

    # -- choices ------------------------------------------------------------------------

    def on_set_action(self, action: str) -> None:
        if self.state != "ready":
            return
        rows = self.table.selected_rows()
        if not self.model.set_action(rows, action):
            self.status_label.setText("Select one or more rows marked “Duplicate?” first.")

    def on_save_rejected(self) -> None:
        if self.analysis is None:
            return
        path = prompts.save_file(self, "Save rows in error", "rows-in-error.csv", "CSV (*.csv)")
        if not path:
            return
        try:
            Path(path).write_text(self.analysis.preview.rejected_csv(), encoding="utf-8-sig")
        except OSError as exc:
            prompts.error(self, "Could not save", f"{path} could not be written ({exc.strerror}).")
            return
        self.status_label.setText(f"The rows in error were saved to {path}.")

    # -- importing ----------------------------------------------------------------------

    def on_import(self) -> None:
        if self.analysis is None or self.state != "ready":
            return
        preview, only_good = self.analysis.preview, self.only_good.isChecked()
        self.progress.setRange(0, 0)
        self.status_label.setText("Importing… Cancel leaves the book exactly as it was.")
        self._set_state("importing")
        self._start(
            lambda progress: writer.commit(preview, only_good=only_good, progress=progress),
            self.on_import_done,
        )

    def on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def on_import_done(self, result: writer.ImportResult) -> None:
        self.result = result
        lines = [
            "<b>Import finished.</b>",
            f"{plural(result.created, 'new contact')} added, "
            f"{plural(result.merged, 'row')} merged into existing contacts, "
            f"{plural(result.skipped, 'duplicate')} skipped.",
        ]
        if result.rejected:
            lines.append(
                f"{plural(len(result.rejected), 'row')} in error left out "
                "(Save rows in error… keeps the list)."
            )
        self.status_label.setText("<br>".join(lines))
        self._set_state("done")
        self.context.hub.contact_changed.emit(0)
        self.context.hub.activity_changed.emit(0)

    def on_failed(self, message: str) -> None:
        cancelled = self._worker is not None and self._worker.cancelled
        if cancelled and self.state == "reading":  # Cancel while reading closes the import
            self._set_state("empty")
            QDialog.reject(self)
            return
        if self.state == "reading":
            self.files_label.setText("The files could not be read.")
            self._set_state("empty")
        else:
            self._set_state("ready")
        if cancelled:
            self.status_label.setText("Cancelled: nothing was changed.")
        else:
            self.status_label.setText(message)
            prompts.error(self, "Import", message)

    def on_cancel(self) -> None:
        if self._worker is not None and self._worker.isRunning():
            self._worker.cancel()
            self.status_label.setText("Cancelling… nothing will be changed.")
            return
        self.reject()

    # -- worker -------------------------------------------------------------------------

    def _start(self, work, done) -> None:
        worker = Worker(work, self)
        worker.progressed.connect(self.on_progress)
        worker.succeeded.connect(done)
        worker.failed.connect(self.on_failed)
        self._worker = worker
        worker.start()

    def busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            self._worker.cancel()  # type: ignore[union-attr]
            self._worker.wait()  # type: ignore[union-attr]
        super().closeEvent(event)

    def reject(self) -> None:
        if self.busy():
            self.on_cancel()
            return
        super().reject()
