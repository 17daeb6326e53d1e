"""Vouchers: issue, list, print, redeem (once, always), void, expire; birthday vouchers.

Redemption is one conditional ``UPDATE … WHERE state IN ('issued', 'printed')`` whose row
count decides who won, so two tills on the same database at the same instant can never
both redeem a code: the database serialises the two writes and the second finds nothing
left to update.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import codes, settings
from relbook.services.contacts.mentions import render_all
from relbook.services.display import Display, local
from relbook.services.staff import access
from relbook.services.typed import clean_line
from relbook.services.vouchers.types import (
    KIND_LABELS,
    Filters,
    VoucherProblem,
    VoucherValue,
    VoucherView,
)
from relbook.store.concurrency import retried
from relbook.store.db import database
from relbook.store.models import Contact, Staff, utcnow
from relbook.store.models.vouchers import OPEN_STATES, VOUCHER_KINDS, VOUCHER_STATES, Voucher

_CODE_ATTEMPTS = 8


# -- small helpers ------------------------------------------------------------------------


def today() -> dt.date:
    return dt.date.today()


def _locale() -> str:
    return str(settings.get("shop.locale") or "en_US")


def _currency() -> str:
    return str(settings.get("shop.currency") or "USD")


def show_date(value: dt.date | dt.datetime | None) -> str:
    """A date the shop's way ("Nov 23"; "Nov 23, 2025" in another year); a UTC
    timestamp is shown in local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    return Display(_locale(), _currency()).date_short(value)


def value_text(value: VoucherValue, currency: str | None = None) -> str:
    """ "$5.00 off", "10% off", "Free: Flat white", "50 points"."""
    return value_texts()(value, currency)


def value_texts() -> Callable[[VoucherValue, str | None], str]:
    """``value_text`` with the shop's locale and currency read once, for many vouchers."""
    locale, shop_currency = _locale(), _currency()

    def text(value: VoucherValue, currency: str | None = None) -> str:
        if value.kind == "amount_off":
            return Display(locale, currency or shop_currency).money_off(value.amount_minor or 0)
        if value.kind == "percent_off":
            return f"{value.percent}% off"
        if value.kind == "free_item":
            return f"Free: {value.free_item}"
        return f"{value.points} points"

    return text


def _staff_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name).where(Staff.id.in_(wanted))}


def _effective_state(row: Voucher, on: dt.date) -> str:
    if row.state in OPEN_STATES and row.expires_on is not None and row.expires_on < on:
        return "expired"
    return row.state


def _views(rows: list[Voucher], on: dt.date | None = None) -> list[VoucherView]:
    on = on or today()
    staff = _staff_names(
        i for r in rows for i in (r.issued_by_id, r.redeemed_by_id, r.voided_by_id)
    )
    contact_ids = {r.beneficiary_id for r in rows if r.beneficiary_id}
    names = (
        {
            c.id: c.display_name
            for c in Contact.select(Contact.id, Contact.display_name).where(
                Contact.id.in_(contact_ids)
            )
        }
        if contact_ids
        else {}
    )
    shown = value_texts()
    out = []
    notes = render_all(r.note for r in rows)  # "Thank you for referring [[contact:7]]"
    for r, note in zip(rows, notes, strict=True):
        value = VoucherValue(r.value_kind, r.amount_minor, r.percent, r.free_item, r.points)
        out.append(
            VoucherView(
                id=r.id,
                code=codes.format_code(r.code),
                kind=r.kind,
                value=value,
                value_text=shown(value, r.currency or None),
                currency=r.currency,
                beneficiary_id=r.beneficiary_id,
                beneficiary_name=names.get(r.beneficiary_id, ""),
                note=note,
                issued_at=r.issued_at,
                issued_by=staff.get(r.issued_by_id, ""),
                expires_on=r.expires_on,
                state=_effective_state(r, on),
                printed_at=r.printed_at,
                redeemed_at=r.redeemed_at,
                redeemed_by=staff.get(r.redeemed_by_id, ""),
                voided_at=r.voided_at,
                void_reason=r.void_reason,
            )
        )
    return out


