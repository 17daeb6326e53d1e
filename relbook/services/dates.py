"""Partial dates: a birthday is often known without its year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_date_format, get_month_names

from relbook.errors import ValidationError

LEAP_YEAR = 2000  # validates (and shows) 29 February when no year is given


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        try:
            dt.date(self.year or LEAP_YEAR, self.month, self.day)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{self.day}/{self.month}/{self.year} is not a date") from exc

    def iso(self) -> str:
        """ISO 8601 / vCard form: ``1990-03-14`` or ``--03-14`` without a year."""
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """English, day first ("14 March 1990"); people see ``Display.partial`` instead."""
        text = f"{self.day} {calendar.month_name[self.month]}"
        return f"{text} {self.year}" if self.year else text

    def next_occurrence(self, today: dt.date) -> dt.date:
        """The next date (today included) this falls on; 29 Feb is kept on 28 Feb in
        non-leap years, the day people celebrate it."""
        for year in (today.year, today.year + 1):
            candidate = self.in_year(year)
            if candidate >= today:
                return candidate
        raise AssertionError("unreachable")

    def in_year(self, year: int) -> dt.date:
        if self.month == 2 and self.day == 29 and not calendar.isleap(year):
            return dt.date(year, 2, 28)
        return dt.date(year, self.month, self.day)

    def age_on(self, day: dt.date) -> int | None:
        if not self.year:
            return None
        return day.year - self.year - ((day.month, day.day) < (self.month, self.day))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NO_YEAR = re.compile(r"^-{0,2}(\d{1,2})-(\d{1,2})$")  # vCard "--03-14", "03-14"
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
#: words that may stand beside a day or month and mean nothing: "14th of March", "1er mai"
_FILLERS = frozenset({"st", "nd", "rd", "th", "of", "the", "er", "de", "le"})


def date_order(locale: str | None) -> str:
    """The order a locale writes a numeric date in: "MDY" (en_US), "DMY" (en_GB, de_DE,
    fr_FR, pl_PL) or "YMD" (ja_JP, hu_HU); "" when no locale is known."""
    if not locale:
        return ""
    return _order(locale)


@lru_cache(maxsize=64)
def _order(locale: str) -> str:
    pattern = get_date_format("short", locale=locale).pattern
    letters = [ch for ch in re.sub(r"'[^']*'", "", pattern) if ch in "yMLd"]
    order = "".join(dict.fromkeys("M" if ch == "L" else ch.upper() for ch in letters))
    return order if sorted(order) == ["D", "M", "Y"] else "DMY"


@lru_cache(maxsize=64)
def _month_words(locale: str | None) -> dict[str, int]:
    """Every way the locale (and English, always) names a month, folded: "march", "mar",
    "marz", "marca", "dec", "decembre" …"""
    words: dict[str, int] = {}
    for loc in dict.fromkeys(("en", locale or "en")):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, locale=loc).items():
                    words.setdefault(_fold(name), int(month))
    return words


def _fold(word: str) -> str:
    """Lower case, accents off, trailing dots off: "Déc." → "dec"."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).strip(".")


def _month_of(word: str, locale: str | None) -> int | None:
    """The month a word names: a known name or abbreviation, or an unambiguous beginning
    of at least three letters ("sept", "dezem")."""
    words = _month_words(locale)
    folded = _fold(word)
    if folded in words:
        return words[folded]
    if len(folded) >= 3:
        found = {m for w, m in words.items() if w.startswith(folded)}
        if len(found) == 1:
            return found.pop()
    return None


