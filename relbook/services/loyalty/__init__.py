"""The loyalty programme at work: rules from settings, balances, tiers, rewards,
redemption, adjustments, expiry and every customer's card code.

Importing this module subscribes its listeners (a card code for each new contact;
balances folded together after a merge); ``relbook.services.plugins.load_all`` does that
at start-up.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Protocol

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import events, settings
from relbook.services.codes import format_card_code, looks_like_card_code, new_card_code
from relbook.services.display import shop_display
from relbook.services.loyalty import ledger
from relbook.services.loyalty.rules import Earning, LoyaltyRules, Reward, Tier, add_months, earn
from relbook.services.money import Money, shop_money
from relbook.services.typed import clean_line
from relbook.store.concurrency import hold, retried
from relbook.store.db import database
from relbook.store.models import Contact, LoyaltyAccount, PointsEntry, Sale, Setting, utcnow

RULES_KEY = "loyalty.rules"
MAX_ADJUST = 100_000  # points in one adjustment; more is a typing mistake
LAST_EXPIRY_KEY = "loyalty.last_expiry_day"


# -- rules ----------------------------------------------------------------------------------


def get_rules() -> LoyaltyRules:
    return LoyaltyRules.from_dict(settings.get(RULES_KEY) or {})


_STATE_KEYS = (RULES_KEY, "shop.locale", "shop.currency")


@functools.cache
def _state_sql(param: str) -> str:
    table = Setting._meta.table_name
    return f"SELECT key, value FROM {table} WHERE key IN ({', '.join([param] * 3)})"


@functools.lru_cache(maxsize=8)
def _parsed_state(raw: tuple[tuple[str, str], ...]) -> tuple[LoyaltyRules, Money]:
    """The stored JSON, read and checked once per distinct value (not once per sale)."""
    found = {k: json.loads(v) for k, v in raw}
    value = {k: found.get(k, settings.DEFAULTS.get(k)) for k in _STATE_KEYS}
    rules = LoyaltyRules.from_dict(value[RULES_KEY] or {})
    return rules, Money(str(value["shop.locale"] or "en_US"), str(value["shop.currency"] or "USD"))


def shop_state() -> tuple[LoyaltyRules, Money]:
    """Rules, locale and currency in one read (the sale path runs this for every sale).

    The database is read every time — another till may have changed the rules — but the
    JSON is parsed only when it differs from the last read. The rules are shared between
    calls: read them, never change them (``get_rules`` gives a copy to edit).
    """
    db = database.obj
    rows = db.execute_sql(_state_sql(db.param), _STATE_KEYS).fetchall()
    return _parsed_state(tuple(sorted((str(k), str(v)) for k, v in rows)))


def save_rules(rules: LoyaltyRules) -> None:
    rules.validate()
    settings.set_value(RULES_KEY, rules.to_dict())


def local_day(when: dt.datetime | None = None) -> dt.date:
    """The shop's calendar day for a naive-UTC timestamp (promotions, birthdays)."""
    stamp = (when or utcnow()).replace(tzinfo=dt.UTC)
    return stamp.astimezone().date()


# -- reading an account ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RewardOption:
    reward: Reward
    affordable: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the counter shows about a customer's points."""

    contact_id: int
    balance: int
    tier: Tier | None
    next_tier: Tier | None
    spend_12m_minor: int
    visits: int
    last_visit_at: dt.datetime | None
    rewards: tuple[RewardOption, ...]
    birthday_bonus_due: bool


def spend_12m(contact_id: int, when: dt.datetime | None = None) -> int:
    """Rolling 12-month spend (refunds count against it), from the (contact, date) index."""
    since = (when or utcnow()) - dt.timedelta(days=365)
    total = (
        Sale.select(peewee.fn.COALESCE(peewee.fn.SUM(Sale.amount_minor), 0))
        .where((Sale.contact == contact_id) & (Sale.created_at >= since))
        .scalar()
    )
    return int(total or 0)


class _Birthday(Protocol):
    id: int
    birthday_month: int | None


