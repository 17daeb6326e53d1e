"""Care tiers: intervals from settings, the due list's order, snooze and touches."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import care
from relbook.services.care import timeline
from relbook.store.models import Sale
from relbook.store.models.care import CarePlan

TODAY = dt.date(2026, 6, 15)


def _touch(cid: int, day: dt.date) -> None:
    care.mark_touched(cid, "hello", when=dt.datetime.combine(day, dt.time(10)))


def test_due_list_most_overdue_first(make_contact) -> None:
    a, b, c, d = (make_contact(n) for n in ("Ada", "Bo", "Cy", "Di"))
    care.set_tier(a, 1)
    care.set_tier(b, 2)
    care.set_tier(c, 1)
    care.set_tier(d, 3)
    _touch(a, TODAY - dt.timedelta(days=40))  # 10 days overdue (monthly = 30)
    _touch(b, TODAY - dt.timedelta(days=121))  # 30 days overdue (quarterly = 91)
    _touch(c, TODAY - dt.timedelta(days=5))  # not due
    _touch(d, TODAY - dt.timedelta(days=365))  # due today
    due = care.due_list(TODAY)
    assert [(i.contact_id, i.days_overdue) for i in due] == [(b, 30), (a, 10), (d, 0)]
    assert due[0].last_touch == TODAY - dt.timedelta(days=121)


def test_intervals_are_configurable(make_contact) -> None:
    a = make_contact("Ada")
    care.set_tier(a, 1)
    _touch(a, TODAY - dt.timedelta(days=20))
    assert care.due_list(TODAY) == []
    care.set_intervals({1: 14})
    assert [i.days_overdue for i in care.due_list(TODAY)] == [6]
    with pytest.raises(ValidationError) as err:
        care.set_intervals({1: 0})
    assert err.value.field == "tier1"


def test_a_sale_or_visit_counts_as_a_touch(make_contact) -> None:
    a = make_contact("Ada")
    care.set_tier(a, 1)
    _touch(a, TODAY - dt.timedelta(days=60))
    assert len(care.due_list(TODAY)) == 1
    Sale.create(contact=a, amount_minor=900, currency="USD",
                created_at=timeline.local_to_utc(dt.datetime(2026, 6, 10, 12)))  # fmt: skip
    assert care.due_list(TODAY) == []


def test_snooze_hides_until_the_day_and_touch_lifts_it(make_contact) -> None:
    a = make_contact("Ada")
    care.set_tier(a, 1)
    _touch(a, TODAY - dt.timedelta(days=45))
    care.snooze(a, TODAY + dt.timedelta(days=3), today=TODAY)
    assert care.due_list(TODAY) == []
    assert len(care.due_list(TODAY + dt.timedelta(days=3))) == 1
    with pytest.raises(ValidationError):
        care.snooze(a, TODAY, today=TODAY)
    care.mark_touched(a, when=dt.datetime.combine(TODAY, dt.time(9)))
    plan = care.get_plan(a)
    assert plan.snoozed_until is None
    assert plan.last_touch_at == dt.datetime.combine(TODAY, dt.time(9))
    assert timeline.list_entries(a, kinds=["touch"])[0].text == "Got in touch"


def test_never_touched_is_due_from_the_day_the_tier_was_set(make_contact) -> None:
    a = make_contact("Ada")
    care.set_tier(a, 2)
    (item,) = care.due_list(dt.date.today())
    assert item.last_touch is None and item.days_overdue == 0
    care.set_tier(a, None)
    assert CarePlan.select().count() == 0
    with pytest.raises(ValidationError):
        care.set_tier(a, 7)
