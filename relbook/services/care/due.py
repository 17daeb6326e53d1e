"""Who is due for a touch, found by the database.

A plan is due when the contact's latest touch — a touch-kind timeline entry or the plan's
own last touch (both LOCAL), a sale or a printed note (both UTC) — is older than the
tier's interval, or, never touched, from the day the tier was set. Rather than reading
every plan with its latest touches into Python (100,000 plans in a book of a million),
each tier's interval becomes a moment: due means "nothing since then", which the
database answers with one indexed ``NOT EXISTS`` per source, so only the due plans come
back, each with its latest moments for the exact due date worked out in Python.

Local moments are compared with local columns and their UTC equivalents with UTC
columns, so who is due is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from relbook.services.care import timeline
from relbook.store.db import database
from relbook.store.models import Contact, Sale
from relbook.store.models.care import CarePlan, TimelineEntry
from relbook.store.models.contacts import joined_active
from relbook.store.models.notes import SentNote

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DueRow:
    """One due plan as read: the contact, its tier, and its latest moments."""

    contact_id: int
    name: str
    tier: int
    created_at: object  # UTC
    plan_touch: object  # local
    entry: object  # local
    sale: object  # UTC
    note: object  # UTC


def due_rows(
    days: dict[int, int],
    today: dt.date,
    *,
    horizon_days: int = 0,
    include_snoozed: bool = False,
) -> list[DueRow]:
    """The due plans with their latest moments, read as plain rows."""
    query = _due(days, today, horizon_days, include_snoozed)
    query = query.select_extend(*_latest_queries())
    rows = database.execute(query).fetchall()
    return [DueRow(*row) for row in rows]


def _due(
    days: dict[int, int], today: dt.date, horizon_days: int, include_snoozed: bool
) -> peewee.ModelSelect:
    horizon = today + dt.timedelta(days=horizon_days)
    local, utc = _since(days, horizon)
    newest = CarePlan.alias()
    entry, sale, note = TimelineEntry.alias(), Sale.alias(), SentNote.alias()
    touch = (entry.contact == CarePlan.contact) & entry.kind.in_(timeline.TOUCH_KINDS)
    bought = sale.contact == CarePlan.contact
    noted = (note.contact == CarePlan.contact) & (note.status == "printed")

    def since(query: peewee.ModelSelect, cond: peewee.Node) -> peewee.Node:
        return peewee.fn.EXISTS(query.select(peewee.SQL("1")).where(cond))

    created_by = timeline.local_to_utc(dt.datetime.combine(horizon, dt.time()) + _DAY)
    newest_plan = CarePlan.id == newest.select(peewee.fn.MAX(newest.id)).where(
        newest.contact == CarePlan.contact
    )
    nothing_since = (
        ~since(entry, touch & (entry.happened_at >= local))
        & ~since(sale, bought & (sale.created_at >= utc))
        & ~since(note, noted & (note.created_at >= utc))
        & (CarePlan.last_touch_at.is_null() | (CarePlan.last_touch_at < local))
    )
    # never touched: due from the day the tier was set
    set_in_time = (
        (CarePlan.created_at < created_by)
        | CarePlan.last_touch_at.is_null(False)
        | since(entry, touch)
        | since(sale, bought)
        | since(note, noted)
    )
    columns = (
        CarePlan.contact,
        Contact.display_name,
        CarePlan.tier,
        CarePlan.created_at,
        CarePlan.last_touch_at,
    )
    query = (
        CarePlan.select(*columns)
        .join(Contact, on=(CarePlan.contact == Contact.id))
        .where(joined_active() & newest_plan & nothing_since & set_in_time)
    )
    if not include_snoozed:
        query = query.where(CarePlan.snoozed_until.is_null() | (CarePlan.snoozed_until <= today))
    return query


def _since(days: dict[int, int], horizon: dt.date) -> tuple[peewee.Node, peewee.Node]:
    """For each tier, the moment after which a touch means "not due yet": local midnight
    after ``horizon - interval`` (a touch on that day is due on the horizon), and the
    same moment in UTC for the UTC columns."""
    local = {
        t: dt.datetime.combine(horizon - dt.timedelta(days=d), dt.time()) + _DAY
        for t, d in days.items()
    }
    fallback = max(days)  # unknown tiers are treated as the least frequent one

    def by_tier(values: dict[int, dt.datetime]) -> peewee.Node:
        cases = [(t, v) for t, v in values.items() if t != fallback]
        return peewee.Case(CarePlan.tier, cases, values[fallback])

    return by_tier(local), by_tier({t: timeline.local_to_utc(v) for t, v in local.items()})


def _latest_queries() -> tuple[peewee.Node, ...]:
    """Each contact's latest touch entry, sale and printed note (one indexed look-up)."""
    entry, sale, note = TimelineEntry.alias(), Sale.alias(), SentNote.alias()
    return (
        entry.select(peewee.fn.MAX(entry.happened_at)).where(
            (entry.contact == CarePlan.contact) & entry.kind.in_(timeline.TOUCH_KINDS)
        ),
        sale.select(peewee.fn.MAX(sale.created_at)).where(sale.contact == CarePlan.contact),
        note.select(peewee.fn.MAX(note.created_at)).where(
            (note.contact == CarePlan.contact) & (note.status == "printed")
        ),
    )
