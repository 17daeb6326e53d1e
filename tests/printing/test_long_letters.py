"""Long letters (up to 800 characters) stay at a readable size and go on over the page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from relbook.printing.handwriting import glyph_box
from relbook.printing.notecards import (
    DoesNotFit,
    NoteSpec,
    draw_plan,
    plan_note,
    render_notes,
)
from relbook.printing.pdfcanvas import new_canvas
from relbook.printing.pen import Pen

PARAGRAPH = (
    "what a summer it has been! Thank you for every Saturday morning you spent with us, "
    "for the sourdough you taught Paul to shape and for sending half the street our way. "
    "The roses you chose for your daughter's wedding were the loveliest thing we arranged "
    "all year, and we still talk about the blue ribbon. We hope the new kitchen is "
    "finished and that the garden survived the heat. Please give our best to Jürgen and "
    "tell him the bike is ready whenever he is. We are closed for two weeks in August, "
    "but the door is always open for you and for a coffee. "
)
LETTER = ("Dear Margarethe,\n\n" + PARAGRAPH * 2)[:780].rsplit(" ", 1)[0] + " Warm wishes!"


def words(text: str) -> list[str]:
    return text.split()


def test_the_letter_is_800_characters() -> None:
    assert 780 <= len(LETTER) <= 800


@pytest.mark.parametrize("size", ["a6", "4x6", "5x7"])
@pytest.mark.parametrize("font", ["DkgHandwriting", "Kristi", "Ecolier", "Breip", "Klee"])
def test_800_characters_at_a_readable_size_on_both_sides(size: str, font: str) -> None:
    spec = NoteSpec(LETTER, size=size, font=font, signature_text="Rosa", seed=5)
    plan = plan_note(spec)
    assert plan.x_height_mm >= 2.0
    if plan.sides == 2:
        assert any("continues on the back" in w and "page 2" in w for w in plan.warnings)
    pdf = render_notes([spec])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == plan.sides
    read = " ".join(page.extract_text() for page in reader.pages)
    assert words(read) == [*words(LETTER), "Rosa"]


def test_the_back_carries_the_rest_and_the_signature_inside_its_safe_area() -> None:
    plan = plan_note(NoteSpec(LETTER, size="a6", signature_text="Rosa", seed=2))
    assert plan.sides == 2 and plan.back is not None and plan.back_safe is not None
    for side in ("front", "back"):
        canvas = new_canvas(io.BytesIO(), (plan.card.width, plan.card.height), "t")
        rows: list = []
        draw_plan(canvas, Pen(canvas), plan, collect=rows, side=side)
        glyphs = [g for row in rows for g in row if g.char.strip()]
        safe = plan.safe if side == "front" else plan.back_safe
        for g in glyphs:
            box = glyph_box(g)
            assert safe.x - 0.01 <= box.x0 and box.x1 <= safe.right + 0.01, (side, g)
            assert safe.y - 0.01 <= box.y0 and box.y1 <= safe.top + 0.01, (side, g)
        text = "".join(g.char for g in glyphs)
        assert ("Rosa" in text) == (side == "back")  # signed at the end of the letter
    pages = PdfReader(io.BytesIO(render_notes([plan.spec]))).pages
    assert words(pages[0].extract_text())[:2] == ["Dear", "Margarethe,"]
    assert words(pages[1].extract_text())[-2:] == ["wishes!", "Rosa"]


def test_a_short_note_stays_on_the_front() -> None:
    plan = plan_note(NoteSpec("Dear Anna, thank you for the roses!", size="a6"))
    assert plan.sides == 1 and not plan.warnings
    assert len(PdfReader(io.BytesIO(render_notes([plan.spec]))).pages) == 1


def test_a_folded_card_continues_on_its_left_inside_page() -> None:
    spec = NoteSpec(LETTER, size="a5-folded", signature_text="Rosa")
    plan = plan_note(spec)
    assert plan.sides == 2 and plan.back_safe is not None
    assert plan.back_safe.right <= plan.card.width / 2  # the left half of the sheet
    assert any("left inside page" in w for w in plan.warnings)
    pages = PdfReader(io.BytesIO(render_notes([spec]))).pages
    assert len(pages) == 1  # both inside pages are on the one sheet
    assert words(pages[0].extract_text()) == [*words(spec.text), "Rosa"]


def test_sheets_print_the_backs_behind_their_fronts() -> None:
    """4-up on A4: page 2 has the backs, each in the mirrored place (long-edge duplex)."""
    specs = [
        NoteSpec("Dear Ben, thanks!", size="a6"),
        NoteSpec(LETTER, size="a6", signature_text="Rosa", seed=9),
    ]
    pdf = render_notes(specs, sheet="a4-4up")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    xs: list[float] = []

    def origin(text, cm, tm, _font, _size):
        if text.strip():
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    pages[0].extract_text(visitor_text=origin)
    front_right = [x for x in xs if x > 300]  # the second slot is the right column
    xs.clear()
    pages[1].extract_text(visitor_text=origin)
    assert front_right and xs and max(xs) < 300  # its back is in the left column
    assert re.search(r"wishes!\s+Rosa", pages[1].extract_text())


def test_too_long_even_for_both_sides_says_how_much_to_cut() -> None:
    with pytest.raises(DoesNotFit, match=r"both sides\).*shorten by about \d+") as err:
        plan_note(NoteSpec(LETTER * 4, size="a6"))
    assert err.value.shorten_by > 500
