"""QR and Code 128 drawn straight onto a ReportLab canvas, fast and scanner-safe.

ReportLab's own encoders (``reportlab.graphics.barcode``) compute the symbols; we draw
them ourselves as ONE filled path per symbol instead of a Drawing with one shape per
module. That keeps 500 vouchers quick and the PDF small, and the rectangles of a path
cannot leave hairline seams between QR rows the way separate shapes can when rasterised.

Sizes follow what cheap scanners read reliably: Code 128 modules no thinner than
0.19 mm (7.5 mil) with a 10-module quiet zone each side; QR with error correction M and
a 4-module quiet zone (the caller leaves that space white, see ``qr_size``).
"""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

CODE128_QUIET = 10  # modules of white each side (ISO/IEC 15417 asks for 10)
QR_QUIET = 4  # modules
MIN_MODULE = 0.19 * mm


class BarcodeError(ValueError):
    """A barcode that cannot be drawn legibly in the space given (plain-words message)."""


def qr_modules(text: str, level: str = "M") -> list[list[bool]]:
    """The dark/light module matrix of the smallest QR symbol holding ``text``.

    Upper-case letters and digits use the compact alphanumeric mode, so a 12-character
    voucher code fits version 1 (21 x 21 modules).
    """
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(text)
    qr.make()
    return [[bool(m) for m in row] for row in qr.modules]


def draw_qr(
    canvas: Canvas, text: str, x: float, y: float, size: float, *, level: str = "M"
) -> float:
    """Draw a QR code whose *symbol* (without quiet zone) is ``size`` wide at (x, y).

    Returns the module size. Leave ``QR_QUIET`` modules of white around it.
    """
    modules = qr_modules(text, level)
    n = len(modules)
    unit = size / n
    path = canvas.beginPath()
    top = y + size
    for r, row in enumerate(modules):
        c = 0
        row_y = top - (r + 1) * unit
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                # A hair taller than the module so rows merge without seams.
                path.rect(x + start * unit, row_y - 0.01 * unit, (c - start) * unit, unit * 1.02)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    return unit


def code128_pattern(text: str) -> str:
    """ReportLab's decomposition: upper-case letters are bars, lower-case spaces, the
    letter's position in the alphabet is the width in modules."""
    bc = Code128(text)
    bc.validate()
    bc.encode()
    return bc.decompose()


def code128_modules(text: str) -> int:
    """Width of the symbol in modules, without quiet zones."""
    return sum(ord(ch.lower()) - ord("a") + 1 for ch in code128_pattern(text))


def draw_code128(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    vertical: bool = False,
    max_module: float = 0.5 * mm,
) -> float:
    """Draw a Code 128 barcode centred in the box (quiet zones included in ``width``).

    With ``vertical`` the bars run across the box's width and the code reads bottom to
    top (``width``/``height`` still describe the box as it appears on paper). Returns
    the module width; raises BarcodeError if the box is too small for a scannable code.
    """
    pattern = code128_pattern(text)
    widths = [ord(ch.lower()) - ord("a") + 1 for ch in pattern]
    total = sum(widths) + 2 * CODE128_QUIET
    length, bar_h = (height, width) if vertical else (width, height)
    module = min(max_module, length / total)
    if module < MIN_MODULE:
        raise BarcodeError(
            f"The barcode for {text} needs {total * MIN_MODULE / mm:.0f} mm of width "
            f"but only {length / mm:.0f} mm is free."
        )
    start = (length - (total - 2 * CODE128_QUIET) * module) / 2
    canvas.saveState()
    if vertical:
        # Rotate so "along the code" runs up the page; bar height spans the box width.
        canvas.translate(x + width, y)
        canvas.rotate(90)
    else:
        canvas.translate(x, y)
    path = canvas.beginPath()
    pos = start
    for ch, w in zip(pattern, widths, strict=True):
        if ch.isupper():
            path.rect(pos, 0, w * module, bar_h)
        pos += w * module
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module
