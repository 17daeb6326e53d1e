"""The monthly review: most valuable, cooling down against their own rhythm, new ones."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services.care import review, timeline
from relbook.store.models import Contact, Sale

TODAY = dt.date(2026, 6, 20)


def _visit(cid: int, day: dt.date) -> None:
    timeline.add_entry(cid, "visit", happened_at=dt.datetime.combine(day, dt.time(9)))


def test_cooling_down_is_measured_against_own_rhythm() -> None:
    weekly = [dt.date(2026, 4, 1) + dt.timedelta(days=7 * i) for i in range(6)]  # last 6 May
    monthly = [dt.date(2026, 1, 10) + dt.timedelta(days=30 * i) for i in range(5)]  # 10 May
    few = [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    found = review.cooling_down({1: weekly, 2: monthly, 3: few}, TODAY)
    # weekly regular gone 45 days: cooling; monthly one gone 41 days: within rhythm
    assert found == [(1, 7, 45)]


def test_build_review(make_contact) -> None:
    ada, bo, cy = make_contact("Ada"), make_contact("Bo"), make_contact("Cy")
    Contact.update(referred_by=ada).where(Contact.id == cy).execute()
    Contact.update(created_at=dt.datetime(2025, 1, 1)).where(Contact.id.in_([ada, bo])).execute()
    for cid, amount in ((ada, 3000), (bo, 5000), (cy, 4000)):
        Sale.create(contact=cid, amount_minor=amount, currency="USD",
                    created_at=timeline.local_to_utc(dt.datetime(2026, 6, 2, 12)))  # fmt: skip
    for i in range(6):
        _visit(bo, dt.date(2026, 3, 1) + dt.timedelta(days=7 * i))
    result = review.build(TODAY, money_format=lambda m: f"${m / 100:.2f}")
    assert [i.name for i in result.valuable] == ["Ada Schmidt", "Bo Schmidt", "Cy Schmidt"]
    assert (
        result.valuable[0].reason == "spent $30.00 in 12 months, referred 1 person who spent $40.00"
    )
    # Bo came weekly; 18 days since the sale on 2 June is well past that rhythm
    assert [(i.name, i.usual_gap_days, i.current_gap_days) for i in result.cooling] == [
        ("Bo Schmidt", 7, 18)
    ]
    assert {i.name for i in result.new} == {"Cy Schmidt"}


def test_marks_are_kept_per_month(make_contact) -> None:
    ada = make_contact("Ada")
    Sale.create(contact=ada, amount_minor=100, currency="USD",
                created_at=timeline.local_to_utc(dt.datetime(2026, 6, 2, 12)))  # fmt: skip
    review.mark("2026-06", ada, "valuable", "thank")
    assert review.build(TODAY).valuable[0].action == "thank"
    assert review.build(dt.date(2026, 7, 3)).valuable[0].action is None
    review.mark("2026-06", ada, "valuable", None)
    assert review.unmarked(review.build(TODAY))
    with pytest.raises(ValidationError):
        review.mark("2026-06", ada, "valuable", "hug")