def view(row: Voucher, on: dt.date | None = None) -> VoucherView:
    return _views([row], on)[0]


# -- issuing ------------------------------------------------------------------------------


def default_validity_days() -> int:
    return int(settings.get("vouchers.validity_days") or 90)


@retried
def issue(
    beneficiary_id: int,
    kind: str,
    value: VoucherValue,
    *,
    staff_id: int | None = None,
    valid_days: int | None = None,
    expires_on: dt.date | None = None,
    note: str = "",
    referral_id: int | None = None,
    occasion: str | None = None,
    on: dt.date | None = None,
) -> VoucherView:
    """Issue one voucher with a fresh random code; it lands in the print queue."""
    return view(
        _issue_row(
            beneficiary_id,
            kind,
            value,
            staff_id=staff_id,
            valid_days=valid_days,
            expires_on=expires_on,
            note=note,
            referral_id=referral_id,
            occasion=occasion,
            on=on,
        ),
        on,
    )


def _issue_row(
    beneficiary_id: int,
    kind: str,
    value: VoucherValue,
    *,
    staff_id: int | None = None,
    valid_days: int | None = None,
    expires_on: dt.date | None = None,
    note: str = "",
    referral_id: int | None = None,
    occasion: str | None = None,
    on: dt.date | None = None,
) -> Voucher:
    if kind not in VOUCHER_KINDS:
        raise ValidationError("kind", f"Kind: “{kind}” is not a kind of voucher.")
    clean = value.validate()
    contact = Contact.get_or_none(Contact.id == beneficiary_id)
    if contact is None:
        raise NotFoundError(f"There is no contact number {beneficiary_id}.")
    note = " ".join(clean_line(note).split())
    if len(note) > 200:
        raise ValidationError("note", "Note: keep it under 200 characters.")
    if expires_on is None:
        days = default_validity_days() if valid_days is None else valid_days
        if days < 1:
            raise ValidationError("valid_days", "Valid for: at least one day.")
        expires_on = (on or today()) + dt.timedelta(days=days)
    columns = dict(
        kind=kind,
        value_kind=clean.kind,
        amount_minor=clean.amount_minor,
        percent=clean.percent,
        free_item=clean.free_item,
        points=clean.points,
        currency=_currency() if clean.kind == "amount_off" else "",
        beneficiary=beneficiary_id,
        note=note,
        occasion=occasion,
        referral=referral_id,
        issued_at=utcnow(),
        issued_by=staff_id,
        expires_on=expires_on,
        state="issued",
    )
    for _ in range(_CODE_ATTEMPTS):
        code = codes.compact_code(codes.new_voucher_code())
        try:
            with database.atomic():  # a savepoint when called inside a sale
                return Voucher.create(code=code, **columns)
        except peewee.IntegrityError:
            if Voucher.select().where(Voucher.code == code).exists():
                continue  # one in 10^16: draw another code
            raise
    raise RuntimeError("Could not find a free voucher code.")  # pragma: no cover


# -- reading ------------------------------------------------------------------------------


def get(voucher_id: int, *, on: dt.date | None = None) -> VoucherView:
    row = Voucher.get_or_none(Voucher.id == voucher_id)
    if row is None:
        raise NotFoundError(f"There is no voucher number {voucher_id}.")
    return view(row, on)


def _state_clause(state: str, on: dt.date) -> peewee.Expression:
    past = Voucher.expires_on.is_null(False) & (Voucher.expires_on < on)
    if state == "expired":
        return (Voucher.state == "expired") | (Voucher.state.in_(OPEN_STATES) & past)
    if state in OPEN_STATES:
        return (Voucher.state == state) & ~past
    return Voucher.state == state


