"""One way to show dates, times and money (the shop's locale through Babel), and typed
dates read the shop's way: month first in the US, day first in Britain and Europe."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relbook.errors import ValidationError
from relbook.services.dates import PartialDate, date_order, parse_partial_date
from relbook.services.display import Display
from relbook.services.loyalty.rules import Reward
from relbook.services.money import format_plain, parse_amount

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "pl_PL")
TODAY = dt.date(2026, 12, 7)  # a Monday
NBSP = "\u00a0"


def show(locale: str, currency: str = "USD") -> Display:
    return Display(locale, currency)


@pytest.mark.parametrize(
    ("locale", "short", "other_year", "weekday", "long"),
    [
        ("en_US", "Dec 7", "Dec 7, 2025", "Mon, Dec 7", "Monday, December 7"),
        ("en_GB", "7 Dec", "7 Dec 2025", "Mon 7 Dec", "Monday 7 December"),
        ("de_DE", "7. Dez.", "7. Dez. 2025", "Mo., 7. Dez.", "Montag, 7. Dezember"),
        ("fr_FR", "7 déc.", "7 déc. 2025", "lun. 7 déc.", "lundi 7 décembre"),
        ("pl_PL", "7 gru", "7 gru 2025", "pon., 7 gru", "poniedziałek, 7 grudnia"),
    ],
)
def test_dates_short_and_long(locale, short, other_year, weekday, long) -> None:
    d = show(locale)
    assert d.date_short(TODAY, today=TODAY) == short
    assert d.date_short(TODAY.replace(year=2025), today=TODAY) == other_year
    assert d.date_short(TODAY, today=TODAY, weekday=True) == weekday
    assert d.date_long(TODAY, today=TODAY) == long
    assert "2025" in d.date_long(TODAY.replace(year=2025), today=TODAY)


@pytest.mark.parametrize(
    ("locale", "time", "stamp", "partial", "partial_year"),
    [
        ("en_US", "3:07\u202fPM", "Dec 7, 3:07\u202fPM", "March 14", "March 14, 1990"),
        ("en_GB", "15:07", "7 Dec, 15:07", "14 March", "14 March 1990"),
        ("de_DE", "15:07", "7. Dez., 15:07", "14. März", "14. März 1990"),
        ("fr_FR", "15:07", "7 déc., 15:07", "14 mars", "14 mars 1990"),
        ("pl_PL", "15:07", "7 gru, 15:07", "14 marca", "14 marca 1990"),
    ],
)
def test_times_and_birthdays(locale, time, stamp, partial, partial_year) -> None:
    d = show(locale)
    moment = dt.datetime(2026, 12, 7, 15, 7)
    assert d.time(moment) == time
    assert d.datetime_short(moment, today=TODAY) == stamp
    assert d.partial(PartialDate(3, 14)) == partial
    assert d.partial(PartialDate(3, 14, 1990)) == partial_year
    assert d.partial(PartialDate(2, 29)).startswith(("Feb", "29"))


def test_money_with_the_currency() -> None:
    assert show("en_US").money(1250) == "$12.50"
    assert show("en_US").money_off(500) == "$5.00 off"
    assert show("de_DE", "EUR").money(1250) == f"12,50{NBSP}€"
    assert show("fr_FR", "EUR").money(123456) == f"1\u202f234,56{NBSP}€"  # narrow space
    assert show("pl_PL", "PLN").money(1250) == f"12,50{NBSP}zł"
    assert show("en_GB", "GBP").money(100_000) == "£1,000.00"


@pytest.mark.parametrize(("locale", "currency"), [("en_US", "USD"), ("de_DE", "EUR"),
                         ("fr_FR", "EUR"), ("pl_PL", "PLN"), ("ja_JP", "JPY")])  # fmt: skip
def test_amounts_in_a_field_are_grouped_and_read_back(locale, currency) -> None:
    shown = show(locale, currency).amount_input(100_000_00)
    assert parse_amount(shown, locale, currency) == 100_000_00
    assert shown != format_plain(100_000_00, locale, currency)  # grouped, unlike a CSV cell


def test_reward_names_carry_the_currency() -> None:
    us, de = show("en_US").money, show("de_DE", "EUR").money
    assert Reward("5.00 off", 250, "amount_off", 500).label(us) == "$5.00 off"
    assert Reward("5,00 € off", 250, "amount_off", 500).label(de) == f"5,00{NBSP}€ off"
    assert Reward("Birthday treat", 250, "amount_off", 500).label(us) == (
        "Birthday treat ($5.00 off)"
    )
    assert Reward("Free coffee", 100).label(us) == "Free coffee"


def test_relative_days_read_like_speech() -> None:
    us, de = show("en_US"), show("de_DE")
    assert [us.relative(TODAY + dt.timedelta(days=n), today=TODAY) for n in (0, 1, -1)] == [
        "today",
        "tomorrow",
        "yesterday",
    ]
    assert us.relative(TODAY + dt.timedelta(days=4), today=TODAY) == "Friday"
    assert us.relative(TODAY - dt.timedelta(days=6), today=TODAY) == "last Tuesday"
    assert us.relative(TODAY + dt.timedelta(days=20), today=TODAY) == "Dec 27"
    assert de.relative(TODAY + dt.timedelta(days=4), today=TODAY) == "Fr., 11. Dez."


def test_date_order_comes_from_the_locale() -> None:
    assert [date_order(loc) for loc in LOCALES] == ["MDY", "DMY", "DMY", "DMY", "DMY"]
    assert date_order("ja_JP") == "YMD" and date_order(None) == ""


@pytest.mark.parametrize(
    ("locale", "typed", "expected"),
    [
        ("en_US", "3/14", PartialDate(3, 14)),
        ("en_US", "3/4", PartialDate(3, 4)),
        ("en_US", "3/14/1990", PartialDate(3, 14, 1990)),
        ("en_US", "3/14/90", PartialDate(3, 14, 1990)),
        ("en_US", "March 14", PartialDate(3, 14)),
        ("en_US", "Mar 14th, 1990", PartialDate(3, 14, 1990)),
        ("en_US", "14.03.", PartialDate(3, 14)),  # a dotted date is day first everywhere
        ("en_GB", "3/4", PartialDate(4, 3)),
        ("en_GB", "14/3", PartialDate(3, 14)),
        ("en_GB", "14th of March", PartialDate(3, 14)),
        ("de_DE", "14.3.", PartialDate(3, 14)),
        ("de_DE", "14. März 1990", PartialDate(3, 14, 1990)),
        ("de_DE", "14. maerz", None),  # not a month name: refused, not guessed
        ("fr_FR", "14 mars 1990", PartialDate(3, 14, 1990)),
        ("fr_FR", "1er mai", PartialDate(5, 1)),
        ("fr_FR", "7 dec", PartialDate(12, 7)),
        ("pl_PL", "14 marca 1990", PartialDate(3, 14, 1990)),
        ("pl_PL", "7 grudzień", PartialDate(12, 7)),
        ("pl_PL", "7.12.1990", PartialDate(12, 7, 1990)),
        ("ja_JP", "1990/03/14", PartialDate(3, 14, 1990)),
        ("en_US", "1990-03-14", PartialDate(3, 14, 1990)),
        ("de_DE", "--03-14", PartialDate(3, 14)),
    ],
)
def test_typed_dates_the_shops_way(locale, typed, expected) -> None:
    if expected is None:
        with pytest.raises(ValidationError):
            parse_partial_date(typed, "birthday", locale=locale)
    else:
        assert parse_partial_date(typed, "birthday", locale=locale) == expected


def test_the_us_refuses_what_it_cannot_read_and_says_how_to_write_it() -> None:
    with pytest.raises(ValidationError) as err:
        parse_partial_date("14/3", "birthday", locale="en_US")
    assert "not a real date" in str(err.value)
    with pytest.raises(ValidationError) as err:
        parse_partial_date("next friday", "birthday", locale="en_US")
    assert "Try March 14, 3/14 or 1990-03-14" in str(err.value)
    with pytest.raises(ValidationError) as err:
        parse_partial_date("3/4", "birthday")  # no locale known: ambiguous is refused
    assert "write the month as a word" in str(err.value)


past = st.dates(min_value=dt.date(1927, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LOCALES), past, st.booleans())
def test_what_is_shown_reads_back(locale: str, day: dt.date, with_year: bool) -> None:
    """Every birthday as the shop shows it, and as the shop's short numeric form, reads
    back to the same date."""
    value = PartialDate(day.month, day.day, day.year if with_year else None)
    d = show(locale)
    assert parse_partial_date(d.partial(value), locale=locale) == value
    if with_year and day.year <= dt.date.today().year:
        numeric = d.date_numeric(day)
        assert parse_partial_date(numeric, locale=locale) == value, numeric
