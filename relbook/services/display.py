"""One way to show dates, times and money: the shop's locale, through Babel.

Every date, time and amount a person reads — on a page, a printed sheet, a note's merge
field, a line of command output — goes through a ``Display``, so a shop in the US reads
"Dec 7" and "$12.50" everywhere and a shop in Germany "7. Dez." and "12,50 €". The forms
are chosen once, here:

============== ====================== ======================== ==========================
form           en_US                  en_GB                    de_DE
============== ====================== ======================== ==========================
date_short     Dec 7 / Dec 7, 2025    7 Dec / 7 Dec 2025       7. Dez. / 7. Dez. 2025
 (weekday)     Mon, Dec 7             Mon 7 Dec                Mo., 7. Dez.
date_long      Monday, December 7     Monday 7 December        Montag, 7. Dezember
time           3:07 PM                15:07                    15:07
datetime_short Dec 7, 3:07 PM         7 Dec, 15:07             7. Dez., 15:07
month_year     December 2026          December 2026            Dezember 2026
partial        March 14 / …, 1990     14 March / … 1990        14. März / … 1990
money          $12.50                 £12.50                   12,50 €
============== ====================== ======================== ==========================

The year is shown only when it is not the current one. ``relative`` says "today",
"tomorrow", "yesterday" or (in an English-speaking shop) the weekday within a week, and
falls back to ``date_short``: the words belong to the sentence around them, which is in
the app's language (English until the translations land), the date to the shop's locale.

Stored timestamps are naive UTC; ``local`` turns one into the computer's wall-clock time
(pass ``utc=True`` to the datetime forms).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, match_skeleton
from babel.numbers import format_decimal

from relbook.services.dates import LEAP_YEAR, PartialDate
from relbook.services.money import currency_digits, format_amount, to_decimal

_WIDTH = {"M": "MMMM", "L": "LLLL", "E": "EEEE"}
_WEEK = 6  # days either side in which a weekday name reads better than a date


@dataclass(frozen=True, slots=True)
class Display:
    """The shop's locale and currency, and every form a date, time or amount is shown in."""

    locale: str = "en_US"
    currency: str = "USD"

    # -- dates ---------------------------------------------------------------------------

    def date_short(
        self,
        day: dt.date,
        *,
        today: dt.date | None = None,
        weekday: bool = False,
        year: bool | None = None,
    ) -> str:
        """ "Dec 7" ("Mon, Dec 7" with ``weekday``); "Dec 7, 2025" in another year (or
        always, with ``year=True``: records and reports)."""
        day = _as_date(day)
        if year is None:
            year = day.year != (today or dt.date.today()).year
        skeleton = ("y" if year else "") + ("MMMEd" if weekday else "MMMd")
        return format_date(day, _pattern(self.locale, skeleton), locale=self.locale)

    def date_long(self, day: dt.date, *, today: dt.date | None = None) -> str:
        """ "Monday, December 7"; "Monday, December 7, 2025" in another year."""
        day = _as_date(day)
        if day.year != (today or dt.date.today()).year:
            return format_date(day, "full", locale=self.locale)
        return format_date(day, _pattern(self.locale, "MMMMEEEEd"), locale=self.locale)

    def date_full(self, day: dt.date) -> str:
        """ "Monday, December 7, 2026": a printed page's date, the year always."""
        return format_date(_as_date(day), "full", locale=self.locale)

    def month_year(self, day: dt.date, *, short: bool = False) -> str:
        """ "December 2026" ("Dec 2026" when ``short``)."""
        skeleton = "yMMM" if short else "yMMMM"
        return format_date(_as_date(day), _pattern(self.locale, skeleton), locale=self.locale)

    def month_short(self, day: dt.date) -> str:
        """ "Dec" (stand-alone, as on a chart's axis)."""
        return format_date(_as_date(day), "LLL", locale=self.locale)

    def month_name(self, month: int) -> str:
        """ "December" (stand-alone, as in a list of months)."""
        return format_date(dt.date(LEAP_YEAR, month, 1), "LLLL", locale=self.locale)

    def weekday(self, day: dt.date) -> str:
        """ "Tuesday"."""
        return format_date(_as_date(day), "EEEE", locale=self.locale)

    def relative(self, day: dt.date, *, today: dt.date | None = None) -> str:
        """ "today", "tomorrow", "yesterday"; within a week "Tuesday" / "last Tuesday" in
        an English-speaking shop; otherwise ``date_short`` with the weekday."""
        day = _as_date(day)
        today = today or dt.date.today()
        days = (day - today).days
        words = {0: "today", 1: "tomorrow", -1: "yesterday"}
        if days in words:
            return words[days]
        if abs(days) <= _WEEK and Locale.parse(self.locale).language == "en":
            name = self.weekday(day)
            return name if days > 0 else f"last {name}"
        return self.date_short(day, today=today, weekday=abs(days) <= _WEEK)

    def partial(self, value: PartialDate) -> str:
        """A birthday as people write it: "March 14" / "March 14, 1990" (29 February
        without a year stays 29 February)."""
        day = dt.date(value.year or LEAP_YEAR, value.month, value.day)
        if value.year:
            return format_date(day, "long", locale=self.locale)
        return format_date(day, _pattern(self.locale, "MMMMd"), locale=self.locale)

    def date_numeric(self, day: dt.date) -> str:
        """The locale's short numeric form, as people type a date: "3/14/26", "14.03.26"."""
        return format_date(_as_date(day), "short", locale=self.locale)

    # -- times ---------------------------------------------------------------------------

    def time(self, moment: dt.datetime, *, utc: bool = False, seconds: bool = False) -> str:
        """ "3:07 PM" / "15:07" (with ``seconds`` "3:07:45 PM")."""
        moment = local(moment) if utc else moment
        return format_time(moment, "medium" if seconds else "short", locale=self.locale)

    def datetime_short(
        self,
        moment: dt.datetime,
        *,
        utc: bool = False,
        today: dt.date | None = None,
        seconds: bool = False,
        year: bool | None = None,
    ) -> str:
        """ "Dec 7, 3:07 PM"; the year when it is not this one (or always: ``year``)."""
        moment = local(moment) if utc else moment
        glue = Locale.parse(self.locale).datetime_formats["medium"]
        glue = glue if isinstance(glue, str) else glue.pattern
        return (
            str(glue)
            .replace("{1}", self.date_short(moment.date(), today=today, year=year))
            .replace("{0}", self.time(moment, seconds=seconds))
        )

    # -- money ---------------------------------------------------------------------------

    def money(self, minor: int) -> str:
        """ "$12.50" / "12,50 €"."""
        return format_amount(minor, self.locale, self.currency)

    def money_off(self, minor: int) -> str:
        """ "$5.00 off": what a reward or voucher takes off a sale."""
        return f"{self.money(minor)} off"

    def amount_input(self, minor: int) -> str:
        """The number alone, grouped, for a field a person edits: "1,000.00" (en_US),
        "1.000,00" (de_DE), "1 000,00" (fr_FR); the money parser reads each back."""
        digits = currency_digits(self.currency)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(to_decimal(minor, self.currency), format=pattern, locale=self.locale)


