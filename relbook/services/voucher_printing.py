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

from relbook.errors import ValidationError
from relbook.printing.vouchers import SIZES, VoucherLayoutError, VoucherPrint, render_vouchers
from relbook.services import settings, vouchers
from relbook.services.money import format_amount
from relbook.services.voucher_types import VoucherView

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


def to_print(v: VoucherView, *, shop_name: str, terms: str, logo: bytes | None) -> VoucherPrint:
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
    )


def print_data(voucher_ids: Sequence[int]) -> list[VoucherPrint]:
    """Everything the printer needs for these vouchers, in order (reads the database)."""
    if not voucher_ids:
        raise ValidationError("vouchers", "There are no vouchers to print.")
    shop = str(settings.get("shop.name") or "")
    terms = vouchers.terms()
    logo = _logo()
    today = dt.date.today()
    return [
        to_print(vouchers.get(i, on=today), shop_name=shop, terms=terms, logo=logo)
        for i in voucher_ids
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
