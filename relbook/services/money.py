"""Amounts for people: parse what a cashier types and show amounts the shop's way.

Money is an integer number of minor units (cents). Babel knows each currency's number of
decimals (0 for JPY, 2 for EUR, 3 for KWD) and each locale's symbols, so the same code
shows "12,50 €" in a German shop and "$12.50" in an American one.

``parse_amount`` is the one reader of typed amounts — the counter, every dialog and
settings form, and the command line use it — and it refuses rather than guesses: an
amount read wrongly is a wrong sale and wrong points.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    parse_pattern,
)

from relbook.errors import ValidationError

#: longer than any amount a till can mean; refused before any other work
MAX_TYPED_CHARS = 40
#: whole units: a trillion is far beyond any shop's sale, and safe in a 64-bit integer
MAX_WHOLE_DIGITS = 12
_SPACES = " \u00a0\u202f"
_APOSTROPHES = "'\u2019"
_MINUS = "-\u2212"


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
    """Read an amount a person typed into minor units — or refuse it, never guess.

    The shop's locale decides: "1,234.50" in en_US, "1.234,50" in de_DE, "1 234,50" in
    fr_FR, each with or without its grouping (which must then sit every three digits, or
    as the locale groups them, e.g. "12,34,567.50" in en_IN). The currency's own symbol or
    code may stand before or after. One convenience stays because it cannot be misread:
    a lone "." or "," that cannot be a thousands mark (it is not followed by exactly three
    digits) is the decimal mark, so "12.50" works on a German till and "12,50" on an
    American one. Everything else — "12.5.0", "1 2 3", "1,2,3" (en_US), "1..5", "1.250"
    on a French till (1250 or 1.25?), fullwidth digits, another currency's symbol — is
    refused with a message. Length and size are checked before any conversion.
    """
    label = field.replace("_", " ").capitalize()
    text = text or ""
    if len(text) > MAX_TYPED_CHARS:
        raise ValidationError(field, f"{label}: that is too long for an amount.")
    reader = _reader(locale, currency)
    raw = "".join(ch for ch in text.strip() if unicodedata.category(ch) != "Cf")
    if not raw:
        raise ValidationError(field, f"{label}: type an amount.")
    shown = "".join(ch for ch in text.strip() if ch.isprintable())
    body, negative = reader.strip_sign_and_symbol(raw)
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in body):
        raise ValidationError(field, f"{label}: type the amount with the digits 0 to 9.")
    parts = reader.split(body)
    if parts is None:
        raise ValidationError(
            field, f"{label}: “{shown}” is not an amount (write it like {reader.example})."
        )
    if negative and not allow_negative:
        raise ValidationError(field, f"{label} cannot be negative.")
    whole, frac = parts
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValidationError(field, f"{label}: “{shown}” is far too large.")
    if len(frac) > reader.digits:
        raise ValidationError(
            field, f"{label} has too many decimals (write it like {reader.plain_one})."
        )
    minor = int(whole or "0") * 10**reader.digits + int(frac.ljust(reader.digits, "0") or "0")
    return -minor if negative else minor


@dataclass(frozen=True, slots=True)
class _Reader:
    """What one locale and currency accept: symbols, marks and where groups sit."""

    digits: int
    decimal: str
    groups: tuple[str, ...]  # the grouping mark and the characters that mean the same
    symbols: tuple[str, ...]  # the currency's symbols and code, longest first
    grammar: re.Pattern[str]  # over the number with marks mapped to D (decimal), G (group)
    example: str  # "1,234.50"
    plain_one: str  # "1.00"

    def strip_sign_and_symbol(self, raw: str) -> tuple[str, bool]:
        """The number without the currency's symbol and the sign; whether it was negative."""
        text, negative = raw, False
        for _ in range(2):  # "-$12", "$-12", "12 €", "€ -12", "€ 12-" (fy_NL)
            text = text.strip(_SPACES)
            if text and not negative and (text[0] in _MINUS or text[-1] in _MINUS):
                text, negative = (text[1:] if text[0] in _MINUS else text[:-1]), True
                continue
            for symbol in self.symbols:
                if text.startswith(symbol):
                    text = text[len(symbol) :]
                    break
                if text.endswith(symbol):
                    text = text[: -len(symbol)]
                    break
        return text.strip(_SPACES), negative

    def split(self, body: str) -> tuple[str, str] | None:
        """(whole digits, decimal digits), or None for anything that is not a number."""
        mapped = []
        for ch in body:
            if "0" <= ch <= "9":
                mapped.append(ch)
            elif ch == self.decimal:
                mapped.append("D")
            elif ch in self.groups:
                mapped.append("G")
            elif ch in ".,":
                mapped.append("F")  # the other mark: neither this locale's decimal nor group
            else:
                return None
        shape = "".join(mapped)
        if not any(ch.isdigit() for ch in shape):
            return None
        found = self.grammar.fullmatch(shape)
        if found:
            return (found["whole"] or "").replace("G", ""), found["frac"] or ""
        # One mark that cannot be a group ("12,50" in en_US, "12.5" in de_DE) is decimal.
        marks = [i for i, ch in enumerate(shape) if not ch.isdigit()]
        if len(marks) == 1 and body[marks[0]] in ".,":
            whole, frac = shape[: marks[0]], shape[marks[0] + 1 :]
            if frac and len(frac) != 3:
                return whole, frac
        return None


@functools.lru_cache(maxsize=32)
def _reader(locale: str, currency: str) -> _Reader:
    loc = Locale.parse(locale)
    marks = loc.number_symbols["latn"]
    decimal, group = marks["decimal"], marks["group"]
    groups = {group}
    for family in (_SPACES, _APOSTROPHES):
        if group in family:
            groups |= set(family)
    symbols = {currency, get_currency_symbol(currency, "en"), get_currency_symbol(currency, "root")}
    symbols.add(loc.currency_symbols.get(currency, currency))
    symbols = {"".join(c for c in s if unicodedata.category(c) != "Cf").strip() for s in symbols}
    grouped = []
    for pattern in (loc.decimal_formats.get(None), loc.currency_formats.get("standard")):
        if pattern is None:
            continue
        primary, secondary = parse_pattern(pattern).grouping
        if primary < 100:
            grouped.append(rf"\d{{1,{secondary}}}(?:G\d{{{secondary}}})*G\d{{{primary}}}")
    whole = "|".join([r"\d+", *grouped])
    grammar = re.compile(rf"(?P<whole>{whole})?(?:D(?P<frac>\d+))?")
    digits = currency_digits(currency)
    example_pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return _Reader(
        digits=digits,
        decimal=decimal,
        groups=tuple(sorted(groups - {decimal})),
        symbols=tuple(sorted((s for s in symbols if s), key=len, reverse=True)),
        grammar=grammar,
        example=format_decimal(Decimal("1234.5"), format=example_pattern, locale=loc),
        plain_one=format_plain(10**digits, locale, currency) if digits else "1",
    )
