"""Printing notes through the service: the shop's card style, read once per batch, and
the fit result the Notes page shows before anything is printed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from relbook.printing.notecards import DoesNotFit
from relbook.services import notes, settings
from relbook.services.notes import printing

LONG = (
    "Dear {first_name},\n\nwhat a summer it has been! Thank you for every Saturday morning "
    "you spent with us, for the sourdough you taught Paul to shape and for sending half "
    "the street our way. The roses you chose for your daughter's wedding were the "
    "loveliest thing we arranged all year, and we still talk about the blue ribbon. We "
    "hope the new kitchen is finished and that the garden survived the heat. Please give "
    "our best to Jürgen and tell him the bike is ready whenever he is. We are closed for "
    "two weeks in August, but the door is always open for you and for a coffee, and for "
    "a slice of the plum cake you liked so much. Thank you for being such a friend to "
    "the shop. With warm wishes from all of us, see you very soon!"
)


@pytest.mark.parametrize("size", ["a6", "4x6", "5x7"])
def test_fit_says_a_long_letter_goes_on_the_back(make_contact, size: str) -> None:
    note = notes.prepare(make_contact("Margarethe", "Kühn"), LONG)
    assert 700 <= len(note.text) <= 800
    fit = printing.fit(note, size=size)
    assert fit.x_height_mm >= 2.0
    if fit.sides == 2:
        assert "continues on the back" in fit.message
    pdf = printing.render([note], size=size)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == fit.sides


def test_fit_of_a_short_note_has_nothing_to_say(make_contact) -> None:
    note = notes.prepare(make_contact("Anna", "Berg"), "Dear {first_name}, thank you!")
    fit = printing.fit(note)
    assert (fit.sides, fit.message) == (1, "")


def test_fit_refuses_what_cannot_fit_even_on_both_sides(make_contact) -> None:
    note = notes.prepare(make_contact("Ben", "Ode"), LONG * 3)
    with pytest.raises(DoesNotFit, match="both sides"):
        printing.fit(note, size="a7")


def test_a_batch_reads_the_card_style_once(make_contact, monkeypatch) -> None:
    """500 notes used to read twelve settings and every stored font 500 times."""
    ids = [make_contact(f"Guest{i}", "Berg") for i in range(30)]
    batch = [notes.prepare(cid, "Dear {first_name}, thank you!") for cid in ids]
    settings.set_value("notes.ink", "brown")
    reads: list[str] = []
    real = settings.get
    monkeypatch.setattr(settings, "get", lambda key, *a: reads.append(key) or real(key, *a))
    pdf = printing.render(batch)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 30
    assert reads.count("notes.ink") == 1 and len(reads) < 20
