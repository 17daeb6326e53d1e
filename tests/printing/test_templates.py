"""Merge fields: fallbacks, literal defaults, and every unfillable field reported."""

from __future__ import annotations

import pytest

from relbook.printing.fonts import bundled_fonts
from relbook.printing.notecards import NoteSpec, plan_note
from relbook.printing.templates import (
    FIELD_LABELS,
    OCCASIONS,
    default_template,
    default_templates,
    describe_missing,
    render_template,
)


def test_simple_field() -> None:
    r = render_template("Dear {first_name}, thanks!", {"first_name": "Zoë"})
    assert r.text == "Dear Zoë, thanks!" and r.ok and r.missing == []


def test_fallbacks_take_the_first_filled_value() -> None:
    tpl = "Hi {nickname|first_name|friend}!"
    assert render_template(tpl, {"nickname": "Lu", "first_name": "Łukasz"}).text == "Hi Lu!"
    assert render_template(tpl, {"nickname": "  ", "first_name": "Łukasz"}).text == "Hi Łukasz!"
    assert render_template(tpl, {"nickname": None}).text == "Hi friend!"
    assert render_template("Hi {first_name|dear friend}!", {}).text == "Hi dear friend!"


def test_unfillable_fields_are_all_reported_and_never_blank() -> None:
    r = render_template(
        "Dear {first_name}, thanks for {referee_name|nickname}. {points} points. {first_name}",
        {"first_name": "", "nickname": None},
    )
    assert not r.ok
    assert r.missing == ["first_name", "referee_name|nickname", "points"]
    assert "{first_name}" in r.text  # left visible for the editor, and refused by printing
    with pytest.raises(ValueError, match="merge field"):
        plan_note(NoteSpec(r.text))
    message = describe_missing(r)
    assert "First name" in message and "Person they referred or Nickname" in message


def test_unknown_field_names_are_flagged() -> None:
    r = render_template("Hi {frist_name}!", {"first_name": "Zoë"})
    assert r.missing == ["frist_name"] and r.unknown == ["frist_name"]
    # A caller may pass extra fields (e.g. a family member) that are not in the picker.
    assert render_template("Say hi to {partner}!", {"partner": "Ana"}).text == "Say hi to Ana!"


def test_literal_braces() -> None:
    r = render_template("{{not a field}} and {{first_name}}", {"first_name": "Zoë"})
    assert r.text == "{not a field} and {first_name}" and r.ok


def test_field_labels_cover_the_issue_fields() -> None:
    for name in ("first_name", "last_name", "nickname", "shop_name", "owner_name",
                 "last_purchase", "points", "referee_name"):  # fmt: skip
        assert FIELD_LABELS[name][0].isupper()


def test_every_occasion_has_a_warm_default_that_fills_and_fits_a6() -> None:
    texts = default_templates()
    assert set(texts) == set(OCCASIONS)
    fields = {
        "first_name": "Maximiliane Konstanze von Hohenberg-Lichtenstein",
        "last_purchase": "the three-tier chocolate and raspberry birthday cake",
        "referee_name": "Ólafur Guðmundsson",
        "points": "1,250",
    }
    for occasion, tpl in texts.items():
        assert 80 < len(tpl) < 400, occasion  # short and personal
        assert "{" in tpl  # personalised
        r = render_template(tpl, fields)
        assert r.ok, (occasion, r.missing)
        for font in bundled_fonts():
            plan = plan_note(NoteSpec(r.text, size="a6", font=font.name, signature_text="Rosa"))
            assert plan.body.lines
        # With no data at all the fallbacks still give a printable, friendly text.
        assert render_template(tpl, {}).ok, occasion


def test_unknown_occasion() -> None:
    with pytest.raises(ValueError, match="Unknown occasion"):
        default_template("anniversary")
