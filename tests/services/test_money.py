"""Amounts typed and shown the shop's way (Babel), in integer minor units."""

from __future__ import annotations

import pytest

from relbook.errors import ValidationError
from relbook.services.money import Money, currency_digits, format_amount, parse_amount


def nbsp(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_format_in_the_shops_locale() -> None:
    assert nbsp(format_amount(1250, "de_DE", "EUR")) == "12,50 €"
    assert format_amount(1250, "en_US", "USD") == "$12.50"
    assert format_amount(500, "ja_JP", "JPY") == "￥500"
    assert Money("de_DE", "EUR").plain(123456) == "1234,56"


@pytest.mark.parametrize(
    ("text", "locale", "currency", "minor"),
    [("12.50", "en_US", "USD", 1250), ("12,50", "de_DE", "EUR", 1250),
     ("12.50", "de_DE", "EUR", 1250), ("12,50", "en_US", "USD", 1250),
     ("1.250", "de_DE", "EUR", 125_000), ("1,250", "en_US", "USD", 125_000),
     ("1.250,75", "de_DE", "EUR", 125_075), ("$12.50", "en_US", "USD", 1250),
     ("12,50 €", "de_DE", "EUR", 1250), ("12", "en_US", "USD", 1200), ("3.5", "en_US", "USD", 350),
     ("500", "ja_JP", "JPY", 500), (" 7 ", "en_GB", "GBP", 700)],
)  # fmt: skip
def test_parse_what_a_cashier_types(text: str, locale: str, currency: str, minor: int) -> None:
    assert parse_amount(text, locale, currency) == minor


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "type an amount"), ("abc", "is not an amount"), ("12a", "is not an amount"),
     ("-5", "cannot be negative"), ("12.505", "too many decimals"), ("--", "is not an amount")],
)  # fmt: skip
def test_bad_amounts_name_the_field(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_amount(text, "en_US", "USD")
    assert err.value.field == "amount" and words in str(err.value)
    assert str(err.value).startswith("Amount")


def test_negative_only_when_allowed_and_currency_digits() -> None:
    assert parse_amount("-4.20", "en_US", "USD", allow_negative=True) == -420
    assert (currency_digits("EUR"), currency_digits("JPY"), currency_digits("KWD")) == (2, 0, 3)
    with pytest.raises(ValidationError, match="too many decimals"):
        parse_amount("5.5", "ja_JP", "JPY")


def test_round_trip_is_exact() -> None:
    money = Money("de_DE", "EUR")
    for minor in (0, 1, 99, 100, 1250, 999_999):
        assert money.parse(money.plain(minor)) == minor
        assert money.parse(money.format(minor)) == minor
