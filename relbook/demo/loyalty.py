"""Demo data for the counter: believable sales, points, redemptions and visits, so the
Counter of ``relbook --demo`` shows balances, tiers, "Usually: …" and "Last visit …".

Registered in ``relbook.demo.ENRICHERS``; writes with ``ctx.insert_rows`` and
keeps every cached balance equal to the sum of its ledger (``relbook check`` passes).
"""

from __future__ import annotations

import datetime as dt
import json
import random

from relbook.demo import DemoContext
from relbook.services.loyalty.rules import LoyaltyRules, earn
from relbook.services.money import Money

#: at most this many customers get a history (a million-contact shop stays quick to write)
MAX_CUSTOMERS = 20_000
ORDERS = [
    ("oat flat white", 380), ("cappuccino", 350), ("sourdough loaf", 520),
    ("croissant and latte", 690), ("pot of Earl Grey", 320), ("cinnamon bun", 340),
    ("birthday cake", 3400), ("lunch for two", 2450), ("espresso", 240),
    ("carrot cake slice", 420), ("dozen bagels", 1450), ("flowers for the table", 1800),
]  # fmt: skip
STAFF = (("Owner", "owner"), ("Sam", "staff"), ("Lena", "staff"))
FLUSH = 20_000


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ")


def enrich(ctx: DemoContext) -> None:
    rng = ctx.rng("loyalty")
    ids = [c for c in ctx.contact_ids() if c not in ctx.archived_ids]
    if not ids:
        return
    staff_ids = _staff(ctx)
    rules = LoyaltyRules()
    customers = rng.sample(ids, min(len(ids), MAX_CUSTOMERS, max(1, len(ids) * 3 // 5)))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    today_start = dt.datetime.combine(ctx.today, dt.time(7, 30))
    writer = _Writer(ctx)
    for n, cid in enumerate(sorted(customers)):
        regular = rng.random() < 0.3
        order, price = rng.choice(ORDERS)
        days = _visit_days(rng, ctx.today, regular)
        if n < 6 and today_start < now:  # a few customers served earlier today
            days.append(ctx.today)
        spend_before: list[tuple[dt.datetime, int]] = []
        balance = visits = 0
        last = None
        for day in sorted(days):
            moment = dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randrange(60)))
            if day == ctx.today:
                span = max(60, int((now - today_start).total_seconds()) - 60)
                moment = today_start + dt.timedelta(seconds=rng.randrange(span))
            amount = max(150, int(price * rng.uniform(0.8, 1.6)) // 10 * 10)
            note = order if rng.random() < 0.7 else ""
            staff = rng.choice(staff_ids)
            year_ago = moment - dt.timedelta(days=365)
            spend = sum(a for when, a in spend_before if when >= year_ago)
            tier = rules.tier_for(spend)
            points = earn(rules, amount, digits=writer.money.digits, day=day, tier=tier).points
            sale_id = writer.sale(cid, staff, amount, note, moment)
            if points:
                writer.entry(
                    cid, points, "earn", f"Sale ${amount / 100:.2f}", staff, sale_id, moment
                )
                balance += points
            spend_before.append((moment, amount))
            visits += 1
            last = moment
            if balance >= 100 and rng.random() < 0.25:
                later = moment + dt.timedelta(minutes=1)
                writer.entry(cid, -100, "redeem", "Reward: Free coffee", staff, None, later)
                balance -= 100
        if rng.random() < 0.05 and last is not None:
            writer.entry(cid, 20, "adjust", "Sorry for the long wait", staff_ids[0], None,
                         last + dt.timedelta(minutes=2))  # fmt: skip
            balance += 20
        writer.account(cid, balance, visits, last)
        if ctx.progress and n % 1000 == 0:
            ctx.progress(n, len(customers))
    writer.flush()


def _visit_days(rng: random.Random, today: dt.date, regular: bool) -> list[dt.date]:
    """A regular comes most weeks on a favourite day; others now and then."""
    days: list[dt.date] = []
    if regular:
        weekday = rng.randrange(6)
        keen = rng.uniform(0.5, 0.9)
        weeks = rng.randint(12, 40)
        for week in range(weeks, 0, -1):
            day = today - dt.timedelta(weeks=week)
            day -= dt.timedelta(days=(day.weekday() - weekday) % 7)
            if rng.random() < keen:
                days.append(day)
    else:
        for _ in range(rng.randint(1, 6)):
            days.append(today - dt.timedelta(days=rng.randint(1, 330)))
    return days


def _money(ctx: DemoContext) -> Money:
    con = ctx.db.connection()
    found = dict(con.execute("SELECT key, value FROM setting WHERE key IN "
                             "('shop.locale', 'shop.currency')").fetchall())  # fmt: skip
    locale = json.loads(found.get("shop.locale", '"en_US"'))
    return Money(locale, json.loads(found.get("shop.currency", '"USD"')))


def _staff(ctx: DemoContext) -> list[int]:
    con = ctx.db.connection()
    rows = con.execute("SELECT id FROM staff ORDER BY id").fetchall()
    if not rows:
        stamp = _stamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))
        with ctx.db.atomic():
            ctx.insert_rows("staff", ("name", "role", "active", "created_at"),
                            [(name, role, 1, stamp) for name, role in STAFF])  # fmt: skip
        rows = con.execute("SELECT id FROM staff ORDER BY id").fetchall()
    return [r[0] for r in rows]


class _Writer:
    """Buffers rows and writes them in bulk; sale ids are handed out in advance."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        row = ctx.db.connection().execute("SELECT COALESCE(MAX(id), 0) FROM sale").fetchone()
        self.next_sale = row[0] + 1
        self.money = _money(ctx)
        self.sales: list[tuple] = []
        self.entries: list[tuple] = []
        self.accounts: list[tuple] = []

    def sale(self, cid: int, staff: int, amount: int, note: str, when: dt.datetime) -> int:
        sale_id = self.next_sale
        self.next_sale += 1
        self.sales.append((sale_id, cid, staff, amount, self.money.currency, note, _stamp(when)))
        return sale_id

    def entry(self, cid: int, points: int, kind: str, reason: str, staff: int,
              sale_id: int | None, when: dt.datetime) -> None:  # fmt: skip
        self.entries.append((cid, points, kind, reason, staff, sale_id, _stamp(when)))

    def account(self, cid: int, balance: int, visits: int, last: dt.datetime | None) -> None:
        stamp = _stamp(last) if last else None
        self.accounts.append(
            (cid, balance, visits, stamp, stamp or _stamp(dt.datetime(2000, 1, 1)))
        )
        if len(self.entries) + len(self.sales) > FLUSH:
            self.flush()

    def flush(self) -> None:
        with self.ctx.db.atomic():
            columns = ("id", "contact_id", "staff_id", "amount_minor", "currency", "note",
                       "created_at")  # fmt: skip
            self.ctx.insert_rows("sale", columns, self.sales)
            self.ctx.insert_rows("points_entry", ("contact_id", "points", "kind", "reason",
                                                  "staff_id", "sale_id", "created_at"),
                                 self.entries)  # fmt: skip
            self.ctx.insert_rows("loyalty_account", ("contact_id", "balance", "visits",
                                                     "last_visit_at", "updated_at"),
                                 self.accounts)  # fmt: skip
        self.sales, self.entries, self.accounts = [], [], []
