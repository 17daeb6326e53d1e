"""Sales at the counter: record one, refund one, read a customer's history.

A sale, its points, its bonuses and whatever other features hook onto SALE_RECORDED
(referral rewards) land in one transaction or not at all. A client token from the till
makes a double Enter or a bouncing scanner harmless: the second attempt returns the
first sale instead of recording another.

The sale path is the till's hot path: the customer, their cached account and their
12-month spend are read in one statement and the sale row is written by one prepared
INSERT (``_sale_sql``), which keeps recording a sale within a small multiple of bare
inserts (tests/benchmarks/bench_sales.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TextIO

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import csv_safe, events, loyalty
from relbook.services.contacts.mentions import render_all
from relbook.services.loyalty import ledger
from relbook.services.loyalty.ledger import AccountRef
from relbook.services.loyalty.rules import LoyaltyRules
from relbook.services.money import Money, shop_money
from relbook.services.typed import clean_line
from relbook.store.concurrency import retried
from relbook.store.db import database
from relbook.store.models import (
    Contact,
    LoyaltyAccount,
    PointsEntry,
    Reversal,
    Sale,
    Staff,
    Voucher,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class SaleResult:
    sale_id: int
    contact_id: int | None
    amount_minor: int
    points: int  # earned from the amount
    bonus_points: int  # promotions, birthday
    balance: int  # after the sale
    duplicate: bool = False  # the same client token was seen before: nothing new recorded
    messages: tuple[str, ...] = ()  # what listeners want the cashier to know


@retried(idempotent=True)  # the client token makes a second attempt harmless
def record_sale(
    contact_id: int | None,
    amount_minor: int,
    *,
    staff_id: int | None = None,
    note: str = "",
    client_token: str | None = None,
    when: dt.datetime | None = None,
) -> SaleResult:
    """Record a sale and the points it earns; anonymous sales (no contact) earn nothing."""
    rules, money = loyalty.shop_state()
    if not isinstance(amount_minor, int) or isinstance(amount_minor, bool):
        raise ValidationError("amount", "Amount: a whole number of cents is needed.")
    if amount_minor <= 0:
        raise ValidationError("amount", "Amount must be more than zero (use Refund to give back).")
    if amount_minor > rules.max_sale_minor:
        raise ValidationError(
            "amount",
            f"Amount: {money.format(amount_minor)} is more than the most a sale may be "
            f"({money.format(rules.max_sale_minor)}). Check the amount.",
        )
    note = clean_line(note)
    if len(note) > 500:
        raise ValidationError("note", "Note: at most 500 characters.")
    if client_token:
        earlier = _result_for_token(client_token)
        if earlier is not None:
            return earlier
    when = when or utcnow()
    try:
        with database.atomic():
            return _record(contact_id, amount_minor, staff_id, note, client_token, when,
                           rules, money)  # fmt: skip
    except peewee.IntegrityError:
        earlier = _result_for_token(client_token) if client_token else None
        if earlier is not None:
            return earlier
        raise


@dataclass(frozen=True, slots=True)
class _Customer:
    id: int
    birthday_month: int | None


@cache
def _sale_sql(param: str) -> tuple[str, str, str]:
    """The customer read (with and without the 12-month spend) and the sale INSERT."""
    c, a, sale = Contact._meta.table_name, LoyaltyAccount._meta.table_name, Sale._meta.table_name
    first = f"FROM {a} WHERE contact_id = {c}.id ORDER BY id LIMIT 1"
    head = f"SELECT birthday_month, (SELECT id {first}), (SELECT balance {first})"
    tail = f" FROM {c} WHERE id = {param}"
    spend = (f", (SELECT COALESCE(SUM(amount_minor), 0) FROM {sale} "
             f"WHERE contact_id = {c}.id AND created_at >= {param})")  # fmt: skip
    cols = ("contact_id", "staff_id", "amount_minor", "currency", "note", "client_token",
            "created_at")  # fmt: skip
    insert = (f"INSERT INTO {sale} ({', '.join(cols)}) "
              f"VALUES ({', '.join([param] * len(cols))}) RETURNING id")  # fmt: skip
    return head + tail, head + spend + tail, insert


def _record(
    contact_id: int | None,
    amount_minor: int,
    staff_id: int | None,
    note: str,
    client_token: str | None,
    when: dt.datetime,
    rules: LoyaltyRules,
    money: Money,
) -> SaleResult:
    points = bonus = balance = 0
    db = database.obj
    plain, with_spend, insert = _sale_sql(db.param)
    stamp = Sale.created_at.db_value(when)
    contact = account = None
    spend = 0
    if contact_id is not None:
        if rules.tiers:  # the tier the customer walked in with: spend before this sale
            since = Sale.created_at.db_value(when - dt.timedelta(days=365))
            row = db.execute_sql(with_spend, (since, contact_id)).fetchone()
        else:
            row = db.execute_sql(plain, (contact_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no contact number {contact_id}.")
        contact = _Customer(contact_id, row[0])
        if row[1] is not None:
            account = AccountRef(row[1], row[2])
        spend = int(row[3] or 0) if rules.tiers else 0
    values = (contact_id, staff_id, amount_minor, money.currency, note, client_token,
              stamp)  # fmt: skip
    sale_id = db.execute_sql(insert, values).fetchall()[0][0]
    if contact is not None:
        account = account or ledger.account_for(contact.id)
        tier = rules.tier_for(spend)
        day = loyalty.local_day(when)
        due = loyalty.birthday_bonus_due(contact, rules, day)
        earning = loyalty.earn_for(rules, amount_minor, money, day, tier, due)
        rows = (
            [(earning.points, "earn", f"Sale {money.format(amount_minor)}")]
            if earning.points
            else []
        )
        rows += [(extra, "bonus", reason) for reason, extra in earning.bonuses]
        balance = ledger.append_many(contact.id, rows, staff_id=staff_id, sale_id=sale_id,
                                     when=when, account=account, visit=True)  # fmt: skip
        points = earning.points
        bonus = sum(extra for _, extra in earning.bonuses)
    replies = events.emit(events.SALE_RECORDED, sale_id=sale_id, contact_id=contact_id,
                          amount_minor=amount_minor, staff_id=staff_id, when=when)  # fmt: skip
    if replies and contact_id is not None:
        balance = ledger.balance(contact_id)  # a listener may have given this customer points
    return SaleResult(
        sale_id=sale_id,
        contact_id=contact_id,
        amount_minor=amount_minor,
        points=points,
        bonus_points=bonus,
        balance=balance,
        messages=tuple(str(r) for r in replies if r),
    )


def _result_for_token(token: str) -> SaleResult | None:
    sale = Sale.get_or_none(Sale.client_token == token)
    if sale is None:
        return None
    rows = list(PointsEntry.select().where(
        (PointsEntry.sale == sale.id) & (PointsEntry.contact == sale.contact_id)))  # fmt: skip
    return SaleResult(
        sale_id=sale.id,
        contact_id=sale.contact_id,
        amount_minor=sale.amount_minor,
        points=sum(r.points for r in rows if r.kind == "earn"),
        bonus_points=sum(r.points for r in rows if r.kind == "bonus"),
        balance=ledger.balance(sale.contact_id) if sale.contact_id else 0,
        duplicate=True,
    )


@dataclass(frozen=True, slots=True)
class RefundResult:
    refund_id: int
    sale_id: int
    amount_minor: int  # negative
    points_reversed: int  # taken back (never more than the balance)
    balance: int


@retried
def refund_sale(
    sale_id: int,
    *,
    staff_id: int | None = None,
    reason: str = "",
    when: dt.datetime | None = None,
) -> RefundResult:
    """Refund a whole sale: a new negative sale row pointing at it, and its points reversed.

    Points already spent cannot be taken back below zero; the reversal row says so. The
    customer's account is locked first, so what is taken back is worked out from the
    balance as it is, not as another till is changing it.
    """
    when = when or utcnow()
    try:
        return _refund(sale_id, staff_id, reason, when)
    except peewee.IntegrityError:  # another till refunded it a moment ago (unique refund_of)
        if Sale.select().where(Sale.refund_of == sale_id).exists():
            raise ValidationError("sale", f"Sale {sale_id} has already been refunded.") from None
        raise


def _refund(sale_id: int, staff_id: int | None, reason: str, when: dt.datetime) -> RefundResult:
    with database.atomic():
        sale = Sale.get_or_none(Sale.id == sale_id)
        if sale is None:
            raise NotFoundError(f"There is no sale number {sale_id}.")
        if sale.refund_of_id is not None or sale.amount_minor <= 0:
            raise ValidationError("sale", f"Sale {sale_id} is itself a refund.")
        if Sale.select().where(Sale.refund_of == sale_id).exists():
            raise ValidationError("sale", f"Sale {sale_id} has already been refunded.")
        note = clean_line(reason) or f"Refund of sale {sale_id}"
        refund = Sale.create(
            contact=sale.contact_id, staff=staff_id, amount_minor=-sale.amount_minor,
            currency=sale.currency, note=note, refund_of=sale_id, created_at=when,
        )  # fmt: skip
        reversed_points = 0
        if sale.contact_id is not None:
            account = ledger.lock(sale.contact_id)
            earned = (
                PointsEntry.select(peewee.fn.COALESCE(peewee.fn.SUM(PointsEntry.points), 0))
                .where(
                    (PointsEntry.sale == sale_id)
                    & (PointsEntry.contact == sale.contact_id)
                    & (PointsEntry.kind.in_(("earn", "bonus")))
                )
                .scalar()
            )
            reversed_points = min(int(earned or 0), account.balance)
            if earned:
                why = f"Refund of sale {sale_id}: its {earned} points taken back"
                if reversed_points < earned:
                    why += f" ({earned - reversed_points} already spent)"
                if reversed_points:
                    ledger.append(sale.contact_id, -reversed_points, "refund", reason=why,
                                  staff_id=staff_id, sale_id=refund.id, when=when,
                                  account=account)  # fmt: skip
        events.emit(events.SALE_REFUNDED, sale_id=sale_id, refund_id=refund.id,
                    contact_id=sale.contact_id, staff_id=staff_id)  # fmt: skip
        bal = ledger.balance(sale.contact_id) if sale.contact_id else 0
    return RefundResult(refund.id, sale_id, refund.amount_minor, reversed_points, bal)


# -- history --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One line of a customer's history: a sale/refund, a ledger row, or a voucher of
    theirs that was redeemed."""

    when: dt.datetime
    what: str  # "sale", "refund", "voucher", or a ledger kind ("redeem", "undo", …)
    amount_minor: int | None
    points: int | None
    reason: str
    staff: str
    sale_id: int | None
    refunded: bool = False  # a sale that has since been refunded
    entry_id: int | None = None  # the ledger row
    voucher_id: int | None = None  # the redeemed voucher
    undone: bool = False  # undone from History since (``relbook.services.counter.undo``)

    @property
    def undo_target(self) -> tuple[str, int] | None:
        """What undoing this line would undo, or None when it cannot be undone."""
        if self.undone:
            return None
        if self.what == "redeem" and self.entry_id is not None:
            return "points", self.entry_id
        if self.what == "voucher" and self.voucher_id is not None:
            return "voucher", self.voucher_id
        if self.what == "sale" and self.sale_id is not None and not self.refunded:
            return "sale", self.sale_id
        return None


