"""Address labels on the common self-adhesive sheets, starting at any position of a sheet
already partly used.

Each sheet's geometry is the manufacturer's datasheet: page size, the top and left
margin to the first label, the label's size and the pitch (label plus gap) across and
down. Labels are printed in the plain bundled sans, the way a sorting machine reads
best; the lines come ready formatted (``services.mailing.postal``). A label whose
address does not fit even small is left out of the batch, named, and the rest print.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import pdfcanvas
from relbook.printing.batch import BatchPdf, Skipped
from relbook.printing.text_runs import TextRuns, draw_runs, fit_size, fonts, runs

MAX_SIZE = 11.0  # points: a comfortable address
MIN_SIZE = 6.5  # points: still read by a sorting machine and a postman
LEADING = 1.18
PAD = 2.5 * mm  # inside the label: its corners are rounded and die cuts wander


@dataclass(frozen=True, slots=True)
class LabelSheet:
    """A sheet of labels: all lengths in points, the first label's top-left corner at
    (``left``, ``top``) from the page's top-left corner."""

    key: str
    name: str
    page: tuple[float, float]
    cols: int
    rows: int
    label_w: float
    label_h: float
    left: float
    top: float
    pitch_x: float
    pitch_y: float

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    def slot(self, position: int) -> tuple[float, float]:
        """Bottom-left corner of the label at ``position`` (0-based, row by row)."""
        row, col = divmod(position, self.cols)
        x = self.left + col * self.pitch_x
        y = self.page[1] - self.top - row * self.pitch_y - self.label_h
        return x, y


# From the Avery datasheets; other brands sell the same layouts as "L7160 compatible".
# key, columns, rows, label width, height, left margin, top margin, pitch across, down
_A4_MM = (
    ("l7160", 3, 7, 63.5, 38.1, 7.21, 15.15, 66.04, 38.1),
    ("l7162", 2, 8, 99.1, 33.9, 4.65, 12.9, 101.6, 33.9),
    ("l7163", 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
)
_LETTER_IN = (
    ("5160", 3, 10, 2.625, 1.0, 0.1875, 0.5, 2.75, 1.0),
    ("5161", 2, 10, 4.0, 1.0, 0.15625, 0.5, 4.1875, 1.0),
    ("5163", 2, 5, 4.0, 2.0, 0.15625, 0.5, 4.1875, 2.0),
)


def _sheet(row: tuple, page: tuple[float, float], unit: float, paper: str) -> LabelSheet:
    key, cols, rows, *lengths = row
    w, h, left, top, pitch_x, pitch_y = (v * unit for v in lengths)
    size = f"{lengths[0]:g} × {lengths[1]:g} {'mm' if unit == mm else 'in'}"
    name = f"Avery {key.upper()}: {cols * rows} on {paper}, {size}"
    return LabelSheet(key, name, page, cols, rows, w, h, left, top, pitch_x, pitch_y)


SHEETS: dict[str, LabelSheet] = {
    row[0]: _sheet(row, (210 * mm, 297 * mm), mm, "A4") for row in _A4_MM
} | {row[0]: _sheet(row, (8.5 * inch, 11 * inch), inch, "Letter") for row in _LETTER_IN}


def label_sheet(key: str) -> LabelSheet:
    k = key.strip().lower().removeprefix("avery").strip(" -")
    try:
        return SHEETS[k]
    except KeyError:
        raise ValueError(
            f"Unknown label sheet {key!r}. Choose one of: {', '.join(SHEETS)}."
        ) from None


@dataclass(frozen=True, slots=True)
class _Fitted:
    lines: list[TextRuns]
    size: float


def fit_label(lines: Sequence[str], sheet: LabelSheet) -> _Fitted:
    """The address at the largest size that fits the label; ValueError if it does not
    fit even at ``MIN_SIZE`` (too many lines, or a line too long)."""
    plain, _ = fonts()
    kept = [runs(line, plain) for line in lines if line.strip()]
    if not kept:
        raise ValueError("There is no address to print.")
    room_w = sheet.label_w - 2 * PAD
    room_h = sheet.label_h - 2 * PAD
    by_height = room_h / (len(kept) * LEADING)
    size = min(MAX_SIZE, by_height)
    for line in kept:
        fitted = fit_size(line, room_w, size, MIN_SIZE)
        if fitted is None:
            raise ValueError(
                f"The line “{''.join(t for _, _, t in line)}” is too long for a "
                f"{sheet.label_w / mm:.0f} mm label."
            )
        size = min(size, fitted)
    if size < MIN_SIZE:
        raise ValueError(f"The address has {len(kept)} lines, too many for this label.")
    return _Fitted(kept, size)


def _draw(canvas: Canvas, fitted: _Fitted, x: float, y: float, sheet: LabelSheet) -> None:
    """The address block centred up and down, flush left inside the label."""
    step = fitted.size * LEADING
    block = (len(fitted.lines) - 1) * step + fitted.size * 0.75
    baseline = y + sheet.label_h / 2 + block / 2 - fitted.size * 0.75
    canvas.setFillColorRGB(0, 0, 0)
    for line in fitted.lines:
        draw_runs(canvas, line, x + PAD + 1 * mm, baseline, fitted.size)
        baseline -= step


def render_labels(
    addresses: Sequence[Sequence[str]], sheet: str, *, start_at: int = 1, outlines: bool = False
) -> BatchPdf:
    """One label per address, in order, from position ``start_at`` (1 = top left) of the
    first sheet; the labels that cannot print are left out and named (by position in
    ``addresses``). ``outlines`` draws each label's edge (a test print on plain paper)."""
    layout = label_sheet(sheet)
    if not addresses:
        raise ValueError("There are no addresses to print.")
    if not 1 <= start_at <= layout.per_sheet:
        raise ValueError(f"Start at a position from 1 to {layout.per_sheet}.")
    fitted: list[tuple[int, _Fitted]] = []
    skipped: list[Skipped] = []
    for i, lines in enumerate(addresses):
        try:
            fitted.append((i, fit_label(lines, layout)))
        except ValueError as exc:
            skipped.append(Skipped(i, str(exc)))
    if not fitted:
        return BatchPdf(None, [], skipped)
    buf = io.BytesIO()
    canvas = pdfcanvas.new_canvas(buf, layout.page, "Address labels")
    position = start_at - 1
    for n, (_, label) in enumerate(fitted):
        if n and position == 0:
            canvas.showPage()
        x, y = layout.slot(position)
        if outlines:
            _outline(canvas, x, y, layout)
        _draw(canvas, label, x, y, layout)
        position = (position + 1) % layout.per_sheet
    canvas.showPage()
    pdfcanvas.save_canvas(canvas)
    return BatchPdf(buf.getvalue(), [i for i, _ in fitted], skipped)


def _outline(canvas: Canvas, x: float, y: float, sheet: LabelSheet) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.75)
    canvas.setLineWidth(0.3)
    canvas.roundRect(x, y, sheet.label_w, sheet.label_h, 2 * mm, stroke=1, fill=0)
    canvas.restoreState()
