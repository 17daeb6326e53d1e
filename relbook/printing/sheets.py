"""Paper sizes and n-up imposition with cut marks.

Printables (vouchers, loyalty cards, notes) are drawn as items of a fixed size; this module
decides where those items go on a sheet and draws the cut marks a shop owner trims along.
Everything is plain geometry in PDF points (1/72 in, origin bottom-left) so it is testable
without rendering anything.

Typical use::

    layout = impose(CREDIT_CARD, A4, per_sheet=10)
    pdf = render_n_up([draw_card_1, draw_card_2, ...], layout)

Each draw callback is called as ``draw(canvas, x, y, w, h)`` with the item's bottom-left
corner and size; it must stay inside that box.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import pdfcanvas

DrawItem = Callable[[Canvas, float, float, float, float], None]

# Nothing is placed closer than this to the sheet edge by default: most office and cheap
# inkjet printers cannot print the outer 3-5 mm. 4 mm still lets ten credit cards fit on
# Letter (5 x 54 mm = 270 mm of 279.4 mm).
DEFAULT_MARGIN = 4 * mm
DEFAULT_GUTTER = 6 * mm
MARK_OFFSET = 1.5 * mm  # gap between an item's corner and the start of its mark
MARK_LENGTH = 4 * mm
MARK_CLEARANCE = 1 * mm  # marks never come closer than this to any item
MARK_MIN_LENGTH = 1.5 * mm  # shorter leftovers after clipping are dropped
MARK_WIDTH = 0.3  # points: thin but visible after a cheap laser printer


@dataclass(frozen=True)
class Size:
    """A named width x height in points."""

    name: str
    width: float
    height: float

    def landscape(self) -> Size:
        """The same size with the long side horizontal."""
        w, h = max(self.width, self.height), min(self.width, self.height)
        return Size(self.name, w, h)

    def portrait(self) -> Size:
        """The same size with the long side vertical."""
        w, h = min(self.width, self.height), max(self.width, self.height)
        return Size(self.name, w, h)

    @property
    def pagesize(self) -> tuple[float, float]:
        """(width, height) as ReportLab's Canvas expects it."""
        return (self.width, self.height)


def _mm(name: str, w: float, h: float) -> Size:
    return Size(name, w * mm, h * mm)


def _in(name: str, w: float, h: float) -> Size:
    return Size(name, w * inch, h * inch)


# Paper and card stock (portrait unless noted).
A4 = _mm("A4", 210, 297)
A5 = _mm("A5", 148, 210)
A6 = _mm("A6", 105, 148)
A7 = _mm("A7", 74, 105)
LETTER = _in("Letter", 8.5, 11)
DL = _mm("DL", 99, 210)  # one third of A4, the usual gift-voucher and flyer size
POSTCARD_4X6 = _in("4x6 in", 4, 6)
CARD_5X7 = _in("5x7 in", 5, 7)
CREDIT_CARD = _mm("Credit card", 85.6, 54)  # ISO/IEC 7810 ID-1, landscape

# Envelopes (landscape, as they go through a printer's manual feed flap-side up).
ENVELOPE_C6 = _mm("C6 envelope", 162, 114)
ENVELOPE_DL = _mm("DL envelope", 220, 110)
ENVELOPE_10 = _in("#10 envelope", 9.5, 4.125)
ENVELOPE_A7 = _in("A7 envelope", 7.25, 5.25)

SIZES: dict[str, Size] = {
    "a4": A4,
    "a5": A5,
    "a6": A6,
    "a7": A7,
    "letter": LETTER,
    "dl": DL,
    "4x6": POSTCARD_4X6,
    "5x7": CARD_5X7,
    "credit-card": CREDIT_CARD,
    "envelope-c6": ENVELOPE_C6,
    "envelope-dl": ENVELOPE_DL,
    "envelope-10": ENVELOPE_10,
    "envelope-a7": ENVELOPE_A7,
}


