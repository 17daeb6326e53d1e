"""The handwritten note on a voucher: a short line and a signature, with a gold sprig.

"So kind of you to send Ben our way! ~ Rosa" in the legible everyday hand, at the largest
size that fits its box, on as few lines as read well, balanced so no word is left alone
on the last line. What cannot fit raises :class:`NoteDoesNotFit` (the voucher layout turns
it into its own plain-words error). Plain data in, drawing on a ReportLab canvas out.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.text_runs import (
    TextRuns,
    draw_runs,
    letter_font,
    runs,
    runs_width,
    wrap_runs,
)

GOLD = "#b08a4e"
INK = (0.12, 0.14, 0.3)  # the blue-black of a fountain pen
LINE_STEP = 1.15  # line spacing of the note, times its size
TOO_LONG = "The personal message is too long for the voucher. Please shorten it."


class NoteDoesNotFit(ValueError):
    """The note is too long for the room the voucher has for it."""


def tint(color: Color, amount: float) -> Color:
    """The colour mixed into white: solid, so no transparency reaches the printer."""
    return Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


def has_note(message: str, signature: str) -> bool:
    return bool(message.strip() or signature.strip())


def note_lines(
    message: str,
    signature: str,
    max_w: float,
    max_h: float,
    max_lines: int,
    max_size: float,
    min_size: float,
) -> tuple[list[TextRuns], TextRuns | None, float]:
    """The message wrapped and the signature line, at the largest size that fits."""
    hand = letter_font()
    signed = runs(f"~ {signature.strip()}", hand) if signature.strip() else None
    text = message.strip()
    # Fewer, fuller lines read better: try three lines a little smaller before four.
    tries = [(min(3, max_lines), max(min_size, max_size * 0.82)), (max_lines, min_size)]
    for limit, smallest in tries:
        size = max_size
        while size >= smallest - 1e-6:
            lines = wrap_runs(text, hand, size, max_w, limit) if text else []
            height = (len(lines or []) + (signed is not None)) * size * LINE_STEP
            if (
                lines is not None
                and height <= max_h + 1e-6
                and (signed is None or runs_width(signed, size) <= max_w)
            ):
                return _balanced(text, hand, size, max_w, len(lines)), signed, size
            size -= 0.25
    raise NoteDoesNotFit(TOO_LONG)


def _balanced(text: str, font: str, size: float, max_w: float, n: int) -> list[TextRuns]:
    """The same number of lines in the narrowest width that still holds them."""
    if n <= 1:
        return wrap_runs(text, font, size, max_w, 1) or []
    lo, hi = max_w * 0.4, max_w
    for _ in range(12):
        mid = (lo + hi) / 2
        if wrap_runs(text, font, size, mid, n) is None:
            lo = mid
        else:
            hi = mid
    return wrap_runs(text, font, size, hi, n) or []


def draw_note_box(
    canvas: Canvas,
    message: str,
    signature: str,
    x: float,
    y: float,
    w: float,
    h: float,
    scale: float,
) -> None:
    """The note in the box (x, y, w, h): a sprig above, tilted a little like a card written
    by hand, the signature flush right. ``scale`` is the voucher's height."""
    room_w = w * 0.9  # the tilt needs a little space at the sides
    sprig = scale * 0.09
    lines, signed, size = note_lines(
        message, signature, room_w, h - sprig * 1.2, 4, scale * 0.078, scale * 0.045
    )
    step = size * LINE_STEP
    block_h = (len(lines) + (signed is not None)) * step + sprig * 1.2
    canvas.saveState()
    canvas.translate(x + w / 2, y + h / 2)
    canvas.rotate(3)
    top = block_h / 2
    draw_sprig(canvas, 0, top - sprig * 0.45, sprig)
    canvas.setFillColorRGB(*INK)
    baseline = top - sprig * 1.2 - size * 0.82
    for line in lines:
        draw_runs(canvas, line, -runs_width(line, size) / 2, baseline, size)
        baseline -= step
    if signed is not None:
        draw_runs(canvas, signed, room_w / 2 - runs_width(signed, size), baseline, size)
    canvas.restoreState()


def draw_note_below(
    canvas: Canvas,
    message: str,
    signature: str,
    cx: float,
    top: float,
    max_w: float,
    max_h: float,
    scale: float,
) -> float:
    """The note centred under ``top`` (portrait vouchers); returns the y below it.
    ``scale`` is the voucher's width."""
    lines, signed, size = note_lines(
        message, signature, max_w, max_h, 3, scale * 0.052, scale * 0.036
    )
    step = size * LINE_STEP
    baseline = top - size * 0.85
    canvas.setFillColorRGB(*INK)
    for line in lines:
        draw_runs(canvas, line, cx - runs_width(line, size) / 2, baseline, size)
        baseline -= step
    if signed is not None:
        draw_runs(canvas, signed, cx + max_w / 2 - runs_width(signed, size), baseline, size)
        baseline -= step
    return baseline + step - size * 0.35


def draw_sprig(canvas: Canvas, cx: float, cy: float, size: float) -> None:
    """A small gold sprig: a curved stem with leaves leaning outwards, tip to tip about
    three times ``size`` wide."""
    gold = HexColor(GOLD)
    half = size * 1.5
    canvas.saveState()
    canvas.setStrokeColor(gold)
    canvas.setFillColor(tint(gold, 0.45))
    canvas.setLineWidth(max(0.35, size * 0.03))
    stem = canvas.beginPath()
    stem.moveTo(cx - half, cy)
    stem.curveTo(cx - half * 0.3, cy + size * 0.18, cx + half * 0.3, cy + size * 0.18,
                 cx + half, cy)  # fmt: skip
    canvas.drawPath(stem, stroke=1, fill=0)
    length, width = size * 0.5, size * 0.2
    for t, side in ((-0.8, 1), (-0.5, -1), (-0.25, 1), (0.25, 1), (0.5, -1), (0.8, 1)):
        lx, ly = cx + t * half, cy + size * 0.14 * (1 - t * t)
        lean = 35 if t < 0 else -35
        canvas.saveState()
        canvas.translate(lx, ly)
        canvas.rotate((90 + lean) * side)
        canvas.ellipse(0, -width / 2, length, width / 2, stroke=1, fill=1)
        canvas.restoreState()
    canvas.circle(cx, cy + size * 0.14, size * 0.07, stroke=0, fill=1)
    canvas.restoreState()
