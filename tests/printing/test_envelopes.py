"""Envelopes: addresses read back, order kept, stamp corner and edges clear."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.envelopes import (
    ENVELOPE_SIZES,
    STAMP_H,
    STAMP_W,
    EnvelopeSpec,
    draw_envelope,
    plan_envelope,
    render_envelopes,
)
from relbook.printing.handwriting import glyph_box
from relbook.printing.notecards import DoesNotFit
from relbook.printing.pen import Pen

RETURN = ["Bakery Rosa", "12 Mill Street", "Portland, OR 97201"]
PEOPLE = [
    ["Łukasz Nowak", "ul. Długa 5", "00-238 Warszawa", "Poland"],
    ["Ólafur Guðmundsson", "Laugavegur 12", "101 Reykjavík", "Iceland"],
    ["Nguyễn Thị Minh Khai", "45 Lê Lợi", "Quận 1, TP. Hồ Chí Minh", "Vietnam"],
    ["Zoë Martin", "3 rue des Lilas", "75011 Paris"],
    ["José Álvarez", "Calle Mayor 8", "28013 Madrid"],
]


def norm(s: str) -> str:
    return " ".join(s.split())


def test_envelopes_come_out_in_batch_order_and_read_back() -> None:
    specs = [EnvelopeSpec(p, RETURN, size="dl", seed=i) for i, p in enumerate(PEOPLE)]
    pages = PdfReader(io.BytesIO(render_envelopes(specs))).pages
    assert len(pages) == len(PEOPLE)
    for page, person in zip(pages, PEOPLE, strict=True):
        text = norm(page.extract_text())
        assert " ".join(person) in text
        assert " ".join(RETURN) in text


@pytest.mark.parametrize("size", ["c6", "dl", "#10", "a7"])
def test_ink_stays_off_edges_and_stamp_corner(size: str) -> None:
    spec = EnvelopeSpec(PEOPLE[2], RETURN, size=size, variation=1.0, seed=4)
    plan = plan_envelope(spec)
    canvas = Canvas(io.BytesIO())
    rows: list = []
    draw_envelope(canvas, Pen(canvas), plan, collect=rows)
    w, h = plan.page.width, plan.page.height
    glyphs = [g for row in rows for g in row]
    assert glyphs
    for g in glyphs:
        b = glyph_box(g)
        assert plan.safe.x - 0.01 <= b.x0 and b.x1 <= plan.safe.right + 0.01
        assert plan.safe.y - 0.01 <= b.y0 and b.y1 <= plan.safe.top + 0.01
        assert not (b.x1 > w - STAMP_W and b.y1 > h - STAMP_H), g  # stamp stays free


def test_page_sizes_are_landscape_envelopes() -> None:
    pdf = render_envelopes([EnvelopeSpec(PEOPLE[3], [], size=k) for k in ENVELOPE_SIZES])
    for page, key in zip(PdfReader(io.BytesIO(pdf)).pages, ENVELOPE_SIZES, strict=True):
        size = ENVELOPE_SIZES[key]
        assert round(float(page.mediabox.width)) == round(size.width)
        assert float(page.mediabox.width) > float(page.mediabox.height)


def test_problems_are_named() -> None:
    with pytest.raises(ValueError, match="no recipient"):
        render_envelopes([EnvelopeSpec(["  "], RETURN)])
    with pytest.raises(ValueError, match="C6, DL, #10, A7"):
        render_envelopes([EnvelopeSpec(PEOPLE[0], RETURN, size="b4")])
    with pytest.raises(DoesNotFit, match=r"Envelope 2: .*does not fit"):
        render_envelopes([EnvelopeSpec(PEOPLE[0]), EnvelopeSpec(["Somebody"] * 40, size="a7")])


def test_unprintable_characters_are_reported() -> None:
    warnings: list[str] = []
    pdf = render_envelopes([EnvelopeSpec(["Zoë Martin 🎉", "3 rue des Lilas"])], warnings)
    assert warnings == [
        "Envelope 1: The character 🎉 (U+1F389) cannot be printed with the installed fonts "
        "and was left out."
    ]
    assert "Zoë Martin 3 rue des Lilas" in norm(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
