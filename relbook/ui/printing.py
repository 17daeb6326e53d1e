"""Printing a ReportLab PDF through Qt: preview, printer dialog, and "Save as PDF".

relbook's printables are PDFs made by ``relbook.printing``. Here QtPdf rasterises each
page onto the printer's page at up to ``MAX_DPI``, with the paper size taken from the
PDF and no margins added (the PDF already has its own), so what the preview shows is what
comes out. Any page can reuse this: ``preview_and_print(parent, pdf, title)``.

A real printer's calibration offset (``relbook.services.settings.printer_offsets``, measured with
the Notes page's test page) moves every page right and down for that printer — the one
picked in the print dialog, whichever printable it is. PDF output is never shifted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

#: barcodes and handwriting stay crisp at 300 dpi; more only costs memory
MAX_DPI = 300


class PdfPages:
    """A PDF held in memory and opened with QtPdf (keeps its buffer alive)."""

    def __init__(self, pdf_bytes: bytes) -> None:
        self._data = QByteArray(pdf_bytes)
        self._buffer = QBuffer(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.page_count() == 0:
            raise ValueError("The printout could not be prepared (the PDF did not open).")

    def page_count(self) -> int:
        return self.document.pageCount()

    def page_points(self, index: int) -> QSizeF:
        return self.document.pagePointSize(index)

    def render(self, index: int, dpi: int) -> QImage:
        pts = self.page_points(index)
        size = QSize(round(pts.width() * dpi / 72), round(pts.height() * dpi / 72))
        return self.document.render(index, size)


def setup_printer(printer: QPrinter, pages: PdfPages, title: str) -> None:
    """Paper size and orientation from the PDF's first page; no extra margins."""
    pts = pages.page_points(0)
    portrait = pts.height() >= pts.width()
    size = QPageSize(
        QSizeF(min(pts.width(), pts.height()), max(pts.width(), pts.height())),
        QPageSize.Unit.Point,
        title or "relbook",
        QPageSize.SizeMatchPolicy.FuzzyOrientationMatch,
    )
    orientation = (
        QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape
    )
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setDocName(title)


def printer_offset_mm(printer: QPrinter) -> tuple[float, float]:
    """How far this printer's pages must move (right, down) to land where they should."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return 0.0, 0.0  # a PDF file: exactly as drawn
    from relbook.services.settings import printer_offsets

    return printer_offsets.offset_for(printer.printerName())


def paint_pages(
    printer: QPrinter, pages: PdfPages, *, offset_mm: tuple[float, float] | None = None
) -> int:
    """Draw every page onto ``printer`` (the preview's or the real one); returns pages drawn.

    ``offset_mm`` overrides the printer's own calibration (the test page passes (0, 0))."""
    dpi = max(72, min(MAX_DPI, printer.resolution()))
    right, down = printer_offset_mm(printer) if offset_mm is None else offset_mm
    px_per_mm = printer.resolution() / 25.4
    dx, dy = round(right * px_per_mm), round(down * px_per_mm)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(pages.page_count()):
            if index:
                printer.newPage()
            image = pages.render(index, dpi)
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(QRect(dx, dy, target.width(), target.height()), image)
    finally:
        painter.end()
    return pages.page_count()


def preview_and_print(
    parent: QWidget | None,
    pdf_bytes: bytes,
    title: str,
    *,
    offset_mm: tuple[float, float] | None = None,
) -> bool:
    """Show a print preview; True if the person printed from it."""
    try:
        pages = PdfPages(pdf_bytes)
    except ValueError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, pages, title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda target: paint_pages(target, pages, offset_mm=offset_mm))
    return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted


def print_to_pdf_file(pdf_bytes: bytes, path: Path, title: str = "relbook") -> int:
    """Send the PDF through Qt's print path into a PDF file (what a printer would get)."""
    pages = PdfPages(pdf_bytes)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(MAX_DPI)
    setup_printer(printer, pages, title)
    return paint_pages(printer, pages)


def _ask_path(parent: QWidget | None, suggested: str) -> str:
    start = str(Path.home() / suggested)
    path, _ = QFileDialog.getSaveFileName(parent, "Save as PDF", start, "PDF files (*.pdf)")
    return path


def save_pdf(
    parent: QWidget | None,
    pdf_bytes: bytes,
    suggested_name: str,
    *,
    ask: Callable[[QWidget | None, str], str] = _ask_path,
) -> Path | None:
    """Ask where to save and write the PDF; the path written, or None if cancelled/failed."""
    chosen = ask(parent, suggested_name)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        path.write_bytes(pdf_bytes)
    except OSError as exc:
        QMessageBox.warning(
            parent, "Save as PDF", f"Could not save {path.name}: {exc.strerror or exc}."
        )
        return None
    return path
