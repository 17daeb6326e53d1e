"""The printer calibration page: crosshairs and rulers to measure a printer's offset."""

from __future__ import annotations

import io

from reportlab.lib.units import mm

from relbook.printing.card_stock import CARD_SIZES, SHEETS, apply_offset
from relbook.printing.fonts import FALLBACK_FONT, get_font
from relbook.printing.handwriting import new_canvas, save_canvas, wrap

FOOTER_FONT = FALLBACK_FONT

CALIBRATION_MM = 20.0


def render_test_page(paper: str = "a4", offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """A page for measuring a printer's offset: two crosshairs with millimetre rulers.

    Crosshair A should land exactly 20 mm from the left and 20 mm from the top edge of
    the paper. Measure where it really is and enter (20 - measured) for each direction
    as ``offset_mm`` = (right, down); then print this page again to check. Crosshair B
    (20 mm from the right and bottom edges) shows whether the printer also scales.
    """
    size = SHEETS.get(paper.lower()) or CARD_SIZES.get(paper.lower())
    if size is None:
        raise ValueError(f"Unknown paper {paper!r}. Choose a4, letter or a card size.")
    w, h = size.width, size.height
    get_font(FOOTER_FONT)
    buf = io.BytesIO()
    canvas = new_canvas(buf, (w, h), "relbook printer calibration")
    apply_offset(canvas, offset_mm)
    d = CALIBRATION_MM * mm
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    for label, cx, cy in (("A", d, h - d), ("B", w - d, d)):
        canvas.setLineWidth(0.3)
        canvas.line(cx - 12 * mm, cy, cx + 12 * mm, cy)
        canvas.line(cx, cy - 12 * mm, cx, cy + 12 * mm)
        canvas.circle(cx, cy, 2 * mm)
        canvas.setFont(FOOTER_FONT, 9)
        canvas.drawString(cx + 3 * mm, cy + 3 * mm, label)
        # Millimetre rulers running from the crosshair towards the nearer edges.
        sx = -1 if label == "A" else 1
        sy = 1 if label == "A" else -1
        canvas.setLineWidth(0.2)
        canvas.setFont(FOOTER_FONT, 5)
        for i in range(0, 16):
            tick = (3 if i % 5 else 5) * mm
            x = cx + sx * i * mm
            canvas.line(x, cy - sy * 0, x, cy - sy * tick)
            y = cy + sy * i * mm
            canvas.line(cx, y, cx + sx * -tick, y)
            if i % 5 == 0 and i:
                canvas.drawCentredString(x, cy - sy * (tick + 2.2 * mm), str(i))
    canvas.setFont(FOOTER_FONT, 10)
    lines = [
        "Printer calibration",
        "",
        f"1. Measure from the LEFT paper edge to the vertical line of A (should be "
        f"{CALIBRATION_MM:.0f} mm).",
        f"2. Measure from the TOP paper edge to the horizontal line of A (should be "
        f"{CALIBRATION_MM:.0f} mm).",
        f"3. Enter right = {CALIBRATION_MM:.0f} - first measurement, "
        f"down = {CALIBRATION_MM:.0f} - second measurement.",
        "   Example: 22 mm measured from the left means enter right = -2.",
        "4. Print this page again: A should now be exactly in place.",
        f"Offset used for this page: right {offset_mm[0]:+.1f} mm, down {offset_mm[1]:+.1f} mm.",
    ]
    tw = w - 2 * d
    y = h / 2 + 20 * mm
    for line in lines:
        for part in wrap(line, FOOTER_FONT, 10, tw) or [line]:
            canvas.drawString(d, y, part)
            y -= 14
    canvas.showPage()
    save_canvas(canvas)
    return buf.getvalue()
