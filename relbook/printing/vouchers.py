"""Gift vouchers: shop, handwritten beneficiary name, value, expiry, terms, code, QR, Code 128.

Plain data in (:class:`VoucherPrint`), PDF bytes out (:func:`render_vouchers`). Sizes:

- ``"dl"``: one DL voucher (210 x 99 mm, a third of A4) per page, for DL card stock;
- ``"a4-3dl"``: three DL vouchers filling an A4 sheet, cut into thirds;
- ``"a6"``: one A6 (105 x 148 mm, portrait) per page;
- ``"a4-8up"`` / ``"letter-8up"``: eight 96 x 62 mm vouchers with cut marks.

Landscape vouchers read like a ticket: the message on the left, a tinted stub with the QR
code and the readable code, and a vertical Code 128 strip at the right edge. The A6
voucher stacks the same parts with the codes in a band at the bottom.

The QR and the barcode carry the compact code (no dashes); the readable code is grouped.
Text never gets cut off: it shrinks within limits, names wrap onto two lines, and what
still does not fit raises :class:`VoucherLayoutError` naming the field.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import sheets
from relbook.printing.barcodes import draw_code128, draw_qr
from relbook.printing.text_runs import (  # loyalty_cards imports these from here too
    TextRuns,
    draw_runs,
    fit_size,
    fonts,
    letter_font,
    runs,
    runs_width,
    wrap_runs,
)
from relbook.printing.voucher_note import (  # loyalty_cards imports GOLD from here
    GOLD,
    INK,
    NoteDoesNotFit,
    draw_note_below,
    draw_note_box,
    has_note,
    tint,
)

ACCENT = "#1f5c58"  # deep teal: reads as "quality paper", prints well in grey too

VOUCHER_SMALL = sheets.Size("Voucher 96 x 62 mm", 96 * mm, 62 * mm)
SIZES = ("dl", "a4-3dl", "a6", "a4-8up", "letter-8up")


class VoucherLayoutError(ValueError):
    """Something does not fit on the voucher; the message names the field."""


@dataclass
class VoucherPrint:
    """One voucher as the printer sees it: all text already formatted for the shop.

    ``value_text`` is what it is worth ("€10.00", "10 % off", "A free coffee");
    ``expiry_text`` is the full phrase ("Valid until 31 Dec 2026"); ``recipient_prefix``
    goes before the name ("for"), empty to leave it out.
    """

    code: str
    shop_name: str
    beneficiary_name: str
    value_text: str
    expiry_text: str
    terms: str
    logo_png: bytes | None = None
    kind_label: str = "Thank you!"
    recipient_prefix: str = "for"
    code_caption: str = "Voucher code"
    accent: str = ACCENT
    #: a personal line in handwriting ("Thank you for sending Ben our way!") and who
    #: signs it ("Rosa"); on DL and A6 only: the 8-up voucher has no room for a letter
    message: str = ""
    signature: str = ""


def _layout(size: str) -> sheets.Imposition:
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


def render_vouchers(
    vouchers: Sequence[VoucherPrint], size: str = "dl", *, codes: bool = True
) -> bytes:
    """All vouchers in one PDF. ``codes=False`` leaves out QR and barcode (benchmark base)."""
    if not vouchers:
        raise ValueError("There are no vouchers to print.")
    layout = _layout(size)
    logos: dict[bytes, ImageReader] = {}
    draws = []
    for v in vouchers:
        logo = None
        if v.logo_png:
            logo = logos.get(v.logo_png)
            if logo is None:
                logo = logos[v.logo_png] = _read_logo(v.logo_png)
        draws.append(partial(_draw_one, v, logo, codes))
    return sheets.render_n_up(draws, layout, title="Vouchers")


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
    if not _compact(v.code):
        raise VoucherLayoutError(
            f"The voucher for {v.beneficiary_name or 'a customer'} has no code. "
            "Issue it before printing."
        )
    if v.logo_png and logo is None:
        logo = _read_logo(v.logo_png)
    if w >= h:
        _draw_landscape(canvas, v, x, y, w, h, logo, codes)
    else:
        _draw_portrait(canvas, v, x, y, w, h, logo, codes)


# --- shared parts -------------------------------------------------------------------


def _frame(canvas: Canvas, v: VoucherPrint, x: float, y: float, w: float, h: float) -> float:
    """Thin accent frame with a gold inner line; returns the inset used."""
    inset = min(w, h) * 0.045
    canvas.setStrokeColor(HexColor(v.accent))
    canvas.setLineWidth(1.1)
    canvas.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, inset * 0.6)
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.45)
    d = inset * 0.35
    canvas.roundRect(
        x + inset + d, y + inset + d, w - 2 * (inset + d), h - 2 * (inset + d), inset * 0.4
    )
    return inset + d


def _fit_line(
    field: str,
    text: TextRuns,
    max_w: float,
    max_size: float,
    min_size: float,
    tracking: float = 0.0,
) -> float:
    size = fit_size(text, max_w, max_size, min_size, tracking)
    if size is None:
        raise VoucherLayoutError(
            f"The {field} is too long to fit on the voucher. Please shorten it."
        )
    return size


def _shop_header(
    canvas: Canvas,
    v: VoucherPrint,
    logo: ImageReader | None,
    x: float,
    top: float,
    w: float,
    size: float,
    *,
    centre: bool,
) -> float:
    """Logo and/or letter-spaced shop name; returns the y below the header."""
    plain, _ = fonts()
    name = runs(v.shop_name.upper(), plain)
    tracking = 0.12
    logo_h = size * 2.2 if logo is not None else 0.0
    logo_w = 0.0
    if logo is not None:
        iw, ih = logo.getSize()
        logo_w = min(logo_h * iw / ih, w * 0.4)
        logo_h = logo_w * ih / iw
    gap = size * 0.6 if logo is not None else 0.0
    beside = fit_size(name, w - logo_w - gap, size, size * 0.8, tracking)
    if logo is not None and beside is None:
        # Narrow voucher: logo on its own row, the name centred or flush under it.
        logo_x = x + (w - logo_w) / 2 if centre else x
        canvas.drawImage(logo, logo_x, top - logo_h, logo_w, logo_h, mask="auto")
        return _shop_header(canvas, v, None, x, top - logo_h - size * 0.5, w, size, centre=centre)
    size = _fit_line("shop name", name, w - logo_w - gap, size, size * 0.55, tracking)
    text_w = runs_width(name, size, tracking)
    total = logo_w + gap + text_w
    left = x + (w - total) / 2 if centre else x
    row_h = max(logo_h, size)
    if logo is not None:
        canvas.drawImage(
            logo, left, top - row_h + (row_h - logo_h) / 2, logo_w, logo_h, mask="auto"
        )
    canvas.setFillColor(HexColor(v.accent))
    draw_runs(canvas, name, left + logo_w + gap, top - row_h / 2 - size * 0.36, size, tracking)
    return top - row_h


def _name_lines(
    v: VoucherPrint, max_w: float, max_size: float, min_size: float
) -> tuple[list[TextRuns], float]:
    hand = letter_font()
    full = f"{v.recipient_prefix} {v.beneficiary_name}".strip()
    one = runs(full, hand)
    size = fit_size(one, max_w, max_size, min_size)
    if size is not None:
        return [one], size
    lines = wrap_runs(full, hand, min_size, max_w, max_lines=2)
    if lines is None:
        raise VoucherLayoutError(
            "The beneficiary's name is too long to fit on the voucher. Please shorten it."
        )
    return lines, min_size


def _terms_lines(
    v: VoucherPrint, max_w: float, max_lines: int, max_size: float, min_size: float
) -> tuple[list[TextRuns], float]:
    plain, _ = fonts()
    size = max_size
    while size >= min_size - 1e-6:
        lines = wrap_runs(v.terms, plain, size, max_w, max_lines=max_lines)
        if lines is not None:
            return lines, size
        size -= 0.25
    raise VoucherLayoutError(
        f"The terms are too long for this voucher size ({len(v.terms)} characters). "
        "Please shorten them."
    )


def _code_label(canvas: Canvas, v: VoucherPrint, cx: float, y: float, max_w: float) -> None:
    plain, _ = fonts()
    text = runs(_display_code(v.code), plain)
    size = _fit_line("code", text, max_w, 11, 5, 0.08)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    draw_runs(canvas, text, cx - runs_width(text, size, 0.08) / 2, y, size, 0.08, bold=True)


def _display_code(code: str) -> str:
    """The code as people read it: printed as given (the service groups it)."""
    return code.strip().upper()


def _compact(code: str) -> str:
    """What the barcodes carry: no spaces or dashes, which scanners on foreign keyboard
    layouts mangle ("-" arrives as "ß" from a US-set scanner on a German PC)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _note(draw: Callable[..., Any], *args: Any) -> Any:
    """Draw the handwritten note; a note that does not fit is the voucher's layout error."""
    try:
        return draw(*args)
    except NoteDoesNotFit as exc:
        raise VoucherLayoutError(str(exc)) from None


