"""Saved segments: each filter on its own, combined, saved by name and evaluated."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import care
from relbook.services.care import timeline
from relbook.services.contacts import segments, tags
from relbook.services.dates import PartialDate
from relbook.store.models import Contact, Sale

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def book(make_contact) -> dict[str, int]:
    ids = {
        "ada": make_contact("Ada", tags=["regular", "tulips"], birthday=PartialDate(3, 1),
                            consent_mail=dt.date(2026, 1, 1)),
        "bo": make_contact("Bo", tags=["regular"], birthday=PartialDate(3, 9, 1990)),
        "cy": make_contact("Cy", tags=["tulips"], consent_email=dt.date(2026, 1, 1)),
        "di": make_contact("Di"),
    }  # fmt: skip
    care.set_tier(ids["ada"], 1)
    care.set_tier(ids["cy"], 2)
    Contact.update(referred_by=ids["ada"]).where(Contact.id == ids["di"]).execute()
    for who, amount, day in (("ada", 5000, 10), ("bo", 900, 1), ("cy", 20000, 5)):
        Sale.create(contact=ids[who], amount_minor=amount, currency="USD",
                    created_at=timeline.local_to_utc(dt.datetime(2026, 6, day, 12)))  # fmt: skip
    timeline.add_entry(ids["bo"], "visit", happened_at=dt.datetime(2026, 1, 2, 9))
    return ids


def _names(ids: list[int]) -> list[str]:
    by_id = dict(Contact.select(Contact.id, Contact.given_name).tuples())
    return [by_id[i] for i in ids]


def test_each_filter(book) -> None:
    ev = segments.evaluate
    assert _names(ev({})) == ["Ada", "Bo", "Cy", "Di"]
    assert _names(ev({"tags": ["Tulips"]})) == ["Ada", "Cy"]
    assert _names(ev({"tags": ["tulips", "regular"], "tags_mode": "all"})) == ["Ada"]
    assert _names(ev({"tiers": [1, 2]})) == ["Ada", "Cy"]
    assert _names(ev({"last_visit_after": "2026-06-05"})) == ["Ada", "Cy"]
    assert _names(ev({"last_visit_before": "2026-06-05"})) == ["Bo", "Di"]  # Di: never
    assert _names(ev({"spend_min": 1000, "spend_max": 6000}, today=TODAY)) == ["Ada"]
    assert _names(ev({"spend_max": 1000}, today=TODAY)) == ["Bo", "Di"]
    assert _names(ev({"birthday_month": 3})) == ["Ada", "Bo"]
    assert _names(ev({"has_referred": True})) == ["Ada"]
    assert _names(ev({"has_referred": False})) == ["Bo", "Cy", "Di"]
    assert _names(ev({"consent": "mail"})) == ["Ada"]
    assert _names(ev({"consent": "any"})) == ["Ada", "Cy"]


def test_saved_segments_round_trip(book) -> None:
    sid = segments.save_segment("Tulip lovers", {"tags": ["tulips"], "tiers": [1]})
    assert [s.name for s in segments.list_segments()] == ["Tulip lovers"]
    assert _names(segments.evaluate(sid)) == ["Ada"]
    assert _names(segments.evaluate("Tulip lovers")) == ["Ada"]
    # saving under the same name replaces the filter
    assert segments.save_segment("Tulip lovers", {"tags": ["tulips"]}) == sid
    assert _names(segments.evaluate(segments.list_segments()[0])) == ["Ada", "Cy"]
    segments.delete_segment(sid)
    assert segments.list_segments() == []


def test_mistakes_name_the_field(db) -> None:
    for bad, field in (
        ({"birthday_month": 13}, "birthday_month"),
        ({"tiers": [4]}, "tiers"),
        ({"spend_min": 10, "spend_max": 5}, "spend_max"),
        ({"last_visit_after": "2026-13-01"}, "last_visit_after"),
        ({"colour": "red"}, "filter"),
    ):
        with pytest.raises(ValidationError) as err:
            segments.evaluate(bad)
        assert err.value.field == field
    with pytest.raises(ValidationError):
        segments.save_segment("  ", {})


def test_tag_colours(book) -> None:
    info = {t.name: t for t in tags.list_tags()}
    assert info["tulips"].contacts == 2
    tags.set_colour(info["tulips"].id, "#B5525C")
    assert tags.colours_for(["tulips"]) == {"tulips": "#b5525c"}
    with pytest.raises(ValidationError) as err:
        tags.set_colour(info["tulips"].id, "pink")
    assert err.value.field == "colour"
    with pytest.raises(ValidationError):
        tags.rename(info["tulips"].id, "Regular")
