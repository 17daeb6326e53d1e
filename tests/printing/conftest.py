"""Printing test helpers: read barcodes back from rendered PDF pages."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

DecodePdfCodes = Callable[[bytes, int], list[tuple[str, str]]]
#: What relbook prints. Asked for every format, zxing-cpp now and then "finds" a MicroQR
#: in the random modules of a QR symbol, which made sheet tests flaky.
FORMATS = (zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode)


@pytest.fixture
def decode_pdf_codes(tmp_path: Path) -> DecodePdfCodes:
    """``decode_pdf_codes(pdf_bytes, page)`` -> ``[(format, text), ...]``.

    ``page`` counts from 0 (as pypdf does). The page is rendered at 300 dpi with
    ``pdftoppm`` — as a scanner would see a print — and every barcode zxing-cpp finds is
    returned, e.g. ``("QRCode", "7K9QX3M2ABCD")`` or ``("Code128", "RB4K7M9QX2T")``,
    sorted so tests can compare lists.
    """
    counter = iter(range(1_000_000))

    def decode(pdf_bytes: bytes, page: int = 0) -> list[tuple[str, str]]:
        n = next(counter)
        pdf = tmp_path / f"decode-{n}.pdf"
        pdf.write_bytes(pdf_bytes)
        stem = tmp_path / f"decode-{n}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-png",
                "-singlefile",
                "-f",
                str(page + 1),
                "-l",
                str(page + 1),
                str(pdf),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        with Image.open(stem.with_suffix(".png")) as img:
            results = zxingcpp.read_barcodes(img.convert("L"), formats=FORMATS)
        return sorted((r.format.name, r.text) for r in results)

    return decode