def history(contact_id: int, *, limit: int | None = None) -> list[HistoryRow]:
    """Sales, points rows and redeemed vouchers, newest first, with who, when and why."""
    if not Contact.select(Contact.id).where(Contact.id == contact_id).exists():
        raise NotFoundError(f"There is no contact number {contact_id}.")
    staff = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    undone = set(
        Reversal.select(Reversal.kind, Reversal.target_id)
        .where(Reversal.contact == contact_id)
        .tuples()
    )
    rows: list[HistoryRow] = []
    sales = Sale.select().where(Sale.contact == contact_id).order_by(Sale.created_at.desc())
    refunded = {
        r.refund_of_id
        for r in Sale.select(Sale.refund_of).where(
            (Sale.contact == contact_id) & Sale.refund_of.is_null(False)
        )
    }
    for s in sales.limit(limit) if limit else sales:
        kind = "refund" if s.refund_of_id else "sale"
        rows.append(
            HistoryRow(
                s.created_at,
                kind,
                s.amount_minor,
                None,
                s.note,
                staff.get(s.staff_id, ""),
                s.id,
                s.id in refunded,
                undone=("sale", s.id) in undone,
            )
        )
    entries = PointsEntry.select().where(PointsEntry.contact == contact_id)
    entries = entries.order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc())
    for e in entries.limit(limit) if limit else entries:
        rows.append(
            HistoryRow(
                e.created_at,
                e.kind,
                None,
                e.points,
                e.reason,
                staff.get(e.staff_id, ""),
                e.sale_id,
                entry_id=e.id,
                undone=("points", e.id) in undone,
            )
        )
    rows += _redeemed_vouchers(contact_id, staff, undone, limit)
    rows.sort(key=lambda r: (r.when, r.amount_minor is not None), reverse=True)
    rows = rows[:limit] if limit else rows
    shown = render_all(r.reason for r in rows)  # "Referred [[contact:7]]" → the name now
    return [dataclasses.replace(r, reason=text) for r, text in zip(rows, shown, strict=True)]


