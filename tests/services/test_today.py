"""Today panel sections (with plug-in providers), weekday regulars and the sheet's data."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.services import care
from relbook.services.care import timeline
from relbook.services.contacts.inputs import DetailInput
from relbook.services.counter import today
from relbook.services.dates import PartialDate

TUESDAY = dt.date(2026, 11, 24)


def test_regulars_come_from_their_weekday_pattern(make_contact) -> None:
    clara, once = make_contact("Clara"), make_contact("Once")
    for weeks in (1, 2, 4, 5):
        day = TUESDAY - dt.timedelta(weeks=weeks)
        timeline.add_entry(clara, "visit", happened_at=dt.datetime.combine(day, dt.time(8)))
    timeline.add_entry(once, "visit", happened_at=dt.datetime(2026, 11, 17, 8))
    timeline.add_entry(once, "visit", happened_at=dt.datetime(2026, 11, 18, 8))
    (regular,) = today.regulars_likely(TUESDAY)
    assert (regular.contact_id, regular.hits) == (clara, 4)
    assert today.regulars_likely(TUESDAY + dt.timedelta(days=1)) == []


def test_sections_and_plugged_in_providers(make_contact) -> None:
    anna = make_contact("Anna", birthday=PartialDate(11, 24))
    make_contact("Ben", birthday=PartialDate(11, 27))
    care.set_tier(anna, 1)
    care.mark_touched(anna, when=dt.datetime(2026, 9, 1, 9))
    today.register_provider(
        "wine_club", "Wine club pick-ups",
        lambda day: [today.TodayItem(anna, "Anna Schmidt", "two bottles, ends Friday")],
        order=45, page="vouchers",
    )  # fmt: skip
    today.register_provider("broken", "Broken", lambda day: 1 / 0, order=99)
    try:
        found = {s.key: s for s in today.sections(TUESDAY)}
        order = [s.key for s in today.sections(TUESDAY)]
    finally:
        today.unregister_provider("wine_club")
        today.unregister_provider("broken")
    assert [i.title for i in found["birthdays_today"].items] == ["Anna Schmidt: birthday"]
    assert [i.detail for i in found["birthdays_week"].items] == ["Friday"]
    assert found["touches_due"].items[0].detail.startswith("tier 1 · 54 days overdue")
    assert found["wine_club"].items[0].detail == "two bottles, ends Friday"
    assert found["wine_club"].page == "vouchers" and found["touches_due"].page == "care"
    assert order == ["birthdays_today", "birthdays_week", "touches_due", "rewards_expiring",
                     "wine_club", "notes_waiting", "broken"]  # fmt: skip
    assert found["rewards_expiring"].items == []
    assert "Could not load" in found["broken"].error


def test_counter_sheet_data(make_contact) -> None:
    anna = make_contact(
        "Anna", birthday=PartialDate(11, 24, 1986),
        details=[DetailInput("interest", "loves tulips"),
                 DetailInput("family", "starts school", "Lena", "daughter")],
    )  # fmt: skip
    mia = make_contact(
        "Tom", "Meyer",
        details=[DetailInput("family", "", "Mia", "daughter", PartialDate(11, 24, 2019)),
                 DetailInput("interest", "oat flat white")],
    )  # fmt: skip
    for weeks in (1, 2, 3):  # Tom comes on Tuesdays
        day = TUESDAY - dt.timedelta(weeks=weeks)
        timeline.add_entry(mia, "visit", happened_at=dt.datetime.combine(day, dt.time(8)))
    care.set_tier(anna, 1)
    care.mark_touched(anna, "card", when=dt.datetime(2026, 10, 15, 9))  # 30 days + 10
    data = today.counter_sheet_data(TUESDAY, paper="letter")
    anna_line, mia_line = data.birthdays
    assert (anna_line.name, anna_line.note) == (
        "Anna Schmidt turns 40", "loves tulips; daughter Lena: starts school")  # fmt: skip
    assert (mia_line.name, mia_line.detail, mia_line.note) == (
        "Mia turns 7", "Tom Meyer's daughter", "oat flat white")  # fmt: skip
    (regular,) = data.regulars
    assert (regular.name, regular.aside) == ("Tom Meyer", "3 of 12 Tuesdays")
    (touch,) = data.touches
    assert (touch.name, touch.aside) == ("Anna Schmidt", "tier 1")
    assert touch.detail == "10 days overdue · last in touch Oct 15"
    assert touch.note.startswith("loves tulips")
    assert data.paper == "letter" and data.shop_name


@pytest.fixture(autouse=True)
def _providers_restored():
    before = {p.key for p in today.providers()}
    yield
    assert {p.key for p in today.providers()} == before