def birthday_bonus_due(contact: _Birthday, rules: LoyaltyRules, day: dt.date) -> bool:
    """In the birthday month and no birthday bonus yet this year."""
    if rules.birthday_bonus <= 0 or contact.birthday_month != day.month:
        return False
    start = dt.datetime(day.year, 1, 1) - dt.timedelta(days=1)
    return not (
        PointsEntry.select(PointsEntry.id)
        .where(
            (PointsEntry.contact == contact.id)
            & (PointsEntry.kind == "bonus")
            & (PointsEntry.reason == "Birthday month bonus")
            & (PointsEntry.created_at > start)
        )
        .exists()
    )


def summary(contact_id: int, when: dt.datetime | None = None) -> Summary:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    rules = get_rules()
    account = ledger.account_for(contact_id, create=False)
    bal = account.balance if account else 0
    spend = spend_12m(contact_id, when)
    return Summary(
        contact_id=contact_id,
        balance=bal,
        tier=rules.tier_for(spend),
        next_tier=rules.next_tier(spend),
        spend_12m_minor=spend,
        visits=account.visits if account else 0,
        last_visit_at=account.last_visit_at if account else None,
        rewards=tuple(
            RewardOption(r, r.cost <= bal) for r in sorted(rules.rewards, key=lambda r: r.cost)
        ),
        birthday_bonus_due=birthday_bonus_due(contact, rules, local_day(when)),
    )


balance = ledger.balance


# -- spending and correcting points ---------------------------------------------------------


@retried
def redeem_reward(
    contact_id: int,
    reward_name: str,
    *,
    staff_id: int | None = None,
    when: dt.datetime | None = None,
) -> int:
    """Take a catalogue reward's points off; refused (balance shown) when there are too few.

    Returns the new balance."""
    rules = get_rules()
    reward = next((r for r in rules.rewards if r.name == reward_name), None)
    if reward is None:
        raise NotFoundError(f"There is no reward called “{reward_name}”.")
    with database.atomic():
        account = ledger.lock(contact_id)  # no other till spends them meanwhile
        if reward.cost > account.balance:
            raise ValidationError(
                "points",
                f"Not enough points: {account.balance} available, “{reward.name}” needs "
                f"{reward.cost}.",
            )
        shown = reward.label(shop_display().money)
        return ledger.append(contact_id, -reward.cost, "redeem", reason=f"Reward: {shown}",
                             staff_id=staff_id, when=when, account=account)  # fmt: skip


@retried
def redeem_points(
    contact_id: int, points: int, *, staff_id: int | None = None, when: dt.datetime | None = None
) -> int:
    """Partial redemption: the cashier chooses how many points come off; the new balance."""
    if not isinstance(points, int) or points <= 0:
        raise ValidationError("points", "Points to redeem: type a whole number above 0.")
    rules = get_rules()
    with database.atomic():
        account = ledger.lock(contact_id)  # no other till spends them meanwhile
        if points > account.balance:
            raise ValidationError(
                "points", f"Not enough points: {account.balance} available, {points} asked for."
            )
        value = shop_money().format(points * rules.point_value_minor)
        reason = f"{points} points redeemed ({value} off)"
        return ledger.append(contact_id, -points, "redeem", reason=reason, staff_id=staff_id,
                             when=when, account=account)  # fmt: skip


@retried
def adjust(
    contact_id: int,
    points: int,
    reason: str,
    *,
    staff_id: int | None = None,
    when: dt.datetime | None = None,
) -> int:
    """A correction by hand; returns the new balance.

    A reason is required, a balance never goes below zero, and with staff roles on only
    an owner may do it (``access.require_owner``).
    """
    from relbook.services.staff import access

    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise ValidationError("points", "Points: type a whole number other than 0.")
    if abs(points) > MAX_ADJUST:
        raise ValidationError("points", f"Points: at most {MAX_ADJUST:,} at a time.")
    reason = clean_line(reason)
    if not reason:
        raise ValidationError("reason", "Reason: say why the points change.")
    if len(reason) > 200:
        raise ValidationError("reason", "Reason: at most 200 characters.")
    access.require_owner(staff_id, "adjust points")
    return ledger.append(contact_id, points, "adjust", reason=reason, staff_id=staff_id, when=when)