def _redeemed_vouchers(
    contact_id: int, staff: dict[int, str], undone: set[tuple[str, int]], limit: int | None
) -> list[HistoryRow]:
    """The customer's redeemed vouchers, and the redemptions undone since, as lines."""
    from relbook.services import codes, vouchers

    query = (
        Voucher.select()
        .where((Voucher.beneficiary == contact_id) & (Voucher.state == "redeemed"))
        .order_by(Voucher.redeemed_at.desc())
    )
    shown = vouchers.value_texts()
    out = []
    for v in query.limit(limit) if limit else query:
        value = vouchers.VoucherValue(
            v.value_kind, v.amount_minor, v.percent, v.free_item, v.points
        )
        what = f"Voucher {codes.format_code(v.code)}: {shown(value, v.currency or None)}"
        who = staff.get(v.redeemed_by_id, "")
        key = ("voucher", v.id)
        out.append(
            HistoryRow(
                v.redeemed_at,
                "voucher",
                None,
                None,
                what,
                who,
                None,
                voucher_id=v.id,
                undone=key in undone,
            )
        )
    reopened = (
        Reversal.select(Reversal.created_at, Reversal.staff, Reversal.reason, Voucher.code)
        .join(Voucher, on=(Voucher.id == Reversal.target_id))
        .where(
            (Reversal.contact == contact_id)
            & (Reversal.kind == "voucher")
            & Reversal.entry.is_null()  # a points voucher's undo is in the ledger already
        )
        .tuples()
    )
    for when, staff_id, reason, code in reopened:
        why = f"Undone: Voucher {codes.format_code(code)} — {reason}"
        out.append(HistoryRow(when, "undo", None, None, why, staff.get(staff_id, ""), None))
    return out


