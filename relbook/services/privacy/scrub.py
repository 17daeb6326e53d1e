"""Erasure that reaches everywhere: the free text that names a person, and the file's bytes.

History written by relbook names other customers by id (``contacts.mentions``), so it
needs no scrubbing. What people TYPE can name anyone, anywhere: a sale note "for Erin
Erasable's party", another customer's notes, a timeline entry, a printed card's text, a
voucher's reason. When a person is erased, every text column of every other row is
searched for what identifies them — their full name in its usual orders (accents and
case as typed or folded), emails, phone numbers (by their digits, however written) and
card code — and each hit is replaced ("a former customer", "[erased]"). Rows that are
append-only (sales, points, the audit log) allow exactly this once, flagged
``redacted`` (migration m0105). A first or family name on its own is too common to take
out of the whole book; it is taken out of the rows of people linked to the erased person
(whom they referred or who referred them, relationships, households), where it means
them.

Then the bytes: SQLite runs with ``secure_delete`` (freed space is zeroed), the search
index is merged so that no segment still holds the old words, the file is VACUUMed and
the write-ahead log checkpointed and truncated. PostgreSQL gets a VACUUM of the tables
that changed; the server may keep old bytes on its disk until it reuses the space.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from relbook.store.db import database
from relbook.store.models import Contact, Email, Phone
from relbook.store.textfold import fold

FORMER = "a former customer"
GONE = "[erased]"
#: rows whose free text is never searched: relbook's own bookkeeping, staff, settings
_SKIP_TABLES = frozenset(
    {"schema_migration", "staff", "staff_pin", "setting", "note_font", "note_template", "tag"}
)
#: append-only tables: a scrub sets their ``redacted`` flag in the same statement
_REDACTABLE = frozenset({"sale", "points_entry", "audit_entry"})
_MIN_NAME = 4  # shorter names ("Al") are not searched for across the book
_MIN_PHONE_DIGITS = 7
_SEVEN_DIGITS = re.compile(r"[0-9](?:[^0-9]{0,3}[0-9]){6}")
_NOT_DIGIT = re.compile(r"[^0-9]+")


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Patterns that identify one person, with what each hit becomes."""

    everywhere: tuple[tuple[re.Pattern[str], str], ...]
    linked: tuple[tuple[re.Pattern[str], str], ...]  # also first/family name alone
    linked_ids: frozenset[int]  # contacts whose own text may name them by first name
    households: frozenset[int]  # "The Erasables": named after the family
    #: cheap tests first: a text holding none of these words (case-folded) or digit runs
    #: cannot match any pattern, so most of a big book is passed over at C speed
    words: tuple[str, ...] = ()
    digit_runs: tuple[str, ...] = ()

    def scrub(self, text: str, *, linked: bool) -> str:
        if not self._may_match(text):
            return text
        for pattern, replacement in self.everywhere + (self.linked if linked else ()):
            text = pattern.sub(replacement, text)
        return text

    def _may_match(self, text: str) -> bool:
        if self.words and _any_of(self.words).search(text.casefold()):
            return True
        if self.digit_runs and _SEVEN_DIGITS.search(text):
            digits = _NOT_DIGIT.sub("", text)
            return any(run in digits for run in self.digit_runs)
        return False


