"""Rewards about to expire: open vouchers whose date is near, and loyalty points that the
shop's expiry rule will take away soon — so staff can say "use it before Friday".

Read-only over the vouchers and the points ledger; the rules stay with them
(``relbook.services.vouchers``, ``relbook.services.loyalty``). Points expire the way
``loyalty.apply_expiry`` does it: after earning, a lot earned on day D is gone on
D + 1 day + N months; after inactivity, the whole balance goes N months after the last
visit (or the last points given, which keep an account alive).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import peewee

from relbook.services import settings
from relbook.services.loyalty.rules import add_months
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import Contact, LoyaltyAccount, PointsEntry, Voucher
from relbook.store.models.contacts import joined_active
from relbook.store.models.vouchers import OPEN_STATES

WINDOW_KEY = "care.rewards_warning_days"
DEFAULT_WINDOW = 14


@dataclass(frozen=True, slots=True)
class Expiring:
    contact_id: int
    name: str
    what: str  # "Voucher 10% off" / "120 points"
    on: dt.date  # the last day it can be used is the day before for points, this day for vouchers
    kind: str  # "voucher" | "points"


def window_days() -> int:
    try:
        days = int(settings.get(WINDOW_KEY, DEFAULT_WINDOW))
    except (TypeError, ValueError):
        return DEFAULT_WINDOW
    return days if 1 <= days <= 90 else DEFAULT_WINDOW


def expiring(today: dt.date, days: int | None = None) -> list[Expiring]:
    """Everything that runs out from ``today`` to ``today + days``, soonest first.

    Set-based: one query for the vouchers (with their people's names), one or two for
    the points; nothing is read per voucher or per person."""
    days = window_days() if days is None else days
    found = _vouchers(today, today + dt.timedelta(days=days)) + _points(today, days)
    return sorted(found, key=lambda f: (f.on, f.name.lower(), f.kind))


def expiring_page(
    today: dt.date, limit: int, days: int | None = None
) -> tuple[list[Expiring], int]:
    """The first ``limit`` of ``expiring`` and how many there are, for Today: the vouchers
    are counted by the database and only those up to the ``limit``-th one's day read."""
    days = window_days() if days is None else days
    last = today + dt.timedelta(days=days)
    query = _voucher_query(today, last)
    total = query.order_by().count()
    cut = query.select(Voucher.expires_on).order_by(Voucher.expires_on).offset(limit - 1)
    day = cut.limit(1).scalar()
    found = _vouchers(today, min(last, _as_day(day)) if day is not None else last)
    points = _points(today, days)
    shown = sorted(found + points, key=lambda f: (f.on, f.name.lower(), f.kind))
    return shown[:limit], total + len(points)


def _voucher_query(first: dt.date, last: dt.date) -> peewee.ModelSelect:
    """Open vouchers of active people running out from ``first`` to ``last``."""
    return (
        Voucher.select(
            Voucher.beneficiary,
            Contact.display_name,
            Voucher.expires_on,
            Voucher.value_kind,
            Voucher.amount_minor,
            Voucher.percent,
            Voucher.free_item,
            Voucher.points,
            Voucher.currency,
        )
        .join(Contact, on=(Voucher.beneficiary == Contact.id))
        .where(
            Voucher.state.in_(OPEN_STATES)
            & joined_active()
            & (Voucher.expires_on >= first)
            & (Voucher.expires_on <= last)
        )
    )


def _vouchers(first: dt.date, last: dt.date) -> list[Expiring]:
    from relbook.services import vouchers

    shown = vouchers.value_texts()
    rows = _voucher_query(first, last).order_by(Voucher.expires_on).tuples()
    return [
        Expiring(cid, name, f"Voucher: {shown(VoucherValue(*value), currency)}", on, "voucher")
        for cid, name, on, *value, currency in rows
    ]


def _as_day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _points(today: dt.date, days: int) -> list[Expiring]:
    from relbook.services import loyalty

    rules = loyalty.get_rules()
    if rules.expiry_mode == "none":
        return []
    months = rules.expiry_months
    # what expires on day T was earned (or last seen) on the day before add_months(T, -months)
    start = dt.datetime.combine(add_months(today, -months), dt.time())
    end = dt.datetime.combine(add_months(today + dt.timedelta(days=days), -months), dt.time())
    if rules.expiry_mode == "after_earning":
        return _lots_expiring(start, end, months)
    return _inactive_expiring(start, end, months)


def _expiry_day(stamp: object, months: int) -> dt.date:
    when = stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(str(stamp))
    return add_months(when.date() + dt.timedelta(days=1), months)


def _accounts(contacts: peewee.SelectQuery) -> dict[int, tuple[str, int]]:
    """Name and cached balance of the active people among ``contacts`` (a sub-query)."""
    rows = (
        LoyaltyAccount.select(LoyaltyAccount.contact, Contact.display_name, LoyaltyAccount.balance)
        .join(Contact, on=(LoyaltyAccount.contact == Contact.id))
        .where(LoyaltyAccount.contact.in_(contacts) & joined_active())
        .order_by(LoyaltyAccount.id)
        .tuples()
    )
    return {cid: (name, balance) for cid, name, balance in rows}


def _lots_expiring(start: dt.datetime, end: dt.datetime, months: int) -> list[Expiring]:
    """Lots earned in [start, end) and not yet spent: the ledgers of the people who have
    such lots read in one query and replayed oldest first (``ledger.fifo_lots``)."""
    from relbook.services.loyalty import ledger

    candidates = (
        PointsEntry.select(PointsEntry.contact)
        .join(LoyaltyAccount, on=(LoyaltyAccount.contact == PointsEntry.contact))
        .where(
            (PointsEntry.points > 0)
            & (PointsEntry.created_at >= start)
            & (PointsEntry.created_at < end)
            & (LoyaltyAccount.balance > 0)
        )
        .distinct()
    )
    people = _accounts(candidates)
    if not people:
        return []
    rows = (
        PointsEntry.select(
            PointsEntry.contact, PointsEntry.id, PointsEntry.points, PointsEntry.created_at
        )
        .where(PointsEntry.contact.in_(candidates))
        .order_by(PointsEntry.contact, PointsEntry.created_at, PointsEntry.id)
        .tuples()
    )
    result = []
    for cid, entries in groupby(rows, key=itemgetter(0)):
        if cid not in people:
            continue
        due: dict[dt.date, int] = defaultdict(int)
        for lot in ledger.fifo_lots(e[1:] for e in entries):
            created = lot.created_at
            if lot.remaining > 0 and start <= _as_dt(created) < end:
                due[_expiry_day(created, months)] += lot.remaining
        name, balance = people[cid]
        total = min(sum(due.values()), balance)
        if due and total > 0:
            result.append(Expiring(cid, name, f"{total} points", min(due), "points"))
    return result


def _inactive_expiring(start: dt.datetime, end: dt.datetime, months: int) -> list[Expiring]:
    """Whole balances whose account went quiet (last visit or last points given) in
    [start, end): found by the database, then each one's moment worked out."""
    given, later = PointsEntry.alias(), PointsEntry.alias()
    account = LoyaltyAccount
    last_given = given.select(peewee.fn.MAX(given.created_at)).where(
        (given.contact == account.contact) & (given.points > 0)
    )
    given_since = later.select(later.id).where(
        (later.contact == account.contact) & (later.points > 0) & (later.created_at >= start)
    )
    quiet_before_end = account.last_visit_at.is_null() | (account.last_visit_at < end)
    rows = (
        account.select(
            account.contact,
            Contact.display_name,
            account.balance,
            account.last_visit_at,
            last_given,
        )
        .join(Contact, on=(account.contact == Contact.id))
        .where(
            (account.balance > 0)
            & quiet_before_end
            & joined_active()
            & ((account.last_visit_at >= start) | peewee.fn.EXISTS(given_since))
        )
        .tuples()
    )
    result = []
    for cid, name, balance, last_visit, last_points in rows:
        seen = [_as_dt(d) for d in (last_visit, last_points) if d]
        alive = max(seen) if seen else None
        if alive is not None and start <= alive < end:
            result.append(
                Expiring(cid, name, f"{balance} points", _expiry_day(alive, months), "points")
            )
    return result


def _as_dt(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
