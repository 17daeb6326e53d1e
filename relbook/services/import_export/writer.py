"""Storing what the owner chose in the preview: ONE transaction, all or nothing.

New contacts go in through a bulk path (one insert per contact, children and search
documents in batches) that writes the same columns as ``contacts.create_contact`` and
emits the same CONTACT_CREATED event, so card codes and other features' listeners behave
as for a contact typed in by hand. Merges into existing contacts go through
``contacts.update_contact``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import peewee

from relbook.errors import RelbookError, ValidationError
from relbook.services import backup, contacts, events, settings
from relbook.services.codes import format_card_code, is_valid_card_code
from relbook.services.contacts.inputs import ContactInput
from relbook.services.import_export.parsed import Progress, combine, gc_paused
from relbook.services.import_export.preview import (
    ADD,
    DUPLICATE,
    ERROR,
    MERGE,
    NEW,
    SKIP,
    Preview,
    PreviewItem,
    normalise,
)
from relbook.store import search_index
from relbook.store.db import database
from relbook.store.models import Contact, ContactTag, Email, PersonalDetail, Phone, Tag, utcnow

BATCH = 500


class ImportCancelled(RelbookError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


@dataclass(slots=True)
class ImportResult:
    created: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    created_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.created,
            "merged": self.merged,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
            "rejected_rows": [{"where": w, "reason": r} for w, r in self.rejected],
        }


def commit(
    preview: Preview, *, only_good: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write the preview's choices. With rows in error and not ``only_good``, refuse."""
    result = ImportResult()
    bad = preview.errors
    result.rejected = [(i.row.label(), i.error) for i in bad]
    if bad and not only_good:
        raise ValidationError(
            "file",
            f"{len(bad)} row{'s are' if len(bad) != 1 else ' is'} in error, so nothing was "
            "imported. Fix the file, or choose to import only the good rows.",
        )
    with gc_paused():
        new_items, merges = _plan(preview, result)
    total = len(new_items) + len(merges)
    if total and not database.obj.in_transaction():
        backup.before("import")  # an import gone wrong is undone by restoring this
    done = 0
    with gc_paused(), database.atomic():
        for start in range(0, len(new_items), BATCH):
            chunk = new_items[start : start + BATCH]
            codes = [preview.items[index].row.card_code for index, _ in chunk]
            result.created_ids += insert_contacts([data for _, data in chunk], codes)
            done += len(chunk)
            if progress is not None and progress(done, total) is False:
                raise ImportCancelled
        for contact_id, data in merges.items():
            current = contacts.get_contact(contact_id).data
            contacts.update_contact(contact_id, combine(current, data))
            result.merged_ids.append(contact_id)
            done += 1
            if progress is not None and done % 100 == 0 and progress(done, total) is False:
                raise ImportCancelled
    result.created = len(result.created_ids)
    return result


def _plan(
    preview: Preview, result: ImportResult
) -> tuple[list[tuple[int, ContactInput]], dict[int, ContactInput]]:
    """Resolve every item to: a new contact (possibly absorbing later rows), a merge into
    an existing contact, or nothing."""
    new: dict[int, ContactInput] = {}  # item index -> data to insert
    merges: dict[int, ContactInput] = {}  # contact id -> data to fold in
    target_of: dict[int, tuple[str, int]] = {}
    for index, item in enumerate(preview.items):
        if item.status == ERROR:
            continue
        data = item.row.data
        assert data is not None
        if item.status == NEW or (item.status == DUPLICATE and item.action == ADD):
            new[index] = data
            target_of[index] = ("row", index)
        elif item.status == DUPLICATE and item.action == SKIP:
            result.skipped += 1
        elif item.status == DUPLICATE and item.action == MERGE:
            target = _target(item, target_of)
            if target is None:  # the earlier row it repeats was skipped: add this one
                new[index] = data
                target_of[index] = ("row", index)
                continue
            kind, key = target
            target_of[index] = target
            if kind == "row":
                new[key] = combine(new[key], data)
            else:
                merges[key] = combine(merges[key], data) if key in merges else data
            result.merged += 1
    return sorted(new.items()), merges


def _target(item: PreviewItem, target_of: dict[int, tuple[str, int]]) -> tuple[str, int] | None:
    if item.match_id is not None:
        return ("contact", item.match_id)
    if item.match_row is not None:
        return target_of.get(item.match_row)
    return None


