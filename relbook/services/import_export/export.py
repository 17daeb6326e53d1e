"""Exports: vCard 3.0 and 4.0, CSV with every field, and the whole shop as JSON.

Contacts are read in batches of a thousand with one query per table, so exporting
100,000 contacts takes seconds. vCards are written by hand (escaped and folded as the
RFCs ask) rather than through vobject, which would be many times slower. CSV is written
through ``relbook.services.csv_safe``, so no cell can run as a spreadsheet formula.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from relbook import __version__
from relbook.services import csv_safe
from relbook.services.contacts import names
from relbook.services.contacts.inputs import (
    TEXT_FIELDS,
    ContactInput,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.dates import PartialDate
from relbook.store.db import database
from relbook.store.models import Contact, ContactTag, Email, PersonalDetail, Phone, Tag

BATCH = 1000
#: tables that never leave the book in an export: PIN hashes (a copy of the book made by
#: backup does hold them, and says so)
NEVER_EXPORTED = frozenset({"staff_pin"})
FORMATS = ("vcard", "vcard4", "csv", "json")
CSV_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "company",
    "street",
    "extended",
    "postcode",
    "city",
    "region",
    "country",
    "birthday",
    "anniversary",
    "how_met",
    "notes",
    "consent_mail",
    "consent_email",
    "consent_phone",
    "phones",
    "emails",
    "details",
    "tags",
    "card_code",
    "archived",
    "created_at",
)
_TEXT = (*TEXT_FIELDS, "notes")


@dataclass(slots=True)
class ExportContact:
    id: int
    data: ContactInput
    card_code: str | None
    archived: bool
    created_at: dt.datetime | str


def all_ids(*, include_archived: bool = False) -> list[int]:
    query = Contact.select(Contact.id)
    if not include_archived:
        query = query.where(Contact.archived_at.is_null())
    return [cid for (cid,) in query.order_by(Contact.sort_name, Contact.id).tuples()]


def iter_contacts(ids: Sequence[int]) -> Iterator[ExportContact]:
    """Contacts with all their children, in the order of ``ids``, a batch at a time."""
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        phones: dict[int, list[PhoneInput]] = {}
        for cid, raw, label in (
            Phone.select(Phone.contact, Phone.raw, Phone.label)
            .where(Phone.contact.in_(chunk))
            .order_by(Phone.position, Phone.id)
            .tuples()
        ):
            phones.setdefault(cid, []).append(PhoneInput(raw, label))
        emails: dict[int, list[EmailInput]] = {}
        for cid, address, label in (
            Email.select(Email.contact, Email.address, Email.label)
            .where(Email.contact.in_(chunk))
            .order_by(Email.position, Email.id)
            .tuples()
        ):
            emails.setdefault(cid, []).append(EmailInput(address, label))
        details: dict[int, list[DetailInput]] = {}
        pd = PersonalDetail
        for cid, kind, text, name, relation, year, month, day in (
            pd.select(pd.contact, pd.kind, pd.text, pd.name, pd.relation, pd.birthday_year,
                      pd.birthday_month, pd.birthday_day)
            .where(pd.contact.in_(chunk))
            .order_by(pd.position, pd.id)
            .tuples()
        ):  # fmt: skip
            details.setdefault(cid, []).append(
                DetailInput(kind, text, name, relation, _partial_of(year, month, day))
            )
        tags: dict[int, list[str]] = {}
        for cid, name in (
            ContactTag.select(ContactTag.contact, Tag.name)
            .join(Tag)
            .where(ContactTag.contact.in_(chunk))
            .order_by(Tag.name)
            .tuples()
        ):
            tags.setdefault(cid, []).append(name)
        # plain dicts: building a model object per row cost more than the whole export
        rows = {c["id"]: c for c in Contact.select().where(Contact.id.in_(chunk)).dicts()}
        for cid in chunk:
            c = rows.get(cid)
            if c is None:
                continue
            data = ContactInput(
                **{k: c[k] or "" for k in _TEXT},
                birthday=_partial_of(c["birthday_year"], c["birthday_month"], c["birthday_day"]),
                anniversary=_partial_of(
                    c["anniversary_year"], c["anniversary_month"], c["anniversary_day"]
                ),
                consent_mail=c["consent_mail"],
                consent_email=c["consent_email"],
                consent_phone=c["consent_phone"],
                phones=phones.get(cid, []),
                emails=emails.get(cid, []),
                details=details.get(cid, []),
                tags=tags.get(cid, []),
                referred_by=c["referred_by"],
            )
            yield ExportContact(
                cid, data, c["card_code"], c["archived_at"] is not None, c["created_at"]
            )


def _partial_of(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if not month or not day:
        return None
    try:
        return PartialDate(month, day, year)
    except ValueError:
        return None


# -- vCard ------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _param(text: str) -> str:
    """A parameter value: RFC 6868 caret escapes (^^ ^' ^n), quoted when it must be."""
    clean = " ".join(text.split()).replace("^", "^^").replace('"', "^'")
    return f'"{clean}"' if any(ch in clean for ch in ";:,^") else clean


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current, size, limit = [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _vdate(date: PartialDate, version: str) -> tuple[str, str]:
    """(parameters, value): 4.0 writes --MM-DD; 3.0 follows Apple's 1604 convention."""
    if date.year:
        return "", date.iso()
    if version == "4.0":
        return "", f"--{date.month:02d}{date.day:02d}"
    return ";X-APPLE-OMIT-YEAR=1604", f"1604-{date.month:02d}-{date.day:02d}"


def vcard(contact: ExportContact, version: str = "3.0") -> str:
    d = contact.data
    name = names.display_name(d)  # as written (FN), in the person's name order
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "4.0":
        lines.append("KIND:individual")
    lines.append(
        "N:"
        + ";".join(
            _esc(x) for x in (d.family_name, d.given_name, d.middle_name, d.prefix, d.suffix)
        )
    )
    lines.append(f"FN:{_esc(name)}")
    if d.nickname:
        lines.append(f"NICKNAME:{_esc(d.nickname)}")
    if d.company:
        lines.append(f"ORG:{_esc(d.company)}")
    for phone in d.phones:
        kind = {"mobile": "cell"}.get(phone.label, phone.label)
        lines.append(f"TEL;TYPE={_param(kind)}:{_esc(phone.number)}")
    for email in d.emails:
        lines.append(f"EMAIL;TYPE={_param(email.label)}:{_esc(email.address)}")
    if any((d.street, d.extended, d.city, d.region, d.postcode, d.country)):
        parts = ("", d.extended, d.street, d.city, d.region, d.postcode, d.country)
        lines.append("ADR;TYPE=home:" + ";".join(_esc(p) for p in parts))
    if d.birthday:
        params, value = _vdate(d.birthday, version)
        lines.append(f"BDAY{params}:{value}")
    if d.anniversary:
        params, value = _vdate(d.anniversary, version)
        tag = "ANNIVERSARY" if version == "4.0" else "X-ANNIVERSARY"
        lines.append(f"{tag}{params}:{value}")
    if d.notes:
        lines.append(f"NOTE:{_esc(d.notes)}")
    if d.tags:
        lines.append("CATEGORIES:" + ",".join(_esc(t) for t in d.tags))
    if d.how_met:
        lines.append(f"X-RELBOOK-HOW-MET:{_esc(d.how_met)}")
    for det in d.details:
        params = f";KIND={det.kind}"
        if det.name:
            params += f";NAME={_param(det.name)}"
        if det.relation:
            params += f";RELATION={_param(det.relation)}"
        if det.birthday:
            params += f";BDAY={det.birthday.iso()}"
        lines.append(f"X-RELBOOK-DETAIL{params}:{_esc(det.text)}")
    for channel in ("mail", "email", "phone"):
        day = getattr(d, f"consent_{channel}")
        if day:
            lines.append(f"X-RELBOOK-CONSENT;CHANNEL={channel}:{_iso(day)}")
    if contact.card_code:
        lines.append(f"X-RELBOOK-CARD:{_esc(contact.card_code)}")
    lines.append(f"UID:relbook-{contact.id}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def write_vcards(out: TextIO, contacts: Iterable[ExportContact], version: str = "3.0") -> int:
    count = 0
    for contact in contacts:
        out.write(vcard(contact, version))
        count += 1
    return count


# -- CSV --------------------------------------------------------------------------------


def csv_row(contact: ExportContact) -> list[object]:
    d = contact.data
    details = (
        json.dumps(
            [
                {
                    "kind": x.kind,
                    "text": x.text,
                    "name": x.name,
                    "relation": x.relation,
                    "birthday": x.birthday.iso() if x.birthday else None,
                }
                for x in d.details
            ],
            ensure_ascii=False,
        )
        if d.details
        else ""
    )
    values: dict[str, object] = {k: getattr(d, k) for k in _TEXT}
    values.update(
        id=contact.id,
        birthday=d.birthday.iso() if d.birthday else "",
        anniversary=d.anniversary.iso() if d.anniversary else "",
        consent_mail=_iso(d.consent_mail),
        consent_email=_iso(d.consent_email),
        consent_phone=_iso(d.consent_phone),
        phones="\n".join(f"{p.label}: {p.number}" for p in d.phones),
        emails="\n".join(f"{e.label}: {e.address}" for e in d.emails),
        details=details,
        tags="; ".join(d.tags),
        card_code=contact.card_code or "",
        archived="yes" if contact.archived else "",
        created_at=_iso(contact.created_at),
    )
    return [values[c] for c in CSV_COLUMNS]  # the writer makes each cell safe


def write_csv(out: TextIO, contacts: Iterable[ExportContact]) -> int:
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for contact in contacts:
        writer.writerow(csv_row(contact))
        count += 1
    return count


# -- JSON -------------------------------------------------------------------------------


def contact_json(contact: ExportContact) -> dict[str, Any]:
    d = contact.data
    out: dict[str, Any] = {"id": contact.id, **{k: getattr(d, k) for k in _TEXT}}
    out.update(
        birthday=d.birthday.iso() if d.birthday else None,
        anniversary=d.anniversary.iso() if d.anniversary else None,
        consent={c: _iso(getattr(d, f"consent_{c}")) or None for c in ("mail", "email", "phone")},
        phones=[{"label": p.label, "number": p.number} for p in d.phones],
        emails=[{"label": e.label, "address": e.address} for e in d.emails],
        details=[
            {
                "kind": x.kind,
                "text": x.text,
                "name": x.name,
                "relation": x.relation,
                "birthday": x.birthday.iso() if x.birthday else None,
            }
            for x in d.details
        ],
        tags=d.tags,
        referred_by=d.referred_by,
        card_code=contact.card_code,
        archived=contact.archived,
        created_at=_iso(contact.created_at),
    )
    return out


def table_rows(table: str, where: str = "", params: Sequence[object] = ()) -> list[dict]:
    """Every row of a table as plain JSON-able dicts (bytes as base64)."""
    db = database.obj
    cursor = db.execute_sql(f'SELECT * FROM "{table}"{where}', list(params))
    names = [c[0] for c in cursor.description]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def write_json(out: TextIO, ids: Sequence[int] | None = None) -> int:
    """The whole shop (every table) plus readable contacts; or only ``ids``' contacts."""
    whole = ids is None
    chosen = all_ids(include_archived=True) if ids is None else list(ids)
    out.write("{\n")
    out.write(f'"format": "relbook-export", "version": 1, "relbook": "{__version__}",\n')
    out.write(f'"exported_at": "{dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}",\n')
    out.write('"contacts": [\n')
    count = 0
    for contact in iter_contacts(chosen):
        out.write(("," if count else "") + json.dumps(contact_json(contact), ensure_ascii=False))
        out.write("\n")
        count += 1
    out.write("]")
    if whole:
        out.write(',\n"tables": {\n')
        tables = [
            t
            for t in database.obj.get_tables()
            if not t.startswith(("contact_fts", "sqlite_")) and t not in NEVER_EXPORTED
        ]
        for i, table in enumerate(tables):
            out.write(("," if i else "") + json.dumps(table) + ": ")
            out.write(json.dumps(table_rows(table), ensure_ascii=False))
            out.write("\n")
        out.write("}")
    out.write("\n}\n")
    return count


def _iso(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _plain(value: object) -> object:
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def export(fmt: str, out: TextIO, ids: Sequence[int] | None = None) -> int:
    """Write ``fmt`` ("vcard", "vcard4", "csv" or "json") to ``out``; return the count."""
    if fmt == "json":
        return write_json(out, ids)
    chosen = all_ids() if ids is None else list(ids)
    if fmt in ("vcard", "vcard3"):
        return write_vcards(out, iter_contacts(chosen), "3.0")
    if fmt == "vcard4":
        return write_vcards(out, iter_contacts(chosen), "4.0")
    if fmt == "csv":
        return write_csv(out, iter_contacts(chosen))
    raise ValueError(fmt)


def export_text(fmt: str, ids: Sequence[int] | None = None) -> str:
    buffer = io.StringIO()
    export(fmt, buffer, ids)
    return buffer.getvalue()
