"""The shop's own settings: name, owner, address, logo, language and country, currency,
phone region and the largest sale the till accepts.

The Settings page and ``relbook settings`` read and write them here. ``parse`` turns
what a person typed into a checked ``ShopSettings`` (raising ``ValidationError`` naming
the field), ``save`` writes every key in one transaction, so nothing is ever half-saved.
The choices come from Babel and phonenumbers, so a shop owner picks "Deutsch
(Deutschland)" and "Euro" rather than typing ``de_DE`` and ``EUR``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.numbers import get_territory_currencies

from relbook.errors import ValidationError
from relbook.services import loyalty, settings
from relbook.services.money import Money
from relbook.services.typed import clean_block, clean_line
from relbook.store.db import database

MAX_NAME = 80
MAX_ADDRESS_LINES = 6
#: the largest "largest sale" a till may be set to, in whole currency units
MAX_SALE_CEILING_UNITS = 10_000_000

KEYS = {
    "name": "shop.name",
    "owner_name": "shop.owner_name",
    "address": "shop.address",
    "locale": "shop.locale",
    "currency": "shop.currency",
    "phone_region": "shop.phone_region",
    "logo_path": "shop.logo_path",
}


@dataclass(frozen=True, slots=True)
class ShopSettings:
    name: str
    owner_name: str
    address: str
    locale: str  # "de_DE"
    currency: str  # "EUR"
    phone_region: str  # "DE"
    max_sale_minor: int
    logo_path: str = ""

    @property
    def money(self) -> Money:
        return Money(self.locale, self.currency)


def load() -> ShopSettings:
    """What is stored now (defaults where nothing is)."""
    return ShopSettings(
        name=str(settings.get(KEYS["name"]) or ""),
        owner_name=str(settings.get(KEYS["owner_name"]) or ""),
        address=str(settings.get(KEYS["address"]) or ""),
        locale=str(settings.get(KEYS["locale"]) or "en_US"),
        currency=str(settings.get(KEYS["currency"]) or "USD"),
        phone_region=str(settings.get(KEYS["phone_region"]) or "US"),
        max_sale_minor=loyalty.get_rules().max_sale_minor,
        logo_path=str(settings.get(KEYS["logo_path"]) or ""),
    )


# -- checking what was typed ----------------------------------------------------------------


def parse(
    *,
    name: str,
    owner_name: str,
    address: str,
    locale: str,
    currency: str,
    phone_region: str,
    max_sale: str,
    logo_path: str = "",
) -> ShopSettings:
    """Check every field; the first mistake raises ValidationError(field, plain message)."""
    clean_name = " ".join(clean_line(name).split())
    if not clean_name:
        raise ValidationError("name", "Shop name: type the name customers know you by.")
    if len(clean_name) > MAX_NAME:
        raise ValidationError("name", f"Shop name: at most {MAX_NAME} characters.")
    owner = " ".join(clean_line(owner_name).split())
    if len(owner) > MAX_NAME:
        raise ValidationError("owner_name", f"Owner's name: at most {MAX_NAME} characters.")
    lines = [line.rstrip() for line in clean_block(address).splitlines()]
    if len(lines) > MAX_ADDRESS_LINES or any(len(line) > 80 for line in lines):
        raise ValidationError(
            "address", f"Address: at most {MAX_ADDRESS_LINES} lines of 80 characters."
        )
    loc = check_locale(locale)
    cur = check_currency(currency)
    region = check_region(phone_region)
    money = Money(loc, cur)
    limit = money.parse(max_sale, field="largest_sale")
    if limit <= 0:
        raise ValidationError("largest_sale", "Largest sale: an amount above zero.")
    if limit > MAX_SALE_CEILING_UNITS * 10**money.digits:
        ceiling = money.format(MAX_SALE_CEILING_UNITS * 10**money.digits)
        raise ValidationError("largest_sale", f"Largest sale: at most {ceiling}.")
    logo = check_logo(logo_path)
    return ShopSettings(clean_name, owner, "\n".join(lines), loc, cur, region, limit, logo)


def check_locale(code: str) -> str:
    code = (code or "").strip().replace("-", "_")
    if code not in _locale_codes():
        raise ValidationError("locale", "Language and country: choose one from the list.")
    return code


def check_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in {c for c, _ in currency_choices()}:
        raise ValidationError("currency", "Currency: choose one from the list.")
    return code


def check_region(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError("phone_region", "Phone numbers: choose a country from the list.")
    return code


def check_logo(path: str) -> str:
    """An empty path (no logo) or a readable PNG/JPEG image file."""
    text = (path or "").strip()
    if not text:
        return ""
    file = Path(text).expanduser()
    if not file.is_file():
        raise ValidationError("logo_path", f"Logo: there is no file at {file}.")
    try:
        from PIL import Image

        with Image.open(file) as image:
            image.verify()
    except Exception:  # PIL raises many kinds; the owner needs one sentence
        raise ValidationError(
            "logo_path", f"Logo: {file.name} is not a picture relbook can read (use PNG)."
        ) from None
    return str(file)


# -- saving --------------------------------------------------------------------------------


def save(shop: ShopSettings) -> None:
    """Write every shop key and the till's largest sale in one transaction."""
    with database.atomic():
        for field, key in KEYS.items():
            settings.set_value(key, getattr(shop, field))
        rules = loyalty.get_rules()
        if rules.max_sale_minor != shop.max_sale_minor:
            rules.max_sale_minor = shop.max_sale_minor
            loyalty.save_rules(rules)


