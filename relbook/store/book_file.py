"""The book file before Peewee touches it: is it there, is it relbook's, is it whole?

``check_sqlite_file`` runs on every open, so its cost must not grow with the book: it
reads the header (a file cut short is smaller than its own page count), the schema, and
the first and last rows of every table — the root-to-edge pages where new sales, points
and contacts are written, so damage where work happens is caught before a single sale
lands on top of it. A small book (up to ``FULL_CHECK_MAX``) also gets SQLite's full
``quick_check``, which costs no more than the probe at that size. Every page of any
size is read by ``full_check`` — ``relbook check`` and every backup's copy (at start and
daily) run it, so deeper damage is found within a day, off the till's way.

An existing file of 0 bytes is never taken for a new book: a book that lost its content
must be restored, not quietly replaced by an empty one (``EMPTY_BOOK``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from relbook.errors import BookDamagedError, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"

#: books up to this size get SQLite's whole quick_check at opening (≈ 15 ms); bigger ones
#: the bounded probe only (the same few ms at 10,000 or 100,000 customers)
FULL_CHECK_MAX = 4 * 1024 * 1024

#: rows read from each end of every table by the probe at opening
PROBE_ROWS = 32


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` without leaving a trace beside it.

    An ordinary read-only connection to a WAL-mode file creates ``-wal`` and ``-shm``
    files it then cannot remove. When no WAL file exists, every committed page is in the
    main file, so it is opened as immutable: no locks, no side files. With a WAL file
    present (another till has the book open) the side files already exist and are read.
    """
    with open(path, "rb") as fh:
        header = fh.read(20)
    wal_mode = len(header) == 20 and header[18] == 2
    if wal_mode and not Path(f"{path}-wal").exists():
        return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def empty_book_message(path: Path) -> str:
    return (
        f"The customer book {path} is empty (0 bytes): its content was lost, perhaps when "
        "the disk filled up or the computer lost power. relbook will not start a new book "
        "over it. Restore a backup (the app offers them at start; or “relbook restore "
        f"BACKUP --db {path}”), or delete the empty file to start a new book."
    )


def damaged_message(path: Path, detail: str = "") -> str:
    found = f" ({detail})" if detail else " (SQLite's check found faults in it)"
    return f"{path} is damaged{found}. Nothing was changed; restore a backup."


def check_folder_for_new_book(path: Path) -> None:
    """A book that does not exist yet: may one be made there?"""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        missing = next((p for p in reversed(parent.parents) if not p.exists()), parent)
        if missing.parent.exists() and not missing.parent.is_dir():
            raise StoreError(f"{missing.parent} is a file, not a folder; choose another place.")
        raise StoreError(f"The folder {parent} does not exist, so no database can be made there.")
    if not parent.is_dir():
        raise StoreError(f"{parent} is a file, not a folder; choose another place.")
    if not os.access(parent, os.W_OK):
        raise StoreError(f"relbook may not write in {parent}; choose another place.")


def check_sqlite_file(path: Path, *, must_exist: bool = False, allow_empty: bool = False) -> None:
    """Refuse missing, empty, unreadable, foreign or damaged files before Peewee ever
    touches them; ``allow_empty`` lets a caller that replaces the file take a 0-byte one."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a relbook database file.")
    if not path.exists():
        if must_exist:
            raise StoreError(f"There is no database at {path}.")
        check_folder_for_new_book(path)
        return
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except PermissionError:
        raise StoreError(f"relbook may not read {path}; check the file's permissions.") from None
    except OSError as exc:
        raise StoreError(f"relbook cannot read {path} ({exc.strerror or exc}).") from None
    if size == 0:
        if allow_empty:
            return
        raise StoreError(empty_book_message(path))
    if header[:16] != SQLITE_HEADER:
        raise StoreError(f"{path} is not a relbook database (it is some other kind of file).")
    wal = Path(f"{path}-wal")
    pending_wal = wal.exists() and wal.stat().st_size > 0  # pages may still live there
    if not pending_wal and _shorter_than_its_header_says(header, size):
        raise BookDamagedError(damaged_message(path))
    try:
        con = read_only_connection(path)
        try:
            problem = probe(con, full=size <= FULL_CHECK_MAX)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        from relbook.store.faults import explain

        fault = explain(exc, path)  # a full disk or a failing one is no damage
        if fault is None or isinstance(fault, BookDamagedError):
            raise BookDamagedError(f"{path} is damaged and cannot be read ({exc}).") from exc
        raise fault from exc
    if problem:
        raise BookDamagedError(damaged_message(path))


def probe(con: sqlite3.Connection, *, full: bool = False) -> str:
    """A check of bounded cost: the schema, then the first and last rows of every table
    (the pages on the path from each table's root to both of its edges). With ``full``
    SQLite's quick_check reads every page as well. Returns the problem, or ""."""
    tables = con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    for (name,) in tables:
        quoted = '"' + str(name).replace('"', '""') + '"'
        for order in ("ASC", "DESC"):
            try:
                con.execute(
                    f"SELECT * FROM {quoted} ORDER BY rowid {order} LIMIT {PROBE_ROWS}"
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such column" not in str(exc).lower():  # a WITHOUT ROWID table
                    raise
                con.execute(f"SELECT * FROM {quoted} LIMIT {PROBE_ROWS}").fetchall()
                break
    if full:
        rows = con.execute("PRAGMA quick_check").fetchall()
        if rows and rows[0][0] != "ok":
            return str(rows[0][0])
    return ""


def full_check(con: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """SQLite's check of every page (and, unless ``quick``, every index entry)."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def _shorter_than_its_header_says(header: bytes, size: int) -> bool:
    """A file cut short (a copy that stopped half way) is smaller than the page count its
    own header records. The count is trusted only when SQLite marked it valid."""
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted_valid = header[24:28] == header[92:96]
    return counted_valid and pages > 0 and size < pages * page_size


def is_writable(path: Path) -> bool:
    """May this process write the book and make its side files (-wal, -shm) beside it?"""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
