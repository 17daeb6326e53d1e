"""Upcoming birthdays and anniversaries — of contacts and of the family members noted in
their personal details — in the next N days, by LOCAL calendar date.

Dates may lack a year (then no age is shown). A 29 February birthday falls on 28 February
in other years. The window crosses month and year ends (30 Dec + 5 days reaches 3 Jan).
"""

from __future__ import annotations

import calendar
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


@dataclass(frozen=True, slots=True)
class _Span:
    """The days of one calendar month inside the window (in the window's order)."""

    month: int
    lo: int
    hi: int
    year: int  # the year the days of this span fall in


def _spans(first: dt.date, last: dt.date) -> list[_Span]:
    """The window cut into calendar months, in order. A 29 February birthday counts on
    28 February of a common year, so that month's span reaches 29 then."""
    spans: list[_Span] = []
    day = first
    while day <= last:
        month_end = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(last, month_end - dt.timedelta(days=1))
        hi = end.day
        if day.month == 2 and hi == 28 and not calendar.isleap(day.year):
            hi = 29
        spans.append(_Span(day.month, day.day, hi, day.year))
        day = month_end
    return spans


def _in_spans(month: peewee.Node, dom: peewee.Node, spans: list[_Span]) -> peewee.Node:
    """month/day columns inside the window: a few ranges the database reads by index."""
    cond = None
    for s in spans:
        part = (month == s.month) & (dom >= s.lo) & (dom <= s.hi)
        cond = part if cond is None else cond | part
    return cond


def _rank(month: peewee.Node, dom: peewee.Node, spans: list[_Span]) -> peewee.Node:
    """Where a month/day falls in the window: span number, so ``rank, day`` sorts soonest
    first even across a year end."""
    return peewee.Case(
        None,
        [((month == s.month) & (dom >= s.lo) & (dom <= s.hi), i) for i, s in enumerate(spans)],
        len(spans),
    )


def _year(month: peewee.Node, dom: peewee.Node, spans: list[_Span]) -> peewee.Node:
    """The year a month/day of the window falls in (December this year, January next)."""
    return peewee.Case(
        None, [((month == s.month) & (dom >= s.lo) & (dom <= s.hi), s.year) for s in spans]
    )


def birthdays_in(first: dt.date, last: dt.date) -> tuple[peewee.Select, peewee.Node]:
    """Customers' own birthdays from ``first`` to ``last`` — a query selecting ``(contact
    id, name, name, "", birth year, month, day)`` soonest first, by name — and the SQL of
    the year each falls in, for queries that build on it (the thank-you queue's keys)."""
    spans = _spans(first, last)
    return _contact_days("birthday", spans), _year(
        Contact.birthday_month, Contact.birthday_day, spans
    )


def _contact_days(kind: str, spans: list[_Span]) -> peewee.Select:
    """Customers' own birthdays or anniversaries in the window, soonest first, by name."""
    year, month, dom = (getattr(Contact, f"{kind}_{part}") for part in ("year", "month", "day"))
    name = Contact.display_name
    return (
        Contact.select(Contact.id, name, name, peewee.Value(""), year, month, dom)
        .where(Contact.archived_at.is_null() & _in_spans(month, dom, spans))
        .order_by(_rank(month, dom, spans), dom, peewee.fn.LOWER(name), Contact.id)
    )


def _family_days(spans: list[_Span]) -> peewee.Select:
    """Family members' birthdays (from personal details) in the window, as above."""
    d = PersonalDetail
    trimmed = [peewee.fn.NULLIF(peewee.fn.TRIM(col), "") for col in (d.name, d.relation)]
    person = peewee.fn.COALESCE(*trimmed, "Family member")
    relation = peewee.fn.COALESCE(trimmed[1], "family")
    month, dom = d.birthday_month, d.birthday_day
    return (
        d.select(d.contact, Contact.display_name, person, relation, d.birthday_year, month, dom)
        .join(Contact)
        .where(Contact.archived_at.is_null() & (d.kind == "family") & _in_spans(month, dom, spans))
        .order_by(_rank(month, dom, spans), dom, peewee.fn.LOWER(person), d.id)
    )


def _sources(
    spans: list[_Span], include_family: bool, kinds: tuple[str, ...]
) -> list[tuple[str, peewee.Select]]:
    """One query per kind of day, each selecting ``(contact id, contact name, person,
    relation, year, month, day)``."""
    queries = [(kind, _contact_days(kind, spans)) for kind in kinds]
    if include_family and "birthday" in kinds:
        queries.append(("birthday", _family_days(spans)))
    return queries


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
    return upcoming_page(days, today=today, include_family=include_family)[0]


def upcoming_page(
    days: int = 14,
    *,
    today: dt.date | None = None,
    start: int = 0,
    limit: int | None = None,
    include_family: bool = True,
    kinds: tuple[str, ...] = ("birthday", "anniversary"),
) -> tuple[list[Reminder], int]:
    """The first ``limit`` days (all when None) from ``today + start`` to ``today + days``,
    soonest first, and how many there are in all.

    Set-based: per kind of day one indexed count and one query for the rows shown, so a
    Today panel showing four of 400 birthdays reads four rows, not a book of them.
    """
    if not 0 <= days <= MAX_DAYS:
        raise ValidationError("days", f"Days ahead must be between 0 and {MAX_DAYS}.")
    today = today or dt.date.today()
    first = today + dt.timedelta(days=start)
    last = today + dt.timedelta(days=days)
    if first > last:
        return [], 0
    spans = _spans(first, last)
    found: list[Reminder] = []
    total = 0
    for kind, query in _sources(spans, include_family, kinds):
        if limit is not None:
            total += query.order_by().count()
            query = query.limit(limit)
        for contact_id, contact_name, person, relation, year, month, dom in query.tuples():
            occurs = _occurrence(month, dom, year, first)
            if occurs is None or occurs[0] > last:
                continue
            on, turning = occurs
            found.append(
                Reminder(
                    on, (on - today).days, kind, contact_id, contact_name, person, relation, turning
                )
            )
    # a day lists the customers' birthdays, their anniversaries, then their families'
    # birthdays; each is already in name order, so a stable sort keeps the database's order
    found.sort(key=lambda r: (r.on, r.is_family, r.kind != "birthday"))
    if limit is None:
        return found, len(found)
    return found[:limit], total


def birthdays_on(day: dt.date | None = None) -> list[Reminder]:
    """Everything falling on one day (the Today panel and the counter sheet)."""
    return upcoming(0, today=day)
