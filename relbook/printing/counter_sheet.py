"""The daily counter sheet: one calm page for the staff at the till.

Today's birthdays (the customers' and their families'), regulars likely to come in today,
the people due for a touch, and a few talking points, with ruled space for notes. Plain
data in, PDF bytes out; knows no database and no Qt. Everything stays on one page: a
section that would overflow ends with a clear "… and N more" line instead of being cut.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import fonts, sheets

INK = Color(0.16, 0.18, 0.2)
SOFT = Color(0.42, 0.46, 0.5)
RULE = Color(0.8, 0.82, 0.85)
ACCENT = Color(0.25, 0.45, 0.42)
MARGIN = 16 * mm
GAP = 10 * mm
NAME_SIZE = 10.5
DETAIL_SIZE = 8.5
HEAD_SIZE = 11.5
NOTES_HEIGHT = 48 * mm


@dataclass(frozen=True, slots=True)
class SheetLine:
    name: str
    detail: str = ""


@dataclass(slots=True)
class CounterSheetData:
    shop_name: str
    day: dt.date
    birthdays: list[SheetLine] = field(default_factory=list)
    coming_up: list[SheetLine] = field(default_factory=list)  # the rest of the week
    regulars: list[SheetLine] = field(default_factory=list)
    touches: list[SheetLine] = field(default_factory=list)
    talking_points: list[SheetLine] = field(default_factory=list)
    paper: str = "a4"  # "a4" | "letter"


def render_counter_sheet(data: CounterSheetData) -> bytes:
    """One page, A4 or Letter, as PDF bytes."""
    size = sheets.size_named(data.paper)
    font = fonts.get_font(fonts.FALLBACK_FONT).name
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size.pagesize, pageCompression=1)
    canvas.setTitle(f"Counter sheet {data.day.isoformat()}")
    canvas.setAuthor(data.shop_name)
    width, height = size.pagesize
    top = _header(canvas, data, font, width, height)
    bottom = MARGIN + NOTES_HEIGHT + 6 * mm
    col_w = (width - 2 * MARGIN - GAP) / 2
    left = [
        ("Birthdays today", data.birthdays, "No birthdays today."),
        ("Coming up this week", data.coming_up, "Nothing this week."),
    ]
    right = [
        ("Regulars likely in today", data.regulars, "No weekday regulars yet."),
        ("Talking points", data.talking_points, "No personal details noted yet."),
    ]
    touches = ("Due for a touch", data.touches, "Nobody is due. Well done.")
    # the touch list, often the longest, goes under whichever column is shorter
    shorter = left if _lines(left) <= _lines(right) else right
    shorter.append(touches)
    for x, column in ((MARGIN, left), (MARGIN + col_w + GAP, right)):
        _column(canvas, column, font, x, top, bottom, col_w)
    _notes(canvas, font, width, MARGIN + NOTES_HEIGHT)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _lines(sections: list[tuple[str, list[SheetLine], str]]) -> int:
    return sum(1 + max(1, len(lines)) for _, lines, _ in sections)


def _header(
    canvas: Canvas, data: CounterSheetData, font: str, width: float, height: float
) -> float:
    y = height - MARGIN - 16
    canvas.setFillColor(INK)
    canvas.setFont(font, 18)
    canvas.drawString(MARGIN, y, f"{data.day:%A} {data.day.day} {data.day:%B %Y}")
    canvas.setFillColor(SOFT)
    canvas.setFont(font, 10)
    canvas.drawRightString(width - MARGIN, y + 3, _fit(data.shop_name, font, 10, width / 3))
    y -= 9
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y, width - MARGIN, y)
    return y - 9 * mm


def _column(
    canvas: Canvas,
    sections: list[tuple[str, list[SheetLine], str]],
    font: str,
    x: float,
    top: float,
    bottom: float,
    width: float,
) -> None:
    y = top
    remaining = len(sections)
    for title, lines, empty in sections:
        # share what is left fairly: later sections keep room for their heading and 2 lines
        reserve = (remaining - 1) * (HEAD_SIZE + 2 * (NAME_SIZE + 4) + 8 * mm)
        limit = bottom + reserve
        y = _section(canvas, title, lines, empty, font, x, y, limit, width)
        y -= 7 * mm
        remaining -= 1


def _entry_height(line: SheetLine, font: str, width: float) -> tuple[float, list[str], list[str]]:
    names = _clip(simpleSplit(line.name, font, NAME_SIZE, width - 8), 2)
    details = _clip(simpleSplit(line.detail, font, DETAIL_SIZE, width - 8), 2)
    h = len(names) * (NAME_SIZE + 2.5) + len(details) * (DETAIL_SIZE + 2.5) + 4
    return h, names, details


def _section(
    canvas: Canvas,
    title: str,
    lines: list[SheetLine],
    empty: str,
    font: str,
    x: float,
    y: float,
    limit: float,
    width: float,
) -> float:
    canvas.setFillColor(ACCENT)
    canvas.setFont(font, HEAD_SIZE)
    count = f"  ({len(lines)})" if lines else ""
    canvas.drawString(x, y, title.upper() + count)
    y -= 4
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(x, y, x + width, y)
    y -= NAME_SIZE + 4
    if not lines:
        canvas.setFillColor(SOFT)
        canvas.setFont(font, DETAIL_SIZE + 0.5)
        canvas.drawString(x, y, empty)
        return y - 4
    more_h = DETAIL_SIZE + 6
    for i, line in enumerate(lines):
        h, names, details = _entry_height(line, font, width)
        left_after = len(lines) - i - 1
        if y - h < limit + (more_h if left_after else 0):
            canvas.setFillColor(SOFT)
            canvas.setFont(font, DETAIL_SIZE + 0.5)
            canvas.drawString(x, y, f"… and {len(lines) - i} more (see relbook)")
            return y - 4
        canvas.setFillColor(ACCENT)
        canvas.circle(x + 2, y + 3.2, 1.3, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(font, NAME_SIZE)
        for text in names:
            canvas.drawString(x + 8, y, text)
            y -= NAME_SIZE + 2.5
        canvas.setFillColor(SOFT)
        canvas.setFont(font, DETAIL_SIZE)
        for text in details:
            canvas.drawString(x + 8, y + 1, text)
            y -= DETAIL_SIZE + 2.5
        y -= 4
    return y + NAME_SIZE


def _clip(lines: list[str], keep: int) -> list[str]:
    """At most ``keep`` lines; a shortened text ends in "…" so nothing vanishes quietly."""
    if len(lines) <= keep:
        return lines
    return [*lines[: keep - 1], lines[keep - 1].rstrip() + " …"]


def _notes(canvas: Canvas, font: str, width: float, top: float) -> None:
    canvas.setFillColor(ACCENT)
    canvas.setFont(font, HEAD_SIZE)
    canvas.drawString(MARGIN, top, "NOTES FOR THE OWNER")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    y = top - 4
    canvas.line(MARGIN, y, width - MARGIN, y)
    y -= 9 * mm
    while y > MARGIN:
        canvas.line(MARGIN, y, width - MARGIN, y)
        y -= 9 * mm


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
