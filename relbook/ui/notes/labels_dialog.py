"""Address labels for the ticked people: which sheet (Avery L7160, 5160, …), where the
first free label is on a sheet already partly used, then Print… or Save as PDF….

The addresses are written as each country's post office wants them
(``services.mailing``); whoever has no postal address, or one too long for the label, is
left out and named, and the rest print. Labels are plain text and draw in a blink, so
the PDF is made when a button is pressed.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import mailing
from relbook.services.print_runs import PrintRun


class LabelsDialog(QDialog):
    """``contact_ids`` are those who may be written to by post (consent already asked);
    ``left_out`` says who was not (shown above the choices)."""

    def __init__(
        self,
        contact_ids: list[int],
        printer: ModuleType,
        *,
        left_out: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Address labels"))
        self.contact_ids = contact_ids
        self.printer = printer
        self.outcome = ""  # what happened, for the page's status line
        n = len(contact_ids)
        intro = QLabel(self.tr("{n} label(s), in the order of the ticked list.").format(n=n))
        intro.setWordWrap(True)
        self.left_out = QLabel(left_out)
        self.left_out.setWordWrap(True)
        self.left_out.setVisible(bool(left_out))
        self.sheet = QComboBox(objectName="labelSheet")
        for key, sheet in mailing.LABEL_SHEETS.items():
            self.sheet.addItem(sheet.name, key)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(mailing.default_label_sheet())))
        self.start_at = QSpinBox(objectName="labelStartAt")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        form = QFormLayout()
        form.addRow(self.tr("Sheet"), self.sheet)
        form.addRow(self.tr("First free label"), self.start_at)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.left_out)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._connect_signals()
        self.on_sheet_changed()

    def _connect_signals(self) -> None:
        self.sheet.currentIndexChanged.connect(self.on_sheet_changed)
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save)
        self.close_button.clicked.connect(self.accept)

    def on_sheet_changed(self, _index: int = 0) -> None:
        sheet = mailing.LABEL_SHEETS[str(self.sheet.currentData())]
        self.start_at.setRange(1, sheet.per_sheet)
        suffix = self.tr(" of {n} (1 = top left, row by row)")
        self.start_at.setSuffix(suffix.format(n=sheet.per_sheet))

    def _run(self) -> PrintRun | None:
        try:
            return mailing.labels(
                self.contact_ids, str(self.sheet.currentData()), start_at=self.start_at.value()
            )
        except RelbookError as exc:
            self.message.setText(str(exc))
            return None

    def on_print(self) -> None:
        run = self._run()
        if run is not None and self.printer.preview_and_print(self, run.pdf, "Address labels"):
            self._done(run, self.tr("Printed"))

    def on_save(self) -> None:
        run = self._run()
        if run is None:
            return
        name = f"address-labels-{dt.date.today().isoformat()}.pdf"
        path = self.printer.save_pdf(self, run.pdf, name)
        if path is not None:
            self._done(run, self.tr("Saved to {name}:").format(name=path.name))

    def _done(self, run: PrintRun, what: str) -> None:
        n = len(run.printed_ids)
        self.outcome = " ".join(
            t for t in (f"{what} {n} label{'s' if n != 1 else ''}.", run.skipped_message()) if t
        )
        self.message.setText(self.outcome)
