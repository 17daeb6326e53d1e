"""Upcoming birthdays and anniversaries: partial dates, 29 February, month and year
boundaries, family members, local dates."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services.care import reminders
from relbook.services.contacts.inputs import DetailInput
from relbook.services.dates import PartialDate


def _who(items: list[reminders.Reminder]) -> list[tuple[str, str, int]]:
    return [(r.person, r.on.isoformat(), r.days_away) for r in items]


def test_birthday_without_year_has_no_age(make_contact) -> None:
    make_contact("Anna", birthday=PartialDate(3, 14))
    make_contact("Ben", birthday=PartialDate(3, 16, 1990))
    found = reminders.upcoming(7, today=dt.date(2026, 3, 12))
    assert _who(found) == [("Anna Schmidt", "2026-03-14", 2), ("Ben Schmidt", "2026-03-16", 4)]
    assert found[0].turning is None and found[0].describe() == "Anna Schmidt: birthday"
    assert found[1].turning == 36 and found[1].describe() == "Ben Schmidt turns 36"


def test_feb_29_falls_on_feb_28_in_other_years(make_contact) -> None:
    make_contact("Leap", birthday=PartialDate(2, 29, 2000))
    (r,) = reminders.upcoming(3, today=dt.date(2027, 2, 27))
    assert r.on == dt.date(2027, 2, 28) and r.turning == 27
    (r,) = reminders.upcoming(3, today=dt.date(2028, 2, 27))
    assert r.on == dt.date(2028, 2, 29)
    assert reminders.upcoming(0, today=dt.date(2027, 3, 1)) == []
    assert len(reminders.birthdays_on(dt.date(2027, 2, 28))) == 1


def test_year_boundary_dec_30_to_jan_3(make_contact) -> None:
    make_contact("Silvester", birthday=PartialDate(12, 31, 1980))
    make_contact("Newyear", birthday=PartialDate(1, 2))
    make_contact("Later", birthday=PartialDate(1, 4))
    make_contact("Earlier", birthday=PartialDate(12, 29))
    found = reminders.upcoming(4, today=dt.date(2026, 12, 30))
    assert _who(found) == [("Silvester Schmidt", "2026-12-31", 1),
                           ("Newyear Schmidt", "2027-01-02", 3)]  # fmt: skip
    assert found[0].turning == 46


def test_month_boundary(make_contact) -> None:
    make_contact("April", birthday=PartialDate(4, 1))
    make_contact("March", birthday=PartialDate(3, 31))
    found = reminders.upcoming(2, today=dt.date(2026, 3, 30))
    assert [r.person for r in found] == ["March Schmidt", "April Schmidt"]


def test_family_members_and_anniversaries(make_contact) -> None:
    make_contact(
        "Anna",
        anniversary=PartialDate(6, 3, 2010),
        details=[
            DetailInput("family", "loves dinosaurs", "Mia", "daughter", PartialDate(6, 2, 2019)),
            DetailInput("family", "", "Tom", "partner", PartialDate(9, 9)),
            DetailInput("interest", "tulips"),
        ],
    )
    found = reminders.upcoming(7, today=dt.date(2026, 6, 1))
    assert [r.describe() for r in found] == [
        "Mia (Anna Schmidt's daughter) turns 7",
        "Anna Schmidt: anniversary (16 years)",
    ]
    assert found[0].is_family and found[0].contact_name == "Anna Schmidt"
    assert reminders.upcoming(7, today=dt.date(2026, 6, 1), include_family=False)[0].kind == (
        "anniversary"
    )


def test_archived_contacts_are_left_out_and_days_checked(make_contact) -> None:
    from relbook.services import contacts

    cid = make_contact("Gone", birthday=PartialDate(5, 5))
    contacts.archive_contact(cid)
    assert reminders.upcoming(10, today=dt.date(2026, 5, 1)) == []
    with pytest.raises(ValidationError) as err:
        reminders.upcoming(-1)
    assert err.value.field == "days"


def test_default_today_is_the_local_date(make_contact) -> None:
    local = dt.date.today()
    make_contact("Today", birthday=PartialDate(local.month, local.day))
    if (local.month, local.day) == (2, 29):
        pytest.skip("29 Feb today")
    (r,) = reminders.upcoming(0)
    assert r.on == local and r.days_away == 0


def _brute_force(dates: dict[str, tuple[int, int]], today: dt.date, days: int) -> list[tuple]:
    """Walk every day of the window: the obvious answer to compare against."""
    found = []
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
        for name, (month, dom) in dates.items():
            if (month, dom) == (day.month, day.day) or (
                (month, dom) == (2, 29) and not leap and (day.month, day.day) == (2, 28)
            ):
                found.append((f"{name} Schmidt", day.isoformat(), offset))
    return sorted(found, key=lambda t: (t[1], t[0].lower()))


def test_every_window_matches_a_day_by_day_walk(make_contact) -> None:
    import random

    dates = {"Leap": (2, 29), "Feb": (2, 28), "March": (3, 1), "Eve": (12, 31),
             "New": (1, 1), "Mid": (6, 15), "Thirty": (4, 30)}  # fmt: skip
    for name, (month, dom) in dates.items():
        year = 2000 if name in ("Leap", "Mid") else None  # with and without a year
        make_contact(name, birthday=PartialDate(month, dom, year))
    rng = random.Random(6)
    starts = [dt.date(2027, 2, 27), dt.date(2028, 2, 28), dt.date(2026, 12, 30),
              dt.date(2027, 3, 1), dt.date(2028, 3, 1)]  # fmt: skip
    starts += [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(4 * 366)) for _ in range(40)]
    for today in starts:
        for days in (0, 1, 2, 7, 31, rng.randrange(0, 365)):  # under a year: each day once
            found = _who(reminders.upcoming(days, today=today))
            assert sorted(found, key=lambda t: (t[1], t[0].lower())) == _brute_force(
                dates, today, days
            ), (today, days)
