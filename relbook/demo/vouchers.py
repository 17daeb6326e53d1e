"""Demo data for referrals and vouchers: a few well-connected regulars, thank-you vouchers
for the customers they brought in, welcome and birthday vouchers, a little goodwill — in
every state (issued, printed, redeemed, void, expired), so the Vouchers page and its
Referrals tab of ``relbook --demo`` are alive.

Registered in ``relbook.demo.ENRICHERS`` after the loyalty enricher (it reads
the sales that wrote). Follows the rules it stores: a referrer is rewarded once per
referee, on the referee's first purchase of at least the minimum, at most ``CAP`` times
a quarter; codes come from the demo's seeded generator, so a seed gives the same shop.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from relbook.demo import DemoContext
from relbook.services import codes, settings
from relbook.services.contacts.mentions import mention

#: the programme the demo shop runs (stored as the shop's settings)
REWARD_MINOR = 500
MIN_PURCHASE_MINOR = 500
WELCOME_ITEM = "Cinnamon bun"
VALIDITY_DAYS = 90
OPENING = dt.time(7, 30)  # "now" for the demo: this morning, as the shop opens
PROGRAMME_DAYS = 730  # the programme started this long ago: older referrals got nothing
CAP = 3  # per referrer per quarter
BIRTHDAY = {"enabled": True, "days_before": 7, "value": {"kind": "percent_off", "percent": 10},
            "validity_days": 30}  # fmt: skip
#: well-connected regulars who bring in several friends each
CONNECTORS = 4
MAX_REFERRED = 8
GOODWILL = [
    (300, "Sorry for the long wait on Saturday"),
    (500, "Coffee spilled on her coat"),
    (250, "Birthday cake was late"),
    (400, "Thank you for helping at the market stall"),
    (300, "Wrong order twice"),
    (600, "Catering feedback, with thanks"),
    (200, "Loyal since opening day"),
]
VOID_REASONS = ["Printed with the wrong name", "Issued twice by mistake"]
COLUMNS = ("code", "kind", "value_kind", "amount_minor", "percent", "free_item", "points",
           "currency", "beneficiary_id", "note", "occasion", "referral_id", "issued_at",
           "issued_by_id", "expires_on", "state", "printed_at", "redeemed_at",
           "redeemed_by_id", "voided_at", "voided_by_id", "void_reason")  # fmt: skip


def _stamp(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(sep=" ") if moment else None


@dataclass
class _Shop:
    """What the enricher reads once: contacts, first purchases, staff."""

    names: dict[int, str]
    created: dict[int, dt.datetime]
    how_met: dict[int, str]
    referrer: dict[int, int]
    sales: dict[int, list[tuple[int, int, dt.datetime]]]  # contact -> [(sale id, amount, when)]
    birthdays: dict[int, tuple[int, int]]
    staff: list[int]
    currency: str
    archived: set[int] = field(default_factory=set)


def _read(ctx: DemoContext) -> _Shop:
    con = ctx.db.connection()
    names, created, how_met, referrer, birthdays = {}, {}, {}, {}, {}
    archived: set[int] = set()
    rows = con.execute(
        "SELECT id, display_name, created_at, how_met, referred_by_id, birthday_month, "
        "birthday_day, archived_at FROM contact"
    )
    for cid, name, when, how, ref, month, day, gone in rows:
        names[cid] = name
        created[cid] = dt.datetime.fromisoformat(str(when))
        how_met[cid] = how or ""
        if ref:
            referrer[cid] = ref
        if month and day:
            birthdays[cid] = (month, day)
        if gone:
            archived.add(cid)
    sales: dict[int, list[tuple[int, int, dt.datetime]]] = {}
    for sale_id, cid, amount, when in con.execute(
        "SELECT id, contact_id, amount_minor, created_at FROM sale "
        "WHERE amount_minor > 0 AND contact_id IS NOT NULL ORDER BY created_at, id"
    ):
        sales.setdefault(cid, []).append((sale_id, amount, dt.datetime.fromisoformat(str(when))))
    staff = [r[0] for r in con.execute("SELECT id FROM staff ORDER BY id")]
    currency = str(settings.get("shop.currency") or "USD")
    return _Shop(names, created, how_met, referrer, sales, birthdays, staff, currency,
                 archived)  # fmt: skip


def enrich(ctx: DemoContext) -> None:
    rng = ctx.rng("vouchers")
    shop = _read(ctx)
    if len(shop.names) < 20 or not shop.staff:
        return
    now = dt.datetime.combine(ctx.today, OPENING)  # not the clock: a seed gives one shop
    writer = _Writer(ctx, rng, shop, now)
    with ctx.db.atomic():
        _settings()
        _connectors(ctx, rng, shop)
        _referrals(writer, shop)
        _birthdays(writer, rng, shop, ctx.today)
        _goodwill(writer, rng, shop, now)
        writer.flush()


def _settings() -> None:
    programme = {
        "enabled": True,
        "reward": {"kind": "amount_off", "amount_minor": REWARD_MINOR},
        "trigger": "first_purchase",
        "min_purchase_minor": MIN_PURCHASE_MINOR,
        "welcome": {"kind": "free_item", "free_item": WELCOME_ITEM},
        "validity_days": VALIDITY_DAYS,
        "cap": {"count": CAP, "period": "quarter"},
    }
    settings.set_value("referrals.programme", programme)
    settings.set_value("vouchers.birthday", BIRTHDAY)


def _connectors(ctx: DemoContext, rng: random.Random, shop: _Shop) -> None:
    """A few regulars who brought in several friends: the top of the referrers list."""
    buyers = [c for c in shop.sales if c not in shop.archived]
    if len(buyers) < CONNECTORS * 3:
        return
    oldest = sorted(buyers, key=lambda c: shop.created[c])[: max(CONNECTORS * 4, len(buyers) // 5)]
    con = ctx.db.connection()
    taken = set(shop.referrer)
    for connector in rng.sample(oldest, CONNECTORS):
        friends = [
            c
            for c in shop.names
            if c != connector
            and c not in taken
            and c not in shop.archived
            and shop.created[c] > shop.created[connector]
            and not shop.how_met[c]
            and _qualifying(shop, c) is not None  # they came back and bought something
            and c not in shop.referrer.values()  # keep the chains short and readable
        ]
        first = shop.names[connector].split()[0]
        for friend in rng.sample(friends, min(len(friends), rng.randint(3, MAX_REFERRED))):
            shop.referrer[friend] = connector
            taken.add(friend)
            how = rng.choice(("Friend of {}.", "Recommended by {}.", "{} brought her in."))
            con.execute(
                "UPDATE contact SET referred_by_id = ?, how_met = ? WHERE id = ?",
                (connector, how.format(first), friend),
            )


def _qualifying(shop: _Shop, referee: int) -> tuple[int, int, dt.datetime] | None:
    """The first purchase after the referral was recorded, if it was big enough."""
    after = [s for s in shop.sales.get(referee, ()) if s[2] >= shop.created[referee]]
    return after[0] if after and after[0][1] >= MIN_PURCHASE_MINOR else None


def _referrals(writer: _Writer, shop: _Shop) -> None:
    """Welcome vouchers when the referral was recorded; the referrer's thank-you voucher
    on the referee's first purchase of at least the minimum (capped per quarter)."""
    per_quarter: dict[tuple[int, int, int], int] = {}
    events = sorted(shop.referrer.items(), key=lambda item: shop.created[item[0]])
    start = writer.now - dt.timedelta(days=PROGRAMME_DAYS)
    for referee, referrer in events:
        if referee in shop.archived or shop.created[referee] < start:
            continue
        joined = shop.created[referee]
        staff = writer.rng.choice(writer.shop.staff)
        reward = writer.reward_row(referrer, referee, "welcome", "voucher", None, joined)
        writer.voucher("welcome", referee, joined, staff, reward,
                       free_item=WELCOME_ITEM, note="Welcome!")  # fmt: skip
        sale = _qualifying(shop, referee)
        if sale is None:
            continue  # not yet: the reward waits for a qualifying first purchase
        sale_id, _amount, when = sale
        quarter = (referrer, when.year, (when.month - 1) // 3)
        if per_quarter.get(quarter, 0) >= CAP:
            writer.reward_row(referrer, referee, "referrer", "capped", sale_id, when)
            continue
        per_quarter[quarter] = per_quarter.get(quarter, 0) + 1
        reward = writer.reward_row(referrer, referee, "referrer", "voucher", sale_id, when)
        note = f"Thank you for referring {mention(referee)}"  # by id, like the real thing
        writer.voucher("referral", referrer, when, staff, reward,
                       amount=REWARD_MINOR, note=note)  # fmt: skip


def _birthdays(writer: _Writer, rng: random.Random, shop: _Shop, today: dt.date) -> None:
    """Birthday vouchers issued 7 days ahead: this week's wait in the print queue."""
    days_before = int(BIRTHDAY["days_before"])
    for cid, (month, day) in shop.birthdays.items():
        if cid in shop.archived:
            continue
        for year in (today.year - 1, today.year, today.year + 1):
            try:
                birthday = dt.date(year, month, day)
            except ValueError:
                birthday = dt.date(year, month, 28)
            ahead = (birthday - today).days
            if -40 <= ahead <= days_before:
                break
        else:
            continue
        issued_on = birthday - dt.timedelta(days=days_before)
        issued = dt.datetime.combine(issued_on, dt.time(7, rng.randrange(30)))
        if issued_on > today or issued < shop.created[cid]:
            continue
        writer.voucher("birthday", cid, issued, None, None, percent=10,
                       note=f"Happy birthday! ({birthday:%b} {birthday.day})",
                       occasion=str(birthday.year), expires=birthday + dt.timedelta(days=30),
                       use_after=birthday)  # fmt: skip


def _goodwill(writer: _Writer, rng: random.Random, shop: _Shop, now: dt.datetime) -> None:
    buyers = sorted(c for c in shop.sales if c not in shop.archived)
    chosen = rng.sample(buyers, min(len(buyers), len(GOODWILL) + len(VOID_REASONS)))
    owner = shop.staff[0]
    for i, cid in enumerate(chosen):
        issued = now - dt.timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
        if i < len(GOODWILL):
            amount, note = GOODWILL[i]
            writer.voucher("goodwill", cid, issued, owner, None, amount=amount, note=note)
        else:
            reason = VOID_REASONS[i - len(GOODWILL)]
            writer.voucher("goodwill", cid, issued, owner, None, amount=300,
                           note="Sorry for the mix-up", void=reason)  # fmt: skip


class _Writer:
    """Buffers voucher rows; decides each one's state from its age, as a shop's would be."""

    def __init__(self, ctx: DemoContext, rng: random.Random, shop: _Shop, now: dt.datetime) -> None:
        self.ctx = ctx
        self.rng = rng
        self.shop = shop
        self.now = now
        self.rows: list[tuple] = []
        self.seen: set[str] = set()
        con = ctx.db.connection()
        self.next_reward = con.execute(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM referral_reward"
        ).fetchone()[0]
        self.rewards: list[tuple] = []

    def code(self) -> str:
        while True:
            code = codes.compact_code(codes.new_voucher_code(randbelow=self.rng.randrange))
            if code not in self.seen:
                self.seen.add(code)
                return code

    def reward_row(self, referrer: int, referee: int, role: str, outcome: str,
                   sale_id: int | None, when: dt.datetime) -> int:  # fmt: skip
        rid = self.next_reward
        self.next_reward += 1
        self.rewards.append((rid, referrer, referee, role, outcome, None, sale_id, _stamp(when)))
        return rid

    def voucher(
        self,
        kind: str,
        beneficiary: int,
        issued: dt.datetime,
        staff: int | None,
        referral: int | None,
        *,
        amount: int | None = None,
        percent: int | None = None,
        free_item: str = "",
        note: str = "",
        occasion: str | None = None,
        expires: dt.date | None = None,
        use_after: dt.date | None = None,
        void: str = "",
    ) -> None:
        rng = self.rng
        expires = expires or (issued + dt.timedelta(days=VALIDITY_DAYS)).date()
        value_kind = "amount_off" if amount else "percent_off" if percent else "free_item"
        printed = redeemed = voided = None
        redeemed_by = voided_by = None
        today = self.now.date()
        age = (today - issued.date()).days
        if void:
            state = "void"
            voided = issued + dt.timedelta(minutes=rng.randint(5, 90))
            voided_by = self.shop.staff[0]
        elif age < 2 or (age < 10 and rng.random() < 0.6):
            state = "issued"  # waits in the print queue
        else:
            printed = issued + dt.timedelta(hours=rng.randint(2, 30))
            start = max(printed.date(), use_after or printed.date())
            used = expires >= start and rng.random() < (0.7 if expires < today else 0.45)
            if used:
                last = min(expires, today)
                day = start + dt.timedelta(days=rng.randint(0, max(0, (last - start).days)))
                redeemed = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randrange(60)))
                if redeemed > self.now or redeemed <= printed:
                    redeemed = None
            if redeemed is not None:
                state = "redeemed"
                redeemed_by = rng.choice(self.shop.staff)
            else:
                state = "expired" if expires < today else "printed"
        self.rows.append((
            self.code(), kind, value_kind, amount, percent, free_item, None,
            self.shop.currency if amount else "", beneficiary, note, occasion, referral,
            _stamp(issued), staff, expires.isoformat(), state, _stamp(printed),
            _stamp(redeemed), redeemed_by, _stamp(voided), voided_by, void,
        ))  # fmt: skip

    def flush(self) -> None:
        self.ctx.insert_rows(
            "referral_reward",
            ("id", "referrer_id", "referee_id", "role", "outcome", "points", "sale_id",
             "created_at"),
            self.rewards,
        )  # fmt: skip
        self.ctx.insert_rows("voucher", COLUMNS, self.rows)
        self.rows, self.rewards = [], []
