"""Column presets for the CSV exports shops actually have: Google Contacts (old and new
layout), Outlook, Square's customer export, and relbook's own CSV.

A preset knows its file by a few header names and maps each column to a target (see
``csv_import``). Numbered column groups ("Phone 2 - Value" with "Phone 2 - Label") are
matched by pattern, so any number of them works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from relbook.services.contacts.inputs import TEXT_FIELDS


@dataclass(frozen=True, slots=True)
class Preset:
    key: str
    title: str
    marks: frozenset[str]  # lower-case headers that identify the file (all must be there)
    columns: Mapping[str, str]  # lower-case header → target
    patterns: tuple[tuple[str, str], ...] = ()  # (regex on lower-case header, target)
    labels: tuple[tuple[str, str], ...] = ()  # (value-column regex, label-column template)

    def matches(self, headers: list[str]) -> bool:
        lower = {h.strip().lower() for h in headers}
        return self.marks <= lower

    def mapping_for(self, headers: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for header in headers:
            key = header.strip().lower()
            target = self.columns.get(key)
            if target is None:
                target = next((t for rx, t in self.patterns if re.fullmatch(rx, key)), "ignore")
            out[header] = target
        return out

    def label_columns(self, headers: list[str]) -> dict[int, int]:
        """Value column index → the index of the column holding its label."""
        index = {h.strip().lower(): i for i, h in enumerate(headers)}
        out: dict[int, int] = {}
        for i, header in enumerate(headers):
            for rx, template in self.labels:
                match = re.fullmatch(rx, header.strip().lower())
                if match:
                    for candidate in template.split("|"):
                        other = index.get(candidate.format(*match.groups()))
                        if other is not None:
                            out[i] = other
                            break
        return out


GOOGLE = Preset(
    "google",
    "Google Contacts CSV",
    marks=frozenset({"e-mail 1 - value"}),
    columns={
        "name": "ignore",
        "given name": "given_name",
        "first name": "given_name",
        "additional name": "middle_name",
        "middle name": "middle_name",
        "family name": "family_name",
        "last name": "family_name",
        "name prefix": "prefix",
        "name suffix": "suffix",
        "nickname": "nickname",
        "birthday": "birthday",
        "notes": "notes",
        "group membership": "tags",
        "labels": "tags",
        "organization 1 - name": "company",
        "organization name": "company",
        "address 1 - street": "street",
        "address 1 - extended address": "extended",
        "address 1 - city": "city",
        "address 1 - region": "region",
        "address 1 - postal code": "postcode",
        "address 1 - country": "country",
    },
    patterns=(
        (r"phone \d+ - value", "phone"),
        (r"e-mail \d+ - value", "email"),
        (r"relation \d+ - value", "family"),
        (r"organization (1 - )?title", "detail"),
    ),
    labels=(
        (r"phone (\d+) - value", "phone {0} - label|phone {0} - type"),
        (r"e-mail (\d+) - value", "e-mail {0} - label|e-mail {0} - type"),
        (r"relation (\d+) - value", "relation {0} - label|relation {0} - type"),
    ),
)

OUTLOOK = Preset(
    "outlook",
    "Outlook CSV",
    marks=frozenset({"first name", "last name", "e-mail address", "mobile phone"}),
    columns={
        "first name": "given_name",
        "middle name": "middle_name",
        "last name": "family_name",
        "title": "prefix",
        "suffix": "suffix",
        "nickname": "nickname",
        "company": "company",
        "home street": "street",
        "home street 2": "extended",
        "home city": "city",
        "home state": "region",
        "home postal code": "postcode",
        "home country/region": "country",
        "home country": "country",
        "mobile phone": "phone:mobile",
        "home phone": "phone:home",
        "business phone": "phone:work",
        "other phone": "phone:other",
        "e-mail address": "email",
        "e-mail 2 address": "email",
        "e-mail 3 address": "email",
        "birthday": "birthday",
        "anniversary": "anniversary",
        "notes": "notes",
        "categories": "tags",
        "job title": "detail",
        "spouse": "family",
        "children": "family",
    },
)

SQUARE = Preset(
    "square",
    "Square customer export",
    marks=frozenset({"square customer id", "first name", "last name"}),
    columns={
        "first name": "given_name",
        "last name": "family_name",
        "nickname": "nickname",
        "company name": "company",
        "email address": "email",
        "phone number": "phone",
        "street address 1": "street",
        "street address 2": "extended",
        "city": "city",
        "state": "region",
        "postal code": "postcode",
        "birthday": "birthday",
        "memo": "notes",
        "groups": "tags",
        "email subscription status": "consent_email",
        "reference id": "detail",
        "first visit": "detail",
    },
)

RELBOOK = Preset(
    "relbook",
    "relbook CSV",
    marks=frozenset({"given_name", "family_name", "phones", "details"}),
    columns={
        **{
            k: k
            for k in (
                *TEXT_FIELDS,
                "birthday",
                "anniversary",
                "notes",
                "consent_mail",
                "consent_email",
                "consent_phone",
                "tags",
            )
        },
        "card_code": "card_code",
        "phones": "phones_list",
        "emails": "emails_list",
        "details": "details_json",
    },
)

PRESETS: tuple[Preset, ...] = (RELBOOK, GOOGLE, SQUARE, OUTLOOK)


def detect_preset(headers: list[str]) -> Preset | None:
    return next((p for p in PRESETS if p.matches(headers)), None)


def preset_by_key(key: str) -> Preset:
    for preset in PRESETS:
        if preset.key == key:
            return preset
    raise KeyError(key)
