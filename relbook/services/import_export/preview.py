"""The preview before anything is written: each read row is new, a probable duplicate
(of a contact already in the book or of an earlier row in the same files), or in error.

Rows are validated here with the contacts service's own rules, so what the preview
calls good is exactly what will be stored. Duplicates are found with in-memory indexes
of the book's phones, emails and name+birthday keys, built once: a 100,000-row file
costs three dictionary look-ups per row, not three queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from relbook.errors import ValidationError
from relbook.services import contacts, settings
from relbook.services.contacts.inputs import ContactInput
from relbook.services.contacts.phones import NormalisedPhone
from relbook.services.contacts.phones import normalise as _normalise
from relbook.services.import_export.parsed import (
    REPORT_EVERY,
    ParsedRow,
    Progress,
    gc_paused,
    report,
)
from relbook.store.models import Contact, Email, Phone
from relbook.store.textfold import fold

NEW, DUPLICATE, ERROR = "new", "duplicate", "error"
ADD, MERGE, SKIP = "add", "merge", "skip"


@dataclass(slots=True)
class PreviewItem:
    row: ParsedRow
    status: str  # NEW | DUPLICATE | ERROR
    #: what to do with a duplicate: MERGE (default), ADD or SKIP
    action: str = ADD
    #: the existing contact id it duplicates, or None when it duplicates an earlier row
    match_id: int | None = None
    match_row: int | None = None  # index of the earlier item in this preview
    match_name: str = ""
    reason: str = ""

    @property
    def error(self) -> str:
        return self.row.error or ""


@dataclass(slots=True)
class Preview:
    items: list[PreviewItem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def errors(self) -> list[PreviewItem]:
        return [i for i in self.items if i.status == ERROR]

    def summary(self) -> dict[str, int]:
        return {
            "new": self.count(NEW),
            "duplicates": self.count(DUPLICATE),
            "errors": self.count(ERROR),
            "rows": len(self.items),
        }

    def rejected_csv(self) -> str:
        """The rows in error as CSV (file, where, reason), for the owner to save."""
        import io

        from relbook.services import csv_safe

        out = io.StringIO()
        writer = csv_safe.writer(out)
        writer.writerow(["file", "where", "reason"])
        for item in self.errors:
            writer.writerow([item.row.source, item.row.where, item.error])
        return out.getvalue()


@lru_cache(maxsize=200_000)
def normalise(number: str, region: str) -> NormalisedPhone:
    """phonenumbers is slow; an import sees each number three times."""
    return _normalise(number, region)


class DuplicateIndex:
    """Phones, emails and name+birthday keys of the book (and of rows accepted so far)."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.phones: dict[str, tuple[int | None, int | None]] = {}
        self.emails: dict[str, tuple[int | None, int | None]] = {}
        self.names: dict[tuple[str, int, int], tuple[int | None, int | None]] = {}
        self.titles: dict[int, str] = {}

    @classmethod
    def from_book(cls, region: str) -> DuplicateIndex:
        index = cls(region)
        active = Contact.archived_at.is_null()
        for cid, name, month, day in (
            Contact.select(
                Contact.id, Contact.display_name, Contact.birthday_month, Contact.birthday_day
            )
            .where(active)
            .tuples()
            .iterator()
        ):
            index.titles[cid] = name
            if month and day:
                index.names.setdefault((fold(name), month, day), (cid, None))
        for cid, e164, digits in (
            Phone.select(Phone.contact, Phone.e164, Phone.digits)
            .join(Contact)
            .where(active)
            .tuples()
            .iterator()
        ):
            key = e164 or (digits if len(digits) >= 6 else None)
            if key:
                index.phones.setdefault(key, (cid, None))
        for cid, address in (
            Email.select(Email.contact, Email.address_lower)
            .join(Contact)
            .where(active)
            .tuples()
            .iterator()
        ):
            index.emails.setdefault(address, (cid, None))
        return index

    def keys(self, data: ContactInput) -> tuple[list[str], list[str], tuple[str, int, int] | None]:
        phones = []
        for phone in data.phones:
            norm = normalise(phone.number, self.region)
            key = norm.e164 or (norm.digits if len(norm.digits) >= 6 else None)
            if key:
                phones.append(key)
        emails = [e.address.strip().lower() for e in data.emails]
        name = contacts.display_name_for(data)
        bday = data.birthday
        name_key = (fold(name), bday.month, bday.day) if name and bday else None
        return phones, emails, name_key

    def find(self, data: ContactInput) -> tuple[tuple[int | None, int | None], str] | None:
        phones, emails, name_key = self.keys(data)
        for key in phones:
            if key in self.phones:
                return self.phones[key], "same phone number"
        for key in emails:
            if key in self.emails:
                return self.emails[key], "same email address"
        if name_key and name_key in self.names:
            return self.names[name_key], "same name and birthday"
        return None

    def add(self, data: ContactInput, row_index: int) -> None:
        phones, emails, name_key = self.keys(data)
        ref = (None, row_index)
        for key in phones:
            self.phones.setdefault(key, ref)
        for key in emails:
            self.emails.setdefault(key, ref)
        if name_key:
            self.names.setdefault(name_key, ref)


