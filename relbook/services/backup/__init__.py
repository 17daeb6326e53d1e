"""Backups of the SQLite book: taken with SQLite's online backup API (consistent while
tills write) into a folder of the owner's choice (a USB stick is fine): one at start, one
a day, and one before every risky operation (``before``). ``rotation`` decides which
stay; ``restore`` brings one back without ever putting the live book at risk.

A backup is first written as ``*.part``, checked page by page and index by index
(``integrity_check``: this is the book's scheduled full check, run off the till's way
on a copy), then renamed: a full disk or a pulled stick leaves at most a ``.part`` file
that is cleaned up, never a half backup that looks whole, and never touches the live
database. A copy that fails the check means the book itself is damaged: that is said in
plain words, and no older backup is rotated away for it.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from relbook.errors import BookDamagedError, StoreError
from relbook.private_files import make_private, private_folder
from relbook.services import settings
from relbook.services.backup.rotation import (
    OPERATIONS,
    PREFIX,
    SUFFIX,
    file_name,
    rotate_folder,
    stamp_of,
    to_keep,
)
from relbook.store.book_file import full_check, probe
from relbook.store.db import data_dir, database, default_database_path

#: the safety copy a restore takes of the book it replaces
SAFETY_PREFIX = "before-restore-"
#: a running app takes a new backup when the newest is older than this
DAILY = dt.timedelta(hours=24)

__all__ = ["OPERATIONS", "PREFIX", "SUFFIX", "rotate_folder", "stamp_of", "to_keep"]


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size: int
    contacts: int
    sales: int
    ok: bool
    problem: str = ""


def backup_folder() -> Path:
    """The folder from the ``backup.folder`` setting, or the book's own default folder."""
    chosen = settings.get("backup.folder") or ""
    if chosen:
        return Path(chosen).expanduser()
    live = database.obj
    if isinstance(live, peewee.SqliteDatabase):
        return default_folder(Path(live.database))
    return data_dir() / "backups"


def default_folder(db_path: Path) -> Path:
    """``backups`` in the data folder for the shop's own book; a folder of its own inside
    it for any other book (the demo, a test copy), so that one book's rotation never
    deletes another's backups and a damaged book is never offered someone else's."""
    base = data_dir() / "backups"
    try:
        resolved = db_path.resolve()
        if resolved == default_database_path().resolve():
            return base
    except OSError:
        resolved = db_path.absolute()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^\w-]+", "-", db_path.stem).strip("-") or "book"
    return base / f"{stem}-{digest}"


_WHERE = "backup-folders.json"


def _remember_folder(db_path: Path, folder: Path) -> None:
    """Note, outside the book, where its backups go: when the book itself is damaged its
    ``backup.folder`` setting may be unreadable, and the app must still find them."""
    where = data_dir() / _WHERE
    try:
        known = json.loads(where.read_text(encoding="utf-8")) if where.exists() else {}
        if not isinstance(known, dict):
            known = {}
        key = str(db_path.resolve())
        if known.get(key) != str(folder):
            known[key] = str(folder)
            where.write_text(json.dumps(known, indent=1), encoding="utf-8")
    except (OSError, ValueError):
        pass  # only a hint for later; the backup itself was made


def folders_of(db_path: Path) -> list[Path]:
    """Every folder that may hold backups of ``db_path``: the one remembered, the one
    set in the book (if it can still be read) and the default."""
    found: list[Path] = []
    where = data_dir() / _WHERE
    try:
        known = json.loads(where.read_text(encoding="utf-8"))
        if isinstance(known, dict) and known.get(str(db_path.resolve())):
            found.append(Path(known[str(db_path.resolve())]))
    except (OSError, ValueError):
        pass
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'backup.folder'").fetchone()
        finally:
            con.close()
        if row and json.loads(row[0]):
            found.append(Path(json.loads(row[0])).expanduser())
    except (sqlite3.Error, ValueError, TypeError):
        pass
    found.append(default_folder(db_path))
    return list(dict.fromkeys(found))


def _live_sqlite(db: peewee.Database | None) -> peewee.SqliteDatabase:
    obj = db if db is not None else database.obj
    if not isinstance(obj, peewee.SqliteDatabase):
        raise StoreError(
            "relbook backs up SQLite books only; back up a PostgreSQL server with "
            "its own tools (pg_dump)."
        )
    return obj


