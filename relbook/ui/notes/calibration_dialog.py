"""Printer offset calibration: print a test page, measure, enter the offset (per printer)."""

from __future__ import annotations

from types import ModuleType

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.printing.calibration import render_test_page
from relbook.services.notes import printing

HELP = (
    "Many printers print a little off. Print the test page and measure cross A: it should "
    "be 20 mm from the left edge and 20 mm from the top edge of the paper. Enter 20 minus "
    "each measurement below (22 mm from the left means “Move right” −2), save, and print "
    "the page again to check. relbook then moves every card and envelope printed on this "
    "printer by that much."
)


class CalibrationDialog(QDialog):
    def __init__(self, parent: QWidget | None, printer: ModuleType) -> None:
        super().__init__(parent)
        self.setWindowTitle("Printer offset")
        self._printer = printer
        self.printer_combo = QComboBox(editable=True)
        names = QPrinterInfo.availablePrinterNames() or ["Default printer"]
        self.printer_combo.addItems(names)
        default = QPrinterInfo.defaultPrinterName()
        if default:
            self.printer_combo.setCurrentText(default)
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("Letter", "letter")
        self.right = _mm_box()
        self.down = _mm_box()
        test = QPushButton("Print test page…")
        form = QFormLayout()
        form.addRow("Printer", self.printer_combo)
        form.addRow("Paper", self.paper)
        form.addRow("", test)
        form.addRow("Move right (mm)", self.right)
        form.addRow("Move down (mm)", self.down)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        outer = QVBoxLayout(self)
        outer.addWidget(QLabel(HELP, wordWrap=True))
        outer.addLayout(form)
        outer.addWidget(buttons)
        test.clicked.connect(self.on_test_page)
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        self.printer_combo.currentTextChanged.connect(self.on_printer)
        self.on_printer(self.printer_combo.currentText())

    def on_printer(self, name: str) -> None:
        right, down = printing.printer_offset(name)
        self.right.setValue(right)
        self.down.setValue(down)

    def on_test_page(self) -> None:
        pdf = render_test_page(self.paper.currentData(), (self.right.value(), self.down.value()))
        # the offset typed here is drawn into the test page itself: the printer's saved
        # calibration must not move it a second time
        self._printer.preview_and_print(self, pdf, "Printer test page", offset_mm=(0.0, 0.0))

    def on_save(self) -> None:
        printing.save_printer_offset(
            self.printer_combo.currentText(), self.right.value(), self.down.value()
        )
        self.accept()


def _mm_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-20.0, 20.0)
    box.setSingleStep(0.5)
    box.setDecimals(1)
    box.setSuffix(" mm")
    return box