def _query(filters: Filters, on: dt.date) -> peewee.ModelSelect:
    query = Voucher.select(Voucher).join(
        Contact, peewee.JOIN.LEFT_OUTER, on=(Voucher.beneficiary == Contact.id)
    )
    if filters.state:
        if filters.state not in VOUCHER_STATES:
            raise ValidationError("state", f"State: “{filters.state}” is not a voucher state.")
        query = query.where(_state_clause(filters.state, on))
    if filters.kind:
        query = query.where(Voucher.kind == filters.kind)
    if filters.contact_id:
        query = query.where(Voucher.beneficiary == filters.contact_id)
    text = filters.text.strip()
    if text:
        compact = codes.normalise_code(text)
        clause = Contact.display_name.contains(text)
        if compact:
            clause |= Voucher.code.contains(compact)
        query = query.where(clause)
    return query


def list_vouchers(
    filters: Filters | None = None, *, limit: int = 500, offset: int = 0, on: dt.date | None = None
) -> list[VoucherView]:
    """Newest first."""
    on = on or today()
    query = _query(filters or Filters(), on).order_by(Voucher.issued_at.desc(), Voucher.id.desc())
    return _views(list(query.limit(limit).offset(offset)), on)


def count_vouchers(filters: Filters | None = None, *, on: dt.date | None = None) -> int:
    return _query(filters or Filters(), on or today()).count()


def counts_by_state(on: dt.date | None = None) -> dict[str, int]:
    on = on or today()
    return {s: Voucher.select().where(_state_clause(s, on)).count() for s in VOUCHER_STATES}


def unprinted_ids(on: dt.date | None = None) -> list[int]:
    """The print queue: issued, not yet printed, not expired; oldest first."""
    on = on or today()
    query = (
        Voucher.select(Voucher.id)
        .where(_state_clause("issued", on))
        .order_by(Voucher.issued_at, Voucher.id)
    )
    return [r.id for r in query]


# -- printing, voiding, expiring ---------------------------------------------------------


@retried
def mark_printed(voucher_ids: Iterable[int]) -> int:
    """Move issued vouchers to printed (a reprint keeps the first print date)."""
    ids = list(voucher_ids)
    if not ids:
        return 0
    with database.atomic():
        return (
            Voucher.update(state="printed", printed_at=utcnow())
            .where(Voucher.id.in_(ids) & (Voucher.state == "issued"))
            .execute()
        )


@retried
def void(voucher_id: int, reason: str, *, staff_id: int | None = None) -> VoucherView:
    """Void an unredeemed voucher; the reason is required and kept.

    With staff roles on, only an owner may void (``access``): a voided voucher is money
    a customer was promised.
    """
    reason = " ".join(clean_line(reason).split())
    if not reason:
        raise ValidationError("reason", "Reason: say why the voucher is voided.")
    access.require_owner(staff_id, "void a voucher")
    with database.atomic():
        row = Voucher.get_or_none(Voucher.id == voucher_id)
        if row is None:
            raise NotFoundError(f"There is no voucher number {voucher_id}.")
        changed = (
            Voucher.update(state="void", voided_at=utcnow(), voided_by=staff_id, void_reason=reason)
            .where((Voucher.id == voucher_id) & Voucher.state.in_((*OPEN_STATES, "expired")))
            .execute()
        )
        if not changed:
            current = view(Voucher.get_by_id(voucher_id))
            if current.state == "redeemed":
                raise ValidationError(
                    "state",
                    f"Voucher {current.code} was already redeemed on "
                    f"{show_date(current.redeemed_at)}; it cannot be voided.",
                )
            raise ValidationError("state", f"Voucher {current.code} is already void.")
    return get(voucher_id)


@retried
def expire_pass(on: dt.date | None = None) -> int:
    """Mark open vouchers whose date has passed as expired; returns how many."""
    on = on or today()
    with database.atomic():
        return (
            Voucher.update(state="expired")
            .where(Voucher.state.in_(OPEN_STATES) & (Voucher.expires_on < on))
            .execute()
        )


# -- redeeming ---------------------------------------------------------------------------