def _space_error(folder: Path, exc: BaseException) -> StoreError:
    return StoreError(
        f"The backup could not be written: the disk holding {folder} is full. The database "
        "itself was not touched; free some space or choose another backup folder."
    )


def _write_error(folder: Path, exc: BaseException) -> StoreError:
    """A failed write to the backup folder, in words a shop owner can act on."""
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return StoreError(
            f"The backup could not be written to {folder}: the file would be larger than "
            "that disk allows (a stick formatted as FAT32 takes at most 4 GB per file). The "
            "database itself was not touched; choose another backup folder."
        )
    return StoreError(
        f"The backup could not be written to {folder}: the disk reported an error while "
        "writing (it may be full, unplugged or failing). The database itself was not "
        "touched; try again, or choose another backup folder."
    )


def _is_full(exc: BaseException, folder: Path, needed: int) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error) and "full" in str(exc).lower():
        return True
    if isinstance(exc, sqlite3.Error) and "i/o" in str(exc).lower():
        try:  # SQLite says "disk I/O error" for a full disk too: look at the space left
            return shutil.disk_usage(folder).free < needed
        except OSError:
            return False
    return False


def _size_of(live: peewee.SqliteDatabase) -> int:
    pages = live.execute_sql("PRAGMA page_count").fetchone()[0]
    return int(pages) * int(live.execute_sql("PRAGMA page_size").fetchone()[0])


def backup_now(
    folder: Path | None = None,
    *,
    db: peewee.Database | None = None,
    now: dt.datetime | None = None,
    rotate: bool = True,
    prefix: str = PREFIX,
    operation: str = "",
    full_check: bool = True,
) -> BackupResult:
    """Copy the open database into ``folder`` (default: the chosen backup folder);
    ``operation`` names the risky operation it is taken before. ``full_check=False``
    checks the copy by the bounded probe of an opening instead of every page (a backup
    taken in a person's way, before a merge; the daily one reads every page)."""
    live = _live_sqlite(db)
    target_dir = folder or backup_folder()
    try:
        private_folder(target_dir)
    except OSError as exc:
        raise StoreError(
            f"The backup folder {target_dir} cannot be made "
            f"({exc.strerror or exc}); is the stick plugged in?"
        ) from exc
    if prefix == SAFETY_PREFIX:
        operation = "restore"
    name = file_name(now or dt.datetime.now(), operation)
    final = target_dir / name
    n = 1
    while final.exists():
        final = target_dir / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        n += 1
    part = final.with_name(final.name + ".part")
    try:
        copy_database(live.connection(), part)
        _check_copy(part, Path(live.database), full=full_check)
        os.replace(part, final)
    except BookDamagedError:
        part.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        if _is_full(exc, target_dir, _size_of(live)):
            raise _space_error(target_dir, exc) from exc
        if isinstance(exc, OSError) or "i/o" in str(exc).lower() or "full" in str(exc).lower():
            raise _write_error(target_dir, exc) from exc
        raise StoreError(
            f"The backup to {target_dir} failed ({exc}); the database itself was not touched."
        ) from exc
    removed = rotate_folder(target_dir) if rotate else []
    if live.database not in ("", ":memory:"):
        _remember_folder(Path(live.database), target_dir)
    return BackupResult(final, final.stat().st_size, removed)


def copy_database(source: sqlite3.Connection, path: Path) -> None:
    """SQLite's online backup into a new file (consistent even while others write)."""
    dst = sqlite3.connect(str(path))
    make_private(path)  # a full copy of the book: the account's own eyes only
    try:
        source.backup(dst, pages=4096)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def _check_copy(path: Path, book: Path, *, full: bool = True) -> None:
    """Every page and every index of the fresh copy: damage in it is damage in the book."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = full_check(con) if full else [p for p in [probe(con)] if p]
    except sqlite3.DatabaseError as exc:
        if "malformed" not in str(exc).lower() and "not a database" not in str(exc).lower():
            raise
        problems = [str(exc)]
    finally:
        con.close()
    if problems:
        raise BookDamagedError(
            f"The check of today's backup found damage in the customer book {book} "
            f"({problems[0]}). No backup was rotated away. Close relbook and restore the "
            "newest good backup (the app offers them at start; Data ▸ Backups)."
        )


# -- finding and inspecting backups ---------------------------------------------------


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Backups in the folder, newest first, each checked and counted."""
    target = folder or backup_folder()
    if not target.is_dir():
        return []
    paths = [p for p in target.iterdir() if stamp_of(p) is not None]

    def newest_first(info: BackupInfo) -> tuple[dt.datetime, int]:
        try:  # two backups in the same second: the file written last is the newer
            written = info.path.stat().st_mtime_ns
        except OSError:
            written = 0
        return info.taken_at, written

    return sorted((inspect(p, strict=False) for p in paths), key=newest_first, reverse=True)