# -- choices for people --------------------------------------------------------------------


@functools.cache
def _locale_codes() -> frozenset[str]:
    return frozenset(code for code in locale_identifiers() if "_" in code)


@functools.cache
def locale_choices() -> tuple[tuple[str, str], ...]:
    """(code, label) for every language-and-country, e.g. ("de_DE", "Deutsch (Deutschland)
    — German (Germany)"), sorted by label."""
    out = []
    for code in _locale_codes():
        try:
            loc = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        native = loc.get_display_name() or code
        english = loc.get_display_name("en") or code
        label = native if native == english else f"{native} — {english}"
        out.append((code, label[:1].upper() + label[1:]))
    return tuple(sorted(out, key=lambda c: c[1].casefold()))


def locale_label(code: str) -> str:
    return dict(locale_choices()).get(code, code)


@functools.cache
def currency_choices() -> tuple[tuple[str, str], ...]:
    """(code, label) for currencies in use today, e.g. ("EUR", "Euro (EUR, €)")."""
    english = Locale("en")
    today = dt.date.today()
    codes: set[str] = set()
    for territory in english.territories:
        if territory.isalpha():
            codes.update(get_territory_currencies(territory, today))
    out = []
    for code in codes:
        name = english.currencies.get(code, code)
        symbol = english.currency_symbols.get(code, code)
        label = f"{name} ({code})" if symbol == code else f"{name} ({code}, {symbol})"
        out.append((code, label))
    return tuple(sorted(out, key=lambda c: c[1].casefold()))


def currency_label(code: str) -> str:
    return dict(currency_choices()).get(code, code)


@functools.cache
def region_choices() -> tuple[tuple[str, str], ...]:
    """(code, label) for every phone region, e.g. ("DE", "Germany (+49)")."""
    english = Locale("en")
    out = []
    for code in phonenumbers.SUPPORTED_REGIONS:
        name = english.territories.get(code, code)
        out.append((code, f"{name} (+{phonenumbers.country_code_for_region(code)})"))
    return tuple(sorted(out, key=lambda c: c[1].casefold()))


def region_label(code: str) -> str:
    return dict(region_choices()).get(code, code)


def suggestions_for(locale: str) -> tuple[str | None, str | None]:
    """The currency and phone region that go with a language-and-country (or None)."""
    try:
        territory = Locale.parse(locale).territory
    except (ValueError, UnknownLocaleError):
        return None, None
    if not territory:
        return None, None
    currencies = get_territory_currencies(territory, dt.date.today())
    region = territory if territory in phonenumbers.SUPPORTED_REGIONS else None
    return (currencies[0] if currencies else None), region


def example_phone(region: str) -> str:
    """A made-up number in the region's own format ("030 123456" for DE)."""
    number = phonenumbers.example_number(region)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
