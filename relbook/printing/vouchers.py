"""Gift vouchers: shop, handwritten beneficiary name, value, expiry, terms, code, QR, Code 128.

Plain data in (:class:`VoucherPrint`), PDF bytes out (:func:`render_vouchers`). Sizes:

- ``"dl"``: one DL voucher (210 x 99 mm, a third of A4) per page, for DL card stock;
- ``"a4-3dl"``: three DL vouchers filling an A4 sheet, cut into thirds;
- ``"a6"``: one A6 (105 x 148 mm, portrait) per page;
- ``"a4-8up"`` / ``"letter-8up"``: eight 96 x 62 mm vouchers with cut marks.

Landscape vouchers read like a ticket (``voucher_landscape``), the A6 voucher stacks the
same parts with the codes in a band at the bottom (``voucher_portrait``). The QR and the
barcode carry the compact code (no dashes); the readable code is grouped.

Text never gets cut off: it shrinks within limits, wraps, and a long name is written
shorter (``voucher_parts``). A voucher that still does not fit is left out of a batch by
:func:`render_voucher_batch`, which prints the rest and says which and why.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import pdfcanvas, sheets
from relbook.printing.barcodes import BarcodeError
from relbook.printing.batch import BatchPdf, Skipped
from relbook.printing.text_runs import (  # loyalty_cards imports these from here too
    draw_runs,
    fit_size,
    fonts,
    runs,
    runs_width,
)
from relbook.printing.voucher_landscape import code_strip_fits, draw_landscape
from relbook.printing.voucher_note import GOLD  # loyalty_cards imports GOLD from here
from relbook.printing.voucher_parts import ACCENT, VoucherLayoutError, VoucherPrint, compact
from relbook.printing.voucher_portrait import draw_portrait

__all__ = [
    "ACCENT",
    "GOLD",
    "SIZES",
    "VoucherLayoutError",
    "VoucherPrint",
    "code128_placement",
    "draw_runs",
    "draw_voucher",
    "fit_size",
    "fonts",
    "layout",
    "render_voucher_batch",
    "render_vouchers",
    "runs",
    "runs_width",
    "voucher_problem",
]

VOUCHER_SMALL = sheets.Size("Voucher 96 x 62 mm", 96 * mm, 62 * mm)
SIZES = ("dl", "a4-3dl", "a6", "a4-8up", "letter-8up")


def layout(size: str) -> sheets.Imposition:
    key = size.strip().lower()
    if key == "dl":
        return sheets.one_per_page(sheets.DL.landscape())
    if key == "a4-3dl":
        return sheets.impose(sheets.DL.landscape(), sheets.A4, 3, gutter=0, margin=0)
    if key == "a6":
        return sheets.one_per_page(sheets.A6)
    if key == "a4-8up":
        return sheets.impose(VOUCHER_SMALL, sheets.A4, 8)
    if key == "letter-8up":
        return sheets.impose(VOUCHER_SMALL, sheets.LETTER, 8)
    raise ValueError(f"Unknown voucher size {size!r}. Choose one of: {', '.join(SIZES)}.")


def code128_placement(size: str, code: str = "7K9QX3M2ABCD") -> str:
    """Where the layout puts its Code 128: "strip" (vertical, at the right edge) or
    "band" (across the bottom, where the voucher is too low for a strip that scans)."""
    item = layout(size).item
    if item.height <= item.width and code_strip_fits(code, item.height):
        return "strip"
    return "band"


def render_vouchers(
    vouchers: Sequence[VoucherPrint], size: str = "dl", *, codes: bool = True
) -> bytes:
    """All vouchers in one PDF; the first that does not fit raises VoucherLayoutError.
    ``codes=False`` leaves out QR and barcode (benchmark base)."""
    batch = render_voucher_batch(vouchers, size, codes=codes)
    if batch.skipped:
        raise VoucherLayoutError(batch.skipped[0].reason)
    assert batch.pdf is not None
    return batch.pdf


def render_voucher_batch(
    vouchers: Sequence[VoucherPrint], size: str = "dl", *, codes: bool = True
) -> BatchPdf:
    """The vouchers that fit, in one PDF, and those left out with the reason.

    Each voucher is laid out once on a scratch page first (without its codes, the costly
    part), so one voucher that cannot be printed never stops the rest of the batch."""
    if not vouchers:
        raise ValueError("There are no vouchers to print.")
    grid = layout(size)
    logos: dict[bytes, ImageReader] = {}
    draws = []
    printed: list[int] = []
    skipped: list[Skipped] = []
    slot = grid.slots[0]
    for i, v in enumerate(vouchers):
        logo = None
        if v.logo_png:
            logo = logos.get(v.logo_png)
            if logo is None:
                logo = logos[v.logo_png] = _read_logo(v.logo_png)
        problem = _problem(v, logo, slot.w, slot.h)
        if problem:
            skipped.append(Skipped(i, problem))
            continue
        printed.append(i)
        draws.append(partial(_draw_one, v, logo, codes))
    pdf = sheets.render_n_up(draws, grid, title="Vouchers") if draws else None
    return BatchPdf(pdf, printed, skipped)


def voucher_problem(v: VoucherPrint, size: str) -> str:
    """Why this voucher cannot be printed at ``size``, or "" if it can (the check made
    when a voucher is issued)."""
    slot = layout(size).slots[0]
    logo = _read_logo(v.logo_png) if v.logo_png else None
    return _problem(v, logo, slot.w, slot.h)


def _problem(v: VoucherPrint, logo: ImageReader | None, w: float, h: float) -> str:
    """Why this voucher cannot be printed at this size, or "" if it can."""
    scratch = pdfcanvas.new_canvas(io.BytesIO(), (w, h), "check")
    try:
        draw_voucher(scratch, v, 0, 0, w, h, logo=logo, codes=False)
    except (VoucherLayoutError, BarcodeError) as exc:
        return str(exc)
    return ""


def _draw_one(
    v: VoucherPrint,
    logo: ImageReader | None,
    codes: bool,
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    draw_voucher(canvas, v, x, y, w, h, logo=logo, codes=codes)


def _read_logo(png: bytes) -> ImageReader:
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except Exception as exc:  # PIL raises many kinds; the owner needs one sentence
        raise VoucherLayoutError(
            f"The shop logo could not be read as an image ({exc}). Please choose a PNG file."
        ) from None
    return reader


def draw_voucher(
    canvas: Canvas,
    v: VoucherPrint,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    logo: ImageReader | None = None,
    codes: bool = True,
) -> None:
    """Draw one voucher into the box; landscape or portrait design by the box's shape."""
    if not compact(v.code):
        raise VoucherLayoutError(
            f"The voucher for {v.beneficiary_name or 'a customer'} has no code. "
            "Issue it before printing."
        )
    if v.logo_png and logo is None:
        logo = _read_logo(v.logo_png)
    if w >= h:
        draw_landscape(canvas, v, x, y, w, h, logo, codes)
    else:
        draw_portrait(canvas, v, x, y, w, h, logo, codes)
