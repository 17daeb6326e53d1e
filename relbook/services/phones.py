"""Phone numbers: normalised with phonenumbers, or kept as typed when they cannot be."""

from __future__ import annotations

from dataclasses import dataclass

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
        return NormalisedPhone(text, e164, digits(e164), display(e164, region), None)
    return NormalisedPhone(
        text,
        None,
        digits(text),
        text,
        f"The phone number “{text}” was kept as typed: it does not look like a number "
        f"from {region.upper()} or an international number (+…).",
    )


def display(e164: str | None, region: str, raw: str = "") -> str:
    """National format for the shop's own country, international for others."""
    if not e164:
        return raw
    number = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(number) == region.upper():
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
