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
