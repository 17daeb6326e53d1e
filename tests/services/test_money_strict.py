"""The strict money reader: what it formats it reads back, in every locale a shop can
choose, and what could be read two ways it refuses (checked against a separate spec)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relbook.errors import ValidationError
from relbook.services.money import (
    MAX_TYPED_CHARS,
    MAX_WHOLE_DIGITS,
    format_amount,
    format_plain,
    parse_amount,
)
from relbook.services.settings.shop import _locale_codes

LOCALES = sorted(_locale_codes())
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KWD", "INR", "CHF", "SEK", "PLN", "BRL")
DIGITS = {"JPY": 0, "KWD": 3}


def largest(currency: str) -> int:
    return 10 ** (MAX_WHOLE_DIGITS + DIGITS.get(currency, 2)) - 1


@st.composite
def shop_amounts(draw) -> tuple[str, str, int]:
    locale = draw(st.sampled_from(LOCALES))
    currency = draw(st.sampled_from(CURRENCIES))
    minor = draw(st.integers(-largest(currency), largest(currency)))
    return locale, currency, minor


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shop_amounts())
def test_what_is_shown_reads_back_exactly(case: tuple[str, str, int]) -> None:
    locale, currency, minor = case
    shown = format_amount(minor, locale, currency)
    plain = format_plain(minor, locale, currency)
    assert parse_amount(shown, locale, currency, allow_negative=True) == minor, shown
    assert parse_amount(plain, locale, currency, allow_negative=True) == minor, plain


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_reads_its_own_amounts(locale: str) -> None:
    for currency in ("USD", "EUR", "JPY", "KWD", "INR"):
        for minor in (0, 7, 123_456_789, -98_765, largest(currency)):
            for text in (format_amount(minor, locale, currency),
                         format_plain(minor, locale, currency)):  # fmt: skip
                assert parse_amount(text, locale, currency, allow_negative=True) == minor


# -- the spec, written separately: which typed shapes are amounts, and what they are worth --

#: locale → (decimal mark, thousands marks)
MARKS = {"en_US": (".", ","), "de_DE": (",", "."), "fr_FR": (",", " \u00a0\u202f")}


def spec(text: str, locale: str) -> int | None:
    """The cents ``text`` means in ``locale`` (USD/EUR, two decimals), or None when it
    is not an amount or could mean two things."""
    decimal, groups = MARKS[locale]
    parts = re.split(r"([^0-9])", text)
    numbers, marks = parts[0::2], parts[1::2]
    if not all(numbers) or any(m not in ".,\u00a0\u202f " for m in marks):
        return None
    whole, frac = numbers, ""
    if marks and marks[-1] == decimal:
        whole, frac, marks = numbers[:-1], numbers[-1], marks[:-1]
    elif len(marks) == 1 and marks[0] in ".," and len(numbers[1]) != 3:
        whole, frac, marks = numbers[:1], numbers[1], []  # a lone mark that is no group
    if marks and not (
        all(m in groups for m in marks)
        and len(set(marks)) == 1
        and 1 <= len(whole[0]) <= 3
        and all(len(g) == 3 for g in whole[1:])
    ):
        return None
    if decimal in marks or len(frac) > 2:
        return None
    return int("".join(whole)) * 100 + int(frac.ljust(2, "0"))


typed_shapes = st.lists(
    st.tuples(st.text("0123456789", min_size=1, max_size=4), st.sampled_from([".", ",", " "])),
    min_size=1,
    max_size=4,
).map(lambda pairs: "".join(n + m for n, m in pairs)[:-1])


@settings(max_examples=1500, deadline=None)
@given(typed_shapes, st.sampled_from(sorted(MARKS)))
def test_typed_shapes_follow_the_spec(text: str, locale: str) -> None:
    currency = "USD" if locale == "en_US" else "EUR"
    expected = spec(text, locale)
    try:
        got = parse_amount(text, locale, currency)
    except ValidationError:
        got = None
    assert got == expected, (text, locale)


@pytest.mark.parametrize(
    ("text", "locale", "words"),
    [("12.5.0", "en_US", "is not an amount"), ("1 2 3", "en_US", "is not an amount"),
     ("1,2,3", "en_US", "is not an amount"), ("1..5", "en_US", "is not an amount"),
     ("1.250", "fr_FR", "is not an amount"), ("12 50", "fr_FR", "is not an amount"),
     ("１２", "en_US", "digits 0 to 9"), ("١٢", "en_US", "digits 0 to 9"),
     ("9" * 30, "en_US", "far too large"), ("9" * 5000, "en_US", "too long"),
     ("€12", "en_US", "is not an amount"), ("12.", "en_US", "is not an amount"),
     ("1e3", "en_US", "is not an amount"), ("12\x00", "en_US", "is not an amount")],
)  # fmt: skip
def test_the_misreadings_from_the_issue_are_refused(text: str, locale: str, words: str) -> None:
    currency = "USD" if locale == "en_US" else "EUR"
    with pytest.raises(ValidationError) as err:
        parse_amount(text, locale, currency)
    assert words in err.value.message
    assert len(err.value.message) < 120  # the message never echoes a pasted novel


@pytest.mark.parametrize(
    ("text", "locale", "currency", "minor"),
    [("12,34,567.50", "en_IN", "INR", 123_456_750), ("1'234.50", "de_CH", "CHF", 123_450),
     ("1’234.50", "de_CH", "CHF", 123_450), ("1 234,50", "fr_FR", "EUR", 123_450),
     ("1\u202f234,50 €", "fr_FR", "EUR", 123_450), ("€ 12-", "fy_NL", "EUR", -1200),
     (".5", "en_US", "USD", 50), ("12,5", "en_US", "USD", 1250)],
)  # fmt: skip
def test_what_each_locale_writes_is_read(text: str, locale: str, currency: str, minor: int) -> None:
    assert parse_amount(text, locale, currency, allow_negative=True) == minor


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_an_amount_or_a_plain_refusal(text: str) -> None:
    try:
        minor = parse_amount(text, "en_US", "USD")
    except ValidationError as exc:
        assert exc.field == "amount" and exc.message.startswith("Amount")
        return
    assert 0 <= minor <= largest("USD")
    assert len(text) <= MAX_TYPED_CHARS
    assert all(ch.isascii() or not ch.isdigit() for ch in text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_digits_other_than_0_to_9_are_refused(digits: str) -> None:
    if digits.isascii():
        return
    with pytest.raises(ValidationError, match="digits 0 to 9"):
        parse_amount(digits, "en_US", "USD")