def insert_contacts(inputs: list[ContactInput], card_codes: list[str] | None = None) -> list[int]:
    """Insert validated contacts with their children and search documents; return ids.

    ``card_codes`` (from relbook's own exports) are kept where valid and still free, so
    customers' loyalty cards go on working; the others get new codes as usual.
    Call inside a transaction. Mirrors ``contacts.create_contact`` for speed."""
    region = settings.phone_region()
    ids: list[int] = []
    phones: list[dict] = []
    emails: list[dict] = []
    details: list[dict] = []
    tag_links: list[dict] = []
    tag_ids = _tag_cache()
    shown: dict[int, list[tuple[str, str]]] = {}
    insert = _contact_inserter()
    keep = _free_codes(card_codes or [])
    for position, data in enumerate(inputs):
        columns = contacts._contact_columns(data)
        code = keep.get(position)
        if code:
            columns["card_code"] = code
        cid = insert(columns)
        ids.append(cid)
        shown[cid] = []
        for pos, phone in enumerate(p for p in data.phones if p.number.strip()):
            norm = normalise(phone.number, region)
            phones.append(
                {
                    "contact": cid,
                    "label": phone.label.strip() or "mobile",
                    "raw": norm.raw,
                    "e164": norm.e164,
                    "digits": norm.digits,
                    "position": pos,
                }
            )
            shown[cid].append((norm.shown, norm.digits))
        for pos, email in enumerate(e for e in data.emails if e.address.strip()):
            address = email.address.strip()
            emails.append(
                {
                    "contact": cid,
                    "label": email.label.strip() or "home",
                    "address": address,
                    "address_lower": address.lower(),
                    "position": pos,
                }
            )
        for pos, d in enumerate(data.details):
            b = d.birthday
            details.append(
                {
                    "contact": cid,
                    "kind": d.kind,
                    "text": d.text.strip(),
                    "name": d.name.strip(),
                    "relation": d.relation.strip(),
                    "birthday_year": b.year if b else None,
                    "birthday_month": b.month if b else None,
                    "birthday_day": b.day if b else None,
                    "position": pos,
                }
            )
        for name in dict.fromkeys(t.strip() for t in data.tags if t.strip()):
            if name not in tag_ids:
                tag_ids[name] = Tag.create(name=name).id
            tag_links.append({"contact": cid, "tag": tag_ids[name]})
    for model, rows in (
        (Phone, phones),
        (Email, emails),
        (PersonalDetail, details),
        (ContactTag, tag_links),
    ):
        _insert_rows(model, rows)
    events.emit_many(events.CONTACT_CREATED, "contact_id", ids)
    codes = dict(Contact.select(Contact.id, Contact.card_code).where(Contact.id.in_(ids)).tuples())
    docs = []
    for cid, data in zip(ids, inputs, strict=True):
        name = contacts.display_name_for(data)
        docs.append(
            search_index.make_document(
                cid,
                names=[
                    data.given_name,
                    data.middle_name,
                    data.family_name,
                    data.nickname,
                    data.company,
                    name,
                ],
                display_name=name,
                phones=shown[cid],
                emails=[e.address.strip() for e in data.emails if e.address.strip()],
                codes=[codes.get(cid) or ""],
                details=[" ".join((d.text, d.name, d.relation)) for d in data.details],
                tags=[t.strip() for t in data.tags if t.strip()],
            )
        )
    search_index.store(database.obj, docs)
    return ids


def _free_codes(card_codes: list[str]) -> dict[int, str]:
    """Position → card code for the codes that are well formed, not used twice in the
    batch and not yet on any card in the book."""
    wanted: dict[int, str] = {}
    seen: set[str] = set()
    for position, raw in enumerate(card_codes):
        if raw and is_valid_card_code(raw):
            code = format_card_code(raw)
            if code not in seen:
                seen.add(code)
                wanted[position] = code
    if not wanted:
        return {}
    taken = {
        code
        for (code,) in Contact.select(Contact.card_code)
        .where(Contact.card_code.in_(list(wanted.values())))
        .tuples()
    }
    return {p: c for p, c in wanted.items() if c not in taken}


_PLAIN = {peewee.CharField, peewee.TextField, peewee.IntegerField, peewee.ForeignKeyField}


def _insert_rows(model: type[peewee.Model], rows: list[dict]) -> None:
    """Insert plain rows (all with the same keys). One prepared statement on SQLite,
    where peewee would spend more time building the SQL than SQLite writing it."""
    if not rows:
        return
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        for start in range(0, len(rows), BATCH):
            model.insert_many(rows[start : start + BATCH]).execute()
        return
    fields = [f for f in model._meta.sorted_fields if f.name != "id"]
    given = {f.name for f in fields if f.name in rows[0]}  # names: a Field's == is SQL
    defaults = {}
    for f in fields:
        if f.name not in rows[0]:
            value = f.default() if callable(f.default) else f.default
            defaults[f.name] = f.db_value(value)
    sql = (
        f'INSERT INTO "{model._meta.table_name}" ({", ".join(f.column_name for f in fields)})'
        f" VALUES ({', '.join('?' * len(fields))})"
    )
    names = [f.name for f in fields]
    # text and whole numbers go in as they are; other fields through peewee's conversion
    convert = [None if type(f) in _PLAIN else f.db_value for f in fields]
    values = []
    for row in rows:
        out = []
        for name, conv in zip(names, convert, strict=True):
            if name not in given:
                out.append(defaults[name])
            elif conv is None:
                out.append(row[name])
            else:
                out.append(conv(row[name]))
        values.append(out)
    db.cursor().executemany(sql, values)


def _contact_inserter() -> Callable[[dict[str, object]], int]:
    """One contact row in, its id out. On SQLite a prepared statement on the raw
    connection (peewee builds each INSERT anew, which costs more than the write)."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        return lambda columns: Contact.insert(**columns).execute()
    now = utcnow()
    fields = [f for f in Contact._meta.sorted_fields if f.name != "id"]
    sql = (
        f"INSERT INTO {Contact._meta.table_name} ({', '.join(f.column_name for f in fields)})"
        f" VALUES ({', '.join('?' * len(fields))})"
    )
    cursor = db.cursor()

    def insert(columns: dict[str, object]) -> int:
        values = []
        for f in fields:
            if f.name in columns:
                value = columns[f.name]
            elif f.name in ("created_at", "updated_at"):
                value = now
            else:
                value = f.default() if callable(f.default) else f.default
            values.append(f.db_value(value))
        cursor.execute(sql, values)
        return int(cursor.lastrowid)

    return insert


def _tag_cache() -> dict[str, int]:
    return {name: tid for tid, name in Tag.select(Tag.id, Tag.name).tuples()}
