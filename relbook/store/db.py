"""Opening the database: a path or URL in, a ready, migrated Peewee database out.

SQLite is the default (one file, WAL, foreign keys, a busy timeout, durable commits).
PostgreSQL is reached by URL. Nothing here writes to a file it cannot safely upgrade.
The file checks live in ``book_file``, the engines' locking and reconnecting in
``engines``, the plain words for faults in ``faults``.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee

from relbook.errors import DiskFullError, ReadOnlyBookError, StoreError
from relbook.private_files import make_private, private_folder
from relbook.store.book_file import (  # noqa: F401 - part of this module's face
    FULL_CHECK_MAX,
    SQLITE_HEADER,
    check_folder_for_new_book,
    check_sqlite_file,
    is_writable,
    read_only_connection,
)
from relbook.store.engines import PostgresBook, ReadOnlySqliteBook, SqliteBook

#: Every model binds to this proxy; ``open_database`` initialises it.
database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",  # durable commits: a power cut never loses a recorded sale
    "busy_timeout": 10_000,
    "cache_size": -16_000,
}

#: a book that may not be written is opened for reading only: nothing is switched
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 10_000, "cache_size": -16_000}


def data_dir() -> Path:
    """The user's data folder (created on demand); RELBOOK_DATA_DIR overrides it."""
    override = os.environ.get("RELBOOK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path  # only when the folder is asked for

        path = user_data_path("relbook", appauthor=False)
    return private_folder(path)  # customers' data: the account's own eyes only


def default_database_path() -> Path:
    return data_dir() / "relbook.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


@dataclass(frozen=True)
class Target:
    """Where a database lives: ``kind`` is "sqlite" or "postgresql"."""

    kind: str
    path: Path | None = None
    url: str | None = None

    def describe(self) -> str:
        return str(self.path) if self.path else _redact(self.url or "")


def _redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def parse_target(text: str | os.PathLike[str] | None) -> Target:
    """Accept a file path, ``sqlite:///path`` or ``postgresql://…``."""
    if text is None:
        return Target("sqlite", path=default_database_path())
    raw = os.fspath(text)
    if raw.startswith(("postgres://", "postgresql://")):
        return Target("postgresql", url=raw)
    if raw.startswith("sqlite:"):
        parsed = urlparse(raw)
        path = unquote(parsed.path)
        if parsed.netloc:  # sqlite://relative/path
            path = parsed.netloc + path
        elif path.startswith("//"):  # sqlite:////abs/path, the SQLAlchemy spelling
            path = path[1:]
        if not path:
            raise StoreError(f"The database address {raw!r} names no file.")
        return Target("sqlite", path=Path(path))
    if "://" in raw:
        scheme = raw.split("://", 1)[0]
        raise StoreError(
            f"relbook cannot open '{scheme}' databases; use a file path, sqlite:///… or "
            "postgresql://…"
        )
    return Target("sqlite", path=Path(raw).expanduser())


def connect(target: Target) -> peewee.Database:
    """Make (but do not migrate) a Peewee database for ``target``."""
    if target.kind == "sqlite":
        assert target.path is not None
        check_sqlite_file(target.path)
        if target.path.exists():
            from relbook.store.migrations import check_sqlite_file_compatible

            check_sqlite_file_compatible(target.path)
        db: peewee.Database = _sqlite(target.path)
    else:
        db = _postgres(target)
    try:
        db.connect(reuse_if_open=True)
    except peewee.ImproperlyConfigured as exc:  # the PostgreSQL driver is missing
        raise StoreError(
            f"relbook cannot reach {target.describe()}: PostgreSQL support is not installed "
            "(install relbook[postgres])."
        ) from exc
    except peewee.DatabaseError as exc:
        from relbook.store.faults import explain

        fault = explain(exc, target.path) if target.kind == "sqlite" else None
        if fault is not None:
            raise fault from exc
        raise StoreError(f"Could not open the database at {target.describe()}: {exc}") from exc
    return db


def _sqlite(path: Path) -> peewee.SqliteDatabase:
    """The book file, writable when it may be written, else read-only (said at once)."""
    if path.exists() and not is_writable(path):
        return ReadOnlySqliteBook(str(path), pragmas=READ_ONLY_PRAGMAS, timeout=10)
    return SqliteBook(str(path), pragmas=SQLITE_PRAGMAS, timeout=10)


def _postgres(target: Target) -> peewee.Database:
    from playhouse.db_url import parse

    assert target.url is not None
    try:
        params = parse(target.url)
        name = params.pop("database", None)
        if not name:
            raise ValueError("the address names no database")
        return PostgresBook(name, **params)
    except Exception as exc:
        raise StoreError(f"Could not use the database at {target.describe()}: {exc}.") from exc


def is_read_only(db: peewee.Database | None = None) -> bool:
    """True when the open book could only be opened for reading."""
    obj = db if db is not None else database.obj
    return bool(getattr(obj, "relbook_read_only", False))


def open_database(
    target: str | os.PathLike[str] | Target | None = None,
    *,
    migrate: bool = True,
    backup: bool = True,
) -> peewee.Database:
    """Open, check and (after a backup copy) upgrade a database; bind the models to it.

    A SQLite book that does not exist yet is made whole beside its place and then moved
    in (``_create_book``): a start that fails half way (a full disk) leaves nothing
    behind, never an empty file that would later pass for a book."""
    from relbook.store import migrations

    tgt = target if isinstance(target, Target) else parse_target(target)
    if tgt.kind == "sqlite" and tgt.path is not None and not tgt.path.exists():
        check_folder_for_new_book(tgt.path)
        _create_book(tgt.path)
    db = connect(tgt)
    database.initialize(db)
    try:
        if migrate and is_read_only(db) and migrations.pending(db):
            from relbook.store.faults import read_only_message

            raise ReadOnlyBookError(
                read_only_message(str(tgt.path), nothing="it cannot be upgraded to this relbook")
            )
        if migrate:
            migrations.upgrade(db, tgt, backup=backup)
    except BaseException:
        db.close()
        raise
    return db


def _create_book(path: Path) -> None:
    """A new, fully migrated book written as a hidden file, then linked into place."""
    from relbook.store import migrations

    temp = path.with_name(f".{path.name}.new-{os.getpid()}")
    remove_book_files(temp)
    try:
        # written straight into the one file (no WAL to fold in later, where a full disk
        # could fail unnoticed); the book switches to WAL when it is opened
        db = SqliteBook(str(temp), pragmas={**SQLITE_PRAGMAS, "journal_mode": "delete"})
        try:
            migrations.upgrade(db, Target("sqlite", path=temp), backup=False)
        finally:
            db.close()
        make_private(temp)  # a new book is the owner's alone (0600 on POSIX)
        try:
            os.link(temp, path)  # never replaces a book another process made meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temp, path)
    except (OSError, peewee.DatabaseError, StoreError) as exc:
        from relbook.store.faults import explain, full_message

        fault = explain(exc, path)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            fault = DiskFullError(full_message(path, nothing="no new book could be made"))
        if fault is None:
            raise
        raise type(fault)(f"No new customer book could be made at {path}: {fault}") from exc
    finally:
        remove_book_files(temp)


def remove_book_files(path: Path) -> None:
    """Delete a book file and its -wal/-shm side files, if there."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def is_sqlite(db: peewee.Database | None = None) -> bool:
    obj = db if db is not None else database.obj
    return isinstance(obj, peewee.SqliteDatabase)


def damage_message(exc: BaseException) -> str | None:
    """Plain words for an error that means the book file is damaged (met while working,
    after the checks at opening), or None when ``exc`` is something else."""
    from relbook.errors import BookDamagedError
    from relbook.store.faults import explain

    fault = explain(exc)
    return str(fault) if isinstance(fault, BookDamagedError) else None
