"""The append-only points ledger and its cached balance.

``append`` is the only writer of ``points_entry``: it inserts one row and moves the cached
balance in ``loyalty_account`` inside the same transaction, refusing anything that would
take a balance below zero. ``lots`` replays a contact's ledger first-in-first-out, which is
how expiry knows which points are oldest without ever editing a row.

The writes are every sale's hot path, so they are two plain parameterised statements
(built once per database) rather than Peewee queries composed for each call: composing
cost more than the database work (tests/benchmarks/bench_sales.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services.typed import clean_line
from relbook.store.concurrency import hold
from relbook.store.db import database
from relbook.store.models import Contact, LoyaltyAccount, PointsEntry, utcnow
from relbook.store.models.loyalty import LEDGER_KINDS

#: kinds that must carry a reason a person wrote or the system explains
REASON_REQUIRED = frozenset({"adjust", "expire", "bonus", "refund", "undo"})


@dataclass(frozen=True, slots=True)
class Lot:
    """Points from one positive ledger row and how many of them are still unspent."""

    entry_id: int
    created_at: dt.datetime
    points: int
    remaining: int


def account_for(contact_id: int, *, create: bool = True) -> LoyaltyAccount | None:
    """The contact's cached account row (made on first use: one per contact, even when
    two tills make it at the same moment)."""
    account = _first_account(contact_id)
    if account is None and create:
        with database.atomic():
            hold("points-account", contact_id)
            account = _first_account(contact_id)  # another till may have made it meanwhile
            if account is None:
                if not Contact.select(Contact.id).where(Contact.id == contact_id).exists():
                    raise NotFoundError(f"There is no contact number {contact_id}.")
                account = LoyaltyAccount.create(contact=contact_id, balance=0, visits=0,
                                                updated_at=utcnow())  # fmt: skip
    return account


def _first_account(contact_id: int) -> LoyaltyAccount | None:
    return (
        LoyaltyAccount.select(
            LoyaltyAccount.id,
            LoyaltyAccount.balance,
            LoyaltyAccount.visits,
            LoyaltyAccount.last_visit_at,
        )
        .where(LoyaltyAccount.contact == contact_id)
        .order_by(LoyaltyAccount.id)
        .first()
    )


@dataclass(slots=True)
class AccountRef:
    """The two things a writer needs of a cached account row."""

    id: int
    balance: int


def lock(contact_id: int) -> AccountRef:
    """The contact's account, locked against other tills until the transaction ends, with
    its balance as it is now (PostgreSQL ``SELECT … FOR UPDATE``; on SQLite the write
    transaction already holds the lock). Call it inside ``database.atomic()`` before
    reading anything a change of points depends on."""
    account = account_for(contact_id)
    assert account is not None
    db = database.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        table = LoyaltyAccount._meta.table_name
        row = db.execute_sql(
            f"SELECT balance FROM {table} WHERE id = %s FOR UPDATE", (account.id,)
        ).fetchone()
        return AccountRef(account.id, int(row[0]))
    return AccountRef(account.id, account.balance)


@cache
def _write_sql(param: str) -> tuple[str, str, str]:
    """INSERT of one ledger row; the conditional UPDATE of the balance, which changes it
    only when it stays at or above zero and returns the new balance; the same plus the
    visit. One statement decides, so two tills cannot both spend the last points: the
    second finds the condition false and changes nothing."""
    e, a = PointsEntry._meta, LoyaltyAccount._meta
    cols = ", ".join(f.column_name for f in (
        PointsEntry.contact, PointsEntry.points, PointsEntry.kind, PointsEntry.reason,
        PointsEntry.staff, PointsEntry.sale, PointsEntry.created_at))  # fmt: skip
    insert = f"INSERT INTO {e.table_name} ({cols}) VALUES ({', '.join([param] * 7)})"
    bal, upd = LoyaltyAccount.balance.column_name, LoyaltyAccount.updated_at.column_name
    update = f"UPDATE {a.table_name} SET {bal} = {bal} + {param}, {upd} = {param}"
    visits, last = LoyaltyAccount.visits.column_name, LoyaltyAccount.last_visit_at.column_name
    visit = f"{update}, {visits} = {visits} + 1, {last} = {param}"
    where = (f" WHERE {a.primary_key.column_name} = {param} AND {bal} + {param} >= 0"
             f" RETURNING {bal}")  # fmt: skip
    return insert, update + where, visit + where


def balance(contact_id: int) -> int:
    """The cached balance: one indexed row, however long the ledger is."""
    row = (
        LoyaltyAccount.select(LoyaltyAccount.balance)
        .where(LoyaltyAccount.contact == contact_id)
        .order_by(LoyaltyAccount.id)
        .first()
    )
    return row.balance if row else 0


def ledger_sum(contact_id: int) -> int:
    """The balance the slow, certain way: the sum of the ledger."""
    total = (
        PointsEntry.select(peewee.fn.COALESCE(peewee.fn.SUM(PointsEntry.points), 0))
        .where(PointsEntry.contact == contact_id)
        .scalar()
    )
    return int(total or 0)


def append(
    contact_id: int,
    points: int,
    kind: str,
    *,
    reason: str = "",
    staff_id: int | None = None,
    sale_id: int | None = None,
    when: dt.datetime | None = None,
    account: LoyaltyAccount | AccountRef | None = None,
) -> int:
    """Add one ledger row and move the cached balance with it, atomically; the new balance."""
    return append_many(contact_id, [(points, kind, reason)], staff_id=staff_id,
                       sale_id=sale_id, when=when, account=account)  # fmt: skip


def append_many(
    contact_id: int,
    rows: list[tuple[int, str, str]],
    *,
    staff_id: int | None = None,
    sale_id: int | None = None,
    when: dt.datetime | None = None,
    account: LoyaltyAccount | AccountRef | None = None,
    visit: bool = False,
) -> int:
    """Add ledger rows ``(points, kind, reason)`` and move the cached balance (and, for a
    visit, the visit count and date) in one statement each; returns the new balance.

    Refuses anything that would take the balance below zero.
    """
    rows = [(points, kind, clean_line(reason)) for points, kind, reason in rows]
    for points, kind, reason in rows:
        if kind not in LEDGER_KINDS:
            raise ValidationError("kind", f"“{kind}” is not a kind of points entry.")
        if kind in REASON_REQUIRED and not reason.strip():
            raise ValidationError("reason", "Reason: say why the points change.")
        if not isinstance(points, int) or isinstance(points, bool):
            raise ValidationError("points", "Points must be a whole number.")
    when = when or utcnow()
    stamp = PointsEntry.created_at.db_value(when)  # exactly as Peewee would store it
    total = sum(p for p, _, _ in rows)
    db = database.obj
    insert, update, update_visit = _write_sql(db.param)
    with database.atomic():
        acct = account or account_for(contact_id)
        assert acct is not None
        if not rows and not visit:
            return acct.balance
        if visit:
            moved = db.execute_sql(update_visit, (total, stamp, stamp, acct.id, total)).fetchall()
        else:
            moved = db.execute_sql(update, (total, stamp, acct.id, total)).fetchall()
        if not moved:  # the balance would go below zero: nothing was changed
            raise ValidationError(
                "points",
                f"Only {balance(contact_id)} points available; {-total} cannot be taken off.",
            )
        for points, kind, reason in rows:
            db.execute_sql(insert, (contact_id, points, kind, reason.strip(), staff_id,
                                    sale_id, stamp))  # fmt: skip
        acct.balance = int(moved[0][0])
    return acct.balance


def lots(contact_id: int) -> list[Lot]:
    """Positive rows in order, each reduced by later negative rows, oldest first (FIFO)."""
    rows = (
        PointsEntry.select(PointsEntry.id, PointsEntry.points, PointsEntry.created_at)
        .where(PointsEntry.contact == contact_id)
        .order_by(PointsEntry.created_at, PointsEntry.id)
        .tuples()
    )
    return fifo_lots(rows)


def fifo_lots(rows: Iterable[tuple[int, int, dt.datetime]]) -> list[Lot]:
    """Replay one contact's ledger rows ``(id, points, created_at)``, in order: each
    positive row is a lot, each negative row spends the oldest lots first."""
    open_lots: list[list] = []  # [id, created_at, points, remaining]
    for entry_id, points, created_at in rows:
        if points > 0:
            open_lots.append([entry_id, created_at, points, points])
            continue
        spend = -points
        for lot in open_lots:
            if spend <= 0:
                break
            take = min(lot[3], spend)
            lot[3] -= take
            spend -= take
    return [Lot(i, c, p, r) for i, c, p, r in open_lots]


def recompute(contact_id: int) -> int:
    """Fold a contact's account rows into one whose balance equals the ledger sum."""
    with database.atomic():
        rows = list(
            LoyaltyAccount.select()
            .where(LoyaltyAccount.contact == contact_id)
            .order_by(LoyaltyAccount.id)
        )
        total = ledger_sum(contact_id)
        if not rows:
            if total == 0:
                return 0
            rows = [LoyaltyAccount.create(contact=contact_id, updated_at=utcnow())]
        keep, extra = rows[0], rows[1:]
        visits = sum(r.visits for r in rows)
        last = max((r.last_visit_at for r in rows if r.last_visit_at), default=None)
        if extra:
            LoyaltyAccount.delete().where(LoyaltyAccount.id.in_([r.id for r in extra])).execute()
        LoyaltyAccount.update(
            balance=total, visits=visits, last_visit_at=last, updated_at=utcnow()
        ).where(LoyaltyAccount.id == keep.id).execute()
    return total


