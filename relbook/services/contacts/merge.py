"""Finding duplicate contacts across the book and merging two into one, with undo.

A merge keeps everything: every row of every table that points at the merged contact
(found by asking the database for its foreign keys, so tables added by any feature are
covered) is re-pointed to the kept contact; no ledger row is altered beyond that
pointer, so balances add up. The kept contact's blank fields are filled from the other
and differing notes are appended. The state before the merge is stored in a
``MergeRecord`` so ``undo`` can put both contacts back. CONTACTS_MERGED is emitted
inside the transaction so other features can tidy up (loyalty folds the two points
accounts, care keeps one plan).
"""

from __future__ import annotations

import base64
import difflib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import backup, contacts, events
from relbook.services.contacts.inputs import TEXT_FIELDS
from relbook.services.staff import audit
from relbook.store.db import database
from relbook.store.models import Contact, Email, Phone, utcnow
from relbook.store.models.audit import MergeRecord
from relbook.store.textfold import fold

#: rows of these tables are history: a merge or an undo changes only their contact link
APPEND_ONLY = frozenset({"points_entry", "sale", "audit_entry", "reversal"})
#: pure link rows: when the kept contact already has the same link, the copy is dropped
_FILLABLE = (*TEXT_FIELDS, "card_code")
_DATES = ("birthday", "anniversary")
_CONSENTS = ("consent_mail", "consent_email", "consent_phone")


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MergeResult:
    record_id: int
    kept_id: int
    merged_id: int
    moved: dict[str, int]


# -- finding ------------------------------------------------------------------------------


def find_duplicate_pairs(*, similarity: float = 0.85, limit: int = 1000) -> list[DuplicatePair]:
    """Active contacts that share a phone, an email, or a similar name and birthday."""
    active = Contact.archived_at.is_null()
    names = dict(Contact.select(Contact.id, Contact.display_name).where(active).tuples())
    pairs: dict[tuple[int, int], str] = {}

    def add_groups(groups: Iterable[list[int]], reason: str) -> None:
        for ids in groups:
            ids = sorted(set(ids))
            for other in ids[1:]:
                pairs.setdefault((ids[0], other), reason)

    by_phone: dict[str, list[int]] = defaultdict(list)
    for cid, e164, digits in Phone.select(Phone.contact, Phone.e164, Phone.digits).tuples():
        key = e164 or (digits if len(digits) >= 6 else None)
        if key and cid in names:
            by_phone[key].append(cid)
    add_groups((v for v in by_phone.values() if len(set(v)) > 1), "same phone number")
    by_email: dict[str, list[int]] = defaultdict(list)
    for cid, address in Email.select(Email.contact, Email.address_lower).tuples():
        if cid in names:
            by_email[address].append(cid)
    add_groups((v for v in by_email.values() if len(set(v)) > 1), "same email address")
    by_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    query = Contact.select(Contact.id, Contact.birthday_month, Contact.birthday_day).where(
        active & Contact.birthday_month.is_null(False) & Contact.birthday_day.is_null(False)
    )
    for cid, month, day in query.tuples():
        by_day[(month, day)].append(cid)
    for ids in by_day.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if similar_names(names[a], names[b], similarity):
                    pairs.setdefault((min(a, b), max(a, b)), "similar name and same birthday")
    out = [DuplicatePair(a, names[a], b, names[b], reason) for (a, b), reason in pairs.items()]
    out.sort(key=lambda p: (fold(p.first_name), p.first_id, p.second_id))
    return out[:limit]


def similar_names(a: str, b: str, threshold: float = 0.85) -> bool:
    """Same folded name, the same words in another order, or nearly the same spelling."""
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    if not fa or not fb:
        return False
    if fa == fb or sorted(fa.split()) == sorted(fb.split()):
        return True
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= threshold


# -- database introspection ---------------------------------------------------------------


def contact_links(db: peewee.Database | None = None) -> list[tuple[str, str]]:
    """Every (table, column) in the database with a foreign key to ``contact``."""
    db = db or database.obj
    links = []
    for table in db.get_tables():
        for fk in db.get_foreign_keys(table):
            if fk.dest_table == Contact._meta.table_name:
                links.append((table, fk.column))
    return sorted(links)


