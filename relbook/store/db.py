"""Opening the database: a path or URL in, a ready, migrated Peewee database out.

SQLite is the default (one file, WAL, foreign keys, a busy timeout, durable commits).
PostgreSQL is reached by URL. Nothing here writes to a file it cannot safely upgrade.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee

from relbook.errors import StoreError
from relbook.private_files import make_private, private_folder

#: Every model binds to this proxy; ``open_database`` initialises it.
database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",  # durable commits: a power cut never loses a recorded sale
    "busy_timeout": 10_000,
    "cache_size": -16_000,
}


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


SQLITE_HEADER = b"SQLite format 3\x00"


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


def check_sqlite_file(path: Path, *, must_exist: bool = False) -> None:
    """Refuse unreadable, foreign or damaged files before Peewee ever touches them."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a relbook database file.")
    if not path.exists():
        if must_exist:
            raise StoreError(f"There is no database at {path}.")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.exists():
            missing = next((p for p in reversed(parent.parents) if not p.exists()), parent)
            if missing.parent.exists() and not missing.parent.is_dir():
                raise StoreError(f"{missing.parent} is a file, not a folder; choose another place.")
            raise StoreError(
                f"The folder {parent} does not exist, so no database can be made there."
            )
        if not parent.is_dir():
            raise StoreError(f"{parent} is a file, not a folder; choose another place.")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"relbook may not write in {parent}; choose another place.")
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
        return  # an empty file is a new database
    if header[:16] != SQLITE_HEADER:
        raise StoreError(f"{path} is not a relbook database (it is some other kind of file).")
    damaged = (
        f"{path} is damaged (SQLite's integrity check found faults in it). "
        "Nothing was changed; restore a backup."
    )
    wal = Path(f"{path}-wal")
    pending_wal = wal.exists() and wal.stat().st_size > 0  # pages may still live there
    if not pending_wal and _shorter_than_its_header_says(header, size):
        raise StoreError(damaged)
    try:
        con = read_only_connection(path)
        try:
            con.execute("SELECT name, sql FROM sqlite_master").fetchall()  # the schema pages
            rows = con.execute("PRAGMA quick_check").fetchall() if size <= FULL_CHECK_MAX else []
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged and cannot be read ({exc}).") from exc
    if rows and rows[0][0] != "ok":
        raise StoreError(damaged)


#: Files up to this size get SQLite's full quick_check on every open (tens of ms). A
#: bigger book is checked by its header and schema only, so a 100,000-customer book still
#: opens at once; damage deeper inside is reported in plain words when it is met (see
#: ``damage_message``), and ``relbook check`` reads every page.
FULL_CHECK_MAX = 48 * 1024 * 1024


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


_DAMAGE_WORDS = (
    "malformed",
    "file is not a database",
    "disk i/o error",
    "database corrupt",
    "vtable constructor failed",  # the search index could not read its own pages
)


def damage_message(exc: BaseException) -> str | None:
    """Plain words for an error that means the book file is damaged (met while working,
    after the checks at opening), or None when ``exc`` is something else."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.DatabaseError | peewee.DatabaseError):
            text = str(seen)
            if any(word in text.lower() for word in _DAMAGE_WORDS):
                return (
                    f"The customer book file is damaged ({text}). The last change may not "
                    "have been saved. Close relbook and restore a backup."
                )
        seen = seen.__cause__ or seen.__context__
    return None


def connect(target: Target) -> peewee.Database:
    """Make (but do not migrate) a Peewee database for ``target``."""
    new_file = False
    if target.kind == "sqlite":
        assert target.path is not None
        check_sqlite_file(target.path)
        new_file = not target.path.exists()
        if target.path.exists() and target.path.stat().st_size:
            from relbook.store.migrations import check_sqlite_file_compatible

            check_sqlite_file_compatible(target.path)
        db: peewee.Database = peewee.SqliteDatabase(
            str(target.path), pragmas=SQLITE_PRAGMAS, timeout=10
        )
    else:
        try:
            from playhouse.db_url import connect as url_connect
        except ImportError as exc:  # pragma: no cover - playhouse ships with peewee
            raise StoreError("PostgreSQL support is not installed.") from exc
        try:
            db = url_connect(target.url)
        except Exception as exc:
            raise StoreError(
                f"Could not use the database at {target.describe()}: {exc}. "
                "Install relbook[postgres] for PostgreSQL."
            ) from exc
    try:
        db.connect(reuse_if_open=True)
    except peewee.ImproperlyConfigured as exc:  # the PostgreSQL driver is missing
        raise StoreError(
            f"relbook cannot reach {target.describe()}: PostgreSQL support is not installed "
            "(install relbook[postgres])."
        ) from exc
    except peewee.OperationalError as exc:
        raise StoreError(f"Could not open the database at {target.describe()}: {exc}") from exc
    if new_file and target.path is not None:
        make_private(target.path)  # a new book is the owner's alone (0600 on POSIX)
    return db


def open_database(
    target: str | os.PathLike[str] | Target | None = None,
    *,
    migrate: bool = True,
    backup: bool = True,
) -> peewee.Database:
    """Open, check and (after a backup copy) upgrade a database; bind the models to it."""
    from relbook.store import migrations

    tgt = target if isinstance(target, Target) else parse_target(target)
    db = connect(tgt)
    database.initialize(db)
    try:
        if migrate:
            migrations.upgrade(db, tgt, backup=backup)
    except BaseException:
        db.close()
        raise
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def is_sqlite(db: peewee.Database | None = None) -> bool:
    obj = db if db is not None else database.obj
    return isinstance(obj, peewee.SqliteDatabase)
