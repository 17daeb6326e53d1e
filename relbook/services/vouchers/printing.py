"""From stored vouchers to a PDF: fill the printer's plain data, render, mark printed.

``relbook.printing.vouchers`` knows no database; this module reads the vouchers and the
shop's settings, formats every text the shop's way and hands plain ``VoucherPrint``
objects over. Marking vouchers printed is a separate step, taken once the PDF was
actually printed or saved, so a cancelled print leaves the queue as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from relbook.errors import ValidationError
from relbook.printing.batch import BatchPdf
from relbook.printing.vouchers import (
    SIZES,
    VoucherLayoutError,
    VoucherPrint,
    render_voucher_batch,
    voucher_problem,
)
from relbook.services import settings, vouchers
from relbook.services.money import format_amount
from relbook.services.vouchers.types import VoucherValue, VoucherView
from relbook.store.models import Contact
from relbook.store.models.vouchers import ReferralReward, Voucher

PRINT_LABELS = {
    "referral": "Thank you!",
    "welcome": "Welcome!",
    "birthday": "Happy birthday!",
    "goodwill": "A little gift",
}
SIZE_LABELS = {
    "dl": "DL (one per page, 210 × 99 mm)",
    "a4-3dl": "Three DL on A4 (cut into thirds)",
    "a6": "A6 (one per page)",
    "a4-8up": "8 on A4 (cut marks)",
    "letter-8up": "8 on Letter (cut marks)",
}
SIZE_KEY = "vouchers.print_size"


def default_size() -> str:
    size = settings.get(SIZE_KEY)
    return size if size in SIZES else "dl"


def _logo() -> bytes | None:
    """The shop logo (setting ``shop.logo_path``), or None when unset or unreadable."""
    path = settings.get("shop.logo_path")
    if not path:
        return None
    try:
        return Path(str(path)).expanduser().read_bytes()
    except OSError:
        return None


def print_value(v: VoucherView) -> str:
    """What the voucher is worth, as printed large ("$5.00", "10% off", "Free croissant")."""
    return value_words(v.value, v.currency)


def value_words(value: VoucherValue, currency: str = "") -> str:
    """:func:`print_value` for a value not yet issued (the issue dialog's check)."""
    if value.kind == "amount_off":
        locale = str(settings.get("shop.locale") or "en_US")
        currency = currency or str(settings.get("shop.currency") or "USD")
        return format_amount(value.amount_minor or 0, locale, currency)
    if value.kind == "percent_off":
        return f"{value.percent}% off"
    if value.kind == "free_item":
        item = value.free_item
        return item if item.lower().startswith(("free", "a free")) else f"Free {item.lower()}"
    return f"{value.points} bonus points"


def _first(name: str) -> str:
    return name.split()[0] if name.split() else ""


def note_for(v: VoucherView, referral: tuple[str, str] | None = None) -> str:
    """The handwritten line on the voucher, warm and short, by kind.

    ``referral`` is (referrer, referee) for referral and welcome vouchers. The staff's
    own note (say "sorry for the wait") is never printed: it was written for the team.
    """
    referrer, referee = referral or ("", "")
    # Never the heading's words again ("Thank you!" over "Thank you for…" read twice).
    if v.kind == "referral":
        who = _first(referee)
        if not who:
            return "So kind of you to spread the word!"
        return f"So kind of you to send {who} our way!"
    if v.kind == "welcome":
        who = _first(referrer)
        return (
            f"{who} said you would like it here. So glad you came!"
            if who
            else ("So glad you found us!")
        )
    if v.kind == "birthday":
        return "Enjoy your day, this one is on us!"
    return "With our compliments. See you soon!"


def signature() -> str:
    """Who signs the note: the owner's first name (setting ``shop.owner_name``)."""
    return _first(str(settings.get("shop.owner_name") or ""))


def _referral_names(voucher_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(referrer, referee) display names for the vouchers that came from a referral."""
    Referrer, Referee = Contact.alias("referrer"), Contact.alias("referee")
    query = (
        Voucher.select(Voucher.id, Referrer.display_name, Referee.display_name)
        .join(ReferralReward, on=(Voucher.referral == ReferralReward.id))
        .join(Referrer, peewee.JOIN.LEFT_OUTER, on=(ReferralReward.referrer == Referrer.id))
        .switch(ReferralReward)
        .join(Referee, on=(ReferralReward.referee == Referee.id))
        .where(Voucher.id.in_(list(voucher_ids)))
        .tuples()
    )
    return {vid: (referrer or "", referee or "") for vid, referrer, referee in query}


def to_print(
    v: VoucherView,
    *,
    shop_name: str,
    terms: str,
    logo: bytes | None,
    referral: tuple[str, str] | None = None,
    signed: str = "",
) -> VoucherPrint:
    expiry = f"Valid until {vouchers.show_date(v.expires_on)}" if v.expires_on else "No expiry date"
    return VoucherPrint(
        code=v.code,
        shop_name=shop_name,
        beneficiary_name=v.beneficiary_name,
        value_text=print_value(v),
        expiry_text=expiry,
        terms=terms,
        logo_png=logo,
        kind_label=PRINT_LABELS.get(v.kind, "Voucher"),
        recipient_prefix="for" if v.beneficiary_name else "",
        message=note_for(v, referral),
        signature=signed,
    )


def _refuse_used(views: list[VoucherView]) -> None:
    """A redeemed, voided or expired voucher is never printed: it would disappoint."""
    used = [v for v in views if not v.redeemable]
    if not used:
        return
    labels = {"redeemed": "redeemed", "void": "voided", "expired": "expired"}
    listed = ", ".join(f"{v.code} ({labels.get(v.state, v.state)})" for v in used[:5])
    more = f" and {len(used) - 5} more" if len(used) > 5 else ""
    one = len(used) == 1
    raise ValidationError(
        "vouchers",
        f"{'This voucher' if one else 'These vouchers'} can no longer be used, so "
        f"{'it is' if one else 'they are'} not printed: {listed}{more}.",
    )


def print_data(voucher_ids: Sequence[int]) -> list[VoucherPrint]:
    """Everything the printer needs for these vouchers, in order (reads the database).

    Refuses, printing nothing, when any of them was redeemed, voided or has expired.
    """
    if not voucher_ids:
        raise ValidationError("vouchers", "There are no vouchers to print.")
    shop = str(settings.get("shop.name") or "")
    terms = vouchers.terms()
    logo = _logo()
    signed = signature()
    today = dt.date.today()
    views = [vouchers.get(i, on=today) for i in voucher_ids]
    _refuse_used(views)
    names = _referral_names(voucher_ids)
    return [
        to_print(v, shop_name=shop, terms=terms, logo=logo, referral=names.get(v.id), signed=signed)
        for v in views
    ]


def check_size(size: str | None) -> str:
    size = size or default_size()
    if size not in SIZES:
        raise ValidationError("size", f"Size: choose one of {', '.join(SIZES)}.")
    return size


@dataclass(frozen=True, slots=True)
class SkippedVoucher:
    """A voucher left out of a print, named the way the shop finds it again."""

    voucher_id: int
    code: str
    name: str
    reason: str

    def line(self) -> str:
        who = f" for {self.name}" if self.name else ""
        return f"{self.code}{who}: {self.reason}"


@dataclass(slots=True)
class VoucherRun:
    """One print: the PDF of the vouchers that fit (None if none did), their ids in
    order (only these are marked printed), and the ones left out with the reason."""

    pdf: bytes | None
    printed_ids: list[int] = field(default_factory=list)
    skipped: list[SkippedVoucher] = field(default_factory=list)

    def skipped_message(self) -> str:
        """One paragraph naming each voucher left out and why ("" if none was)."""
        if not self.skipped:
            return ""
        n = len(self.skipped)
        head = f"{n} voucher{'s were' if n != 1 else ' was'} left out and stay in the queue: "
        return head + " ".join(s.line() for s in self.skipped)


def outcome(
    voucher_ids: Sequence[int], data: Sequence[VoucherPrint], batch: BatchPdf
) -> VoucherRun:
    """The printer's batch (positions in ``data``) told by voucher id. Reads nothing, so
    a print drawn on a worker thread is told the same way."""
    ids = list(voucher_ids)
    skipped = [
        SkippedVoucher(ids[s.index], data[s.index].code, data[s.index].beneficiary_name, s.reason)
        for s in batch.skipped
    ]
    return VoucherRun(batch.pdf, [ids[i] for i in batch.printed], skipped)


def nothing_printed(run: VoucherRun) -> ValidationError:
    """The error for a print in which no voucher fitted: every reason, named."""
    return ValidationError(
        "layout",
        "None of the vouchers could be printed. " + " ".join(s.line() for s in run.skipped),
    )


def render_batch(voucher_ids: Sequence[int], size: str | None = None) -> VoucherRun:
    """These vouchers in one PDF, in the given order (does not mark them printed); a
    voucher that does not fit is left out and named, the rest print. Raises
    ValidationError only when none could be printed."""
    size = check_size(size)
    data = print_data(voucher_ids)
    try:
        run = outcome(voucher_ids, data, render_voucher_batch(data, size))
    except VoucherLayoutError as exc:  # a shop-wide problem, such as an unreadable logo
        raise ValidationError("layout", str(exc)) from exc
    if run.pdf is None:
        raise nothing_printed(run)
    return run


def render(voucher_ids: Sequence[int], size: str | None = None) -> bytes:
    """:func:`render_batch` for callers that need every voucher: one left out is an
    error naming it."""
    run = render_batch(voucher_ids, size)
    if run.skipped:
        raise ValidationError("layout", run.skipped_message())
    assert run.pdf is not None
    return run.pdf


def render_unprinted(size: str | None = None) -> VoucherRun:
    """The whole print queue as one PDF (see :func:`render_batch`)."""
    ids = vouchers.unprinted_ids()
    if not ids:
        raise ValidationError("vouchers", "Every voucher has been printed already.")
    return render_batch(ids, size)


# -- at issue time: will it print? -------------------------------------------------------


def fit_warning(
    beneficiary_name: str, kind: str, value: VoucherValue, *, currency: str = ""
) -> str:
    """A warning for a voucher that would not print at the shop's voucher size, naming
    why and the sizes it does fit ("" when it prints). Asked before or right after
    issuing, so the shop hears it then rather than when a batch is printed."""
    sample = to_print(
        _preview_view(beneficiary_name, kind, value, currency),
        shop_name=str(settings.get("shop.name") or ""),
        terms=vouchers.terms(),
        logo=None,
        signed=signature(),
    )
    size = default_size()
    problem = voucher_problem(sample, size)
    if not problem:
        return ""
    fits = [SIZE_LABELS.get(s, s) for s in SIZES if s != size and not voucher_problem(sample, s)]
    where = f" It would print as: {'; '.join(fits)}." if fits else ""
    shop_size = SIZE_LABELS.get(size, size)
    return f"This voucher will not print at the shop's size ({shop_size}): {problem}{where}"


def print_warning(v: VoucherView) -> str:
    """:func:`fit_warning` for an issued voucher."""
    return fit_warning(v.beneficiary_name, v.kind, v.value, currency=v.currency)


def _preview_view(name: str, kind: str, value: VoucherValue, currency: str) -> VoucherView:
    """A voucher as it would be issued, with a code of the real length."""
    now = dt.datetime.now()
    return VoucherView(
        id=0,
        code="7K9Q-X3M2-ABCD",
        kind=kind,
        value=value,
        value_text="",
        currency=currency,
        beneficiary_id=None,
        beneficiary_name=name,
        note="",
        issued_at=now,
        issued_by="",
        expires_on=dt.date.today() + dt.timedelta(days=vouchers.default_validity_days()),
        state="issued",
        printed_at=None,
        redeemed_at=None,
        redeemed_by="",
        voided_at=None,
        void_reason="",
    )
