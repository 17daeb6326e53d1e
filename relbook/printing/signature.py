"""The owner's signature under a note: the same pen, written faster.

A name typed in the body font and pushed to the right looks like a label. A person signs
larger, leaning further, with less care for the baseline, and often ends in a stroke
under the name. ``signature_hand`` gives the pen that hand; ``flourish`` the stroke,
computed from where the name's glyphs actually landed and kept inside the card's safe
area.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import get_font
from relbook.printing.handwriting import Hand, Stroke
from relbook.printing.sheets import Rect

SIZE = 1.35  # a signature is written larger than the note, relative to its body size
LEAN = 0.14  # extra slant (tan) for an upright hand; a slanted hand leans a little more
MARGIN = 0.65  # of the stroke width: room the outline needs around its centre line


def signature_hand(font: str, variation: float) -> Hand:
    """The pen for the signature: never type-perfect, leaning more than the note."""
    info = get_font(font)
    lean = max(0.04, LEAN - info.slant_tan * 0.5)
    return Hand(max(variation, 0.35), info.connected, lean)


@dataclass(frozen=True, slots=True)
class Flourish:
    """A cubic Bézier stroke under the name, in card coordinates (points)."""

    points: tuple[tuple[float, float], ...]  # start, control 1, control 2, end
    width: float

    def inside(self, area: Rect) -> bool:
        """True if the filled outline lies in ``area`` (its control points do, and a
        Bézier curve stays within its control polygon)."""
        return all(area.x <= x <= area.right and area.y <= y <= area.top for x, y in _outline(self))


def flourish(
    line: Stroke, size: float, font: str, rng: random.Random, area: Rect
) -> Flourish | None:
    """A gentle stroke under the last written line of the name (its baseline ``line``,
    written at ``size`` points in ``font``), or None if there is no room."""
    info = get_font(font)
    x0, x1 = line.x0, line.x1
    if x1 - x0 < size * 0.5:
        return None
    base_y = min(line.y0, line.y1)
    width = max(0.6, 0.1 * info.x_ratio * size)  # at its thickest
    drop = 0.22 * info.x_ratio * size
    # Start under the first letters, dip a little, rise past the last letter.
    r = rng.random
    y_start = base_y - drop
    pts = [
        (x0 + (x1 - x0) * (0.05 + 0.1 * r()), y_start - drop * (0.2 + 0.3 * r())),
        (x0 + (x1 - x0) * (0.35 + 0.1 * r()), y_start - drop * (1.0 + 0.5 * r())),
        (x0 + (x1 - x0) * (0.75 + 0.1 * r()), y_start - drop * (0.6 + 0.4 * r())),
        (x1 + (x1 - x0) * (0.02 + 0.06 * r()), y_start + drop * (0.3 + 0.5 * r())),
    ]
    half = MARGIN * width  # the outline swells past half the width at the middle
    lo_x, hi_x = area.x + half, area.right - half
    lo_y, hi_y = area.y + half, area.top - half
    if hi_x <= lo_x or hi_y <= lo_y:
        return None
    clamped = tuple((min(max(x, lo_x), hi_x), min(max(y, lo_y), hi_y)) for x, y in pts)
    if clamped[-1][0] - clamped[0][0] < 0.5 * (x1 - x0):
        return None  # squeezed against the edge: better no stroke than a stub
    return Flourish(clamped, width)


def _outline(stroke: Flourish) -> list[tuple[float, float]]:
    """The stroke's outline as two cubic Béziers: its centre line pushed out to each
    side, by a little at the ends and by the full half width in the middle (a pen that
    swells as it moves and lifts off at the end)."""
    p0, p1, p2, p3 = stroke.points
    half = stroke.width / 2

    def normal(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = math.hypot(dx, dy) or 1.0
        return -dy / n, dx / n

    ends = (normal(p0, p1), normal(p0, p3), normal(p0, p3), normal(p2, p3))
    widths = (0.2 * half, 1.25 * half, 1.25 * half, 0.15 * half)
    moves = list(zip(stroke.points, ends, widths, strict=True))
    left = [(p[0] + n[0] * w, p[1] + n[1] * w) for p, n, w in moves]
    right = [(p[0] - n[0] * w, p[1] - n[1] * w) for p, n, w in moves]
    return left + right[::-1]


def draw_flourish(canvas: Canvas, stroke: Flourish, color: tuple[float, float, float]) -> None:
    """Fill it as a pen stroke that swells in the middle and thins at both ends (a line
    of one width looks ruled). Written as PDF operators: a ReportLab path object costs
    more than the rest of the card."""
    (a, b, c, d, e, f, g, h) = _outline(stroke)
    pts = " ".join
    ops = (
        f"q {color[0]:.3f} {color[1]:.3f} {color[2]:.3f} rg "
        f"{a[0]:.2f} {a[1]:.2f} m "
        f"{pts(f'{x:.2f} {y:.2f}' for x, y in (b, c, d))} c "
        f"{e[0]:.2f} {e[1]:.2f} l "
        f"{pts(f'{x:.2f} {y:.2f}' for x, y in (f, g, h))} c h f Q"
    )
    canvas.addLiteral(ops)
