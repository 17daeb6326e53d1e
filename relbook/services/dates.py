"""Partial dates: a birthday is often known without its year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from relbook.errors import ValidationError

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_LEAP_YEAR = 2000  # validates 29 February when no year is given


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        try:
            dt.date(self.year or _LEAP_YEAR, self.month, self.day)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{self.day}/{self.month}/{self.year} is not a date") from exc

    def iso(self) -> str:
        """ISO 8601 / vCard form: ``1990-03-14`` or ``--03-14`` without a year."""
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
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
_NO_YEAR = re.compile(r"^-{0,2}(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(\d{4})?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
_WORDY = re.compile(r"^(\d{1,2})\.?\s+([a-zA-Z]+)\.?,?(?:\s+(\d{4}))?$")
_WORDY_US = re.compile(r"^([a-zA-Z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")


def parse_partial_date(text: str, field: str = "date") -> PartialDate | None:
    """Read what a person typed: ``1990-03-14``, ``--03-14``, ``14.03.``, ``14 March``,
    ``March 14 1990``, ``14/03/1990`` (day first). Empty means no date."""
    raw = " ".join(text.strip().split())
    if not raw:
        return None
    year: str | None
    if m := _ISO.match(raw):
        year, month, day = m.group(1), m.group(2), m.group(3)
    elif m := _NO_YEAR.match(raw):
        year, month, day = None, m.group(1), m.group(2)
    elif (m := _DOTTED.match(raw)) or (m := _SLASHED.match(raw)):
        day, month, year = m.group(1), m.group(2), m.group(3)
    elif m := _WORDY.match(raw):
        day, month, year = m.group(1), str(MONTHS.get(m.group(2).lower(), 0)), m.group(3)
    elif m := _WORDY_US.match(raw):
        month, day, year = str(MONTHS.get(m.group(1).lower(), 0)), m.group(2), m.group(3)
    else:
        raise ValidationError(
            field,
            f"{_label(field)}: “{raw}” is not a date relbook understands. "
            "Try 14 March, 14.03. or 1990-03-14.",
        )
    try:
        result = PartialDate(int(month), int(day), int(year) if year else None)
    except ValueError:
        raise ValidationError(field, f"{_label(field)}: “{raw}” is not a real date.") from None
    if result.year is not None and not 1900 <= result.year <= dt.date.today().year:
        raise ValidationError(field, f"{_label(field)}: the year {result.year} looks wrong.")
    return result


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()