def lookup(text: str, *, on: dt.date | None = None) -> VoucherView:
    """Find the voucher a typed or scanned code names, or explain why there is none.

    Case, spaces and dashes are ignored. An unknown or mistyped code raises
    ``VoucherProblem`` with the existing codes one typo away as suggestions.
    """
    compact = codes.normalise_code(text or "")
    if len(compact) != codes.VOUCHER_LEN:
        raise VoucherProblem(
            "format",
            f"“{(text or '').strip()}” is not a voucher code: a code has "
            f"{codes.VOUCHER_LEN} letters and digits, like 7K9Q-X3M2-ABCD.",
        )
    row = Voucher.get_or_none(Voucher.code == compact)
    if row is not None:
        return view(row, on)
    candidates = [codes.compact_code(c) for c in codes.suggest_corrections(compact)]
    existing = (
        [
            codes.format_code(r.code)
            for r in Voucher.select(Voucher.code).where(Voucher.code.in_(candidates))
        ]
        if candidates
        else []
    )
    shown = codes.format_code(compact)
    hint = f" Did you mean {' or '.join(existing)}?" if existing else ""
    if codes.is_valid(compact):
        raise VoucherProblem(
            "unknown", f"No voucher has the code {shown}.{hint}", suggestions=existing
        )
    raise VoucherProblem(
        "check",
        f"The code {shown} has a typing mistake (its check character does not match).{hint}",
        suggestions=existing,
    )


def problem_for(current: VoucherView) -> VoucherProblem | None:
    """Why ``current`` cannot be redeemed (None if it can)."""
    if current.state == "redeemed":
        who = f" by {current.redeemed_by}" if current.redeemed_by else ""
        return VoucherProblem(
            "redeemed",
            f"Voucher {current.code} was already redeemed on "
            f"{show_date(current.redeemed_at)}{who}.",
            voucher=current,
        )
    if current.state == "void":
        reason = f": {current.void_reason}" if current.void_reason else ""
        return VoucherProblem(
            "void",
            f"Voucher {current.code} was voided on {show_date(current.voided_at)}{reason}.",
            voucher=current,
        )
    if current.state == "expired":
        return VoucherProblem(
            "expired",
            f"Voucher {current.code} expired on {show_date(current.expires_on)}.",
            voucher=current,
        )
    return None


@retried
def redeem(text: str, *, staff_id: int | None = None, on: dt.date | None = None) -> VoucherView:
    """Redeem a voucher by scanned or typed code — once. Refusals change nothing.

    A points voucher credits its points to the beneficiary's ledger in the same
    transaction.
    """
    on = on or today()
    found = lookup(text, on=on)
    problem = problem_for(found)
    if problem:
        raise problem
    with database.atomic():
        changed = (
            Voucher.update(state="redeemed", redeemed_at=utcnow(), redeemed_by=staff_id)
            .where(
                (Voucher.id == found.id)
                & Voucher.state.in_(OPEN_STATES)
                & (Voucher.expires_on.is_null() | (Voucher.expires_on >= on))
            )
            .execute()
        )
        if changed == 1 and found.value.kind == "points" and found.beneficiary_id:
            from relbook.services.loyalty import ledger

            ledger.append(
                found.beneficiary_id,
                found.value.points or 0,
                "bonus",
                reason=f"Voucher {found.code}",
                staff_id=staff_id,
            )
    current = get(found.id, on=on)
    if changed != 1:  # another till was faster, or it changed under us
        raise problem_for(current) or VoucherProblem(
            "redeemed", f"Voucher {current.code} could not be redeemed; try again."
        )
    return current


# -- birthday vouchers --------------------------------------------------------------------


BIRTHDAY_KEY = "vouchers.birthday"
BIRTHDAY_DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "days_before": 7,
    "value": {"kind": "percent_off", "percent": 10},
    "validity_days": 30,
}
TERMS_KEY = "vouchers.terms"
DEFAULT_TERMS = "Valid once. Not exchangeable for cash. Please bring this voucher with you."


