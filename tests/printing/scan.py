"""A printed page as a cheap office scanner sees it, and the barcodes read back from it.

The simulation stands for an office laser or inkjet print fed through a cheap flatbed
or sheet-fed scanner set to 150 dpi, the setting such scanners are left on:

1. the page rendered at the scanner's resolution by poppler (anti-aliased, in grey);
2. a Gaussian blur of 1 pixel (≈ 0.17 mm at 150 dpi): toner spread plus scanner optics;
3. Gaussian noise of 12 grey levels (paper grain and sensor noise), seeded;
4. the sheet fed 2° askew (bicubic, white where the page moved away);
5. saved as JPEG at quality 40, as a scan-to-email button does.

zxing-cpp then looks for Code 128 and QR codes only: a reader asked for every format
occasionally "finds" a MicroQR in the random modules of a QR symbol.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image, ImageChops, ImageFilter

SCAN_DPI = 150
BLUR_PX = 1.0
NOISE_LEVELS = 12
SKEW_DEGREES = 2.0
JPEG_QUALITY = 40
FORMATS = (zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode)


def render_page(pdf: bytes, page: int, dpi: int) -> Image.Image:
    """Page ``page`` (from 0) in grey at ``dpi``, as poppler draws it."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        stem = Path(tmp) / "out"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                str(page + 1),
                "-l",
                str(page + 1),
                str(src),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        with Image.open(stem.with_suffix(".png")) as img:
            return img.convert("L")


def print_and_scan(pdf: bytes, page: int = 0, *, dpi: int = SCAN_DPI, seed: int = 0) -> Image.Image:
    """The page after the simulated print and scan described in the module docstring."""
    img = render_page(pdf, page, dpi)
    img = img.filter(ImageFilter.GaussianBlur(BLUR_PX))
    img = ImageChops.add(img, _grain(img.size, seed), offset=-128)
    img = img.rotate(SKEW_DEGREES, resample=Image.BICUBIC, expand=True, fillcolor=255)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY)
    buf.seek(0)
    with Image.open(buf) as scanned:
        return scanned.convert("L")


def _grain(size: tuple[int, int], seed: int) -> Image.Image:
    """Noise centred on 128 with a standard deviation of NOISE_LEVELS: the sum of two
    seeded uniform images (triangular), so a failing scan can be reproduced."""
    n = size[0] * size[1]
    rng = random.Random(seed)
    half = NOISE_LEVELS * 6**0.5 / 255  # two uniforms of this half-range give sigma NOISE
    table = [round(v * half) for v in range(256)]
    a = Image.frombytes("L", size, rng.randbytes(n)).point(table)
    b = Image.frombytes("L", size, rng.randbytes(n)).point(table)
    shift = 128 - round(255 * half)
    return ImageChops.add(a, b, offset=shift)


def read_codes(img: Image.Image) -> list[tuple[str, str]]:
    """Every Code 128 and QR code zxing-cpp finds, as sorted (format, text) pairs."""
    found = zxingcpp.read_barcodes(img, formats=FORMATS)
    return sorted((r.format.name, r.text) for r in found)


def scanned_codes(
    pdf: bytes, page: int = 0, *, dpi: int = SCAN_DPI, seed: int = 0
) -> list[tuple[str, str]]:
    return read_codes(print_and_scan(pdf, page, dpi=dpi, seed=seed))