def _mark(db: peewee.Database) -> str:
    return "?" if isinstance(db, peewee.SqliteDatabase) else "%s"


def _rows(table: str, where: str, params: list[object]) -> list[dict[str, object]]:
    db = database.obj
    cursor = db.execute_sql(f'SELECT * FROM "{table}" WHERE {where}', params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _to_json(row: dict[str, object]) -> dict[str, object]:
    out = {}
    for key, value in row.items():
        if isinstance(value, bytes | memoryview):
            out[key] = {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
        elif hasattr(value, "isoformat"):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def _from_json(row: dict[str, object]) -> dict[str, object]:
    return {
        k: base64.b64decode(v["$b64"]) if isinstance(v, dict) and "$b64" in v else v
        for k, v in row.items()
    }


def _exec(sql: str, params: list[object]) -> int:
    return database.obj.execute_sql(sql, params).rowcount


# -- merging ------------------------------------------------------------------------------


def merge(kept_id: int, merged_id: int, *, staff_id: int | None = None) -> MergeResult:
    """Fold ``merged_id`` into ``kept_id`` (one transaction) and record how to undo it."""
    if kept_id == merged_id:
        raise ValidationError("contact", "A contact cannot be merged with itself.")
    db = database.obj
    m = _mark(db)
    if not db.in_transaction():  # inside a bigger change, that change took the backup
        _contact_row(kept_id)  # both there, or no backup is due
        _contact_row(merged_id)
        backup.before("merge")
    with database.atomic():
        kept = _contact_row(kept_id)
        gone = _contact_row(merged_id)
        links = contact_links(db)
        snapshot: dict[str, list[dict[str, object]]] = {}
        for table in sorted({t for t, _ in links}):
            cols = [c for t, c in links if t == table]
            where = " OR ".join(f'"{c}" IN ({m}, {m})' for c in cols)
            params: list[object] = [x for _ in cols for x in (kept_id, merged_id)]
            snapshot[table] = [_to_json(r) for r in _rows(table, where, params)]
        _fill_blanks(kept, gone)
        moved: dict[str, int] = {}
        deleted: list[tuple[str, int]] = []
        for table, column in links:
            if table == "contact" and column == "referred_by_id":
                continue
            moved[table] = moved.get(table, 0) + _repoint(
                table, column, kept_id, merged_id, deleted
            )
        _exec(
            f"UPDATE contact SET referred_by_id = {m} WHERE referred_by_id = {m} AND id <> {m}",
            [kept_id, merged_id, kept_id],
        )
        _exec(
            f"UPDATE contact SET referred_by_id = NULL WHERE id = {m} AND referred_by_id = {m}",
            [kept_id, merged_id],
        )
        _drop_repeats(kept_id, deleted)
        _drop_self_links(links, kept_id, deleted)
        _exec(f"DELETE FROM contact WHERE id = {m}", [merged_id])
        events.emit(events.CONTACTS_MERGED, kept_id=kept_id, merged_id=merged_id)
        contacts.reindex([kept_id, merged_id])
        state = {
            "kept": _to_json(kept),
            "merged": _to_json(gone),
            "rows": snapshot,
            "deleted": deleted,
        }
        record = MergeRecord.create(
            kept_id=kept_id,
            merged_id=merged_id,
            merged_name=str(gone["display_name"]),
            state=json.dumps(state, default=str),
            staff=staff_id,
            created_at=utcnow(),
        )
        audit.record(
            "merge",
            staff_id=staff_id,
            subject=f"contact {merged_id} into {kept_id}",
            contact_id=kept_id,
            before={
                "kept": kept["display_name"],
                "merged": gone["display_name"],
                "merged_id": merged_id,
            },
            after={"moved": moved, "merge_record": record.id},
        )
        audit.record(
            "merge",
            staff_id=staff_id,
            subject=f"contact {merged_id} into {kept_id}",
            contact_id=merged_id,
            before={"merged_into": kept_id},
        )
    return MergeResult(record.id, kept_id, merged_id, moved)


def _contact_row(contact_id: int) -> dict[str, object]:
    rows = _rows("contact", f"id = {_mark(database.obj)}", [contact_id])
    if not rows:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    return rows[0]


def _fill_blanks(kept: dict[str, object], gone: dict[str, object]) -> None:
    changes: dict[str, object] = {}
    for name in _FILLABLE:
        if not kept.get(name) and gone.get(name):
            changes[name] = gone[name]
    if "card_code" in changes:  # unique: move it off the merged contact first
        _exec(f"UPDATE contact SET card_code = NULL WHERE id = {_mark(database.obj)}", [gone["id"]])
    for prefix in _DATES:
        if not kept.get(f"{prefix}_month") and gone.get(f"{prefix}_month"):
            for part in ("year", "month", "day"):
                changes[f"{prefix}_{part}"] = gone.get(f"{prefix}_{part}")
        elif (
            kept.get(f"{prefix}_month") == gone.get(f"{prefix}_month")
            and not kept.get(f"{prefix}_year")
            and gone.get(f"{prefix}_year")
        ):
            changes[f"{prefix}_year"] = gone[f"{prefix}_year"]
    for name in _CONSENTS:
        if not kept.get(name) and gone.get(name):
            changes[name] = gone[name]
    note_a, note_b = str(kept.get("notes") or "").strip(), str(gone.get("notes") or "").strip()
    if note_b and note_b not in note_a:
        changes["notes"] = f"{note_a}\n\n{note_b}".strip()
    if not changes:
        return
    m = _mark(database.obj)
    sets = ", ".join(f'"{k}" = {m}' for k in changes)
    _exec(
        f"UPDATE contact SET {sets}, updated_at = {m} WHERE id = {m}",
        [*changes.values(), utcnow(), kept["id"]],
    )
    if {"given_name", "family_name", "nickname", "company"} & set(changes):
        row = _contact_row(int(kept["id"]))  # type: ignore[arg-type]
        data = contacts.ContactInput(
            given_name=str(row["given_name"]),
            family_name=str(row["family_name"]),
            nickname=str(row["nickname"]),
            company=str(row["company"]),
        )
        name = contacts.display_name_for(data)
        from relbook.store.textfold import sort_key

        _exec(
            f"UPDATE contact SET display_name = {m}, sort_name = {m} WHERE id = {m}",
            [name, sort_key(data.family_name, data.given_name, name), kept["id"]],
        )


def _repoint(
    table: str, column: str, kept_id: int, merged_id: int, deleted: list[tuple[str, int]]
) -> int:
    """Move rows; a row that would break a unique rule is a repeat of a link the kept
    contact already has and is dropped (kept in the merge record for undo)."""
    m = _mark(database.obj)
    try:
        with database.atomic():
            return _exec(
                f'UPDATE "{table}" SET "{column}" = {m} WHERE "{column}" = {m}',
                [kept_id, merged_id],
            )
    except peewee.IntegrityError:
        pass
    moved = 0
    for row in _rows(table, f'"{column}" = {m}', [merged_id]):
        try:
            with database.atomic():
                moved += _exec(
                    f'UPDATE "{table}" SET "{column}" = {m} WHERE id = {m}', [kept_id, row["id"]]
                )
        except peewee.IntegrityError as exc:
            if table in APPEND_ONLY or table in ("voucher",):
                raise ValidationError(
                    "contact",
                    f"These two contacts cannot be merged: both have a {table} "
                    f"entry that may exist only once per customer ({exc}).",
                ) from None
            _exec(f'DELETE FROM "{table}" WHERE id = {m}', [row["id"]])
            deleted.append((table, int(row["id"])))  # type: ignore[arg-type]
    return moved


def _drop_repeats(kept_id: int, deleted: list[tuple[str, int]]) -> None:
    """The same phone number or email address on both cards is kept once."""
    seen: set[str] = set()
    for row in Phone.select().where(Phone.contact == kept_id).order_by(Phone.position, Phone.id):
        key = row.e164 or row.digits
        if key in seen:
            deleted.append(("phone", row.id))
            row.delete_instance()
        seen.add(key)
    seen.clear()
    for row in Email.select().where(Email.contact == kept_id).order_by(Email.position, Email.id):
        if row.address_lower in seen:
            deleted.append(("email", row.id))
            row.delete_instance()
        seen.add(row.address_lower)


def _drop_self_links(
    links: list[tuple[str, str]], kept_id: int, deleted: list[tuple[str, int]]
) -> None:
    """A relationship between the two merged contacts would now link the kept contact
    with itself: it is dropped."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, column in links:
        if table != "contact":
            by_table[table].append(column)
    m = _mark(database.obj)
    for table, cols in by_table.items():
        if len(cols) < 2 or table in APPEND_ONLY:
            continue
        where = " AND ".join(f'"{c}" = {m}' for c in cols)
        for row in _rows(table, where, [kept_id] * len(cols)):
            _exec(f'DELETE FROM "{table}" WHERE id = {m}', [row["id"]])
            deleted.append((table, int(row["id"])))  # type: ignore[arg-type]


# -- undo ---------------------------------------------------------------------------------


def recent_merges(limit: int = 50) -> list[MergeRecord]:
    return list(MergeRecord.select().order_by(MergeRecord.id.desc()).limit(limit))


def undo(record_id: int, *, staff_id: int | None = None) -> None:
    """Put both contacts back as they were before the merge. Rows added to the kept
    contact since then stay with it."""
    record = MergeRecord.get_or_none(MergeRecord.id == record_id)
    if record is None:
        raise NotFoundError(f"There is no merge number {record_id}.")
    if record.undone_at is not None:
        raise ValidationError("merge", "This merge has already been undone.")
    state = json.loads(record.state)
    db = database.obj
    m = _mark(db)
    with database.atomic():
        if Contact.select().where(Contact.id == record.merged_id).exists():
            raise ValidationError("merge", "The merged contact exists again; nothing was undone.")
        if not Contact.select().where(Contact.id == record.kept_id).exists():
            raise ValidationError("merge", "The kept contact no longer exists; cannot undo.")
        merged = _from_json(state["merged"])
        code = merged.get("card_code")
        if code and Contact.select().where(Contact.card_code == code).exists():
            _exec(f"UPDATE contact SET card_code = NULL WHERE card_code = {m}", [code])
        _insert("contact", merged)
        kept = _from_json(state["kept"])
        kept.pop("id")
        if kept.get("card_code") and kept["card_code"] != code:
            pass
        sets = ", ".join(f'"{k}" = {m}' for k in kept)
        _exec(f"UPDATE contact SET {sets} WHERE id = {m}", [*kept.values(), record.kept_id])
        links = contact_links(db)
        for table, rows in state["rows"].items():
            if table == "contact":
                for row in rows:
                    _exec(
                        f"UPDATE contact SET referred_by_id = {m} WHERE id = {m}",
                        [row.get("referred_by_id"), row["id"]],
                    )
                continue
            cols = [c for t, c in links if t == table]
            for raw in rows:
                row = _from_json(raw)
                exists = _rows(table, f"id = {m}", [row["id"]])
                if not exists:
                    _insert(table, row)
                    continue
                keys = cols if table in APPEND_ONLY else [k for k in row if k != "id"]
                sets = ", ".join(f'"{k}" = {m}' for k in keys)
                _exec(
                    f'UPDATE "{table}" SET {sets} WHERE id = {m}',
                    [*(row[k] for k in keys), row["id"]],
                )
        _recompute_points(record.kept_id, record.merged_id)
        contacts.reindex([record.kept_id, record.merged_id])
        record.undone_at = utcnow()
        record.save()
        audit.record(
            "merge.undo",
            staff_id=staff_id,
            subject=f"contact {record.merged_id} out of {record.kept_id}",
            contact_id=record.kept_id,
            after={"merge_record": record.id},
        )


def _insert(table: str, row: dict[str, object]) -> None:
    m = _mark(database.obj)
    cols = ", ".join(f'"{k}"' for k in row)
    _exec(
        f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join([m] * len(row))})', list(row.values())
    )


def _recompute_points(*contact_ids: int) -> None:
    """Cached balances follow the ledger rows back to their owners."""
    if "loyalty_account" not in database.obj.get_tables():
        return
    from relbook.services.loyalty import ledger

    for cid in contact_ids:
        ledger.recompute(cid)
