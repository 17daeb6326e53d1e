"""Phone numbers: normalised with phonenumbers, or kept as typed when they cannot be."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from relbook.store.textfold import digits


@dataclass(frozen=True, slots=True)
class NormalisedPhone:
    raw: str
    e164: str | None
    digits: str
    shown: str
    warning: str | None


def normalise(raw: str, region: str) -> NormalisedPhone:
    text = raw.strip()
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        # shown from the number just parsed: parsing it again from e164 doubled the cost
        # of an import of 100,000 numbers (same result as display(e164, region))
        plain = phonenumbers.PhoneNumber(  # what parsing e164 gives: no extension
            country_code=number.country_code,
            national_number=number.national_number,
            italian_leading_zero=number.italian_leading_zero,
            number_of_leading_zeros=number.number_of_leading_zeros,
        )
        return NormalisedPhone(text, e164, digits(e164), _shown(plain, region.upper()), None)
    return NormalisedPhone(
        text,
        None,
        digits(text),
        text,
        f"The phone number “{text}” was kept as typed: it does not look like a number "
        f"from {region.upper()} or an international number (+…).",
    )


def display(e164: str | None, region: str, raw: str = "") -> str:
    """National format for numbers dialled as national ones from the shop's country (its
    calling code: a Canadian number in a US shop is "(416) 555-0199" too), international
    for the others."""
    if not e164:
        return raw
    return _display(e164, region.upper())


@lru_cache(maxsize=4096)
def _display(e164: str, region: str) -> str:
    """Cached: the contact list formats the same numbers again as it scrolls and reloads.
    Comparing calling codes, not regions, also skips phonenumbers' slow search through
    every region that shares +1."""
    return _shown(phonenumbers.parse(e164, None), region)


def _shown(number: phonenumbers.PhoneNumber, region: str) -> str:
    if number.country_code == phonenumbers.country_code_for_region(region):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