def check(*, full: bool = True) -> list[str]:
    """Problems in the points data, in plain words; an empty list means sound.

    Checks the database file itself (SQLite's integrity_check, or with ``full=False``
    the quicker quick_check that reads every page but not every index entry; foreign
    keys), that every
    cached balance equals the sum of its ledger, that no balance is negative, that each
    contact has at most one account row, and that refunds point at real sales.
    """
    db = database.obj
    problems: list[str] = []
    if isinstance(db, peewee.SqliteDatabase):
        pragma = "integrity_check" if full else "quick_check"
        result = [r[0] for r in db.execute_sql(f"PRAGMA {pragma}").fetchall()]
        if result != ["ok"]:
            problems += [f"Database file damaged: {r}" for r in result[:20]]
        fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        problems += [f"Broken link in table {r[0]} (row {r[1]}) to {r[2]}" for r in fk[:20]]
    sums = dict(
        PointsEntry.select(PointsEntry.contact, peewee.fn.SUM(PointsEntry.points))
        .group_by(PointsEntry.contact)
        .tuples()
    )
    cached: dict[int, int] = {}
    for contact_id, bal in LoyaltyAccount.select(
        LoyaltyAccount.contact, LoyaltyAccount.balance
    ).tuples():
        if contact_id in cached:
            problems.append(f"Contact {contact_id} has more than one points account.")
        cached[contact_id] = cached.get(contact_id, 0) + bal
    for contact_id in sorted(set(sums) | set(cached)):
        ledger_total, cache = int(sums.get(contact_id) or 0), cached.get(contact_id, 0)
        if ledger_total != cache:
            problems.append(
                f"Contact {contact_id}: cached balance {cache} but the ledger sums to "
                f"{ledger_total}."
            )
        if ledger_total < 0:
            problems.append(f"Contact {contact_id}: points balance is negative ({ledger_total}).")
    bad_kinds = PointsEntry.select(PointsEntry.id).where(PointsEntry.kind.not_in(LEDGER_KINDS))
    problems += [f"Points row {r.id} has an unknown kind." for r in bad_kinds.limit(20)]
    from relbook.store.models import Sale

    bad_refunds = Sale.select(Sale.id).where(
        Sale.refund_of.is_null(False) & (Sale.amount_minor >= 0)
    )
    problems += [f"Refund {r.id} has a positive amount." for r in bad_refunds.limit(20)]
    return problems
