"""Faults by their real names: a low-level database error in, a plain-words error out.

SQLite and PostgreSQL report a full disk, a read-only file, a busy lock or a vanished
server in their own codes, wrapped by Peewee and sometimes hidden behind a later error
(a ROLLBACK that failed because SQLite had already rolled back). ``explain`` walks the
whole chain, finds the real cause and returns the ``relbook.errors`` class for it, whose
message says what happened and what to do. The GUI's error hook and the command line
show that message instead of "something went wrong"; ``relbook.store.concurrency``
retries the causes that pass by themselves (a busy till, a server restart).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import peewee

from relbook.errors import (
    BookDamagedError,
    DiskFullError,
    FaultError,
    ReadOnlyBookError,
    ServerGoneError,
    TillBusyError,
)

# SQLite primary result codes (https://sqlite.org/rescode.html)
_SQLITE = {
    3: "permission",  # SQLITE_PERM
    5: "busy",  # SQLITE_BUSY
    6: "busy",  # SQLITE_LOCKED
    8: "readonly",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cantopen",  # SQLITE_CANTOPEN
    26: "damaged",  # SQLITE_NOTADB
}

# when the code is not at hand (an error re-raised as text), the words SQLite uses
_SQLITE_WORDS = (
    ("database is locked", "busy"),
    ("database table is locked", "busy"),
    ("database or disk is full", "full"),
    ("attempt to write a readonly database", "readonly"),
    ("readonly database", "readonly"),
    ("unable to open database file", "cantopen"),
    ("disk i/o error", "io"),
    ("malformed", "damaged"),
    ("file is not a database", "damaged"),
    ("database corrupt", "damaged"),
    ("vtable constructor failed", "damaged"),  # the search index could not read its pages
)

# PostgreSQL SQLSTATE codes and classes
_PG_CODES = {
    "40P01": "busy",  # deadlock_detected: one side is rolled back, a retry goes through
    "40001": "busy",  # serialization_failure
    "55P03": "busy",  # lock_not_available (lock_timeout)
    "57014": "busy",  # query_canceled (statement_timeout)
    "53100": "full",  # disk_full
    "25006": "readonly",  # read_only_sql_transaction (a standby)
    "57P01": "gone",  # admin_shutdown
    "57P02": "gone",  # crash_shutdown
    "57P03": "gone",  # cannot_connect_now (starting up)
}
_PG_GONE_WORDS = (
    "server closed the connection",
    "connection already closed",
    "terminating connection",
    "could not connect to server",
    "connection to server",
    "the database system is starting up",
    "the database system is shutting down",
    "no connection to the server",
    "ssl connection has been closed",
)

#: a disk with less room than this is "full" when SQLite only says "disk I/O error"
NEARLY_FULL = 1024 * 1024

#: causes that pass by themselves: retried quietly before anything is shown
TRANSIENT = frozenset({"busy", "gone"})


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything behind it: causes, contexts and Peewee's wrapped originals."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        item = todo.pop(0)
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [e for e in (item.__cause__, item.__context__) if e is not None]
        todo += [a for a in item.args[:1] if isinstance(a, BaseException)]


def _kind_of_one(exc: BaseException) -> str | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE:
        return _SQLITE[code & 0xFF]
    pgcode = getattr(exc, "pgcode", None)
    if isinstance(pgcode, str):
        if pgcode in _PG_CODES:
            return _PG_CODES[pgcode]
        if pgcode.startswith("08"):  # connection_exception
            return "gone"
    if not isinstance(exc, sqlite3.Error | peewee.DatabaseError | peewee.InterfaceError) and (
        type(exc).__module__.split(".")[0] != "psycopg2"
    ):
        return None
    text = str(exc).lower()
    for words, kind in _SQLITE_WORDS:
        if words in text:
            return kind
    if any(words in text for words in _PG_GONE_WORDS):
        return "gone"
    return None


def kind_of(exc: BaseException) -> str | None:
    """The fault behind ``exc``: busy, gone, full, readonly, permission, cantopen, io or
    damaged; None when it is not a fault of the machine (a bug, a constraint)."""
    kinds = [k for k in (_kind_of_one(e) for e in _chain(exc)) if k]
    if not kinds:
        return None
    # the first real cause wins over what it set off ("full" before a failed rollback)
    for preferred in ("full", "readonly", "permission", "damaged", "gone", "busy"):
        if preferred in kinds:
            return preferred
    return kinds[0]


def _book(book: Path | None) -> tuple[Path | None, str]:
    """The book's file (SQLite) and how to name it in a message."""
    from relbook.store.db import database

    if book is not None:
        return book, str(book)
    obj = database.obj
    if isinstance(obj, peewee.SqliteDatabase) and obj.database not in ("", ":memory:"):
        return Path(obj.database), str(obj.database)
    if isinstance(obj, peewee.PostgresqlDatabase):
        return None, f"the database server ({obj.connect_params.get('host') or 'localhost'})"
    return None, "the customer book"


def disk_is_full(folder: Path, needed: int = NEARLY_FULL) -> bool:
    """True when the disk holding ``folder`` has less room than ``needed`` bytes."""
    try:
        return shutil.disk_usage(folder).free < needed
    except OSError:
        return False


def full_message(where: Path | None, *, nothing: str = "nothing was recorded") -> str:
    place = f" ({where.parent if where.suffix else where})" if where else ""
    return (
        f"The disk holding the customer book{place} is full, so {nothing}. Everything saved "
        "before is safe. Free some space on that disk (empty the recycle bin, move old "
        "files or backups elsewhere), then try again."
    )


def read_only_message(where: str, *, nothing: str = "nothing was recorded") -> str:
    return (
        f"The customer book {where} is read-only (the file or its folder may not be "
        f"written), so {nothing}. You can still look things up. Copy the book to a folder "
        "you may write to, or ask whoever looks after this computer to allow writing."
    )


BUSY_MESSAGE = "Another till is busy — try again in a moment. Nothing was recorded."


def explain(exc: BaseException, book: Path | None = None) -> FaultError | None:
    """The plain-words error for a database fault, or None when ``exc`` is no fault;
    ``book`` names the file when it is not (yet) the open one."""
    if isinstance(exc, FaultError):
        return exc
    kind = kind_of(exc)
    if kind is None:
        return None
    path, where = _book(book)
    if kind == "io" and path is not None and disk_is_full(path.parent):
        kind = "full"
    if kind == "busy":
        return TillBusyError(BUSY_MESSAGE)
    if kind == "full":
        return DiskFullError(full_message(path))
    if kind in ("readonly", "permission"):
        return ReadOnlyBookError(read_only_message(where))
    if kind == "gone":
        return ServerGoneError(
            f"relbook lost its connection to {where} and could not get it back, so nothing "
            "was recorded. Check that the server computer is on and reachable, then try again."
        )
    if kind == "cantopen":
        return ReadOnlyBookError(
            f"relbook cannot open the files of the customer book {where} (the file, its "
            "folder or the disk may have gone, or may not be written). Nothing was recorded; "
            "check that the disk is plugged in, then start relbook again."
        )
    if kind == "io":
        return FaultError(
            f"The disk reported an error while reading or writing the customer book {where} "
            "(it may be failing or unplugged). Nothing was recorded. Check the disk, then "
            "run “relbook check”; restore a backup only if it finds damage."
        )
    return BookDamagedError(
        f"The customer book file is damaged ({_first_text(exc)}). The last change may not "
        "have been saved. Close relbook and restore a backup."
    )


def _first_text(exc: BaseException) -> str:
    for item in _chain(exc):
        if _kind_of_one(item) == "damaged":
            return str(item)
    return str(exc)
