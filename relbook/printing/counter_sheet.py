"""The daily counter sheet: one calm page to pin by the till.

Today's birthdays (the customers' and their families'), the rest of the week, regulars
likely to come in today, the people due for a touch — each person with a tick box and,
where the shop noted some, a talking point right under their name — and ruled space for
notes. Plain data in, PDF bytes out; knows no database and no Qt. Everything stays on one
page: a section that would overflow ends with a clear "… and N more" line instead of
being cut.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import fonts, pdfcanvas, sheets

INK = Color(0.13, 0.16, 0.18)
SOFT = Color(0.40, 0.44, 0.47)
RULE = Color(0.80, 0.82, 0.84)
ACCENT = Color(0.18, 0.44, 0.37)
TALK = Color(0.47, 0.33, 0.10)  # warm brown: what to talk about
MARGIN = 15 * mm
GAP = 9 * mm
NAME_SIZE = 10.5
DETAIL_SIZE = 8.5
HEAD_SIZE = 10.5
LINE_GAP = 2.4
ENTRY_GAP = 4.5
NOTES_HEIGHT = 38 * mm
BOX = 6.4  # tick box side


@dataclass(frozen=True, slots=True)
class SheetLine:
    """One person on the sheet: ``name`` in ink, ``aside`` small on the right of it,
    ``detail`` muted below, ``note`` (a talking point) in brown below that."""

    name: str
    detail: str = ""
    note: str = ""
    aside: str = ""


@dataclass(slots=True)
class CounterSheetData:
    shop_name: str
    day: dt.date
    birthdays: list[SheetLine] = field(default_factory=list)
    coming_up: list[SheetLine] = field(default_factory=list)  # the rest of the week
    regulars: list[SheetLine] = field(default_factory=list)
    touches: list[SheetLine] = field(default_factory=list)
    paper: str = "a4"  # "a4" | "letter"
    #: the day as the shop writes it ("Tuesday, November 24, 2026"); "" for an English form
    heading: str = ""
    #: how many a list has in all when it holds only the first of them ("birthdays": 416)
    totals: dict[str, int] = field(default_factory=dict)

    def total(self, name: str) -> int:
        """How many people the list ``name`` ("birthdays", "touches", …) has in all."""
        return max(self.totals.get(name, 0), len(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    lines: list[SheetLine]
    empty: str
    boxes: bool = True  # tick boxes (people to act on) or small dots (just to know)
    total: int = 0  # how many in all (``lines`` may be the first of them)


def render_counter_sheet(data: CounterSheetData) -> bytes:
    """One page, A4 or Letter, as PDF bytes."""
    size = sheets.size_named(data.paper)
    font = fonts.get_font(fonts.FALLBACK_FONT).name
    buf = io.BytesIO()
    canvas = pdfcanvas.new_canvas(buf, size.pagesize, f"Counter sheet {data.day.isoformat()}")
    canvas.setAuthor(data.shop_name)
    width, height = size.pagesize
    top = _header(canvas, data, font, width, height)
    bottom = MARGIN + NOTES_HEIGHT + 8 * mm
    col_w = (width - 2 * MARGIN - GAP) / 2
    # what to act on comes first; "coming up" (just to know) goes where there is room
    birthdays = _Section(
        "Birthdays today", data.birthdays, "No birthdays today.", total=data.total("birthdays")
    )
    touches = _Section(
        "Due for a touch", data.touches, "Nobody is due. Well done.", total=data.total("touches")
    )
    coming = _Section(
        "Coming up this week",
        data.coming_up,
        "Nothing else this week.",
        boxes=False,
        total=data.total("coming_up"),
    )
    regulars = _Section(
        "Regulars likely in today",
        data.regulars,
        "No weekday regulars yet.",
        total=data.total("regulars"),
    )
    left, right = [birthdays, touches], [regulars]
    lh, rh, ch = (_height(c, font, col_w) for c in (left, right, [coming]))
    (left if max(lh + ch, rh) <= max(lh, rh + ch) else right).append(coming)
    ends = [_column(canvas, column, font, x, top, bottom, col_w)
            for x, column in ((MARGIN, left), (MARGIN + col_w + GAP, right))]  # fmt: skip
    # the notes take whatever room the lists leave (at least NOTES_HEIGHT)
    _notes(canvas, font, width, max(MARGIN + NOTES_HEIGHT, min(ends) - 2 * mm))
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _height(sections: list[_Section], font: str, width: float) -> float:
    total = 0.0
    for s in sections:
        total += HEAD_SIZE + 10 + 7 * mm
        total += sum(_entry(line, font, width)[0] for line in s.lines) or NAME_SIZE
    return total


def _bold(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    """The bundled sans has no bold face: fill and stroke the glyphs a little instead."""
    obj = canvas.beginText(x, y)
    obj.setFont(canvas._fontname, size)
    obj.setTextRenderMode(2)
    canvas.setLineWidth(size * 0.035)
    obj.textOut(text)
    obj.setTextRenderMode(0)  # the mode outlives the text object: back to plain fill
    canvas.drawText(obj)


def _header(
    canvas: Canvas, data: CounterSheetData, font: str, width: float, height: float
) -> float:
    y = height - MARGIN - 18
    canvas.setFillColor(INK)
    canvas.setStrokeColor(INK)
    canvas.setFont(font, 20)
    heading = data.heading or f"{data.day:%A} {data.day.day} {data.day:%B %Y}"
    _bold(canvas, MARGIN, y, heading, 20)
    canvas.setFillColor(SOFT)
    canvas.setFont(font, 10)
    canvas.drawRightString(width - MARGIN, y + 4, _fit(data.shop_name, font, 10, width / 3))
    y -= 15
    canvas.setFont(font, 9.5)
    canvas.drawString(MARGIN, y, _summary(data))
    y -= 8
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y, width - MARGIN, y)
    return y - 8 * mm


def _summary(data: CounterSheetData) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    return "  ·  ".join(
        (count(data.total("birthdays"), "birthday today", "birthdays today"),
         count(data.total("regulars"), "regular likely in", "regulars likely in"),
         count(data.total("touches"), "person to get in touch with",
               "people to get in touch with"))
    ) + "  ·  tick ☐ when done"  # fmt: skip


def _column(
    canvas: Canvas,
    sections: list[_Section],
    font: str,
    x: float,
    top: float,
    bottom: float,
    width: float,
) -> float:
    """Draw the sections one under the other; returns where the column ended."""
    y = top
    remaining = len(sections)
    for section in sections:
        # share what is left fairly: later sections keep room for their heading and 2 lines
        reserve = (remaining - 1) * (HEAD_SIZE + 2 * (NAME_SIZE + 6) + 8 * mm)
        y = _section(canvas, section, font, x, y, bottom + reserve, width)
        y -= 7 * mm
        remaining -= 1
    return y


def _entry(
    line: SheetLine, font: str, width: float
) -> tuple[float, list[str], list[str], list[str]]:
    text_w = width - 12
    aside_w = stringWidth(line.aside, font, DETAIL_SIZE) + 6 if line.aside else 0
    names = _clip(simpleSplit(line.name, font, NAME_SIZE, text_w - aside_w), 2)
    details = _clip(simpleSplit(line.detail, font, DETAIL_SIZE, text_w), 2)
    notes = _clip(simpleSplit(line.note, font, DETAIL_SIZE, text_w), 2)
    h = len(names) * (NAME_SIZE + LINE_GAP) + (len(details) + len(notes)) * (DETAIL_SIZE + LINE_GAP)
    return h + ENTRY_GAP, names, details, notes


def _section(
    canvas: Canvas,
    section: _Section,
    font: str,
    x: float,
    y: float,
    limit: float,
    width: float,
) -> float:
    lines = section.lines
    total = max(section.total, len(lines))
    canvas.setFillColor(ACCENT)
    canvas.setStrokeColor(ACCENT)
    canvas.setFont(font, HEAD_SIZE)
    count = f"  ({total})" if lines else ""
    _bold(canvas, x, y, section.title.upper() + count, HEAD_SIZE)
    y -= 4
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(x, y, x + width, y)
    y -= NAME_SIZE + 5
    if not lines:
        canvas.setFillColor(SOFT)
        canvas.setFont(font, DETAIL_SIZE + 0.5)
        canvas.drawString(x, y, section.empty)
        return y - 4
    more_h = DETAIL_SIZE + 6
    for i, line in enumerate(lines):
        h, names, details, notes = _entry(line, font, width)
        left_after = total - i - 1
        if y - h + NAME_SIZE < limit + (more_h if left_after else 0):
            _more(canvas, font, x, y, total - i)
            return y - 4
        _marker(canvas, x, y, section.boxes)
        if line.aside:
            canvas.setFillColor(SOFT)
            canvas.setFont(font, DETAIL_SIZE)
            canvas.drawRightString(x + width, y + 0.5, line.aside)
        canvas.setFillColor(INK)
        canvas.setFont(font, NAME_SIZE)
        for text in names:
            canvas.drawString(x + 12, y, text)
            y -= NAME_SIZE + LINE_GAP
        for colour, texts in ((SOFT, details), (TALK, notes)):
            canvas.setFillColor(colour)
            canvas.setFont(font, DETAIL_SIZE)
            for text in texts:
                canvas.drawString(x + 12, y + 1, text)
                y -= DETAIL_SIZE + LINE_GAP
        y -= ENTRY_GAP
    if total > len(lines):  # everything given fitted, but there are more than were given
        _more(canvas, font, x, y, total - len(lines))
        return y - 4
    return y + NAME_SIZE


def _more(canvas: Canvas, font: str, x: float, y: float, count: int) -> None:
    canvas.setFillColor(SOFT)
    canvas.setFont(font, DETAIL_SIZE + 0.5)
    canvas.drawString(x, y, f"… and {count} more (see relbook)")


def _marker(canvas: Canvas, x: float, y: float, box: bool) -> None:
    if box:
        canvas.setStrokeColor(SOFT)
        canvas.setLineWidth(0.7)
        canvas.rect(x, y - 0.5, BOX, BOX, stroke=1, fill=0)
    else:
        canvas.setFillColor(ACCENT)
        canvas.circle(x + BOX / 2, y + 3.2, 1.4, stroke=0, fill=1)


def _clip(lines: list[str], keep: int) -> list[str]:
    """At most ``keep`` lines; a shortened text ends in "…" so nothing vanishes quietly."""
    if len(lines) <= keep:
        return lines
    return [*lines[: keep - 1], lines[keep - 1].rstrip() + " …"]


def _notes(canvas: Canvas, font: str, width: float, top: float) -> None:
    canvas.setFillColor(ACCENT)
    canvas.setStrokeColor(ACCENT)
    canvas.setFont(font, HEAD_SIZE)
    _bold(canvas, MARGIN, top, "NOTES", HEAD_SIZE)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    y = top - 4
    canvas.line(MARGIN, y, width - MARGIN, y)
    y -= 8 * mm
    while y > MARGIN - 1:
        canvas.line(MARGIN, y, width - MARGIN, y)
        y -= 8 * mm


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