# --- landscape (DL, 8-up) -----------------------------------------------------------


def _draw_landscape(
    canvas: Canvas,
    v: VoucherPrint,
    x: float,
    y: float,
    w: float,
    h: float,
    logo: ImageReader | None,
    codes: bool,
) -> None:
    plain, hand = fonts()
    accent = HexColor(v.accent)
    inner = _frame(canvas, v, x, y, w, h)
    pad = h * 0.07
    strip_w = h * 0.15
    qr = h * (0.38 if w > 1.8 * h else 0.33)  # 8-up: leave the message more room
    stub_w = qr + 2 * pad * 0.9
    stub_x = x + w - inner - strip_w - stub_w
    # Tinted stub behind the codes, white strip for the barcode.
    canvas.setFillColor(tint(accent, 0.07))
    canvas.rect(stub_x, y + inner, stub_w, h - 2 * inner, stroke=0, fill=1)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2.5)
    canvas.line(stub_x, y + inner + 2, stub_x, y + h - inner - 2)
    canvas.setDash()
    code_text = _compact(v.code)
    # QR, caption and readable code as one block, centred in the stub.
    block_h = qr * 1.09 + h * 0.17
    qx = stub_x + (stub_w - qr) / 2
    qy = y + (h + block_h) / 2 - qr * 1.045
    if codes:
        canvas.setFillColorRGB(1, 1, 1)
        q_pad = qr * 0.09
        canvas.roundRect(qx - q_pad, qy - q_pad, qr + 2 * q_pad, qr + 2 * q_pad, 3, 0, 1)
        canvas.setFillColorRGB(0, 0, 0)
        draw_qr(canvas, code_text, qx, qy, qr)
        draw_code128(
            canvas,
            code_text,
            x + w - inner - strip_w + strip_w * 0.18,
            y + inner + pad * 0.3,
            strip_w * 0.64,
            h - 2 * inner - pad * 0.6,
            vertical=True,
        )
    cap = runs(v.code_caption.upper(), plain)
    cap_size = _fit_line("code caption", cap, stub_w - pad * 0.6, h * 0.028, h * 0.018, 0.15)
    canvas.setFillColor(accent)
    cap_y = qy - qr * 0.09 - h * 0.075
    cap_x = stub_x + (stub_w - runs_width(cap, cap_size, 0.15)) / 2
    draw_runs(canvas, cap, cap_x, cap_y, cap_size, 0.15)
    _code_label(canvas, v, stub_x + stub_w / 2, cap_y - h * 0.075, stub_w - pad * 0.6)

    # Message panel: the greeting on the left; on DL a handwritten letter on the right.
    left = x + inner + pad
    panel_w = stub_x - pad - left
    letter = has_note(v.message, v.signature) and w > 1.8 * h
    col_w = panel_w * 0.58 if letter else panel_w
    top = y + h - inner - pad * 0.9
    below = _shop_header(canvas, v, logo, left, top, panel_w, h * 0.05, centre=False)
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.6)
    rule_y = below - h * 0.035
    canvas.line(left, rule_y, left + panel_w * 0.35, rule_y)

    label = runs(v.kind_label, hand)
    label_size = _fit_line("voucher label", label, col_w, h * 0.2, h * 0.08)
    label_base = rule_y - label_size * 0.72
    canvas.setFillColor(accent)
    draw_runs(canvas, label, left, label_base, label_size)

    name_lines, name_size = _name_lines(v, col_w, h * 0.11, h * 0.065)
    y_name = label_base - label_size * 0.28 - name_size * 0.75
    canvas.setFillColorRGB(*INK)
    for line in name_lines:
        draw_runs(canvas, line, left + h * 0.02, y_name, name_size)
        y_name -= name_size * 0.95

    terms_lines, terms_size = _terms_lines(v, panel_w, 3, h * 0.032, h * 0.022)
    terms_y = y + inner + pad * 0.75 + (len(terms_lines) - 1) * terms_size * 1.2
    expiry = runs(v.expiry_text, plain)
    expiry_size = _fit_line("expiry", expiry, col_w, h * 0.042, h * 0.028)
    expiry_y = terms_y + terms_size * 1.2 + expiry_size * 0.6
    value = runs(v.value_text, plain)
    # One size for every voucher (a sheet looks uneven otherwise), smaller only if the
    # text is wide or a two-line name leaves too little room.
    room = (y_name + name_size * 0.25 - expiry_y - expiry_size * 1.5) / 0.75
    value_max = min(h * 0.15, room)
    value_size = _fit_line("value", value, col_w, value_max, min(value_max, h * 0.06))
    if letter:
        letter_x = left + col_w + pad
        bottom = terms_y + terms_size * 1.6
        box = (letter_x, bottom, left + panel_w - letter_x, rule_y - bottom)
        _note(draw_note_box, canvas, v.message, v.signature, *box, h)
    canvas.setFillColor(accent)
    draw_runs(canvas, value, left, expiry_y + expiry_size * 1.5, value_size, bold=True)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    draw_runs(canvas, expiry, left, expiry_y, expiry_size)
    canvas.setFillColorRGB(0.42, 0.42, 0.42)
    for line in terms_lines:
        draw_runs(canvas, line, left, terms_y, terms_size)
        terms_y -= terms_size * 1.2


