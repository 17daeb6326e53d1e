"""Letters as relbook prints them, one per cell, rendered back to pixels.

Each letter is written by the real pen (outlines, composed letters, the pen's stroke) at
variation 0, with its baseline at a known row, so a test can look at where its marks
sit, how they are shaped and what the letter resembles.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from random import Random

from PIL import Image

from relbook.printing.fonts import get_font
from relbook.printing.handwriting import INKS, Hand
from relbook.printing.pdfcanvas import new_canvas
from relbook.printing.pen import Pen
from tests.printing.raster import ink, render

DPI = 300
X_HEIGHT_PX = 56  # every hand is written so its x-height is this tall
CELL = 8.0  # cell side, in x-heights (Ecolier's capitals with two marks, and
# its descenders with a dot below, fit)
PER_ROW = 12


@dataclass
class Cell:
    """One letter: its 1-bit image, where its baseline and x-height lie (rows), the
    hand's cap height (rows above the baseline) and lean (tan)."""

    image: Image.Image
    baseline: int
    x_height: int
    cap_height: int
    slant: float


def write_letters(font: str, letters: str, variation: float = 0.0) -> dict[str, Cell]:
    info = get_font(font)
    k = 72 / DPI  # points per pixel
    size = X_HEIGHT_PX * k / info.x_ratio
    cell = CELL * X_HEIGHT_PX * k
    rows = -(-len(letters) // PER_ROW)
    width, height = PER_ROW * cell, rows * cell
    buf = io.BytesIO()
    canvas = new_canvas(buf, (width, height), "letters")
    pen = Pen(canvas)
    hand = Hand(variation, info.connected)
    for i, ch in enumerate(letters):
        x = (i % PER_ROW) * cell + 1.0 * X_HEIGHT_PX * k
        y = height - (i // PER_ROW) * cell - 5.0 * X_HEIGHT_PX * k
        pen.write([ch], font, size, x, y, size, hand, Random(i), INKS["black"])
    canvas.showPage()
    canvas.save()
    page = ink(render(buf.getvalue(), DPI))
    side = round(cell / k)
    out = {}
    for i, ch in enumerate(letters):
        x0, y0 = (i % PER_ROW) * side, (i // PER_ROW) * side
        out[ch] = Cell(
            page.crop((x0, y0, x0 + side, y0 + side)),
            baseline=round(5.0 * X_HEIGHT_PX),
            x_height=X_HEIGHT_PX,
            cap_height=round(X_HEIGHT_PX * info.cap_ratio / info.x_ratio),
            slant=info.slant_tan,
        )
    return out