def newest_backup_age(
    folder: Path | None = None, now: dt.datetime | None = None
) -> dt.timedelta | None:
    target = folder or backup_folder()
    stamps = [s for p in target.glob(f"{PREFIX}*{SUFFIX}") if (s := stamp_of(p))]
    if not stamps:
        return None
    return (now or dt.datetime.now()) - max(stamps)


def backup_if_due(
    folder: Path | None = None, *, now: dt.datetime | None = None
) -> BackupResult | None:
    """The daily backup: taken when the newest is a day old (or there is none)."""
    age = newest_backup_age(folder, now)
    if age is not None and age < DAILY:
        return None
    return backup_now(folder, now=now)


def on_start(folder: Path | None = None) -> BackupResult | None:
    """The start-up backup (None for a PostgreSQL book, which its server backs up); a
    failure raises StoreError in plain words, which the app shows once and carries on."""
    if not isinstance(database.obj, peewee.SqliteDatabase):
        return None
    return backup_now(folder)


_DOING = {
    "merge": "merged",
    "erase": "erased",
    "import": "imported",
    "settings-import": "changed",
    "restore": "restored",
}


#: a run of one operation within this long (erasing a list of quiet customers one by one)
#: is covered by the backup before its first step
RUN_OF_STEPS = dt.timedelta(seconds=60)
_last_before: dict[tuple[str, str], tuple[dt.datetime, Path]] = {}


def before(operation: str, *, now: dt.datetime | None = None) -> Path | None:
    """The backup taken before a risky operation, kept until a later one of its kind
    exists (``rotation``). None for a book relbook does not back up (PostgreSQL, in
    memory). When it cannot be taken, nothing is done: the error says so."""
    assert operation in OPERATIONS, operation
    live = database.obj
    if not isinstance(live, peewee.SqliteDatabase) or live.database in ("", ":memory:"):
        return None
    when = now or dt.datetime.now()
    key = (str(live.database), operation)
    earlier = _last_before.get(key)
    if earlier and dt.timedelta(0) <= when - earlier[0] < RUN_OF_STEPS and earlier[1].exists():
        return earlier[1]
    try:
        taken = backup_now(now=when, operation=operation, full_check=False).path
    except StoreError as exc:
        raise type(exc)(
            f"Nothing was {_DOING[operation]}: relbook takes a backup first, and it could "
            f"not. {exc}"
        ) from exc
    _last_before[key] = (when, taken)
    return taken


def inspect(path: Path, *, strict: bool = True) -> BackupInfo:
    """Date, size and counts of a backup file; with ``strict`` a bad file raises."""
    taken = stamp_of(path)
    try:
        size = path.stat().st_size
        if taken is None:
            taken = dt.datetime.fromtimestamp(path.stat().st_mtime)
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise sqlite3.DatabaseError("it is not a SQLite database")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = con.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise sqlite3.DatabaseError(f"it is damaged ({check[0] if check else '?'})")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "schema_migration" not in tables or "contact" not in tables:
                raise sqlite3.DatabaseError("it is not a relbook database")
            contacts = con.execute("SELECT COUNT(*) FROM contact").fetchone()[0]
            sales = (
                con.execute("SELECT COUNT(*) FROM sale").fetchone()[0] if "sale" in tables else 0
            )
        finally:
            con.close()
    except FileNotFoundError:
        if strict:
            raise StoreError(f"There is no backup file {path}.") from None
        return BackupInfo(path, taken or dt.datetime.min, 0, 0, 0, False, "missing")
    except (OSError, sqlite3.Error) as exc:
        if strict:
            raise StoreError(f"{path.name} cannot be restored: {exc}.") from exc
        return BackupInfo(path, taken or dt.datetime.min, 0, 0, 0, False, str(exc))
    return BackupInfo(path, taken, size, contacts, sales, True)


from relbook.services.backup.restore import (  # noqa: E402 - they build on the above
    RestoreResult,
    StartupCheck,
    backups_of,
    check_at_start,
    recover_from,
    restore,
)

__all__ += ["RestoreResult", "StartupCheck", "backups_of", "check_at_start", "recover_from",
            "restore"]  # fmt: skip