@functools.lru_cache(maxsize=4)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _words(name: str) -> re.Pattern[str] | None:
    """A name as a whole-word, case-insensitive pattern, any spaces between its words."""
    parts = name.split()
    if not parts or len("".join(parts)) < _MIN_NAME:
        return None
    body = r"\s+".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<!\w){body}(?!\w)(?:'s|’s)?", re.IGNORECASE)


def _digits(number: str) -> re.Pattern[str] | None:
    digits = re.sub(r"\D", "", number).lstrip("0")
    if len(digits) < _MIN_PHONE_DIGITS:
        return None
    tail = digits[-9:]  # the national part, whatever prefix was typed before it
    sep = r"[\s\-./()]*"
    # the typed prefix ("+44 7", "0") goes with it: digits and separators just before
    return re.compile(r"(?:\+?(?<!\d)\d[\d\s\-./()]*?)?" + sep.join(tail) + r"(?!\d)")


def identifiers(contact_id: int) -> Identifiers:
    """What identifies ``contact_id`` — read before the card is blanked."""
    c = Contact.get_by_id(contact_id)
    given, middle, family = c.given_name.strip(), c.middle_name.strip(), c.family_name.strip()
    names = {
        c.display_name,
        f"{given} {family}",
        f"{given} {middle} {family}",
        f"{family} {given}",
        f"{family}, {given}",
        f"{c.prefix} {family}",
    }
    if len(c.nickname.strip()) >= _MIN_NAME:
        names.add(f"{c.nickname} {family}")
    names |= {fold(n) for n in names}
    everywhere: list[tuple[re.Pattern[str], str]] = []
    for name in sorted(names, key=len, reverse=True):  # longest first: "Erin M. Erasable"
        pattern = _words(name) if len(name.split()) >= 2 else None  # one word: too common
        if pattern is not None:
            everywhere.append((pattern, FORMER))
    for (address,) in Email.select(Email.address).where(Email.contact == contact_id).tuples():
        everywhere.append((re.compile(re.escape(address), re.IGNORECASE), GONE))
    for (raw,) in Phone.select(Phone.raw).where(Phone.contact == contact_id).tuples():
        if (pattern := _digits(raw)) is not None:
            everywhere.append((pattern, GONE))
    if c.card_code:
        code = re.sub(r"\W", "", c.card_code)
        everywhere.append((re.compile(r"[\s\-]?".join(map(re.escape, code)), re.I), GONE))
    linked = [
        (p, FORMER)
        for p in (_words(n) for n in {given, family, fold(given), fold(family)} if n)
        if p is not None
    ]
    words = {w.casefold() for n in (*names, given, family) for w in n.split() if len(w) >= 2}
    words |= {a.casefold() for (a,) in Email.select(Email.address)
              .where(Email.contact == contact_id).tuples()}  # fmt: skip
    if c.card_code:
        words.add(re.sub(r"\W", "", c.card_code).casefold()[:4])
    runs = {re.sub(r"\D", "", raw).lstrip("0")[-7:] for (raw,) in
            Phone.select(Phone.raw).where(Phone.contact == contact_id).tuples()}  # fmt: skip
    return Identifiers(
        tuple(everywhere),
        tuple(linked),
        frozenset(_linked_ids(contact_id)),
        frozenset(_households(contact_id)),
        tuple(sorted(words - {""})),
        tuple(sorted(r for r in runs if len(r) >= _MIN_PHONE_DIGITS)),
    )


def _households(contact_id: int) -> set[int]:
    db = database.obj
    if "household_member" not in db.get_tables():
        return set()
    m = "?" if isinstance(db, peewee.SqliteDatabase) else "%s"
    sql = f"SELECT household_id FROM household_member WHERE contact_id = {m}"
    return {int(r[0]) for r in db.execute_sql(sql, [contact_id])}


def _linked_ids(contact_id: int) -> set[int]:
    """People whose own text may name the erased person by first name: whom they
    referred, who referred them, their relationships and households."""
    db = database.obj
    m = "?" if isinstance(db, peewee.SqliteDatabase) else "%s"
    tables = set(db.get_tables())
    ids: set[int] = set()
    queries = [
        (f"SELECT id FROM contact WHERE referred_by_id = {m}", 1),
        (f"SELECT referred_by_id FROM contact WHERE id = {m} AND referred_by_id IS NOT NULL", 1),
    ]
    if "relationship" in tables:
        queries += [
            (f"SELECT to_contact_id FROM relationship WHERE from_contact_id = {m}", 1),
            (f"SELECT from_contact_id FROM relationship WHERE to_contact_id = {m}", 1),
        ]
    if "household_member" in tables:
        queries.append(
            (
                "SELECT contact_id FROM household_member WHERE household_id IN "
                f"(SELECT household_id FROM household_member WHERE contact_id = {m})",
                1,
            )
        )
    for sql, count in queries:
        ids |= {int(r[0]) for r in db.execute_sql(sql, [contact_id] * count) if r[0] is not None}
    ids.discard(contact_id)
    return ids


def _text_columns(db: peewee.Database) -> Iterable[tuple[str, list[str], str | None]]:
    """(table, its text columns, its contact column or None) for every searched table."""
    for table in db.get_tables():
        if table in _SKIP_TABLES or table.startswith(("contact_fts", "contact_search", "sqlite_")):
            continue
        found = db.get_columns(table)
        columns = [
            c.name for c in found if any(t in c.data_type.upper() for t in ("CHAR", "TEXT", "CLOB"))
        ]
        if not columns or "id" not in {c.name for c in found}:
            continue
        owner = "id" if table == "contact" else None
        for fk in db.get_foreign_keys(table):
            if fk.dest_table == "contact" and owner is None:
                owner = fk.column
        if table == "audit_entry":
            owner = "contact_ref"
        yield table, columns, owner


def scrub_others(contact_id: int, who: Identifiers) -> dict[str, int]:
    """Replace what identifies the person in every other row; returns rows changed by
    table. Call inside the erasure's transaction, after the person's own rows went."""
    db = database.obj
    m = "?" if isinstance(db, peewee.SqliteDatabase) else "%s"
    changed: dict[str, int] = {}
    for table, columns, owner in _text_columns(db):
        key = "id"
        select = ", ".join(f'"{c}"' for c in columns)
        extra = f', "{owner}"' if owner else ""
        rows = db.execute_sql(f'SELECT "{key}", {select}{extra} FROM "{table}"').fetchall()
        for row in rows:
            values = row[1 : 1 + len(columns)]
            ref = row[-1] if owner else None
            if ref == contact_id:
                continue  # the person's own rows are deleted or blanked by erase itself
            linked = ref in who.linked_ids or (table == "household" and row[0] in who.households)
            new = {
                c: who.scrub(v, linked=linked)
                for c, v in zip(columns, values, strict=True)
                if isinstance(v, str) and v
            }
            new = {c: v for c, v in new.items() if v != values[columns.index(c)]}
            if not new:
                continue
            sets = ", ".join(f'"{c}" = {m}' for c in new)
            params = list(new.values())
            if table in _REDACTABLE:  # the one change an append-only row allows (m0105)
                sets += f", redacted = {m}"
                params.append(True if table == "audit_entry" else 1)
            db.execute_sql(f'UPDATE "{table}" SET {sets} WHERE "{key}" = {m}', [*params, row[0]])
            changed[table] = changed.get(table, 0) + 1
    return changed


def blank_own(contact_id: int) -> dict[str, int]:
    """The erased person's own rows kept for the books lose the text a person typed or
    that tells about them: sale notes, reasons of adjustments and refunds, "Birthday month
    bonus" (it tells the month), voucher notes and void reasons. The system's own reasons
    ("Sale $12.00", "Reward: Free coffee") stay, so the books still read."""
    db = database.obj
    m = "?" if isinstance(db, peewee.SqliteDatabase) else "%s"
    statements = {
        "sale": f"UPDATE sale SET note = '', redacted = 1 WHERE contact_id = {m} AND note <> ''",
        "points_entry": f"UPDATE points_entry SET reason = '', redacted = 1 "
        f"WHERE contact_id = {m} AND reason <> '' "
        "AND (kind IN ('adjust', 'refund') OR reason = 'Birthday month bonus')",
        "voucher": f"UPDATE voucher SET note = '', void_reason = '' "
        f"WHERE beneficiary_id = {m} AND (note <> '' OR void_reason <> '')",
    }
    tables = set(db.get_tables())
    done = {}
    for table, sql in statements.items():
        if table in tables:
            done[table] = db.execute_sql(sql, [contact_id]).rowcount
    return done


def secure_deletes() -> None:
    """From now on this connection zeroes what it frees (before the erasure's writes)."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        database.obj.execute_sql("PRAGMA secure_delete = ON")


def compact() -> dict[str, object]:
    """Make the freed bytes go from the file (after the erasure committed)."""
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        tables = set(db.get_tables())
        if "contact_fts" in tables:  # merge the index: no old segment keeps the words
            db.execute_sql("INSERT INTO contact_fts (contact_fts) VALUES ('optimize')")
        db.execute_sql("VACUUM")
        busy, _log, _moved = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return {"vacuumed": True, "wal_truncated": busy == 0}
    if isinstance(db, peewee.PostgresqlDatabase):
        for table in ("contact", "phone", "email", "personal_detail", "sale", "points_entry",
                      "audit_entry", "timeline_entry", "sent_note", "contact_search"):  # fmt: skip
            try:
                db.execute_sql(f'VACUUM "{table}"')
            except peewee.DatabaseError:
                return {"vacuumed": False}
        return {"vacuumed": True}
    return {"vacuumed": False}
