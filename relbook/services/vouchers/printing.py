"""From stored vouchers to a PDF: fill the printer's plain data, render, mark printed.

``relbook.printing.vouchers`` knows no database; this module reads the vouchers and the
shop's settings, formats every text the shop's way and hands plain ``VoucherPrint``
objects over. Marking vouchers printed is a separate step, taken once the PDF was
actually printed or saved, so a cancelled print leaves the queue as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import peewee

from relbook.errors import ValidationError
from relbook.printing.vouchers import SIZES, VoucherLayoutError, VoucherPrint, render_vouchers
from relbook.services import settings, vouchers
from relbook.services.money import format_amount
from relbook.services.vouchers.types import VoucherView
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
    value = v.value
    if value.kind == "amount_off":
        locale = str(settings.get("shop.locale") or "en_US")
        currency = v.currency or str(settings.get("shop.currency") or "USD")
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


def render(voucher_ids: Sequence[int], size: str | None = None) -> bytes:
    """One PDF holding these vouchers, in the given order (does not mark them printed)."""
    size = check_size(size)
    data = print_data(voucher_ids)
    try:
        return render_vouchers(data, size)
    except VoucherLayoutError as exc:
        raise ValidationError("layout", str(exc)) from exc


def render_unprinted(size: str | None = None) -> tuple[list[int], bytes]:
    """The whole print queue as one PDF; returns the ids so the caller can mark them."""
    ids = vouchers.unprinted_ids()
    if not ids:
        raise ValidationError("vouchers", "Every voucher has been printed already.")
    return ids, render(ids, size)
