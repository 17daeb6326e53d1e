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
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import get_font
from relbook.printing.handwriting import Glyph, Hand, glyph_box
from relbook.printing.sheets import Rect

SIZE = 1.35  # a signature is written larger than the note, relative to its body size
LEAN = 0.14  # extra slant (tan) for an upright hand; a slanted hand leans a little more


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
        """True if the stroke (its control polygon, which contains the curve, widened by
        half the pen) lies in ``area``."""
        half = self.width / 2
        return all(
            area.x + half <= x <= area.right - half and area.y + half <= y <= area.top - half
            for x, y in self.points
        )


def flourish(glyphs: Sequence[Glyph], rng: random.Random, area: Rect) -> Flourish | None:
    """A gentle stroke under the last line of the name, or None if there is no room."""
    last = [g for g in glyphs if g.char.strip()]
    if len(last) < 2:
        return None
    base_y = min(g.y for g in last[-len(last) :])
    size = max(g.size for g in last)
    info = get_font(last[0].font)
    boxes = [glyph_box(g) for g in last]
    x0 = min(b.x0 for b in boxes)
    x1 = max(b.x1 for b in boxes)
    ink_low = min(b.y0 for b in boxes)
    width = max(0.6, 0.1 * info.x_ratio * size)  # at its thickest
    drop = 0.22 * info.x_ratio * size
    # Start under the first letters, dip a little, rise past the last letter.
    r = rng.random
    y_start = min(base_y - drop, ink_low + drop * 0.3)
    pts = [
        (x0 + (x1 - x0) * (0.05 + 0.1 * r()), y_start - drop * (0.2 + 0.3 * r())),
        (x0 + (x1 - x0) * (0.35 + 0.1 * r()), y_start - drop * (1.0 + 0.5 * r())),
        (x0 + (x1 - x0) * (0.75 + 0.1 * r()), y_start - drop * (0.6 + 0.4 * r())),
        (x1 + (x1 - x0) * (0.02 + 0.06 * r()), y_start + drop * (0.3 + 0.5 * r())),
    ]
    half = width / 2
    lo_x, hi_x = area.x + half, area.right - half
    lo_y, hi_y = area.y + half, area.top - half
    if hi_x <= lo_x or hi_y <= lo_y:
        return None
    clamped = tuple((min(max(x, lo_x), hi_x), min(max(y, lo_y), hi_y)) for x, y in pts)
    if clamped[-1][0] - clamped[0][0] < 0.5 * (x1 - x0):
        return None  # squeezed against the edge: better no stroke than a stub
    return Flourish(clamped, width)


def _bezier(pts: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = pts
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * ax + b * bx + c * cx + d * dx, a * ay + b * by + c * cy + d * dy


STEPS = 28


def draw_flourish(canvas: Canvas, stroke: Flourish, color: tuple[float, float, float]) -> None:
    """Fill it as a pen stroke that swells in the middle and thins at both ends (a line
    of one width looks ruled)."""
    pts = [_bezier(stroke.points, i / STEPS) for i in range(STEPS + 1)]
    left: list[tuple[float, float]] = []
    right: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(pts):
        px, py = pts[max(0, i - 1)]
        nx, ny = pts[min(STEPS, i + 1)]
        tx, ty = nx - px, ny - py
        norm = math.hypot(tx, ty) or 1.0
        t = i / STEPS
        half = stroke.width / 2 * (0.25 + 0.75 * math.sin(math.pi * t) ** 0.6)
        ox, oy = -ty / norm * half, tx / norm * half
        left.append((x + ox, y + oy))
        right.append((x - ox, y - oy))
    canvas.saveState()
    canvas.setFillColorRGB(*color)
    path = canvas.beginPath()
    path.moveTo(*left[0])
    for p in left[1:] + right[::-1]:
        path.lineTo(*p)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
