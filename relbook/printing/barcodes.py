"""QR and Code 128 drawn straight onto a ReportLab canvas, fast and scanner-safe.

ReportLab's own encoders (``reportlab.graphics.barcode``) compute the symbols; we draw
them ourselves as ONE filled path per symbol instead of a Drawing with one shape per
module. That keeps 500 vouchers quick and the PDF small, and the rectangles of a path
cannot leave hairline seams between QR rows the way separate shapes can when rasterised.

Sizes follow what an office print read back by a cheap scanner decodes: Code 128
modules no thinner than 0.38 mm with a 10-module quiet zone each side. A simulated print
and scan at 150 dpi (blur, noise, 2° skew, JPEG quality 40; ``tests/printing/scan.py``)
reads every code from 0.33 mm (two scanner pixels) and none at 0.25 mm; 0.38 mm leaves a
margin for a printer that spreads its toner. QR with error correction M and a 4-module
quiet zone (the caller leaves that space white).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

CODE128_QUIET = 10  # modules of white each side (ISO/IEC 15417 asks for 10)
QR_QUIET = 4  # modules
MIN_MODULE = 0.38 * mm  # the narrowest bar a 150 dpi scan of an office print reads
MAX_MODULE = 0.5 * mm  # wider bars only make the symbol longer than a scanner's window


class BarcodeError(ValueError):
    """A barcode that cannot be drawn legibly in the space given (plain-words message)."""


def qr_modules(text: str, level: str = "M") -> list[list[bool]]:
    """The dark/light module matrix of the smallest QR symbol holding ``text``.

    Upper-case letters and digits use the compact alphanumeric mode, so a 12-character
    voucher code fits version 1 (21 x 21 modules). ReportLab encodes; we choose the mask
    ourselves, which is where ReportLab spends most of its time (~7 ms a code):

    - the symbol is laid out once, with mask 0; each other mask differs from it only by
      a fixed data-independent pattern (:func:`_mask_flips`, cached per version: pure
      geometry), applied with one XOR per row;
    - each candidate is scored with :func:`mask_penalty` on whole-row strings and ints;
    - the winner gets its real format bits written in place (no second layout).

    The N3 rule looks for finder-like patterns in both directions as the standard says,
    so the mask may differ from ReportLab's choice; both are valid symbols.
    """
    ecl = getattr(qrencoder.QRErrorCorrectLevel, level)
    qr = qrencoder.QRCode(None, ecl)
    qr.addData(text)
    qr.version = qr.calculate_version()
    qr.makeImpl(True, 0)
    n = len(qr.modules)
    base = [_row_int(row) for row in qr.modules]
    best, best_score = 0, -1
    for mask, flips in enumerate(_mask_flips(qr.version, ecl)):
        score = _penalty([a ^ f for a, f in zip(base, flips, strict=True)], n)
        if best_score < 0 or score < best_score:
            best, best_score = mask, score
    # The winner from the mask-0 layout, then the real format (and version) bits.
    rows = [a ^ f for a, f in zip(base, _mask_flips(qr.version, ecl)[best], strict=True)]
    qr.modules = [[ch == "1" for ch in format(a, f"0{n}b")] for a in rows]
    qr.setupTypeInfo(False, best)
    if qr.version >= 7:
        qr.setupTypeNumber(False)
    return [[bool(m) for m in row] for row in qr.modules]


def _row_int(row: list) -> int:
    return int(bytes(map(bool, row)).translate(_BITS), 2)


@lru_cache(maxsize=16)
def _mask_flips(version: int, ecl: int) -> tuple[tuple[int, ...], ...]:
    """For each mask, per row: the modules that differ from the mask-0 layout.

    Only data modules are masked, so M_k XOR M_0 = (mask_k XOR mask_0) on data modules,
    whatever the data: found once per version by laying out any text with all masks.
    """
    qr = qrencoder.QRCode(version, ecl)
    qr.addData("0")
    qr.makeImpl(True, 0)
    base = [_row_int(row) for row in qr.modules]
    flips = []
    for mask in range(8):
        qr.makeImpl(True, mask)
        flips.append(tuple(a ^ _row_int(row) for a, row in zip(base, qr.modules, strict=True)))
    return tuple(flips)


_RUN = re.compile(r"0{5,}|1{5,}")
_BITS = bytes.maketrans(b"\x00\x01", b"01")


def mask_penalty(modules: list[list[bool]]) -> int:
    """ISO/IEC 18004 mask penalty (N1-N4): long runs, 2x2 blocks, finder-like
    patterns, dark/light balance. Lower is easier to scan."""
    return _penalty([_row_int(row) for row in modules], len(modules))


_FINDER_LIKE = (0b10111010000, 0b00001011101)  # 1:1:3:1:1 with 4 light on one side


def _penalty(ints: list[int], n: int) -> int:
    """:func:`mask_penalty` on rows given as ints (leftmost module = highest bit).

    Rows are scanned as strings (C-speed regex and count); columns with bit operations
    across all rows at once, so the matrix is never transposed.
    """
    full = (1 << n) - 1
    rows = "|".join(format(a, f"0{n}b") for a in ints)  # "|" stops runs at row ends
    runs = _RUN.findall(rows)
    score = sum(len(run) for run in runs) - 2 * len(runs)  # N1: 3 for 5 in a row, +1 more
    score += 40 * (rows.count("10111010000") + rows.count("00001011101"))  # N3
    # Vertical N1: same[i] marks columns where row i equals row i+1; a window of four
    # such rows in a row is five equal modules. Each run of length L scores L - 2.
    same = [~(a ^ b) & full for a, b in itertools.pairwise(ints)]
    prev = 0
    for i in range(len(same) - 3):
        window = same[i] & same[i + 1] & same[i + 2] & same[i + 3]
        score += window.bit_count() + 2 * (window & ~prev).bit_count()
        prev = window
    # Vertical N3: AND the rows (or their complements) against the 11-module pattern.
    inverse = [~a & full for a in ints]
    for pattern in _FINDER_LIKE:
        bits = [(pattern >> (10 - j)) & 1 for j in range(11)]
        for i in range(n - 10):
            hit = full
            for j, bit in enumerate(bits):
                hit &= ints[i + j] if bit else inverse[i + j]
                if not hit:
                    break
            score += 40 * hit.bit_count()
    # N2: 3 per 2x2 block of one colour.
    pairs = (1 << (n - 1)) - 1  # n-1 horizontal neighbour pairs
    for a, same_v in zip(ints, same, strict=False):
        same_h = ~(a ^ (a >> 1))  # equal to the right-hand neighbour
        score += 3 * (same_v & (same_v >> 1) & same_h & pairs).bit_count()
    dark = sum(a.bit_count() for a in ints)
    score += 10 * (abs(dark * 100 // (n * n) - 50) // 5)  # N4
    return score


def _fill_rects(canvas: Canvas, rects: list[tuple[float, float, float, float]]) -> None:
    """Fill many rectangles as one path, written directly: ReportLab's pure-Python
    number formatting would otherwise cost more than the encoding."""
    ops = [f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re" for x, y, w, h in rects]
    ops.append("f")
    canvas.addLiteral("\n".join(ops))


def draw_qr(
    canvas: Canvas, text: str, x: float, y: float, size: float, *, level: str = "M"
) -> float:
    """Draw a QR code whose *symbol* (without quiet zone) is ``size`` wide at (x, y).

    Returns the module size. Leave ``QR_QUIET`` modules of white around it.
    """
    modules = qr_modules(text, level)
    n = len(modules)
    unit = size / n
    rects = []
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
                rects.append(
                    (x + start * unit, row_y - 0.01 * unit, (c - start) * unit, unit * 1.02)
                )
            else:
                c += 1
    _fill_rects(canvas, rects)
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


def code128_length(text: str, module: float = MIN_MODULE) -> float:
    """Length of the symbol with its quiet zones at ``module`` (points): the room a
    layout must give it."""
    return (code128_modules(text) + 2 * CODE128_QUIET) * module


def draw_code128(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    vertical: bool = False,
    max_module: float = MAX_MODULE,
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
    rects = []
    pos = start
    for ch, w in zip(pattern, widths, strict=True):
        if ch.isupper():
            rects.append((pos, 0.0, w * module, bar_h))
        pos += w * module
    _fill_rects(canvas, rects)
    canvas.restoreState()
    return module