def recent_adjust_reasons(limit: int = 12) -> list[str]:
    """Reasons given for recent adjustments, newest first (suggestions for the next one)."""
    query = (
        PointsEntry.select(PointsEntry.reason)
        .where(PointsEntry.kind == "adjust")
        .order_by(PointsEntry.id.desc())
        .limit(limit * 5)
        .tuples()
    )
    return list(dict.fromkeys(r for (r,) in query if r.strip()))[:limit]


# -- expiry ---------------------------------------------------------------------------------


@retried
def apply_expiry(today: dt.date | None = None, *, when: dt.datetime | None = None) -> int:
    """Expire points under the rules; one ledger row per contact affected. Idempotent.

    Each account is locked before its due points are worked out, so a redemption at
    another till at the same moment is counted, never expired on top of.
    Returns the number of contacts whose points expired.
    """
    rules = get_rules()
    if rules.expiry_mode == "none":
        return 0
    today = today or local_day(when)
    cutoff = dt.datetime.combine(add_months(today, -rules.expiry_months), dt.time())
    count = 0
    with database.atomic():
        if rules.expiry_mode == "after_earning":
            candidates = (
                LoyaltyAccount.select(LoyaltyAccount.contact)
                .where(
                    (LoyaltyAccount.balance > 0)
                    & peewee.fn.EXISTS(
                        PointsEntry.select(PointsEntry.id).where(
                            (PointsEntry.contact == LoyaltyAccount.contact)
                            & (PointsEntry.points > 0)
                            & (PointsEntry.created_at < cutoff)
                        )
                    )
                )
                .distinct()
                .tuples()
            )
            for (contact_id,) in list(candidates):
                account = ledger.lock(contact_id)
                due = sum(
                    lot.remaining for lot in ledger.lots(contact_id) if lot.created_at < cutoff
                )
                due = min(due, account.balance)
                if due > 0:
                    before = shop_display().date_short(cutoff.date(), year=True)
                    reason = (f"Points earned before {before} expired "
                              f"({rules.expiry_months}-month rule)")  # fmt: skip
                    ledger.append(contact_id, -due, "expire", reason=reason, when=when,
                                  account=account)  # fmt: skip
                    count += 1
        else:
            stale = (
                LoyaltyAccount.select(LoyaltyAccount.contact, LoyaltyAccount.balance)
                .where(
                    (LoyaltyAccount.balance > 0)
                    & (
                        (LoyaltyAccount.last_visit_at < cutoff)
                        | LoyaltyAccount.last_visit_at.is_null()
                    )
                )
                .tuples()
            )
            for contact_id, _ in list(stale):
                account = ledger.lock(contact_id)
                latest = (
                    PointsEntry.select(peewee.fn.MAX(PointsEntry.created_at))
                    .where(PointsEntry.contact == contact_id)
                    .scalar()
                )
                if latest is not None and _as_datetime(latest) >= cutoff:
                    continue  # points given recently (say a referral) keep the account alive
                due = account.balance
                if due > 0:
                    reason = f"No visit for {rules.expiry_months} months: points expired"
                    ledger.append(contact_id, -due, "expire", reason=reason, when=when,
                                  account=account)  # fmt: skip
                    count += 1
    return count


@retried
def run_daily(today: dt.date | None = None) -> int:
    """Once per day (start-up and day change): expire what is due. Returns contacts touched.

    The day's run is one transaction under one lock, so two tills starting at the same
    moment expire once, not twice."""
    today = today or local_day()
    if settings.get(LAST_EXPIRY_KEY) == today.isoformat():
        return 0
    with database.atomic():
        hold("points-expiry", 0)
        if settings.get(LAST_EXPIRY_KEY) == today.isoformat():
            return 0  # the other till did it while this one waited
        count = apply_expiry(today)
        settings.set_value(LAST_EXPIRY_KEY, today.isoformat())
    return count


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


# -- card codes -----------------------------------------------------------------------------


