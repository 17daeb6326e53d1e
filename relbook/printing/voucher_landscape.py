"""The landscape voucher (DL, and 96 x 62 mm eight to a sheet): a ticket.

The message on the left, a tinted stub with the QR code and the readable code on the
right. The Code 128 goes where it has the length to scan: a vertical strip at the right
edge on DL (83 mm), a band across the bottom on the smaller voucher, whose 62 mm height
would squeeze the bars below what an office scan reads (see ``barcodes.MIN_MODULE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.barcodes import code128_length, draw_code128, draw_qr
from relbook.printing.text_runs import TextRuns, draw_runs, fonts, runs, runs_width
from relbook.printing.voucher_note import GOLD, INK, draw_note_box, has_note, tint
from relbook.printing.voucher_parts import (
    VALUE_STEP,
    VoucherLayoutError,
    VoucherPrint,
    below_label,
    code_label,
    compact,
    fit_line,
    frame,
    name_lines,
    note,
    shop_header,
    terms_lines,
    value_lines,
)


def code_strip_fits(code: str, h: float) -> bool:
    """True if a vertical Code 128 along the voucher's height has bars wide enough."""
    inner = h * 0.045 * 1.35  # the frame's inset on a landscape voucher (``frame``)
    return h - 2 * inner - h * 0.07 * 0.6 >= code128_length(compact(code))


def draw_landscape(
    canvas: Canvas,
    v: VoucherPrint,
    x: float,
    y: float,
    w: float,
    h: float,
    logo: ImageReader | None,
    codes: bool,
) -> None:
    plain, _ = fonts()
    accent = HexColor(v.accent)
    inner = frame(canvas, v, x, y, w, h)
    pad = h * 0.07
    code_text = compact(v.code)
    vertical = code_strip_fits(v.code, h)
    strip_w = h * 0.15 if vertical else 0.0
    band_h = 0.0 if vertical else h * 0.16
    base = y + inner + band_h  # the ticket above the barcode band
    area_h = y + h - inner - base
    hh = h - band_h  # text sizes follow the height the ticket has
    qr = h * (0.38 if w > 1.8 * h else 0.33)  # 8-up: leave the message more room
    stub_w = qr + 2 * pad * 0.9
    stub_x = x + w - inner - strip_w - stub_w
    # Tinted stub behind the codes; the barcode strip or band stays white.
    canvas.setFillColor(tint(accent, 0.07))
    canvas.rect(stub_x, base, stub_w, area_h, stroke=0, fill=1)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2.5)
    canvas.line(stub_x, base + 2, stub_x, y + h - inner - 2)
    if band_h:
        canvas.line(x + inner + 2, base, x + w - inner - 2, base)
    canvas.setDash()
    # QR, caption and readable code as one block, centred in the stub.
    block_h = qr * 1.09 + h * 0.17
    qx = stub_x + (stub_w - qr) / 2
    qy = base + (area_h + block_h) / 2 - qr * 1.045
    if codes:
        canvas.setFillColorRGB(1, 1, 1)
        q_pad = qr * 0.09
        canvas.roundRect(qx - q_pad, qy - q_pad, qr + 2 * q_pad, qr + 2 * q_pad, 3, 0, 1)
        canvas.setFillColorRGB(0, 0, 0)
        draw_qr(canvas, code_text, qx, qy, qr)
        if vertical:
            draw_code128(
                canvas,
                code_text,
                x + w - inner - strip_w + strip_w * 0.18,
                y + inner + pad * 0.3,
                strip_w * 0.64,
                h - 2 * inner - pad * 0.6,
                vertical=True,
            )
        else:
            bar_h = band_h * 0.7
            canvas.setFillColorRGB(0, 0, 0)
            draw_code128(
                canvas,
                code_text,
                x + inner + pad * 0.2,
                y + inner + (band_h - bar_h) / 2,
                w - 2 * inner - pad * 0.4,
                bar_h,
            )
    cap = runs(v.code_caption.upper(), plain)
    cap_size = fit_line("code caption", cap, stub_w - pad * 0.6, h * 0.028, h * 0.018, 0.15)
    canvas.setFillColor(accent)
    cap_y = qy - qr * 0.09 - h * 0.075
    cap_x = stub_x + (stub_w - runs_width(cap, cap_size, 0.15)) / 2
    draw_runs(canvas, cap, cap_x, cap_y, cap_size, 0.15)
    code_label(canvas, v, stub_x + stub_w / 2, cap_y - h * 0.075, stub_w - pad * 0.6)
    _message(canvas, v, logo, x + inner + pad, stub_x - pad, base, y + h - inner, pad, hh, w, h)


