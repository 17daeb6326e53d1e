"""Reading relbook's own JSON back: the whole-shop export (its ``contacts`` list) and an
access-request file (its one ``contact``), so an export is never a dead end.

Only contacts come in; sales, points and vouchers belong to one shop's books and move
between computers by backup and restore, not by import.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from relbook.errors import ValidationError
from relbook.services.contacts.inputs import (
    TEXT_FIELDS,
    ContactInput,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.dates import PartialDate, parse_partial_date
from relbook.services.import_export.decoding import decode
from relbook.services.import_export.parsed import MAX_NOTE_CHARS, WHOLE_FILE, ParsedRow, clean_text

_TEXT = TEXT_FIELDS
#: a whole-shop export of a large book is well below this; json.loads needs several
#: times the file's size in memory
MAX_JSON_BYTES = 256 * 2**20


def looks_like_json(raw: bytes, name: str = "") -> bool:
    if name.lower().endswith(".json"):
        return True
    return raw[:64].lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{")


def read_json(raw: bytes, source: str = "") -> list[ParsedRow]:
    """Every contact of a relbook JSON file as a row; never raises."""
    if len(raw) > MAX_JSON_BYTES:
        return [
            ParsedRow(
                source,
                WHOLE_FILE,
                error=f"The file is larger than {MAX_JSON_BYTES // 2**20} MB, too large to read "
                "as JSON; export the contacts as vCard or CSV instead.",
            )
        ]
    text, _ = decode(raw)
    try:
        document = json.loads(text)
    except RecursionError:
        return [
            ParsedRow(
                source,
                WHOLE_FILE,
                error="The file is nested far deeper than any relbook export; it was not read.",
            )
        ]
    except ValueError as exc:
        return [ParsedRow(source, WHOLE_FILE, error=f"The file is not valid JSON ({exc}).")]
    if not isinstance(document, dict) or not str(document.get("format", "")).startswith("relbook-"):
        return [
            ParsedRow(
                source,
                WHOLE_FILE,
                error="This JSON file was not written by relbook; relbook reads its own "
                "JSON exports, vCard and CSV.",
            )
        ]
    items = document.get("contacts")
    if items is None and isinstance(document.get("contact"), dict):
        items = [document["contact"]]
    if not isinstance(items, list) or not items:
        return [ParsedRow(source, WHOLE_FILE, error="The file holds no contacts.")]
    rows = []
    for number, item in enumerate(items, 1):
        row = ParsedRow(source, f"contact {number}")
        try:
            if not isinstance(item, dict):
                raise ValidationError("contact", "This entry is not a contact.")
            row.data = _contact(item, row.warnings)
            row.card_code = clean_text(item.get("card_code") or "")
        except ValidationError as exc:
            row.error = exc.message
        except (TypeError, ValueError, AttributeError) as exc:
            row.error = f"The contact could not be read ({' '.join(str(exc).split())[:160]})."
        rows.append(row)
    return rows


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValidationError(key, f"“{key}” holds {type(value).__name__}, not text.")
    return clean_text(value)


def _date(value: object, label: str) -> PartialDate | None:
    if not value:
        return None
    return parse_partial_date(str(value), label)


def _day(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _contact(item: dict[str, Any], warnings: list[str]) -> ContactInput:
    data = ContactInput(**{k: _text(item, k) for k in _TEXT})
    data.notes = _text(item, "notes")
    if len(data.notes) > MAX_NOTE_CHARS:
        raise ValidationError(
            "notes",
            f"The note is {len(data.notes):,} characters long (at most {MAX_NOTE_CHARS:,}).",
        )
    data.birthday = _date(item.get("birthday"), "Birthday")
    data.anniversary = _date(item.get("anniversary"), "Anniversary")
    consent = item.get("consent") or {}
    if isinstance(consent, dict):
        for channel in ("mail", "email", "phone"):
            setattr(data, f"consent_{channel}", _day(consent.get(channel)))
    for phone in item.get("phones") or []:
        number = clean_text(phone.get("number", ""))
        if number:
            data.phones.append(PhoneInput(number, clean_text(phone.get("label", "")) or "mobile"))
    for email in item.get("emails") or []:
        address = clean_text(email.get("address", ""))
        if address:
            data.emails.append(EmailInput(address, clean_text(email.get("label", "")) or "home"))
    for detail in item.get("details") or []:
        data.details.append(
            DetailInput(
                clean_text(detail.get("kind", "other")) or "other",
                text=clean_text(detail.get("text", "")),
                name=clean_text(detail.get("name", "")),
                relation=clean_text(detail.get("relation", "")),
                birthday=_date(detail.get("birthday"), "Birthday of a family member"),
            )
        )
    data.tags = [t for t in (clean_text(t) for t in item.get("tags") or []) if t]
    if item.get("referred_by"):
        warnings.append("Who referred this customer is not carried over by an import.")
    return data
