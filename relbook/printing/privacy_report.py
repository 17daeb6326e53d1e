"""The readable PDF answer to an access request: everything the shop holds about one
person, in plain sections and tables. Plain data in, PDF bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from relbook.printing import pdfcanvas
from relbook.printing.fonts import FALLBACK_FONT, get_font

#: longest cell text printed in a table (the JSON export holds everything in full)
MAX_CELL = 600


@dataclass(slots=True)
class Section:
    title: str
    #: (label, value) pairs, shown as a two-column list
    fields: list[tuple[str, str]] = field(default_factory=list)
    #: or a table: headers and rows
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty_text: str = "Nothing recorded."


@dataclass(slots=True)
class PrivacyReport:
    shop_name: str
    person_name: str
    generated: str  # when, as shown
    sections: list[Section]
    closing: str = ""


def _styles() -> dict[str, ParagraphStyle]:
    get_font(FALLBACK_FONT)
    base = ParagraphStyle("base", fontName=FALLBACK_FONT, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=23, spaceAfter=4),
        "sub": ParagraphStyle("sub", parent=base, textColor=colors.HexColor("#555555")),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#1f3a4d"),
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle(
            "head", parent=base, fontSize=8.5, leading=10.5, textColor=colors.HexColor("#1f3a4d")
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    clipped = text if len(text) <= MAX_CELL else text[:MAX_CELL] + " …"
    return Paragraph(escape(clipped).replace("\n", "<br/>"), style)


def render(report: PrivacyReport) -> bytes:
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Personal data held about {report.person_name}",
        author=report.shop_name,
    )
    width = A4[0] - 36 * mm
    story: list = [
        _p(f"Personal data held about {report.person_name}", st["title"]),
        _p(f"{report.shop_name} · prepared {report.generated}", st["sub"]),
        Spacer(1, 4 * mm),
    ]
    grid = TableStyle(
        [
            # every cell is a Paragraph, but a Table sets its cell font (Helvetica unless
            # told) before drawing one: that named an unembedded font in the PDF
            ("FONTNAME", (0, 0), (-1, -1), FALLBACK_FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7dd")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    for section in report.sections:
        story.append(_p(section.title, st["h2"]))
        if section.fields:
            data = [[_p(k, st["head"]), _p(v, st["cell"])] for k, v in section.fields]
            table = Table(data, colWidths=[width * 0.28, width * 0.72])
            table.setStyle(grid)
            story.append(table)
        elif section.rows:
            n = len(section.headers)
            data = [[_p(h, st["head"]) for h in section.headers]]
            data += [[_p(c, st["cell"]) for c in row[:n]] for row in section.rows]
            table = Table(data, colWidths=[width / n] * n, repeatRows=1)
            table.setStyle(grid)
            table.setStyle(
                TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f5"))])
            )
            story.append(table)
        else:
            story.append(_p(section.empty_text, st["sub"]))
    if report.closing:
        story += [Spacer(1, 6 * mm), _p(report.closing, st["sub"])]

    def footer(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(FALLBACK_FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"page {doc_.page}")
        canvas.drawString(18 * mm, 10 * mm, f"{report.shop_name} · {report.person_name}")
        canvas.restoreState()

    doc.build(
        story,
        onFirstPage=footer,
        onLaterPages=footer,
        canvasmaker=pdfcanvas.SelfContainedCanvas,
    )
    return buffer.getvalue()