def size_named(name: str) -> Size:
    """Look up a size by its short name ("a4", "letter", "4x6", "credit-card", ...)."""
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    try:
        return SIZES[key]
    except KeyError:
        known = ", ".join(sorted(SIZES))
        raise ValueError(f"Unknown paper size {name!r}. Known sizes: {known}.") from None


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box in points, bottom-left origin."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect, eps: float = 1e-6) -> bool:
        """True if the interiors intersect (touching edges do not count)."""
        return (
            self.x < other.right - eps
            and other.x < self.right - eps
            and self.y < other.top - eps
            and other.y < self.top - eps
        )

    def contains(self, other: Rect, eps: float = 1e-6) -> bool:
        return (
            other.x >= self.x - eps
            and other.y >= self.y - eps
            and other.right <= self.right + eps
            and other.top <= self.top + eps
        )


@dataclass(frozen=True)
class Slot(Rect):
    """Where one item goes on a sheet; index counts in reading order (top-left first)."""

    index: int = 0
    row: int = 0
    col: int = 0


@dataclass(frozen=True)
class Segment:
    """A straight cut mark from (x1, y1) to (x2, y2); always horizontal or vertical."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)


@dataclass(frozen=True)
class Imposition:
    """A grid of equal items centred on a sheet."""

    sheet: Size
    item: Size
    cols: int
    rows: int
    gutter_x: float
    gutter_y: float
    slots: tuple[Slot, ...]
    cut_marks: bool = True

    @property
    def per_sheet(self) -> int:
        return len(self.slots)

    def sheets_needed(self, count: int) -> int:
        return max(1, math.ceil(count / self.per_sheet)) if count else 0

    def marks(self, used: int | None = None) -> tuple[Segment, ...]:
        """Cut marks for the first ``used`` slots (all by default)."""
        if not self.cut_marks:
            return ()
        chosen = self.slots if used is None else self.slots[:used]
        return cut_marks(chosen, self.slots, Rect(0, 0, self.sheet.width, self.sheet.height))


def _grid_slots(
    sheet: Size, item: Size, cols: int, rows: int, gx: float, gy: float
) -> tuple[Slot, ...]:
    total_w = cols * item.width + (cols - 1) * gx
    total_h = rows * item.height + (rows - 1) * gy
    x0 = (sheet.width - total_w) / 2
    top = (sheet.height + total_h) / 2
    slots = []
    for r in range(rows):
        for c in range(cols):
            x = x0 + c * (item.width + gx)
            y = top - (r + 1) * item.height - r * gy
            slots.append(Slot(x, y, item.width, item.height, r * cols + c, r, c))
    return tuple(slots)


def _fit_gutter(space: float, item: float, n: int, gutter: float) -> float | None:
    """Largest gutter <= ``gutter`` letting n items fit in ``space``; None if they never fit."""
    free = space - n * item
    if free < -1e-6:
        return None
    if n == 1:
        return 0.0
    return max(0.0, min(gutter, free / (n - 1)))


def impose(
    item: Size,
    sheet: Size,
    per_sheet: int | None = None,
    *,
    gutter: float = DEFAULT_GUTTER,
    margin: float = DEFAULT_MARGIN,
    cut_marks: bool = True,
) -> Imposition:
    """Lay out equal items in a grid centred on the sheet.

    Args:
        item: size of one item (already turned the way it should print).
        sheet: the paper.
        per_sheet: how many items per sheet; ``None`` fits as many as possible with the
            full gutter. With a number, the gutter shrinks (down to 0) if needed to fit.
        gutter: wanted space between neighbouring items; cut marks live there.
        margin: minimum distance from the sheet edge (the printer's unprintable border).
        cut_marks: whether ``Imposition.marks`` returns anything.
    """
    space_w = sheet.width - 2 * margin
    space_h = sheet.height - 2 * margin
    if per_sheet is None:
        cols = max(0, math.floor((space_w + gutter + 1e-6) / (item.width + gutter)))
        rows = max(0, math.floor((space_h + gutter + 1e-6) / (item.height + gutter)))
        if cols * rows == 0:
            raise ValueError(
                f"A {item.name} item does not fit on {sheet.name} paper "
                f"with a {margin / mm:.0f} mm margin."
            )
        gx = _fit_gutter(space_w, item.width, cols, gutter) or 0.0
        gy = _fit_gutter(space_h, item.height, rows, gutter) or 0.0
        return Imposition(
            sheet, item, cols, rows, gx, gy, _grid_slots(sheet, item, cols, rows, gx, gy), cut_marks
        )
    if per_sheet < 1:
        raise ValueError("Items per sheet must be at least 1.")
    best: tuple[float, int, int, float, float] | None = None
    for cols in range(1, per_sheet + 1):
        if per_sheet % cols:
            continue
        rows = per_sheet // cols
        gx = _fit_gutter(space_w, item.width, cols, gutter)
        gy = _fit_gutter(space_h, item.height, rows, gutter)
        if gx is None or gy is None:
            continue
        # Prefer the grid that leaves the roomiest gutters (easier, safer cutting).
        score = min(gx if cols > 1 else gutter, gy if rows > 1 else gutter)
        if best is None or score > best[0]:
            best = (score, cols, rows, gx, gy)
    if best is None:
        raise ValueError(
            f"{per_sheet} items of {item.name} size do not fit on {sheet.name} paper "
            f"with a {margin / mm:.0f} mm margin."
        )
    _, cols, rows, gx, gy = best
    return Imposition(
        sheet, item, cols, rows, gx, gy, _grid_slots(sheet, item, cols, rows, gx, gy), cut_marks
    )


def one_per_page(item: Size) -> Imposition:
    """The item is the page (cut stock such as A6 card or DL): one slot, no marks."""
    slot = Slot(0.0, 0.0, item.width, item.height, 0, 0, 0)
    return Imposition(item, item, 1, 1, 0.0, 0.0, (slot,), cut_marks=False)


def _clip_interval(lo: float, hi: float, cut_lo: float, cut_hi: float) -> list[tuple[float, float]]:
    """[lo, hi] minus the open interval (cut_lo, cut_hi)."""
    if cut_hi <= lo or cut_lo >= hi:
        return [(lo, hi)]
    parts = []
    if cut_lo > lo:
        parts.append((lo, cut_lo))
    if cut_hi < hi:
        parts.append((cut_hi, hi))
    return parts


def _clip_segment(seg: Segment, keep_out: Iterable[Rect], bounds: Rect) -> list[Segment]:
    horizontal = seg.y1 == seg.y2
    if horizontal:
        pieces = [(min(seg.x1, seg.x2), max(seg.x1, seg.x2))]
        fixed = seg.y1
    else:
        pieces = [(min(seg.y1, seg.y2), max(seg.y1, seg.y2))]
        fixed = seg.x1
    for r in keep_out:
        if horizontal:
            if not (r.y < fixed < r.top):
                continue
            lo_cut, hi_cut = r.x, r.right
        else:
            if not (r.x < fixed < r.right):
                continue
            lo_cut, hi_cut = r.y, r.top
        pieces = [p for lo, hi in pieces for p in _clip_interval(lo, hi, lo_cut, hi_cut)]
    out = []
    for lo, hi in pieces:
        if horizontal:
            lo, hi = max(lo, bounds.x), min(hi, bounds.right)
            if hi - lo >= MARK_MIN_LENGTH:
                out.append(Segment(lo, fixed, hi, fixed))
        else:
            lo, hi = max(lo, bounds.y), min(hi, bounds.top)
            if hi - lo >= MARK_MIN_LENGTH:
                out.append(Segment(fixed, lo, fixed, hi))
    return out


def cut_marks(
    items: Sequence[Rect],
    all_items: Sequence[Rect] | None = None,
    bounds: Rect | None = None,
    *,
    offset: float = MARK_OFFSET,
    length: float = MARK_LENGTH,
    clearance: float = MARK_CLEARANCE,
) -> tuple[Segment, ...]:
    """Short lines continuing each item's edges beyond its corners.

    Marks start ``offset`` away from the corner, are at most ``length`` long, and are
    clipped so they stay ``clearance`` away from every item in ``all_items`` and inside
    ``bounds``. A mark therefore never prints over an item, even with zero gutters.
    """
    all_items = items if all_items is None else all_items
    keep_out = [
        Rect(r.x - clearance, r.y - clearance, r.w + 2 * clearance, r.h + 2 * clearance)
        for r in all_items
    ]
    bounds = bounds or Rect(-1e9, -1e9, 2e9, 2e9)
    seen: set[tuple[float, float, float, float]] = set()
    out: list[Segment] = []
    a, b = offset, offset + length
    for r in items:
        candidates = []
        for cx, sx in ((r.x, -1), (r.right, 1)):
            for cy, sy in ((r.y, -1), (r.top, 1)):
                candidates.append(Segment(cx + sx * a, cy, cx + sx * b, cy))  # along the edge
                candidates.append(Segment(cx, cy + sy * a, cx, cy + sy * b))
        for cand in candidates:
            for seg in _clip_segment(cand, keep_out, bounds):
                key = tuple(round(v, 3) for v in (seg.x1, seg.y1, seg.x2, seg.y2))
                if key not in seen:
                    seen.add(key)
                    out.append(seg)
    return tuple(out)


def draw_cut_marks(canvas: Canvas, marks: Iterable[Segment]) -> None:
    """Stroke cut marks in thin grey (black would show on a slightly mis-cut edge)."""
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setStrokeGray(0.35)
    canvas.lines([(m.x1, m.y1, m.x2, m.y2) for m in marks])
    canvas.restoreState()


def place_n_up(
    canvas: Canvas,
    draws: Sequence[DrawItem],
    layout: Imposition,
    *,
    offset: tuple[float, float] = (0.0, 0.0),
) -> int:
    """Draw every item n-up across as many pages as needed; returns the number of pages.

    The canvas's page size is set to the sheet; each page is finished with ``showPage``.
    Each callback runs inside its own saveState/restoreState. ``offset`` (points, right
    and up) shifts the whole page: the calibration for a printer that prints off-centre.
    """
    pages = 0
    n = layout.per_sheet
    full_marks = layout.marks()
    for start in range(0, len(draws), n):
        chunk = draws[start : start + n]
        canvas.setPageSize(layout.sheet.pagesize)
        canvas.saveState()
        canvas.translate(*offset)
        for draw, slot in zip(chunk, layout.slots, strict=False):
            canvas.saveState()
            draw(canvas, slot.x, slot.y, slot.w, slot.h)
            canvas.restoreState()
        if layout.cut_marks:
            draw_cut_marks(canvas, full_marks if len(chunk) == n else layout.marks(len(chunk)))
        canvas.restoreState()
        canvas.showPage()
        pages += 1
    return pages


def render_n_up(
    draws: Sequence[DrawItem],
    layout: Imposition,
    *,
    title: str = "",
    offset: tuple[float, float] = (0.0, 0.0),
    canvas_factory: Callable[[io.BytesIO, Size], Canvas] | None = None,
) -> bytes:
    """Render callbacks n-up into a new PDF and return its bytes (see :func:`place_n_up`)."""
    if not draws:
        raise ValueError("Nothing to print: the list of items is empty.")
    buf = io.BytesIO()
    if canvas_factory is not None:
        canvas = canvas_factory(buf, layout.sheet)
    else:
        canvas = pdfcanvas.new_canvas(buf, layout.sheet.pagesize, title or "relbook")
    if title:
        canvas.setTitle(title)
    canvas.setCreator("relbook")
    place_n_up(canvas, draws, layout, offset=offset)
    canvas.save()
    return buf.getvalue()