def birthday_settings() -> dict[str, Any]:
    """Birthday-voucher settings merged over their defaults."""
    stored = settings.get(BIRTHDAY_KEY)
    merged = dict(BIRTHDAY_DEFAULTS)
    if isinstance(stored, dict):
        merged.update(stored)
    return merged


def check_birthday_settings(*, days_before: int, validity_days: int) -> None:
    """Raise a ValidationError for days out of range (before anything is stored)."""
    if not 0 <= days_before <= 60:
        raise ValidationError("days_before", "Days before the birthday: 0 to 60.")
    if validity_days < 1:
        raise ValidationError("validity_days", "Valid for: at least one day.")


def save_birthday_settings(
    *, enabled: bool, days_before: int, value: VoucherValue, validity_days: int
) -> None:
    check_birthday_settings(days_before=days_before, validity_days=validity_days)
    settings.set_value(
        BIRTHDAY_KEY,
        {
            "enabled": bool(enabled),
            "days_before": int(days_before),
            "value": value.validate().to_dict(),
            "validity_days": int(validity_days),
        },
    )


def terms() -> str:
    return str(settings.get(TERMS_KEY) or DEFAULT_TERMS)


def _birthday_in(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February in a common year: celebrate on the 28th
        return dt.date(year, month, 28)


def _birthday_keys(on: dt.date, days_before: int) -> list[int]:
    """month*100+day of every birthday that falls in [on, on + days_before]: the database
    picks the few contacts due, instead of Python looking at every birthday in the book."""
    keys: set[int] = set()
    for offset in range(days_before + 1):
        day = on + dt.timedelta(days=offset)
        keys.add(day.month * 100 + day.day)
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            keys.add(229)  # born on 29 February: celebrated on the 28th this year
    return sorted(keys)


@retried
def issue_birthday_vouchers(
    on: dt.date | None = None, *, staff_id: int | None = None
) -> list[VoucherView]:
    """Issue this year's birthday voucher to everyone whose birthday is N days away or less.

    Runs at start-up and on day change; at most one birthday voucher per contact per
    birthday (a unique index makes that hold even with several tills).
    """
    conf = birthday_settings()
    if not conf.get("enabled"):
        return []
    on = on or today()
    days_before = int(conf.get("days_before", 7))
    value = VoucherValue.from_dict(conf.get("value") or {}).validate("vouchers.birthday")
    valid_days = int(conf.get("validity_days") or 30)
    candidates = Contact.select(Contact.id, Contact.birthday_month, Contact.birthday_day).where(
        Contact.archived_at.is_null()
        & (Contact.birthday_month * 100 + Contact.birthday_day).in_(_birthday_keys(on, days_before))
    )
    issued: list[VoucherView] = []
    for contact in candidates:
        for year in (on.year, on.year + 1):
            birthday = _birthday_in(year, contact.birthday_month, contact.birthday_day)
            if 0 <= (birthday - on).days <= days_before:
                break
        else:
            continue
        occasion = str(birthday.year)
        exists = Voucher.select().where(
            (Voucher.kind == "birthday")
            & (Voucher.beneficiary == contact.id)
            & (Voucher.occasion == occasion)
        )
        if exists.exists():
            continue
        try:
            issued.append(
                issue(
                    contact.id,
                    "birthday",
                    value,
                    staff_id=staff_id,
                    occasion=occasion,
                    expires_on=birthday + dt.timedelta(days=valid_days),
                    note=f"Happy birthday! ({show_date(birthday)})",
                    on=on,
                )
            )
        except peewee.IntegrityError:
            continue  # another till issued it a moment ago
    return issued


@retried
def daily_pass(on: dt.date | None = None) -> dict[str, int]:
    """What runs at start-up and on day change: expire, then birthday vouchers."""
    on = on or today()
    expired = expire_pass(on)
    birthdays = issue_birthday_vouchers(on)
    return {"expired": expired, "birthday_issued": len(birthdays)}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
