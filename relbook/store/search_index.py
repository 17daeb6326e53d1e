"""The contact search index: the only module with SQLite-specific search SQL.

One row per contact holds folded words from names, phones, emails, card codes, personal
details and tags, plus the display columns a result list needs, so a search is a single
query. Phone numbers are indexed by every digit suffix of three or more, which turns the
full-text *prefix* match into a *substring* match: the last four digits find the number.

On PostgreSQL the same documents go into a plain table searched with LIKE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee

from relbook.store.textfold import digits, fold, words

FTS = "contact_fts"
PLAIN = "contact_search"
MIN_PHONE_DIGITS = 3
#: From this many digits, a leading 0 is read as a trunk prefix ("0151 …"), not as digits.
NATIONAL_MIN_DIGITS = 7
#: bm25 weights: names, phones, emails, codes, details, tags (display columns last)
_WEIGHTS = "12.0, 6.0, 5.0, 8.0, 1.5, 3.0, 0, 0, 0, 0"
_PHONE_LIKE = re.compile(r"^[\d\s+\-()./]+$")


@dataclass(frozen=True, slots=True)
class Document:
    contact_id: int
    names: str
    phones: str
    emails: str
    codes: str
    details: str
    tags: str
    display_name: str
    phone_display: str  # newline-separated, as shown
    email_display: str
    archived: bool


@dataclass(frozen=True, slots=True)
class Hit:
    contact_id: int
    display_name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    archived: bool


def phone_tokens(phone_digits: Iterable[str]) -> str:
    """Every suffix of at least three digits of every number."""
    seen: dict[str, None] = {}
    for number in phone_digits:
        number = number.lstrip("0") or number
        for start in range(0, max(0, len(number) - MIN_PHONE_DIGITS + 1)):
            seen.setdefault(number[start:], None)
    return " ".join(seen)


def make_document(
    contact_id: int,
    *,
    names: Sequence[str],
    display_name: str,
    phones: Sequence[tuple[str, str]],  # (as shown, digits)
    emails: Sequence[str],
    codes: Sequence[str] = (),
    details: Sequence[str] = (),
    tags: Sequence[str] = (),
    archived: bool = False,
) -> Document:
    return Document(
        contact_id=contact_id,
        names=" ".join(w for n in names for w in words(n)),
        phones=phone_tokens(d for _, d in phones),
        emails=" ".join(w for e in emails for w in words(e)),
        codes=" ".join(fold(digits_and_letters(c)) for c in codes if c),
        details=" ".join(w for d in details for w in words(d)),
        tags=" ".join(w for t in tags for w in words(t)),
        display_name=display_name,
        phone_display="\n".join(shown for shown, _ in phones),
        email_display="\n".join(emails),
        archived=archived,
    )


def digits_and_letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


def create(db: peewee.Database) -> None:
    if is_sqlite(db):
        db.execute_sql(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5("
            "names, phones, emails, codes, details, tags, "
            "display_name UNINDEXED, phone_display UNINDEXED, email_display UNINDEXED, "
            "archived UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
        )
    else:
        db.execute_sql(
            f"CREATE TABLE {PLAIN} (contact_id INTEGER PRIMARY KEY, document TEXT NOT NULL, "
            "phones TEXT NOT NULL, codes TEXT NOT NULL, display_name TEXT NOT NULL, "
            "phone_display TEXT NOT NULL, email_display TEXT NOT NULL, archived INTEGER NOT NULL)"
        )


def remove(db: peewee.Database, contact_ids: Iterable[int]) -> None:
    ids = list(contact_ids)
    if not ids:
        return
    table, key = (FTS, "rowid") if is_sqlite(db) else (PLAIN, "contact_id")
    mark = _param(db)
    for chunk in _chunks(ids, 500):
        marks = ", ".join([mark] * len(chunk))
        db.execute_sql(f"DELETE FROM {table} WHERE {key} IN ({marks})", chunk)


def store(db: peewee.Database, documents: Sequence[Document]) -> None:
    """Write documents, replacing any earlier ones for the same contacts."""
    if not documents:
        return
    remove(db, [d.contact_id for d in documents])
    if is_sqlite(db):
        sql = (
            f"INSERT INTO {FTS} (rowid, names, phones, emails, codes, details, tags, "
            "display_name, phone_display, email_display, archived) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        rows = [
            (d.contact_id, d.names, d.phones, d.emails, d.codes, d.details, d.tags,
             d.display_name, d.phone_display, d.email_display, int(d.archived))
            for d in documents
        ]  # fmt: skip
        db.connection().executemany(sql, rows)
    else:
        sql = (
            f"INSERT INTO {PLAIN} (contact_id, document, phones, codes, display_name, "
            "phone_display, email_display, archived) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        )
        for d in documents:
            doc = " ".join((d.names, d.emails, d.details, d.tags))
            db.execute_sql(
                sql,
                (d.contact_id, f" {doc} ", f" {d.phones} ", f" {d.codes} ", d.display_name,
                 d.phone_display, d.email_display, int(d.archived)),
            )  # fmt: skip


def index_all(db: peewee.Database) -> int:
    """Index every contact from the tables alone (used when the index is first made in an
    existing book); phones are shown as typed. Returns how many contacts were indexed."""
    names: dict[int, tuple] = {}
    extra: dict[int, dict[str, list]] = {}

    def bucket(cid: int) -> dict[str, list]:
        return extra.setdefault(cid, {"phones": [], "emails": [], "details": [], "tags": []})

    for row in db.execute_sql(
        "SELECT id, given_name, middle_name, family_name, nickname, company, display_name, "
        "card_code, archived_at FROM contact"
    ):
        names[row[0]] = row[1:]
    for cid, raw, number in db.execute_sql(
        "SELECT contact_id, raw, digits FROM phone ORDER BY contact_id, position"
    ):
        bucket(cid)["phones"].append((raw, number))
    for cid, address in db.execute_sql(
        "SELECT contact_id, address FROM email ORDER BY contact_id, position"
    ):
        bucket(cid)["emails"].append(address)
    for cid, text, name, relation in db.execute_sql(
        "SELECT contact_id, text, name, relation FROM personal_detail ORDER BY contact_id, position"
    ):
        bucket(cid)["details"].append(" ".join((text, name, relation)))
    for cid, tag in db.execute_sql(
        "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    ):
        bucket(cid)["tags"].append(tag)
    docs = []
    for cid, (given, middle, family, nick, company, display, card, archived) in names.items():
        more = extra.get(cid) or bucket(cid)
        docs.append(
            make_document(
                cid,
                names=[given, middle, family, nick, company, display],
                display_name=display,
                phones=more["phones"],
                emails=more["emails"],
                codes=[card or ""],
                details=more["details"],
                tags=more["tags"],
                archived=archived is not None,
            )
        )
    store(db, docs)
    return len(docs)


def optimize(db: peewee.Database) -> None:
    """Merge the index into one segment after a bulk load (searches get faster)."""
    if is_sqlite(db):
        db.execute_sql(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")


def looks_like_phone(text: str) -> bool:
    """Digits and phone punctuation only: searched as a phone number (its digits)."""
    return bool(_PHONE_LIKE.match(text.strip()))


def phone_needles(raw: str) -> list[str]:
    """The digit strings to look for when someone types a phone number (or part of one).

    The index holds numbers without their trunk or international zeros, so "0151 1234567"
    and "0049 151 1234567" drop them. A short run of digits is the *end* of a number,
    though: "0126" must find …284-0126, not every number with 126 in it.
    """
    typed = digits(raw)
    if raw.lstrip().startswith("+"):
        needles = [typed.lstrip("0")]
    elif typed.startswith("0") and len(typed) >= NATIONAL_MIN_DIGITS:
        needles = [typed.lstrip("0"), typed]
    else:
        needles = [typed]
    return [n for n in needles if len(n) >= MIN_PHONE_DIGITS]


def match_expression(text: str) -> str | None:
    """The FTS5 query for what a person typed, or None when there is nothing to find."""
    raw = text.strip()
    if not raw:
        return None
    if _PHONE_LIKE.match(raw) and (needles := phone_needles(raw)):
        # Phones are indexed by their suffixes, so the exact term is a number that *ends*
        # in these digits: it matches as well and ranks those first ("4821" → …-4821
        # before …482-1033). The same trick puts "Lee" before "Leeson" below.
        phones = " OR ".join(f'phones : "{n}" OR phones : "{n}"*' for n in needles)
        return f'{phones} OR codes : "{needles[0]}"*'
    tokens = words(raw)
    if not tokens:
        return None
    # A number too short to be phone digits (a house number, "anna12") skips the phones.
    terms = " AND ".join(
        f'- {{phones}} : "{t}"*'
        if t.isdigit() and len(t) < MIN_PHONE_DIGITS
        else f'("{t}" OR "{t}"*)'
        for t in tokens
    )
    joined = fold(digits_and_letters(raw))
    if len(tokens) > 1 and joined:
        return f'({terms}) OR codes : "{joined}"*'
    return terms


def find(
    db: peewee.Database, text: str, *, limit: int = 50, include_archived: bool = False
) -> list[Hit]:
    if is_sqlite(db):
        expr = match_expression(text)
        if expr is None:
            return []
        where = "" if include_archived else " AND archived = 0"
        sql = (
            f"SELECT rowid, display_name, phone_display, email_display, archived FROM {FTS} "
            f"WHERE {FTS} MATCH ?{where} ORDER BY bm25({FTS}, {_WEIGHTS}), display_name "
            "LIMIT ?"
        )
        try:
            cursor = db.execute_sql(sql, (expr, limit))
        except peewee.OperationalError:
            return []  # a query FTS5 cannot parse finds nothing rather than failing
    else:
        cursor = _find_plain(db, text, limit, include_archived)
        if cursor is None:
            return []
    return [
        Hit(int(cid), name, _split(phones), _split(emails), bool(archived))
        for cid, name, phones, emails, archived in cursor.fetchall()
    ]


def _find_plain(db: peewee.Database, text: str, limit: int, include_archived: bool):
    raw = text.strip()
    clauses: list[str] = []
    params: list[object] = []
    if raw and _PHONE_LIKE.match(raw) and (needles := phone_needles(raw)):
        clauses.append("(" + " OR ".join(["phones LIKE %s"] * len(needles)) + " OR codes LIKE %s)")
        params += [f"% {n}%" for n in needles] + [f"% {needles[0]}%"]
    else:
        tokens = words(raw)
        if not tokens:
            return None
        for token in tokens:
            clauses.append("(document LIKE %s OR phones LIKE %s OR codes LIKE %s)")
            params += [f"% {token}%"] * 3
    if not include_archived:
        clauses.append("archived = 0")
    sql = (
        "SELECT contact_id, display_name, phone_display, email_display, archived "
        f"FROM {PLAIN} WHERE {' AND '.join(clauses)} ORDER BY display_name LIMIT %s"
    )
    return db.execute_sql(sql, [*params, limit])


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("\n") if v)


def _param(db: peewee.Database) -> str:
    return "?" if is_sqlite(db) else "%s"


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
