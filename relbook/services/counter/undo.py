"""Undo at the till: a points redemption, a voucher redemption or a sale, taken back.

Nothing is edited or deleted. Undoing a redemption appends a reversing ledger row (kind
"undo", the points given back); undoing a voucher's redemption opens the voucher again
(and takes back the points a points voucher gave); undoing a sale refunds it. Each undo
also writes a ``reversal`` row — what, for whom, by whom, why — in the same transaction,
which holds the customer's points account (``ledger.lock``) from the start.
``(kind, target_id)`` is unique there, so nothing is undone twice, even by two tills at
the same moment, and an undo is never itself undone.

Who may undo (``check_allowed``): the person at the till, for what they did for the
customer still in front of them — the same staff member, the same customer, within
``VISIT_MINUTES`` and since that customer was picked (the visit ends with "Next
customer") — and an owner at any time. With staff roles off everybody is the owner, as
for every other owner-only action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.staff import access
from relbook.store.concurrency import retried
from relbook.store.db import database
from relbook.store.models import PointsEntry, Reversal, Sale, Voucher, utcnow

#: how long after the fact the person at the till may still undo it themselves
VISIT_MINUTES = 30
MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class Visit:
    """The customer in front of the till: who, since when, served by whom."""

    contact_id: int
    since: dt.datetime  # naive UTC, when the customer was picked
    staff_id: int | None

    @classmethod
    def begin(cls, contact_id: int, staff_id: int | None) -> Visit:
        """A visit starting now (the till picked the customer)."""
        return cls(contact_id, utcnow(), staff_id)


@dataclass(frozen=True, slots=True)
class UndoResult:
    kind: str  # "points" | "voucher" | "sale"
    points: int  # points given back (+) or taken back (−)
    balance: int  # the customer's balance afterwards
    message: str  # what the cashier reads


@dataclass(frozen=True, slots=True)
class _Target:
    kind: str
    target_id: int
    contact_id: int
    staff_id: int | None
    at: dt.datetime  # naive UTC


@retried
def undo(
    kind: str,
    target_id: int,
    reason: str,
    *,
    staff_id: int | None,
    visit: Visit | None = None,
    when: dt.datetime | None = None,
) -> UndoResult:
    """Undo a points row (a redemption), a voucher's redemption or a sale, with a reason.

    Refusals (already undone, not something that can be undone, not allowed, too few
    points to take back) change nothing."""
    why = " ".join(reason.split())
    if not why:
        raise ValidationError("reason", "Why: say why this is undone, e.g. wrong customer.")
    if len(why) > MAX_REASON:
        raise ValidationError("reason", f"Why: at most {MAX_REASON} characters.")
    when = when or utcnow()
    undoers = {"points": _undo_points, "voucher": _undo_voucher, "sale": _undo_sale}
    if kind not in undoers:
        raise ValidationError("kind", f"“{kind}” is not something that can be undone.")
    try:
        with database.atomic():
            target = _find(kind, target_id)
            check_allowed(target, staff_id=staff_id, visit=visit, now=when)
            ledger.lock(target.contact_id)  # no other till moves these points meanwhile
            return undoers[kind](target, why, staff_id, when)
    except peewee.IntegrityError:  # another till undid it a moment ago
        raise ValidationError("undo", "This was undone already, just now.") from None


def check_allowed(
    target: _Target, *, staff_id: int | None, visit: Visit | None, now: dt.datetime
) -> None:
    """The same person, for the same customer, during the same visit; else an owner."""
    if _same_visit(target, staff_id, visit, now):
        return
    access.require_owner(staff_id, "undo this after the customer's visit")


def _same_visit(
    target: _Target, staff_id: int | None, visit: Visit | None, now: dt.datetime
) -> bool:
    if visit is None or visit.contact_id != target.contact_id:
        return False
    if target.staff_id != staff_id or visit.staff_id != staff_id:
        return False
    recent = now - target.at <= dt.timedelta(minutes=VISIT_MINUTES)
    return recent and target.at >= visit.since


def _find(kind: str, target_id: int) -> _Target:
    if (
        Reversal.select()
        .where((Reversal.kind == kind) & (Reversal.target_id == target_id))
        .exists()
    ):
        raise ValidationError("undo", "This was undone already.")
    if kind == "points":
        row = PointsEntry.get_or_none(PointsEntry.id == target_id)
        if row is None:
            raise NotFoundError(f"There is no points row number {target_id}.")
        if row.kind == "undo":
            raise ValidationError("undo", "This is itself an undo; it cannot be undone.")
        if row.kind != "redeem":
            raise ValidationError(
                "undo", "Only a redemption can be undone here; correct other points with Adjust."
            )
        return _Target(kind, row.id, row.contact_id, row.staff_id, row.created_at)
    if kind == "voucher":
        v = Voucher.get_or_none(Voucher.id == target_id)
        if v is None:
            raise NotFoundError(f"There is no voucher number {target_id}.")
        if v.state != "redeemed" or v.redeemed_at is None:
            raise ValidationError("undo", "This voucher has not been redeemed.")
        if v.beneficiary_id is None:
            raise ValidationError("undo", "This voucher belongs to nobody, so History has no say.")
        return _Target(kind, v.id, v.beneficiary_id, v.redeemed_by_id, v.redeemed_at)
    sale = Sale.get_or_none(Sale.id == target_id)
    if sale is None:
        raise NotFoundError(f"There is no sale number {target_id}.")
    if sale.refund_of_id is not None or sale.amount_minor <= 0:
        raise ValidationError("undo", "This is a refund; it cannot be undone.")
    if sale.contact_id is None:
        raise ValidationError("undo", "This sale has no customer.")
    return _Target(kind, sale.id, sale.contact_id, sale.staff_id, sale.created_at)


def _record(target: _Target, why: str, staff_id: int | None, when: dt.datetime, **rows) -> None:
    Reversal.create(
        kind=target.kind,
        target_id=target.target_id,
        contact=target.contact_id,
        staff=staff_id,
        reason=why,
        created_at=when,
        **rows,
    )


def _undo_row(contact_id: int, reason: str, when: dt.datetime) -> int:
    """The reversing ledger row just written (``ledger.append`` gives the balance)."""
    return (
        PointsEntry.select(PointsEntry.id)
        .where(
            (PointsEntry.contact == contact_id)
            & (PointsEntry.kind == "undo")
            & (PointsEntry.reason == reason)
            & (PointsEntry.created_at == when)
        )
        .order_by(PointsEntry.id.desc())
        .scalar()
    )


def _undo_points(target: _Target, why: str, staff_id: int | None, when: dt.datetime) -> UndoResult:
    row = PointsEntry.get_by_id(target.target_id)
    back = -row.points
    reason = f"Undone: {row.reason} — {why}"
    balance = ledger.append(
        target.contact_id, back, "undo", reason=reason, staff_id=staff_id, when=when
    )
    _record(target, why, staff_id, when, entry=_undo_row(target.contact_id, reason, when))
    return UndoResult("points", back, balance, f"Undone: {back} points back. Balance {balance}.")


def _undo_voucher(target: _Target, why: str, staff_id: int | None, when: dt.datetime) -> UndoResult:
    from relbook.services import codes

    v = Voucher.get_by_id(target.target_id)
    reopened = "printed" if v.printed_at else "issued"
    changed = (
        Voucher.update(state=reopened, redeemed_at=None, redeemed_by=None)
        .where((Voucher.id == v.id) & (Voucher.state == "redeemed"))
        .execute()
    )
    if changed != 1:
        raise ValidationError("undo", "This voucher changed a moment ago; nothing was undone.")
    code = codes.format_code(v.code)
    taken, entry = 0, None
    if v.value_kind == "points" and v.points:
        reason = f"Undone: Voucher {code} — {why}"
        ledger.append(
            target.contact_id, -v.points, "undo", reason=reason, staff_id=staff_id, when=when
        )
        taken = -v.points
        entry = _undo_row(target.contact_id, reason, when)
    _record(target, why, staff_id, when, entry=entry)
    balance = ledger.balance(target.contact_id)
    said = f"Voucher {code} is open again"
    if taken:
        said += f"; its {-taken} points taken back. Balance {balance}"
    return UndoResult("voucher", taken, balance, said + ".")


def _undo_sale(target: _Target, why: str, staff_id: int | None, when: dt.datetime) -> UndoResult:
    refunded = sales.refund_sale(
        target.target_id, staff_id=staff_id, reason=f"Undone: {why}", when=when
    )
    _record(target, why, staff_id, when, refund=refunded.refund_id)
    said = f"Sale {target.target_id} undone (refunded)"
    if refunded.points_reversed:
        said += f"; {refunded.points_reversed} points taken back"
    balance = refunded.balance
    return UndoResult("sale", -refunded.points_reversed, balance, f"{said}. Balance {balance}.")