@dataclass(slots=True)
class _Column:
    """The left column of the message, fitted to a width before anything is drawn."""

    width: float
    label: TextRuns
    label_size: float
    label_base: float
    names: list[TextRuns]
    name_size: float
    name_y: float
    values: list[TextRuns]
    value_size: float
    value_base: float
    expiry: TextRuns
    expiry_size: float
    expiry_y: float


def _fit_column(
    v: VoucherPrint, col_w: float, rule_y: float, terms_top: float, hh: float, shorten: bool
) -> _Column:
    """Greeting, name, value and expiry fitted to ``col_w`` between the rule under the
    shop's name and the top of the terms; VoucherLayoutError if they do not fit."""
    plain, hand = fonts()
    label = runs(v.kind_label, hand)
    label_size = fit_line("voucher label", label, col_w, hh * 0.2, hh * 0.08)
    label_base = rule_y - label_size * 0.72
    names, name_size = name_lines(v, col_w, hh * 0.11, hh * 0.065, shorten=shorten)
    name_y = below_label(label, label_base, label_size, names[0], name_size, hh * 0.012)
    name_floor = name_y - (len(names) - 1) * name_size * 0.95 - name_size * 0.3
    expiry = runs(v.expiry_text, plain)
    expiry_size = fit_line("expiry", expiry, col_w, hh * 0.042, hh * 0.028)
    expiry_y = terms_top + expiry_size * 0.6
    value_base = expiry_y + expiry_size * 1.5
    # One size for every voucher (a sheet looks uneven otherwise), smaller only if the
    # text is wide or a two-line name leaves too little room.
    values, value_size = value_lines(
        v.value_text, col_w, name_floor - value_base, hh * 0.15, hh * 0.06
    )
    return _Column(
        col_w,
        label,
        label_size,
        label_base,
        names,
        name_size,
        name_y,
        values,
        value_size,
        value_base,
        expiry,
        expiry_size,
        expiry_y,
    )


def _message(
    canvas: Canvas,
    v: VoucherPrint,
    logo: ImageReader | None,
    left: float,
    right: float,
    base: float,
    top_edge: float,
    pad: float,
    hh: float,
    w: float,
    h: float,
) -> None:
    """The message panel: greeting, name, value, expiry and terms; on DL a handwritten
    letter on the right, unless the name or the value needs the whole width."""
    panel_w = right - left
    terms, terms_size = terms_lines(v, panel_w, 3, hh * 0.032, hh * 0.022)
    terms_y = base + pad * 0.75 + (len(terms) - 1) * terms_size * 1.2
    top = top_edge - pad * 0.9
    below = shop_header(canvas, v, logo, left, top, panel_w, hh * 0.05, centre=False)
    rule_y = below - hh * 0.035
    with_letter = has_note(v.message, v.signature) and w > 1.8 * h
    # The whole name matters more than the letter, the letter more than a long value:
    # a long name or value takes the letter's place before the name is written shorter.
    tries = [(True, False), (False, False), (True, True), (False, True)]
    col, letter = None, False
    for letter, shorten in tries if with_letter else [(False, False), (False, True)]:
        width = panel_w * 0.58 if letter else panel_w
        try:
            col = _fit_column(v, width, rule_y, terms_y + terms_size * 1.2, hh, shorten)
            break
        except VoucherLayoutError as exc:
            problem = exc
    if col is None:
        raise problem
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.6)
    canvas.line(left, rule_y, left + panel_w * 0.35, rule_y)
    accent = HexColor(v.accent)
    canvas.setFillColor(accent)
    draw_runs(canvas, col.label, left, col.label_base, col.label_size)
    canvas.setFillColorRGB(*INK)
    y_name = col.name_y
    for line in col.names:
        draw_runs(canvas, line, left + hh * 0.02, y_name, col.name_size)
        y_name -= col.name_size * 0.95
    if letter:
        letter_x = left + col.width + pad
        bottom = terms_y + terms_size * 1.6
        box = (letter_x, bottom, left + panel_w - letter_x, rule_y - bottom)
        note(draw_note_box, canvas, v.message, v.signature, *box, h)
    canvas.setFillColor(accent)
    for i, line in enumerate(col.values):  # top line first: text is read in that order
        line_y = col.value_base + (len(col.values) - 1 - i) * col.value_size * VALUE_STEP
        draw_runs(canvas, line, left, line_y, col.value_size, bold=True)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    draw_runs(canvas, col.expiry, left, col.expiry_y, col.expiry_size)
    canvas.setFillColorRGB(0.42, 0.42, 0.42)
    for line in terms:
        draw_runs(canvas, line, left, terms_y, terms_size)
        terms_y -= terms_size * 1.2