def assign_card_code(contact_id: int) -> str:
    """Give a contact a unique card code (kept if it already has one)."""
    contact = Contact.get_by_id(contact_id)
    if contact.card_code:
        return contact.card_code
    while True:
        code = new_card_code()
        if not Contact.select(Contact.id).where(Contact.card_code == code).exists():
            break
    Contact.update(card_code=code).where(Contact.id == contact_id).execute()
    return code


@retried
def replace_card_code(contact_id: int) -> str:
    """A lost card: give the customer a new code at once; the old card stops working."""
    from relbook.services import contacts

    with database.atomic():
        if Contact.get_or_none(Contact.id == contact_id) is None:
            raise NotFoundError(f"There is no contact number {contact_id}.")
        while True:
            code = new_card_code()
            if not Contact.select(Contact.id).where(Contact.card_code == code).exists():
                break
        Contact.update(card_code=code).where(Contact.id == contact_id).execute()
        contacts.reindex([contact_id])
    return code


def find_by_card_code(text: str) -> int | None:
    """The contact whose card this is (typed or scanned, with or without dashes)."""
    if not looks_like_card_code(text):
        return None
    row = Contact.get_or_none(Contact.card_code == format_card_code(text))
    return row.id if row else None


def _on_contact_created(contact_id: int, **_: object) -> None:
    assign_card_code(contact_id)


def assign_card_codes(contact_ids: list[int]) -> int:
    """``assign_card_code`` for many new contacts at once (an import): three statements
    per 500 contacts instead of three per contact. Returns how many codes were given."""
    db = database.obj
    table, mark = Contact._meta.table_name, db.param
    given = 0
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        wanted = set(chunk)
        in_range = db.execute_sql(
            f"SELECT id FROM {table} WHERE id BETWEEN {mark} AND {mark} AND card_code IS NULL",
            [min(chunk), max(chunk)],
        )
        missing = [cid for (cid,) in in_range.fetchall() if cid in wanted]
        codes: dict[int, str] = {}
        while len(codes) < len(missing):
            fresh = {cid: new_card_code() for cid in missing if cid not in codes}
            marks = ", ".join([mark] * len(fresh))
            clash = {
                code
                for (code,) in db.execute_sql(
                    f"SELECT card_code FROM {table} WHERE card_code IN ({marks})",
                    list(fresh.values()),
                ).fetchall()
            }
            seen = set(codes.values())
            for cid, code in fresh.items():
                if code not in clash and code not in seen:
                    codes[cid] = code
                    seen.add(code)
        if codes:
            db.cursor().executemany(
                f"UPDATE {table} SET card_code = {mark} WHERE id = {mark}",
                [(code, cid) for cid, code in codes.items()],
            )
            given += len(codes)
    return given


def _on_contacts_merged(kept_id: int, merged_id: int, **_: object) -> None:
    ledger.recompute(kept_id)
    ledger.recompute(merged_id)


events.subscribe(events.CONTACT_CREATED, _on_contact_created)
events.subscribe_batch(_on_contact_created, assign_card_codes)
events.subscribe(events.CONTACTS_MERGED, _on_contacts_merged)


def earn_for(
    rules: LoyaltyRules,
    amount_minor: int,
    money: Money,
    day: dt.date,
    tier: Tier | None,
    birthday_due: bool,
) -> Earning:
    """What a sale earns, in the shop's currency (see ``loyalty_rules.earn``)."""
    return earn(rules, amount_minor, digits=money.digits, day=day, tier=tier,
                birthday_due=birthday_due)  # fmt: skip


def preview(contact_id: int | None, amount_minor: int, when: dt.datetime | None = None) -> int:
    """Points a sale of this amount would earn now (for the live hint at the till)."""
    if contact_id is None or amount_minor <= 0:
        return 0
    rules = get_rules()
    contact = Contact.get_by_id(contact_id)
    day = local_day(when)
    tier = rules.tier_for(spend_12m(contact_id, when))
    due = birthday_bonus_due(contact, rules, day)
    return earn_for(rules, amount_minor, shop_money(), day, tier, due).total
