"""relbook.ui.printing: a ReportLab PDF sent through Qt's print path comes out scannable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from relbook.printing.vouchers import VoucherPrint, render_vouchers
from relbook.services import codes
from relbook.ui import printing

zxingcpp = pytest.importorskip("zxingcpp")
Image = pytest.importorskip("PIL.Image")


def _vouchers(n: int) -> tuple[list[str], bytes]:
    made = [codes.new_voucher_code() for _ in range(n)]
    pdf = render_vouchers(
        [
            VoucherPrint(
                code=c,
                shop_name="Juniper & Rye",
                beneficiary_name="Anna Schmidt",
                value_text="$5.00",
                expiry_text="Valid until Feb 21, 2027",
                terms="Valid once.",
            )
            for c in made
        ],
        "dl",
    )
    return made, pdf


def test_qt_print_path_keeps_paper_size_pages_and_scannable_codes(qapp, tmp_path: Path) -> None:
    made, pdf = _vouchers(2)
    out = tmp_path / "printed.pdf"
    assert printing.print_to_pdf_file(pdf, out, "Vouchers") == 2
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 280.6) < 2  # DL
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(out), str(tmp_path / "p")], check=True)
    for i, code in enumerate(made, start=1):
        found = zxingcpp.read_barcodes(Image.open(tmp_path / f"p-{i}.png"))
        got = {(b.format.name, b.text) for b in found}
        assert got == {("QRCode", codes.compact_code(code)), ("Code128", codes.compact_code(code))}


def test_save_pdf_writes_the_bytes_and_adds_the_extension(qapp, tmp_path: Path) -> None:
    _, pdf = _vouchers(1)
    path = printing.save_pdf(None, pdf, "v.pdf", ask=lambda parent, name: str(tmp_path / "mine"))
    assert path == tmp_path / "mine.pdf" and path.read_bytes() == pdf
    assert printing.save_pdf(None, pdf, "v.pdf", ask=lambda parent, name: "") is None


def test_a_broken_pdf_is_refused_in_plain_words(qapp) -> None:
    with pytest.raises(ValueError, match="could not be prepared"):
        printing.PdfPages(b"not a pdf")


class _Printer:
    """What printer_offset_mm asks of a QPrinter (offscreen machines have no real one)."""

    def __init__(self, name: str, native: bool = True) -> None:
        self.name, self.native = name, native

    def outputFormat(self):
        from PySide6.QtPrintSupport import QPrinter

        return (
            QPrinter.OutputFormat.NativeFormat if self.native else QPrinter.OutputFormat.PdfFormat
        )

    def printerName(self) -> str:
        return self.name


def test_each_printer_gets_its_own_calibration_and_a_pdf_none(qapp, db) -> None:
    from relbook.services.settings import printer_offsets

    printer_offsets.save("Back office laser", 2.5, -1.0)
    assert printing.printer_offset_mm(_Printer("Back office laser")) == (2.5, -1.0)
    assert printing.printer_offset_mm(_Printer("Till printer")) == (0.0, 0.0)
    assert printing.printer_offset_mm(_Printer("Back office laser", native=False)) == (0.0, 0.0)


def _ink_left_top(png: Path) -> tuple[int, int]:
    image = Image.open(png).convert("L")
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None, "nothing was printed"
    return box[0], box[1]


def test_the_offset_moves_every_printed_page(qapp, tmp_path: Path) -> None:
    """Printed through Qt with a 5 mm right / 3 mm down calibration, the ink lands 5 mm
    right and 3 mm lower than without (read back from the rendered pages)."""
    from PySide6.QtPrintSupport import QPrinter
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    source = tmp_path / "square.pdf"
    sheet = canvas.Canvas(str(source), pagesize=(100 * mm, 60 * mm))
    sheet.rect(20 * mm, 20 * mm, 10 * mm, 10 * mm, fill=1)
    sheet.save()
    pages = printing.PdfPages(source.read_bytes())
    corners = []
    for name, offset in (("plain", (0.0, 0.0)), ("moved", (5.0, 3.0))):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{name}.pdf"))
        printer.setResolution(300)
        printing.setup_printer(printer, pages, name)
        assert printing.paint_pages(printer, pages, offset_mm=offset) == 1
        subprocess.run(["pdftoppm", "-r", "254", "-png", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)  # fmt: skip
        corners.append(_ink_left_top(tmp_path / f"{name}-1.png"))
    (x0, y0), (x1, y1) = corners
    assert abs((x1 - x0) - 50) <= 2 and abs((y1 - y0) - 30) <= 2  # 254 dpi: 10 px a mm