HISTORY_COLUMNS = ("Date", "Time", "Type", "Amount", "Points", "Why", "Staff", "Sale")


def history_csv(contact_id: int, out: TextIO | str | Path, money: Money | None = None) -> int:
    """Write the history as CSV (UTF-8 with a BOM, so spreadsheet programs read accents)."""
    money = money or shop_money()
    rows = history(contact_id)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            return _write_csv(fh, rows, money)
    return _write_csv(out, rows, money)


def history_csv_text(contact_id: int) -> str:
    buffer = io.StringIO()
    history_csv(contact_id, buffer)
    return buffer.getvalue()


def _write_csv(fh: TextIO, rows: list[HistoryRow], money: Money) -> int:
    writer = csv_safe.writer(fh)
    writer.writerow(HISTORY_COLUMNS)
    for r in rows:
        local = r.when.replace(tzinfo=dt.UTC).astimezone()
        writer.writerow([
            local.date().isoformat(), local.strftime("%H:%M"), r.what,
            money.plain(r.amount_minor) if r.amount_minor is not None else "",
            r.points if r.points is not None else "", r.reason, r.staff, r.sale_id or "",
        ])  # fmt: skip
    return len(rows)


def recent_notes(contact_id: int, limit: int = 20) -> list[str]:
    """Notes on the customer's latest sales (what they usually have)."""
    query = (
        Sale.select(Sale.note)
        .where((Sale.contact == contact_id) & (Sale.note != "") & Sale.refund_of.is_null())
        .order_by(Sale.created_at.desc())
        .limit(limit)
    )
    return [n for (n,) in query.tuples()]


@dataclass(frozen=True, slots=True)
class RecentCustomer:
    contact_id: int
    display_name: str
    amount_minor: int
    when: dt.datetime


def recent_customers(limit: int = 8, since: dt.datetime | None = None) -> list[RecentCustomer]:
    """The customers of the latest sales (each once, newest first), for a quick re-select."""
    since = since or utcnow() - dt.timedelta(hours=12)
    query = (
        Sale.select(Sale.contact, Contact.display_name, Sale.amount_minor, Sale.created_at)
        .join(Contact)
        .where(
            Sale.contact.is_null(False)
            & (Sale.created_at >= since)
            & Sale.refund_of.is_null()
            & Contact.archived_at.is_null()
        )
        .order_by(Sale.created_at.desc(), Sale.id.desc())
        .limit(limit * 4)
        .tuples()
    )
    seen: dict[int, RecentCustomer] = {}
    for contact_id, name, amount, when in query:
        if contact_id not in seen:
            seen[contact_id] = RecentCustomer(contact_id, name, amount, when)
    return list(seen.values())[:limit]
