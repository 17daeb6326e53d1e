"""The portrait voucher (A6): the message centred from the top down, the codes in a band
at the bottom.

The band holds the QR code with the caption and readable code beside it, and under them
a Code 128 across the whole width of the voucher: beside the QR (about 50 mm) its bars
were 0.22 mm, too thin for an office print read back by a cheap scanner.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.barcodes import draw_code128, draw_qr
from relbook.printing.text_runs import draw_runs, fonts, runs, runs_width
from relbook.printing.voucher_note import GOLD, INK, draw_note_below, has_note, tint
from relbook.printing.voucher_parts import (
    VALUE_STEP,
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


def draw_portrait(
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
    pad = w * 0.06
    left, right = x + inner + pad, x + w - inner - pad

    # Code band at the bottom: a white row for the barcode, the tinted QR row above it.
    bar_h = w * 0.085
    bar_row = pad * 0.5 + bar_h + pad * 0.3
    qr = w * 0.23
    band_y = y + inner
    qr_y = band_y + bar_row + pad * 0.6
    band_top = qr_y + qr + pad * 0.7
    canvas.setFillColor(tint(accent, 0.07))
    canvas.rect(x + inner, band_y + bar_row, w - 2 * inner, band_top - band_y - bar_row, 0, 1)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2.5)
    canvas.line(x + inner + 2, band_top, x + w - inner - 2, band_top)
    canvas.setDash()
    code_text = compact(v.code)
    text_x = left + qr + pad
    text_w = right - text_x
    if codes:
        canvas.setFillColorRGB(1, 1, 1)
        q_pad = qr * 0.09
        canvas.roundRect(left - q_pad, qr_y - q_pad, qr + 2 * q_pad, qr + 2 * q_pad, 3, 0, 1)
        canvas.setFillColorRGB(0, 0, 0)
        draw_qr(canvas, code_text, left, qr_y, qr)
        code_w = w - 2 * inner - pad * 0.4
        draw_code128(canvas, code_text, x + inner + pad * 0.2, band_y + pad * 0.5, code_w, bar_h)
    cap = runs(v.code_caption.upper(), plain)
    cap_size = fit_line("code caption", cap, text_w, w * 0.022, w * 0.015, 0.15)
    canvas.setFillColor(accent)
    draw_runs(canvas, cap, text_x, qr_y + qr * 0.62, cap_size, 0.15)
    code_label(canvas, v, text_x + text_w / 2, qr_y + qr * 0.32, text_w)
    _message(canvas, v, logo, left, right, band_top, y + h - inner - pad, w)


def _message(
    canvas: Canvas,
    v: VoucherPrint,
    logo: ImageReader | None,
    left: float,
    right: float,
    band_top: float,
    top: float,
    w: float,
) -> None:
    """Shop, greeting, name, the handwritten note, value, expiry and terms, centred."""
    plain, hand = fonts()
    accent = HexColor(v.accent)
    pad = w * 0.06
    panel_w = right - left
    cx = (left + right) / 2
    below = shop_header(canvas, v, logo, left, top, panel_w, w * 0.04, centre=True)
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.6)
    rule_y = below - w * 0.035
    canvas.line(cx - panel_w * 0.18, rule_y, cx + panel_w * 0.18, rule_y)

    label = runs(v.kind_label, hand)
    label_size = fit_line("voucher label", label, panel_w, w * 0.15, w * 0.07)
    label_base = rule_y - label_size * 0.78
    canvas.setFillColor(accent)
    draw_runs(canvas, label, cx - runs_width(label, label_size) / 2, label_base, label_size)

    names, name_size = name_lines(v, panel_w, w * 0.085, w * 0.05)
    y_name = below_label(label, label_base, label_size, names[0], name_size, w * 0.012)
    canvas.setFillColorRGB(*INK)
    for line in names:
        draw_runs(canvas, line, cx - runs_width(line, name_size) / 2, y_name, name_size)
        y_name -= name_size * 0.95
    floor = y_name + name_size * 0.25  # the value goes below this

    terms, terms_size = terms_lines(v, panel_w, 3, w * 0.026, w * 0.019)
    terms_y = band_top + pad * 0.6 + (len(terms) - 1) * terms_size * 1.2
    expiry = runs(v.expiry_text, plain)
    expiry_size = fit_line("expiry", expiry, panel_w, w * 0.034, w * 0.024)
    expiry_y = terms_y + terms_size * 1.3 + expiry_size * 0.5
    if has_note(v.message, v.signature):  # the note takes what the value leaves it
        note_top = y_name + name_size * 0.6
        spare = note_top - (expiry_y + expiry_size * 1.6 + w * 0.09 * 0.75) - w * 0.02
        floor = note(
            draw_note_below,
            canvas,
            v.message,
            v.signature,
            cx,
            note_top,
            panel_w * 0.82,
            spare,
            w,
        )
    room = floor - expiry_y - expiry_size * 1.6
    values, value_size = value_lines(v.value_text, panel_w, room, w * 0.12, w * 0.05)
    used = value_size * (0.75 + (len(values) - 1) * VALUE_STEP)
    # Value and expiry sit in the middle of the room between the name and the terms.
    expiry_y += max(0.0, (room - used) / 2)
    canvas.setFillColor(accent)
    vy = expiry_y + expiry_size * 1.6
    for i, line in enumerate(values):  # top line first: text is read in that order
        line_x = cx - runs_width(line, value_size) / 2
        line_y = vy + (len(values) - 1 - i) * value_size * VALUE_STEP
        draw_runs(canvas, line, line_x, line_y, value_size, bold=True)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    draw_runs(canvas, expiry, cx - runs_width(expiry, expiry_size) / 2, expiry_y, expiry_size)
    canvas.setFillColorRGB(0.42, 0.42, 0.42)
    for line in terms:
        draw_runs(canvas, line, cx - runs_width(line, terms_size) / 2, terms_y, terms_size)
        terms_y -= terms_size * 1.2
