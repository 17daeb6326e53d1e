"""Timeline entries, sales read in alongside, and visit days from both."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services.care import timeline
from relbook.store.models import Sale, Staff


def _sale(contact_id: int, amount: int, local: dt.datetime) -> None:
    Sale.create(contact=contact_id, amount_minor=amount, currency="USD",
                created_at=timeline.local_to_utc(local))  # fmt: skip


def test_entries_are_listed_newest_first_with_staff(make_contact) -> None:
    anna = make_contact("Anna")
    staff = Staff.create(name="Lea").id
    timeline.add_entry(anna, "call", "Asked about the wedding flowers",
                       staff_id=staff, happened_at=dt.datetime(2026, 3, 1, 10, 0))  # fmt: skip
    timeline.add_entry(anna, "note_sent", "Thank-you card", happened_at=dt.datetime(2026, 3, 5))
    items = timeline.list_entries(anna)
    assert [i.kind for i in items] == ["note_sent", "call"]
    assert items[1].staff_name == "Lea"
    assert items[1].label == "Call"
    assert items[1].text == "Asked about the wedding flowers"


def test_filter_by_kind_and_sales_in_local_time(make_contact) -> None:
    anna = make_contact("Anna")
    timeline.add_entry(anna, "meeting", "Coffee", happened_at=dt.datetime(2026, 3, 1, 9))
    _sale(anna, 1250, dt.datetime(2026, 3, 2, 23, 30))  # late evening, local
    sales = timeline.list_entries(anna, kinds=["sale"])
    assert len(sales) == 1
    assert sales[0].happened_at == dt.datetime(2026, 3, 2, 23, 30)
    assert "12.50" in sales[0].text
    assert [i.kind for i in timeline.list_entries(anna, kinds=["meeting"])] == ["meeting"]
    assert [i.kind for i in timeline.list_entries(anna)] == ["sale", "meeting"]


def test_visit_days_combine_sales_and_visit_entries(make_contact) -> None:
    anna = make_contact("Anna")
    timeline.add_entry(anna, "visit", happened_at=dt.datetime(2026, 3, 1, 9))
    _sale(anna, 500, dt.datetime(2026, 3, 1, 17))  # same day: one visit day
    _sale(anna, 700, dt.datetime(2026, 3, 4, 8))
    _sale(anna, -700, dt.datetime(2026, 3, 9, 8))  # a refund is no visit
    assert timeline.visit_days([anna]) == {anna: [dt.date(2026, 3, 1), dt.date(2026, 3, 4)]}
    assert timeline.last_visits() == {anna: dt.date(2026, 3, 4)}
    assert timeline.spend_by_contact() == {anna: 500}
    assert timeline.visit_days(since=dt.date(2026, 3, 2)) == {anna: [dt.date(2026, 3, 4)]}


def test_mistakes_are_named(make_contact) -> None:
    anna = make_contact("Anna")
    with pytest.raises(ValidationError) as err:
        timeline.add_entry(anna, "gossip")
    assert err.value.field == "kind"
    with pytest.raises(ValidationError):
        timeline.add_entry(anna, "sale")
    with pytest.raises(NotFoundError):
        timeline.add_entry(9999, "call")
    entry = timeline.add_entry(anna, "note", "x")
    timeline.delete_entry(entry)
    assert timeline.list_entries(anna) == []
