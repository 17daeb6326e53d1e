"""The database's due list (``care.due``) against the rule worked out the slow way, in
Python, over every plan: touches, sales and printed notes at random moments, every tier,
snoozes, never-touched plans, days either side of midnight."""

from __future__ import annotations

import datetime as dt
import random

from relbook.services import care, notes
from relbook.services.care import timeline
from relbook.store.models import Sale
from relbook.store.models.care import CarePlan
from relbook.store.models.notes import SentNote

START = dt.datetime(2026, 3, 1, 0, 30)


def slow_due(today: dt.date, horizon_days: int = 0) -> list[tuple[int, int]]:
    """(contact, days overdue) of every due plan, each plan's latest touch found in Python."""
    days = care.intervals()
    touched = timeline.last_touches(None)
    out = []
    for plan in CarePlan.select():
        if plan.snoozed_until and plan.snoozed_until > today:
            continue
        stamps = [s for s in (touched.get(plan.contact_id), plan.last_touch_at) if s]
        last = max(timeline.as_datetime(s) for s in stamps) if stamps else None
        if last is not None:
            due_on = last.date() + dt.timedelta(days=days[plan.tier])
        else:
            due_on = timeline.utc_to_local(plan.created_at).date()
        if due_on <= today + dt.timedelta(days=horizon_days):
            out.append((plan.contact_id, (today - due_on).days))
    return sorted(out)


def test_the_database_finds_exactly_who_is_due(make_contact) -> None:
    rng = random.Random(13)
    for i in range(60):
        cid = make_contact(f"P{i}", "Due")
        care.set_tier(cid, rng.choice(care.TIERS))
        for _ in range(rng.randrange(0, 3)):
            moment = START + dt.timedelta(minutes=rng.randrange(0, 400 * 24 * 60))
            kind = rng.choice(("entry", "sale", "note", "touch", "private"))
            if kind == "entry":
                timeline.add_entry(cid, "call", happened_at=moment)
            elif kind == "private":  # a private note is not a touch
                timeline.add_entry(cid, "note", "remember the dog", happened_at=moment)
            elif kind == "sale":
                Sale.create(contact=cid, amount_minor=500, currency="USD",
                            created_at=timeline.local_to_utc(moment))  # fmt: skip
            elif kind == "note":
                notes.record_printed(cid, occasion="custom", text="Thanks!")
                SentNote.update(created_at=timeline.local_to_utc(moment)).where(
                    SentNote.contact == cid
                ).execute()
            else:
                care.mark_touched(cid, when=moment)
        if rng.random() < 0.1:
            care.snooze(cid, dt.date(2027, 3, 1), today=dt.date(2026, 1, 1))
    for offset in (0, 15, 40, 100, 200, 370, 500):
        today = dt.date(2026, 3, 1) + dt.timedelta(days=offset)
        for horizon in (0, 7):
            got = sorted((d.contact_id, d.days_overdue)
                         for d in care.due_list(today, horizon_days=horizon))  # fmt: skip
            assert got == slow_due(today, horizon), (today, horizon)
        page, total = care.due_page(today, limit=5)
        assert total == len(slow_due(today)) and len(page) == min(5, total)