def parse_partial_date(
    text: str, field: str = "date", *, locale: str | None = None
) -> PartialDate | None:
    """Read what a person typed, the way their shop writes dates: in the US "3/14",
    "3/14/1990", "March 14"; in Britain, Germany, France, Poland "14/3", "14.03.",
    "14 March", "14 mars 1990"; everywhere "1990-03-14" and "--03-14". A year may be
    left out (a birthday often is). Without a ``locale`` a numeric date is read only
    when it cannot be misread ("14/03" but not "3/4"). Empty means no date."""
    raw = " ".join(text.strip().split())
    if not raw:
        return None
    label = _label(field)
    if m := _ISO.match(raw):
        parts: tuple[int, int, int | None] | str = (int(m[2]), int(m[3]), int(m[1]))
    elif m := _NO_YEAR.match(raw):
        parts = (int(m[1]), int(m[2]), None)
    else:
        parts = _read(raw, locale)
    if isinstance(parts, str):
        raise ValidationError(field, f"{label}: “{raw}” {parts} {_examples(locale)}")
    month, day, year = parts
    try:
        result = PartialDate(month, day, year)
    except ValueError:
        raise ValidationError(field, f"{label}: “{raw}” is not a real date.") from None
    if result.year is not None and not 1900 <= result.year <= dt.date.today().year:
        raise ValidationError(field, f"{label}: the year {result.year} looks wrong.")
    return result


def parse_date(text: str, field: str = "date", *, locale: str | None = None) -> dt.date | None:
    """A whole date, year and all ("11/7/2026" in the US, "7.11.2026" in Germany), read
    by the same rules as ``parse_partial_date``. Empty means no date."""
    value = parse_partial_date(text, field, locale=locale)
    if value is None:
        return None
    if value.year is None:
        raise ValidationError(field, f"{_label(field)}: give the year too. {_examples(locale)}")
    return dt.date(value.year, value.month, value.day)


def _read(raw: str, locale: str | None) -> tuple[int, int, int | None] | str:
    """(month, day, year) from numbers and month words, or why not (a phrase)."""
    tokens = _TOKEN.findall(raw)
    words = [t for t in tokens if not t.isdigit() and _fold(t) not in _FILLERS]
    numbers = [t for t in tokens if t.isdigit()]
    if words:
        months = {_month_of(w, locale) for w in words}
        if len(words) != 1 or None in months or not 1 <= len(numbers) <= 2:
            return "is not a date relbook understands."
        month = months.pop()
        assert month is not None
        days = [n for n in numbers if len(n) <= 2]
        years = [n for n in numbers if len(n) == 4]
        if len(days) != 1 or len(days) + len(years) != len(numbers):
            return "is not a date relbook understands."
        return month, int(days[0]), int(years[0]) if years else None
    if not 2 <= len(numbers) <= 3 or any(len(n) not in (1, 2, 4) for n in numbers):
        return "is not a date relbook understands."
    if len(numbers[0]) == 4:  # year first: 1990/03/14, 1990. 03. 14.
        if len(numbers) != 3:
            return "is not a date relbook understands."
        return int(numbers[1]), int(numbers[2]), int(numbers[0])
    if any(len(n) == 4 for n in numbers[:2]):
        return "is not a date relbook understands."
    first, second = int(numbers[0]), int(numbers[1])
    year = _full_year(numbers[2]) if len(numbers) == 3 else None
    order = "DMY" if "." in raw else date_order(locale)  # a dotted date is day first
    if not order or order == "YMD":
        if first > 12 >= second:
            order = "DMY"
        elif second > 12 >= first or first == second:
            order = "MDY"
        else:
            return "could be read day first or month first: write the month as a word."
    return (second, first, year) if order.startswith("D") else (first, second, year)


def _full_year(digits: str) -> int:
    """A two-digit year is the most recent one that ends so ("90" → 1990, "21" → 2021)."""
    if len(digits) == 4:
        return int(digits)
    this = dt.date.today().year
    year = this - this % 100 + int(digits)
    return year if year <= this else year - 100


def _examples(locale: str | None) -> str:
    order = date_order(locale)
    if order == "MDY":
        return "Try March 14, 3/14 or 1990-03-14."
    if order == "YMD":
        return "Try 1990-03-14 or --03-14."
    return "Try 14 March, 14.03. or 1990-03-14."


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()
