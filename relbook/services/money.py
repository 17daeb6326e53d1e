"""Amounts for people: parse what a cashier types and show amounts the shop's way.

Money is an integer number of minor units (cents). Babel knows each currency's number of
decimals (0 for JPY, 2 for EUR, 3 for KWD) and each locale's symbols, so the same code
shows "12,50 €" in a German shop and "$12.50" in an American one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, get_currency_precision

from relbook.errors import ValidationError

_ALLOWED = re.compile(r"^[0-9.,'\u00a0\u202f ]+$")


@dataclass(frozen=True, slots=True)
class Money:
    """The shop's locale and currency: everything needed to read and write amounts."""

    locale: str = "en_US"
    currency: str = "USD"

    @property
    def digits(self) -> int:
        return currency_digits(self.currency)

    def format(self, minor: int) -> str:
        return format_amount(minor, self.locale, self.currency)

    def plain(self, minor: int) -> str:
        return format_plain(minor, self.locale, self.currency)

    def parse(self, text: str, *, field: str = "amount", allow_negative: bool = False) -> int:
        return parse_amount(
            text, self.locale, self.currency, field=field, allow_negative=allow_negative
        )

    @property
    def symbol(self) -> str:
        return Locale.parse(self.locale).currency_symbols.get(self.currency, self.currency)


def shop_money() -> Money:
    """The shop's money settings, read from the settings table."""
    from relbook.services import settings

    return Money(str(settings.get("shop.locale") or "en_US"),
                 str(settings.get("shop.currency") or "USD"))  # fmt: skip


def currency_digits(currency: str) -> int:
    return int(get_currency_precision(currency))


def to_decimal(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-currency_digits(currency))


def format_amount(minor: int, locale: str, currency: str) -> str:
    """``1250`` → "$12.50" (en_US, USD) or "12,50 €" (de_DE, EUR; Babel's no-break space)."""
    return format_currency(to_decimal(minor, currency), currency, locale=locale)


def format_plain(minor: int, locale: str, currency: str) -> str:
    """The number alone, as a cashier would type it: "12.50" / "12,50"."""
    digits = currency_digits(currency)
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(to_decimal(minor, currency), format=pattern, locale=locale)


def parse_amount(
    text: str,
    locale: str,
    currency: str,
    *,
    field: str = "amount",
    allow_negative: bool = False,
) -> int:
    """Read "12.50", "12,50", "1.250,00", "€ 12", "$12.50" into minor units.

    The last "." or "," is the decimal mark when at most the currency's number of digits
    follow it (so "12.50" works on a German till and "12,50" on an American one); a mark
    followed by exactly three digits that is the locale's grouping symbol groups thousands.
    """
    label = field.replace("_", " ").capitalize()
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(field, f"{label}: type an amount.")
    loc = Locale.parse(locale)
    symbol = loc.currency_symbols.get(currency, currency)
    for token in (symbol, currency, "$", "€", "£"):
        raw = raw.replace(token, "")
    raw = raw.strip()
    negative = False
    if raw.startswith(("-", "−")) or (raw.startswith("(") and raw.endswith(")")):
        negative = True
        raw = raw.strip("()").lstrip("-−").strip()
    if not raw or not _ALLOWED.match(raw) or not any(ch.isdigit() for ch in raw):
        raise ValidationError(field, f"{label}: “{text.strip()}” is not an amount.")
    if negative and not allow_negative:
        raise ValidationError(field, f"{label} cannot be negative.")
    digits = currency_digits(currency)
    compact = re.sub(r"['\u00a0\u202f ]", "", raw)
    whole, frac = compact, ""
    last = max(compact.rfind("."), compact.rfind(","))
    if last >= 0:
        tail = compact[last + 1 :]
        group_symbol = loc.number_symbols["latn"]["group"]
        is_group = len(tail) == 3 and compact[last] == group_symbol and tail.isdigit()
        if not is_group:
            whole, frac = compact[:last], tail
    whole = re.sub(r"[.,]", "", whole)
    if not frac.isdigit() and frac:
        raise ValidationError(field, f"{label}: “{text.strip()}” is not an amount.")
    if len(frac) > digits:
        shown = format_plain(10**digits, locale, currency) if digits else "1"
        raise ValidationError(field, f"{label} has too many decimals (write it like {shown}).")
    minor = int(whole or "0") * 10**digits + int((frac + "0" * digits)[:digits] or "0")
    return -minor if negative else minor