def shop_display() -> Display:
    """The shop's display settings, read from the settings table."""
    from relbook.services import settings

    return Display(
        str(settings.get("shop.locale") or "en_US"), str(settings.get("shop.currency") or "USD")
    )


def local(stamp: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) timestamp as the computer's naive wall-clock time."""
    return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@lru_cache(maxsize=256)
def _pattern(locale: str, skeleton: str) -> str:
    """The locale's pattern for a skeleton, widened to what was asked for (CLDR keeps
    "MMMEd" where "MMMMEEEEd" is wanted: "E, MMM d" becomes "EEEE, MMMM d")."""
    known = Locale.parse(locale).datetime_skeletons
    key = match_skeleton(skeleton, known) or "yMMMd"
    pattern = known[key].pattern if hasattr(known[key], "pattern") else str(known[key])
    wanted = {ch: len(run.group()) for run in re.finditer(r"(.)\1*", skeleton) for ch in run[0]}
    return "".join(
        _widen(part, wanted) if i % 2 == 0 else part
        for i, part in enumerate(re.split(r"('[^']*')", pattern))
    )


def _widen(text: str, wanted: dict[str, int]) -> str:
    def grow(run: re.Match[str]) -> str:
        letter, size = run.group()[0], len(run.group())
        asked = wanted.get("M" if letter == "L" else letter, 0)
        if letter in _WIDTH and asked >= 4 > size:
            return _WIDTH[letter]
        return run.group()

    return re.sub(r"([MLE])\1*", grow, text)
