"""Wrapping with real glyph widths and the seeded pen."""

from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import get_font
from relbook.printing.handwriting import (
    INKS,
    METRICS,
    Hand,
    ink_rgb,
    new_canvas,
    save_canvas,
    wrap,
)
from relbook.printing.pen import Pen


@pytest.mark.parametrize("font", ["Kristi", "DkgHandwriting", "Breip", "Ecolier"])
def test_wrap_respects_width_and_keeps_every_word(font: str) -> None:
    get_font(font)
    text = "Thank you, Łukasz, for the 42 € order and for telling Ólafur about us! " * 3
    lines = wrap(text, font, 16, 200, spread=1.05)
    assert lines is not None
    assert all(METRICS.text_width(font, line, 16) * 1.05 <= 200 + 1e-6 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_lone_symbols_stay_with_their_word() -> None:
    get_font("Breip")
    lines = wrap("a total of 42 €", "Breip", 16, 10_000)
    assert lines == ["a total of 42 €"]
    narrow = METRICS.text_width("Breip", "a total of 42", 16) + 1
    lines = wrap("a total of 42 €", "Breip", 16, narrow)
    assert lines[-1] == "42 €"


def test_long_hyphenated_name_breaks_at_the_hyphen_only() -> None:
    get_font("Kristi")
    word = "Hohenberg-Lichtenstein-Wittelsbach"
    width = METRICS.text_width("Kristi", "Hohenberg-Lichtenstein-", 16) + 1
    assert wrap(word, "Kristi", 16, width) == ["Hohenberg-Lichtenstein-", "Wittelsbach"]
    # A single word wider than the line and without hyphens: the caller must shrink.
    assert wrap("Wolfeschlegelsteinhausenbergerdorff", "Kristi", 16, 50) is None


def test_paragraphs_survive_and_trailing_blanks_go() -> None:
    get_font("Breip")
    assert wrap("Dear Zoë,\n\nthanks!\n\n", "Breip", 12, 500) == ["Dear Zoë,", "", "thanks!"]


def test_inks_and_unknown_ink() -> None:
    assert set(INKS) == {"blue", "black", "brown"}
    with pytest.raises(ValueError, match="blue, black, brown"):
        ink_rgb("purple")


def _write(seed: int, level: float = 0.6) -> bytes:
    get_font("Ecolier")
    buf = io.BytesIO()
    canvas = new_canvas(buf, (300, 200), "t")
    Pen(canvas).write(["Thank you, José!", "See you soon."], "Ecolier", 16, 20, 150, 30,
                      Hand(level), random.Random(seed), INKS["brown"])  # fmt: skip
    canvas.showPage()
    save_canvas(canvas)
    return buf.getvalue()


def test_pen_is_deterministic_and_readable() -> None:
    assert _write(1) == _write(1)
    assert _write(1) != _write(2)
    text = PdfReader(io.BytesIO(_write(1))).pages[0].extract_text()
    assert text.split() == ["Thank", "you,", "José!", "See", "you", "soon."]


def test_ink_tone_varies_faintly_around_the_chosen_colour() -> None:
    get_font("Breip")
    canvas = Canvas(io.BytesIO())
    rows: list = []
    Pen(canvas).write(["one two three four five six seven eight nine ten"], "Breip", 14, 10,
                      100, 20, Hand(1.0), random.Random(3), INKS["blue"], collect=rows)  # fmt: skip
    colours = {g.color for g in rows[0]}
    assert len(colours) > 3
    base = INKS["blue"]
    for c in colours:
        assert all(abs(a - b) <= 0.16 * b + 1e-9 for a, b in zip(c, base, strict=True))
