"""Card stock for notes: the sizes, the writable face, margins, and several cards to a
sheet with cut marks.

Plain geometry shared by the note layout (``notecards``) and the calibration page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import sheets


@dataclass(frozen=True, slots=True)
class CardSize:
    """A card stock: page size, and where on it the writing goes (``panel``)."""

    key: str
    label: str
    width: float
    height: float
    folded: bool = False

    @property
    def panel(self) -> sheets.Rect:
        """The writable face: the whole card, or the right half inside a folded card."""
        if self.folded:
            return sheets.Rect(self.width / 2, 0, self.width / 2, self.height)
        return sheets.Rect(0, 0, self.width, self.height)


CARD_SIZES: dict[str, CardSize] = {
    "a6": CardSize("a6", "A6", 105 * mm, 148 * mm),
    "a7": CardSize("a7", "A7", 74 * mm, 105 * mm),
    "4x6": CardSize("4x6", "4×6 in", 4 * 72, 6 * 72),
    "5x7": CardSize("5x7", "5×7 in", 5 * 72, 7 * 72),
    # An A5 sheet folded to A6; we print its inside, lying landscape, text on the right.
    "a5-folded": CardSize("a5-folded", "folded A5", 210 * mm, 148 * mm, folded=True),
}

SHEETS = {"a4": sheets.A4, "letter": sheets.LETTER}


def card_size(key: str) -> CardSize:
    try:
        return CARD_SIZES[key.strip().lower()]
    except KeyError:
        known = ", ".join(CARD_SIZES)
        raise ValueError(f"Unknown card size {key!r}. Choose one of: {known}.") from None


def margin_for(card: CardSize) -> float:
    """Generous margins: cheap printers, imprecise cutting, and a card looks better."""
    p = card.panel
    return max(8 * mm, 0.09 * min(p.w, p.h))


def nominal_body(card: CardSize) -> float:
    """Height of the writing (geometric mean of x-height and cap height) in points."""
    return max(2.4 * mm, 0.025 * card.panel.h)


def fold_marks(canvas: Canvas, card: CardSize) -> None:
    """Short dashed ticks at the top and bottom of the fold line."""
    x = card.width / 2
    canvas.saveState()
    canvas.setStrokeGray(0.55)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 1.5)
    canvas.line(x, card.height - 7 * mm, x, card.height - 2 * mm)
    canvas.line(x, 2 * mm, x, 7 * mm)
    canvas.restoreState()


def apply_offset(canvas: Canvas, offset_mm: tuple[float, float]) -> None:
    dx, dy = offset_mm
    if dx or dy:
        canvas.translate(dx * mm, -dy * mm)


def _parse_sheet(sheet: str) -> tuple[sheets.Size, int]:
    m = re.fullmatch(r"\s*(a4|letter)[-_ ]?([24])[-_ ]?up\s*", sheet.lower())
    if not m:
        raise ValueError(
            f"Unknown sheet {sheet!r}. Choose one of: a4-2up, a4-4up, letter-2up, letter-4up."
        )
    return SHEETS[m.group(1)], int(m.group(2))


def impose_cards(card: CardSize, sheet: str) -> tuple[sheets.Imposition, bool]:
    """Grid for ``card`` on ``sheet`` ("a4-4up"); True if the cards must be turned 90°.

    Full-size stock such as A6 4-up on A4 only fits edge to edge (no gutter, no border);
    the card margins keep the writing clear of the cut and of the printer's border.
    """
    paper, n = _parse_sheet(sheet)
    upright = sheets.Size(card.label, card.width, card.height)
    turned = sheets.Size(card.label, card.height, card.width)
    for margin, gutter in ((sheets.DEFAULT_MARGIN, sheets.DEFAULT_GUTTER), (0.0, 0.0)):
        for item, rotated in ((upright, False), (turned, True)):
            try:
                return sheets.impose(item, paper, n, margin=margin, gutter=gutter), rotated
            except ValueError:
                continue
    raise ValueError(
        f"{n} {card.label} cards do not fit on one {paper.name} sheet; choose fewer per sheet."
    )


def edge_cut_ticks(canvas: Canvas, layout: sheets.Imposition) -> None:
    """Cut ticks at the sheet edges for edge-to-edge grids, where sheets.py has no room
    for corner marks: a short line at each end of every inner cut line."""
    xs = sorted({round(s.x, 3) for s in layout.slots} | {round(s.right, 3) for s in layout.slots})
    ys = sorted({round(s.y, 3) for s in layout.slots} | {round(s.top, 3) for s in layout.slots})
    w, h = layout.sheet.width, layout.sheet.height
    tick = 5 * mm
    canvas.saveState()
    canvas.setStrokeGray(0.35)
    canvas.setLineWidth(sheets.MARK_WIDTH)
    for x in xs:
        if 1 < x < w - 1:
            canvas.line(x, 0, x, tick)
            canvas.line(x, h - tick, x, h)
    for y in ys:
        if 1 < y < h - 1:
            canvas.line(0, y, tick, y)
            canvas.line(w - tick, y, w, y)
    canvas.restoreState()