def tidy(data: ContactInput, region: str) -> None:
    """Drop repeats the contacts service would refuse (the same number written twice)."""
    seen: set[str] = set()
    phones = []
    for phone in data.phones:
        norm = normalise(phone.number, region)
        key = norm.e164 or norm.digits
        if key not in seen:
            seen.add(key)
            phones.append(phone)
    data.phones = phones
    seen_mail: set[str] = set()
    emails = []
    for email in data.emails:
        if email.address.strip().lower() not in seen_mail:
            seen_mail.add(email.address.strip().lower())
            emails.append(email)
    data.emails = emails


def build_preview(
    rows: Iterable[ParsedRow], *, default_action: str = MERGE, progress: Progress | None = None
) -> Preview:
    """Validate and classify rows against the open book (reads only)."""
    region = settings.phone_region()
    index = DuplicateIndex.from_book(region)
    preview = Preview()
    with fast_lookups(region), gc_paused():
        _classify(rows, index, preview, region, default_action, progress)
    return preview


def _classify(
    rows: Iterable[ParsedRow],
    index: DuplicateIndex,
    preview: Preview,
    region: str,
    default_action: str,
    progress: Progress | None = None,
) -> None:
    rows = list(rows)
    for number, row in enumerate(rows):
        if number % REPORT_EVERY == 0:
            report(progress, number, len(rows))
        if row.ok:
            assert row.data is not None
            tidy(row.data, region)
            try:
                row.warnings += [w for w in _validate(row.data) if w not in row.warnings]
            except ValidationError as exc:
                row.error = exc.message
        if not row.ok:
            preview.items.append(PreviewItem(row, ERROR, action=SKIP))
            continue
        assert row.data is not None
        found = index.find(row.data)
        position = len(preview.items)
        if found is None:
            preview.items.append(PreviewItem(row, NEW))
            index.add(row.data, position)
            continue
        (match_id, match_row), reason = found
        name = (
            index.titles.get(match_id, "")
            if match_id is not None
            else contacts.display_name_for(preview.items[match_row].row.data)
        )
        preview.items.append(
            PreviewItem(
                row,
                DUPLICATE,
                action=default_action,
                match_id=match_id,
                match_row=match_row,
                match_name=name,
                reason=reason,
            )
        )


def _validate(data: ContactInput) -> list[str]:
    return contacts.validate(data)


@contextmanager
def fast_lookups(region: str) -> Iterator[None]:
    """Within an import, answer ``settings.phone_region()`` from memory and normalise
    each phone number once. Both stand-ins return exactly what the originals would; they
    only spare contacts.validate a settings query and a phonenumbers parse per row."""
    saved = settings.phone_region, contacts.normalise_phone
    settings.phone_region = lambda: region  # type: ignore[assignment]
    contacts.normalise_phone = normalise  # type: ignore[assignment]
    try:
        yield
    finally:
        settings.phone_region, contacts.normalise_phone = saved  # type: ignore[assignment]
