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

import peewee

from relbook.services import settings
from relbook.services.loyalty.rules import add_months
from relbook.store.models import Contact, LoyaltyAccount, PointsEntry, Voucher
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
    """Everything that runs out from ``today`` to ``today + days``, soonest first."""
    days = window_days() if days is None else days
    found = _vouchers(today, today + dt.timedelta(days=days)) + _points(today, days)
    names = dict(
        Contact.select(Contact.id, Contact.display_name)
        .where(Contact.id.in_([f.contact_id for f in found]) & Contact.archived_at.is_null())
        .tuples()
    )
    kept = [Expiring(f.contact_id, names[f.contact_id], f.what, f.on, f.kind)
            for f in found if f.contact_id in names]  # fmt: skip
    return sorted(kept, key=lambda f: (f.on, f.name.lower(), f.kind))


def _vouchers(first: dt.date, last: dt.date) -> list[Expiring]:
    from relbook.services import vouchers

    rows = (
        Voucher.select()
        .where(Voucher.state.in_(OPEN_STATES) & Voucher.beneficiary.is_null(False)
               & (Voucher.expires_on >= first) & (Voucher.expires_on <= last))
        .order_by(Voucher.expires_on)
    )  # fmt: skip
    result = []
    for row in rows:
        shown = vouchers.view(row, first)
        result.append(Expiring(row.beneficiary_id, "", f"Voucher: {shown.value_text}",
                               row.expires_on, "voucher"))  # fmt: skip
    return result


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


def _lots_expiring(start: dt.datetime, end: dt.datetime, months: int) -> list[Expiring]:
    from relbook.services.loyalty import ledger

    candidates = {
        cid
        for (cid,) in PointsEntry.select(PointsEntry.contact)
        .join(LoyaltyAccount, on=(LoyaltyAccount.contact == PointsEntry.contact))
        .where((PointsEntry.points > 0) & (PointsEntry.created_at >= start)
               & (PointsEntry.created_at < end) & (LoyaltyAccount.balance > 0))
        .distinct()
        .tuples()
    }  # fmt: skip
    result = []
    for cid in sorted(candidates):
        due: dict[dt.date, int] = defaultdict(int)
        for lot in ledger.lots(cid):
            created = lot.created_at
            if lot.remaining > 0 and start <= _as_dt(created) < end:
                due[_expiry_day(created, months)] += lot.remaining
        if due:
            first = min(due)
            total = min(sum(due.values()), ledger.balance(cid))
            if total > 0:
                result.append(Expiring(cid, "", f"{total} points", first, "points"))
    return result


def _inactive_expiring(start: dt.datetime, end: dt.datetime, months: int) -> list[Expiring]:
    latest = (
        PointsEntry.select(PointsEntry.contact, peewee.fn.MAX(PointsEntry.created_at).alias("at"))
        .where(PointsEntry.points > 0)
        .group_by(PointsEntry.contact)
    )
    rows = (
        LoyaltyAccount.select(LoyaltyAccount.contact, LoyaltyAccount.balance,
                              LoyaltyAccount.last_visit_at)
        .where((LoyaltyAccount.balance > 0)
               & ((LoyaltyAccount.last_visit_at < end) | LoyaltyAccount.last_visit_at.is_null()))
        .tuples()
    )  # fmt: skip
    accounts = list(rows)
    if not accounts:
        return []
    given = {cid: _as_dt(at) for cid, at in latest.where(
        PointsEntry.contact.in_([a[0] for a in accounts])).tuples()}  # fmt: skip
    result = []
    for cid, balance, last_visit in accounts:
        seen = [d for d in (last_visit and _as_dt(last_visit), given.get(cid)) if d]
        alive = max(seen) if seen else None
        if alive is not None and start <= alive < end:
            result.append(Expiring(cid, "", f"{balance} points", _expiry_day(alive, months),
                                   "points"))  # fmt: skip
    return result


def _as_dt(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
