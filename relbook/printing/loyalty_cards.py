"""Loyalty cards at credit-card size (85.6 x 54 mm): name, Code 128, QR and readable code.

``render_loyalty_cards(cards, sheet)`` lays them out ten to an A4 or Letter sheet with cut
marks, or one per 85.6 x 54 mm page (``"single"``) for card printers and pre-cut stock.
The barcodes carry the compact code (``RB4K7M9QX2T``); the scanner at the counter types it
into the search box, which recognises it as a card.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import pdfcanvas, sheets
from relbook.printing.barcodes import BarcodeError, draw_code128, draw_qr
from relbook.printing.batch import BatchPdf, Skipped
from relbook.printing.text_runs import TextRuns, wrap_fit
from relbook.printing.voucher_parts import name_forms
from relbook.printing.vouchers import (
    ACCENT,
    GOLD,
    VoucherLayoutError,
    draw_runs,
    fit_size,
    fonts,
    runs,
    runs_width,
)

SHEETS = ("a4", "letter", "single")


class CardLayoutError(VoucherLayoutError):
    """Something does not fit on the card; the message names the field."""


@dataclass
class LoyaltyCardPrint:
    """One card. ``code`` is printed as given (grouped, e.g. ``RB-4K7-M9Q-X2T``)."""

    name: str
    code: str
    shop_name: str
    logo_png: bytes | None = None
    label: str = "Loyalty card"
    accent: str = ACCENT


def _layout(sheet: str) -> sheets.Imposition:
    key = sheet.strip().lower()
    if key == "a4":
        return sheets.impose(sheets.CREDIT_CARD, sheets.A4, 10)
    if key == "letter":
        return sheets.impose(sheets.CREDIT_CARD, sheets.LETTER, 10)
    if key == "single":
        return sheets.one_per_page(sheets.CREDIT_CARD)
    raise ValueError(f"Unknown card sheet {sheet!r}. Choose one of: {', '.join(SHEETS)}.")


def _skip(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    """A position already used on a partly printed sheet: draw nothing there."""


def render_loyalty_cards(
    cards: Sequence[LoyaltyCardPrint], sheet: str = "a4", *, start_at: int = 1
) -> bytes:
    """All cards in one PDF; the first card that does not fit raises CardLayoutError."""
    batch = render_card_batch(cards, sheet, start_at=start_at)
    if batch.skipped:
        raise CardLayoutError(batch.skipped[0].reason)
    assert batch.pdf is not None
    return batch.pdf


def render_card_batch(
    cards: Sequence[LoyaltyCardPrint], sheet: str = "a4", *, start_at: int = 1
) -> BatchPdf:
    """The cards that fit in one PDF, ten per A4/Letter sheet or one per card-sized page,
    and the cards left out with the reason.

    ``start_at`` (1–10, n-up sheets only) leaves the first positions of the first sheet
    empty, so a sheet of card stock with some cards already used can be fed again.
    """
    if not cards:
        raise ValueError("There are no loyalty cards to print.")
    layout = _layout(sheet)
    if not 1 <= start_at <= layout.per_sheet:
        raise ValueError(f"Start at position 1 to {layout.per_sheet}.")
    logos: dict[bytes, ImageReader] = {}
    draws = [_skip] * (start_at - 1)
    printed: list[int] = []
    skipped: list[Skipped] = []
    for i, card in enumerate(cards):
        logo = None
        if card.logo_png:
            logo = logos.get(card.logo_png)
            if logo is None:
                logo = logos[card.logo_png] = _read_logo(card.logo_png)
        problem = _problem(card, logo, layout.item)
        if problem:
            skipped.append(Skipped(i, problem))
            continue
        printed.append(i)
        draws.append(partial(_draw_one, card, logo))
    if not printed:
        return BatchPdf(None, printed, skipped)
    return BatchPdf(sheets.render_n_up(draws, layout, title="Loyalty cards"), printed, skipped)


def _problem(card: LoyaltyCardPrint, logo: ImageReader | None, item: sheets.Size) -> str:
    """Why this card cannot be printed, or "" (laid out once on a scratch page)."""
    scratch = pdfcanvas.new_canvas(io.BytesIO(), item.pagesize, "check")
    try:
        draw_loyalty_card(scratch, card, 0, 0, item.width, item.height, logo=logo)
    except (CardLayoutError, BarcodeError) as exc:
        return str(exc)
    return ""


def _read_logo(png: bytes) -> ImageReader:
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except Exception as exc:  # PIL raises many kinds; the owner needs one sentence
        raise CardLayoutError(
            f"The shop logo could not be read as an image ({exc}). Please choose a PNG file."
        ) from None
    return reader


def _draw_one(
    card: LoyaltyCardPrint,
    logo: ImageReader | None,
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    draw_loyalty_card(canvas, card, x, y, w, h, logo=logo)


def _fit(field: str, text, max_w: float, max_size: float, min_size: float, tracking=0.0):
    size = fit_size(text, max_w, max_size, min_size, tracking)
    if size is None:
        raise CardLayoutError(f"The {field} is too long to fit on the card. Please shorten it.")
    return size


def _compact(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def draw_loyalty_card(
    canvas: Canvas,
    card: LoyaltyCardPrint,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    logo: ImageReader | None = None,
) -> None:
    """Draw one card into the box (designed for 85.6 x 54 mm, scales with the box)."""
    if not _compact(card.code):
        raise CardLayoutError(f"The loyalty card for {card.name or 'a customer'} has no code.")
    if card.logo_png and logo is None:
        logo = _read_logo(card.logo_png)
    plain, _ = fonts()
    accent = HexColor(card.accent)
    k = h / (54 * mm)  # scale factor against the designed size
    pad = 4 * mm * k

    # Header band in the shop's colour, shop name in white letter-spaced capitals.
    band_h = 11 * mm * k
    canvas.setFillColor(accent)
    canvas.rect(x, y + h - band_h, w, band_h, stroke=0, fill=1)
    canvas.setFillColor(HexColor(GOLD))
    canvas.rect(x, y + h - band_h - 0.6 * k, w, 0.6 * k, stroke=0, fill=1)
    text_left = x + pad
    if logo is not None:
        iw, ih = logo.getSize()
        lh = band_h - 3 * mm * k
        lw = min(lh * iw / ih, w * 0.3)
        lh = lw * ih / iw
        box = 1 * mm * k
        canvas.setFillColorRGB(1, 1, 1)
        canvas.roundRect(
            x + pad - box, y + h - band_h / 2 - lh / 2 - box, lw + 2 * box, lh + 2 * box, 2, 0, 1
        )
        canvas.drawImage(logo, x + pad, y + h - band_h / 2 - lh / 2, lw, lh, mask="auto")
        text_left += lw + 3 * mm * k
    shop = runs(card.shop_name.upper(), plain)
    shop_size = _fit("shop name", shop, x + w - pad - text_left, 9.5 * k, 5.5 * k, 0.12)
    canvas.setFillColorRGB(1, 1, 1)
    draw_runs(canvas, shop, text_left, y + h - band_h / 2 - shop_size * 0.36, shop_size, 0.12)

    # QR on the right, readable code under it.
    qr = 19 * mm * k
    qx = x + w - pad - qr
    qy = y + h - band_h - 3.5 * mm * k - qr
    canvas.setFillColorRGB(0, 0, 0)
    code = _compact(card.code)
    draw_qr(canvas, code, qx, qy, qr)
    label = runs(card.code.strip().upper(), plain)
    code_size = _fit("code", label, qr + 2 * mm * k, 6.5 * k, 4.5 * k, 0.04)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    draw_runs(
        canvas,
        label,
        qx + qr / 2 - runs_width(label, code_size, 0.04) / 2,
        qy - 3.2 * mm * k,
        code_size,
        0.04,
        bold=True,
    )

    # Name and card label on the left.
    left = x + pad
    text_w = qx - 3 * mm * k - left
    caption = runs(card.label.upper(), plain)
    cap_size = _fit("card label", caption, text_w, 5.5 * k, 4 * k, 0.15)
    canvas.setFillColor(accent)
    cap_y = y + h - band_h - 6 * mm * k
    draw_runs(canvas, caption, left, cap_y, cap_size, 0.15)
    names, name_size = _name_lines(card, text_w, 12 * k, 6.5 * k)
    canvas.setFillColorRGB(0.1, 0.1, 0.12)
    name_y = cap_y - name_size * 1.35
    for line in names:
        draw_runs(canvas, line, left, name_y, name_size, bold=True)
        name_y -= name_size * 1.1

    # Code 128 across the whole card at the bottom: beside the QR its bars would be too
    # thin for an office print read back by a cheap scanner (barcodes.MIN_MODULE).
    bar_h = 9 * mm * k
    edge = 1.5 * mm * k
    canvas.setFillColorRGB(0, 0, 0)
    draw_code128(canvas, code, x + edge, y + pad * 0.8, w - 2 * edge, bar_h, max_module=0.45 * mm)


def _name_lines(
    card: LoyaltyCardPrint, max_w: float, max_size: float, min_size: float
) -> tuple[list[TextRuns], float]:
    """The name on one line, else two a little smaller, else written shorter
    ("Maria F. S. Oliveira"); what still does not fit is the card's layout error."""
    plain, _ = fonts()
    for name in name_forms(card.name):
        one = runs(name, plain)
        size = fit_size(one, max_w, max_size, min_size)
        if size is not None:
            return [one], size
        two = wrap_fit(name, plain, max_w, 2, max_size * 0.8, min_size)
        if two is not None:
            return two
    raise CardLayoutError(f"The name “{card.name}” does not fit on the card, even written shorter.")
