"""Upcoming birthdays and anniversaries — of contacts and of the family members noted in
their personal details — in the next N days, by LOCAL calendar date.

Dates may lack a year (then no age is shown). A 29 February birthday falls on 28 February
in other years. The window crosses month and year ends (30 Dec + 5 days reaches 3 Jan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from relbook.errors import ValidationError
from relbook.services.dates import PartialDate
from relbook.store.models import Contact, PersonalDetail

MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class Reminder:
    on: dt.date
    days_away: int  # 0 = today
    kind: str  # "birthday" | "anniversary"
    contact_id: int
    contact_name: str
    person: str  # whose day it is: the contact's name or the family member's
    relation: str  # "" for the contact; "daughter", "partner", … for family members
    turning: int | None  # age or years married on that day, when the year is known

    @property
    def is_family(self) -> bool:
        return bool(self.relation) or self.person != self.contact_name

    def describe(self) -> str:
        """One plain line: "Mia (Anna Schmidt's daughter) turns 7" / "Anna's anniversary"."""
        who = self.person
        if self.is_family:
            rel = self.relation or "family"
            who = f"{self.person} ({self.contact_name}'s {rel})"
        if self.kind == "anniversary":
            years = f" ({self.turning} years)" if self.turning else ""
            return f"{who}: anniversary{years}"
        return f"{who} turns {self.turning}" if self.turning else f"{who}: birthday"

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.on.isoformat(), "days_away": self.days_away, "kind": self.kind,
            "contact_id": self.contact_id, "contact": self.contact_name,
            "person": self.person, "relation": self.relation, "turning": self.turning,
        }  # fmt: skip


def _window_days(today: dt.date, days: int) -> dict[int, tuple[int, int]]:
    """For each month the window touches, the first and last day of it inside the window
    (29 February counts when 28 February of a common year is inside)."""
    spans: dict[int, tuple[int, int]] = {}
    last = today + dt.timedelta(days=days)
    day = today
    while day <= last:
        month_end = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(last, month_end - dt.timedelta(days=1))
        lo, hi = day.day, end.day
        if day.month == 2 and hi == 28:
            hi = 29  # a leap-day birthday is kept on the 28th in common years
        old = spans.get(day.month)
        spans[day.month] = (min(lo, old[0]), max(hi, old[1])) if old else (lo, hi)
        day = month_end
    return spans


def _in_window(
    month: peewee.Field, dom: peewee.Field, spans: dict[int, tuple[int, int]]
) -> peewee.Expression:
    """month/day columns inside the window: a few ranges the database can use."""
    cond = None
    for m, (lo, hi) in spans.items():
        part = (month == m) & (dom >= lo) & (dom <= hi)
        cond = part if cond is None else cond | part
    return cond


def _occurrence(month: int | None, day: int | None, year: int | None,
                today: dt.date) -> tuple[dt.date, int | None] | None:  # fmt: skip
    if not month or not day:
        return None
    try:
        partial = PartialDate(month, day, year)
    except ValueError:
        return None  # a damaged stored date is skipped, not fatal
    on = partial.next_occurrence(today)
    turning = on.year - year if year else None
    return on, (turning if turning is None or turning >= 0 else None)


def upcoming(
    days: int = 14, *, today: dt.date | None = None, include_family: bool = True
) -> list[Reminder]:
    """Birthdays and anniversaries from ``today`` to ``today + days`` inclusive, soonest
    first. ``today`` is the shop's local date unless given."""
    if not 0 <= days <= MAX_DAYS:
        raise ValidationError("days", f"Days ahead must be between 0 and {MAX_DAYS}.")
    today = today or dt.date.today()
    last = today + dt.timedelta(days=days)
    spans = _window_days(today, days)
    found: list[Reminder] = []
    active = Contact.archived_at.is_null()

    def add(on_turning: tuple[dt.date, int | None] | None, **kw: object) -> None:
        if on_turning is None:
            return
        on, turning = on_turning
        if on <= last:
            found.append(Reminder(on=on, days_away=(on - today).days, turning=turning,
                                  **kw))  # type: ignore[arg-type]  # fmt: skip

    for c in Contact.select(
        Contact.id, Contact.display_name, Contact.birthday_year, Contact.birthday_month,
        Contact.birthday_day,
    ).where(active & _in_window(Contact.birthday_month, Contact.birthday_day, spans)):  # fmt: skip
        add(_occurrence(c.birthday_month, c.birthday_day, c.birthday_year, today),
            kind="birthday", contact_id=c.id, contact_name=c.display_name,
            person=c.display_name, relation="")  # fmt: skip
    for c in Contact.select(
        Contact.id, Contact.display_name, Contact.anniversary_year, Contact.anniversary_month,
        Contact.anniversary_day,
    ).where(active & _in_window(Contact.anniversary_month, Contact.anniversary_day,
                                spans)):  # fmt: skip
        add(_occurrence(c.anniversary_month, c.anniversary_day, c.anniversary_year, today),
            kind="anniversary", contact_id=c.id, contact_name=c.display_name,
            person=c.display_name, relation="")  # fmt: skip
    if include_family:
        query = (
            PersonalDetail.select(PersonalDetail, Contact.display_name)
            .join(Contact)
            .where(active & (PersonalDetail.kind == "family")
                   & _in_window(PersonalDetail.birthday_month, PersonalDetail.birthday_day,
                                spans))
        )  # fmt: skip
        for d in query.objects():
            name = d.name.strip() or d.relation.strip() or "Family member"
            add(_occurrence(d.birthday_month, d.birthday_day, d.birthday_year, today),
                kind="birthday", contact_id=d.contact_id, contact_name=d.display_name,
                person=name, relation=d.relation.strip() or "family")  # fmt: skip
    found.sort(key=lambda r: (r.on, r.is_family, r.kind, r.person.lower()))
    return found


def birthdays_on(day: dt.date | None = None) -> list[Reminder]:
    """Everything falling on one day (the Today panel and the counter sheet)."""
    return upcoming(0, today=day)
