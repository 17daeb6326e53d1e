"""Demo data for relationship care: tiers, a rhythm of visits, touches, links between
people, households, feedback and a few saved segments — so the Care page of
``relbook --demo`` is alive.

Registered in ``relbook.demo.ENRICHERS``; writes with ``ctx.insert_rows``.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from relbook.demo import DemoContext

KINDS = ("call", "message", "note_sent", "touch", "meeting")
TOUCH_TEXTS = {
    "call": ["Called about the order", "Rang to say thank you", "Asked how the move went"],
    "message": ["Sent a photo of the new cakes", "Texted about the tasting evening"],
    "note_sent": ["Thank-you card", "Birthday card"],
    "touch": ["Chatted at the counter", "Said hello at the market"],
    "meeting": ["Coffee to plan the catering"],
}
COMMENTS = ["Best flat white in town", "A bit slow on Saturday", "Lovely staff", "",
            "Too noisy at lunch", "The sourdough is perfect", ""]  # fmt: skip
LINKS = ("partner", "friend", "sibling", "colleague", "parent", "employer")


def _stamp(day: dt.date, rng: random.Random) -> str:
    return dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.choice((0, 15, 30, 45))))\
        .isoformat(sep=" ")  # fmt: skip


def enrich(ctx: DemoContext) -> None:
    rng = ctx.rng("care")
    ids = [c for c in ctx.contact_ids() if c not in ctx.archived_ids]
    if not ids:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    entries: list[tuple] = []
    plans: list[tuple] = []
    links: list[tuple] = []
    feedback: list[tuple] = []
    # regulars: a favourite weekday, most weeks, for the last 16 weeks
    regulars = rng.sample(ids, max(1, len(ids) // 7))
    for cid in regulars:
        weekday = rng.randrange(6)
        keen = rng.uniform(0.45, 0.95)
        stop = rng.random() < 0.15  # some have stopped coming: the review notices
        for week in range(16, 0 if not stop else rng.randint(4, 8), -1):
            day = ctx.today - dt.timedelta(weeks=week)
            day -= dt.timedelta(days=(day.weekday() - weekday) % 7)
            if rng.random() < keen:
                entries.append((cid, "visit", "", _stamp(day, rng), now))
    # care tiers with a last touch somewhere in the past
    for cid in rng.sample(ids, max(1, len(ids) // 10)):
        tier = rng.choices((1, 2, 3), weights=(3, 4, 2))[0]
        span = {1: 50, 2: 130, 3: 420}[tier]
        day = ctx.today - dt.timedelta(days=rng.randint(3, span))
        kind = rng.choice(KINDS)
        entries.append((cid, kind, rng.choice(TOUCH_TEXTS[kind]), _stamp(day, rng), now))
        plans.append((cid, tier, None, _stamp(day, rng), now))
    # links: couples, friends and colleagues, a few larger circles
    pool = ids[:]
    rng.shuffle(pool)
    for a, b in zip(pool[0::2][: len(ids) // 4], pool[1::2][: len(ids) // 4], strict=False):
        kind = rng.choices(LINKS, weights=(5, 4, 2, 2, 1, 1))[0]
        links.append((min(a, b), max(a, b), kind, now))
    hub = ids[0]
    for other in rng.sample(ids[1:], min(len(ids) - 1, 6)):
        links.append((hub, other, rng.choice(("friend", "colleague", "sibling")), now))
    # feedback over the last six months
    for _ in range(max(1, len(ids) // 12)):
        day = ctx.today - dt.timedelta(days=rng.randint(0, 180))
        score = rng.choices(range(11), weights=(1, 0, 1, 1, 1, 2, 3, 6, 10, 14, 16))[0]
        cid = rng.choice(ids) if rng.random() < 0.8 else None
        feedback.append((cid, score, rng.choice(COMMENTS), _stamp(day, rng)))
    # couples share a household (the first few); their visits show together
    couples = [(a, b) for a, b, kind, _ in links if kind == "partner"][: max(1, len(ids) // 40)]
    family = dict(ctx.db.execute_sql("SELECT id, family_name FROM contact").fetchall())
    with ctx.db.atomic():
        for a, b in couples:
            name = f"The {family.get(a) or family.get(b) or 'Family'} household"
            ctx.insert_rows("household", ("name", "created_at"), [(name, now)])
            hid = ctx.db.execute_sql("SELECT MAX(id) FROM household").fetchone()[0]
            ctx.insert_rows("household_member", ("household_id", "contact_id"),
                            [(hid, a), (hid, b)])  # fmt: skip
        ctx.insert_rows("segment", ("name", "filter", "created_at", "updated_at"),
                        [(n, json.dumps(f, sort_keys=True), now, now)
                         for n, f in _segments(ctx.today)])  # fmt: skip
        ctx.insert_rows("timeline_entry", ("contact_id", "kind", "text", "happened_at",
                                           "created_at"), entries)  # fmt: skip
        ctx.insert_rows("care_plan", ("contact_id", "tier", "snoozed_until", "last_touch_at",
                                      "created_at"), plans)  # fmt: skip
        seen: set[tuple[int, int]] = set()
        unique = [r for r in links if (r[0], r[1]) not in seen and not seen.add((r[0], r[1]))]
        ctx.insert_rows("relationship", ("from_contact_id", "to_contact_id", "kind",
                                         "created_at"), unique)  # fmt: skip
        ctx.insert_rows("feedback", ("contact_id", "score", "comment", "created_at"), feedback)


def _segments(today: dt.date) -> list[tuple[str, dict[str, object]]]:
    """Saved segments a café owner would make (dates relative to the demo's day)."""
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).month
    return [
        ("Keep close: tiers 1 and 2", {"tiers": [1, 2]}),
        ("Not seen for two months", {"last_visit_after": (today - dt.timedelta(days=365))
                                     .isoformat(),
                                     "last_visit_before": (today - dt.timedelta(days=60))
                                     .isoformat()}),
        ("Birthdays next month", {"birthday_month": next_month}),
        ("Newsletter, may email", {"tags": ["newsletter"], "consent": "email"}),
        ("Big spenders this year", {"spend_min": 30000, "spend_days": 365}),
        ("They bring friends", {"has_referred": True}),
    ]  # fmt: skip