# --- portrait (A6) ------------------------------------------------------------------


def _draw_portrait(
    canvas: Canvas,
    v: VoucherPrint,
    x: float,
    y: float,
    w: float,
    h: float,
    logo: ImageReader | None,
    codes: bool,
) -> None:
    plain, hand = fonts()
    accent = HexColor(v.accent)
    inner = _frame(canvas, v, x, y, w, h)
    pad = w * 0.06
    left, right = x + inner + pad, x + w - inner - pad
    panel_w = right - left
    cx = (left + right) / 2

    # Code band at the bottom.
    band_h = w * 0.46
    band_y = y + inner
    canvas.setFillColor(tint(accent, 0.07))
    canvas.rect(x + inner, band_y, w - 2 * inner, band_h, stroke=0, fill=1)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2.5)
    canvas.line(x + inner + 2, band_y + band_h, x + w - inner - 2, band_y + band_h)
    canvas.setDash()
    qr = band_h - 2 * pad
    code_text = _compact(v.code)
    text_x = left + qr + pad
    text_w = right - text_x
    if codes:
        canvas.setFillColorRGB(1, 1, 1)
        q_pad = qr * 0.09
        canvas.roundRect(
            left - q_pad, band_y + pad - q_pad, qr + 2 * q_pad, qr + 2 * q_pad, 3, 0, 1
        )
        canvas.setFillColorRGB(0, 0, 0)
        draw_qr(canvas, code_text, left, band_y + pad, qr)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(text_x - pad * 0.3, band_y + pad - 2, text_w + pad * 0.6, qr * 0.5 + 4, 0, 1)
        canvas.setFillColorRGB(0, 0, 0)
        draw_code128(
            canvas, code_text, text_x - pad * 0.3, band_y + pad, text_w + pad * 0.6, qr * 0.5
        )
    cap = runs(v.code_caption.upper(), plain)
    cap_size = _fit_line("code caption", cap, text_w, w * 0.022, w * 0.015, 0.15)
    canvas.setFillColor(accent)
    draw_runs(canvas, cap, text_x, band_y + pad + qr - cap_size, cap_size, 0.15)
    _code_label(canvas, v, text_x + text_w / 2, band_y + pad + qr * 0.68, text_w)

    # Message, centred, from the top down.
    top = y + h - inner - pad
    below = _shop_header(canvas, v, logo, left, top, panel_w, w * 0.04, centre=True)
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.6)
    rule_y = below - w * 0.035
    canvas.line(cx - panel_w * 0.18, rule_y, cx + panel_w * 0.18, rule_y)

    label = runs(v.kind_label, hand)
    label_size = _fit_line("voucher label", label, panel_w, w * 0.15, w * 0.07)
    label_base = rule_y - label_size * 0.78
    canvas.setFillColor(accent)
    draw_runs(canvas, label, cx - runs_width(label, label_size) / 2, label_base, label_size)

    name_lines, name_size = _name_lines(v, panel_w, w * 0.085, w * 0.05)
    y_name = label_base - label_size * 0.3 - name_size * 0.75
    canvas.setFillColorRGB(*INK)
    for line in name_lines:
        draw_runs(canvas, line, cx - runs_width(line, name_size) / 2, y_name, name_size)
        y_name -= name_size * 0.95
    floor = y_name + name_size * 0.25  # the value goes below this

    terms_lines, terms_size = _terms_lines(v, panel_w, 3, w * 0.026, w * 0.019)
    terms_y = band_y + band_h + pad * 0.6 + (len(terms_lines) - 1) * terms_size * 1.2
    expiry = runs(v.expiry_text, plain)
    expiry_size = _fit_line("expiry", expiry, panel_w, w * 0.034, w * 0.024)
    expiry_y = terms_y + terms_size * 1.3 + expiry_size * 0.5
    value = runs(v.value_text, plain)
    if has_note(v.message, v.signature):  # the note takes what the value leaves it
        top = y_name + name_size * 0.6
        spare = top - (expiry_y + expiry_size * 1.6 + w * 0.09 * 0.75) - w * 0.02
        floor = _note(
            draw_note_below, canvas, v.message, v.signature, cx, top, panel_w * 0.82, spare, w
        )
    room = (floor - expiry_y - expiry_size * 1.6) / 0.75
    value_max = min(w * 0.12, room)
    value_size = _fit_line("value", value, panel_w, value_max, min(value_max, w * 0.05))
    # Value and expiry sit in the middle of the room between the name and the terms.
    shift = max(0.0, (room - value_size) * 0.75 / 2)
    expiry_y += shift
    canvas.setFillColor(accent)
    vy = expiry_y + expiry_size * 1.6
    draw_runs(canvas, value, cx - runs_width(value, value_size) / 2, vy, value_size, bold=True)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    draw_runs(canvas, expiry, cx - runs_width(expiry, expiry_size) / 2, expiry_y, expiry_size)
    canvas.setFillColorRGB(0.42, 0.42, 0.42)
    for line in terms_lines:
        draw_runs(canvas, line, cx - runs_width(line, terms_size) / 2, terms_y, terms_size)
        terms_y -= terms_size * 1.2
