"""Bringing a backup back, by a path that can never make things worse.

1. The backup is copied *beside* the book (``.<book>.restoring-<stamp>``) and the copy is
   checked in full before anything else happens: not from a newer relbook, every page
   and index sound (``integrity_check``), upgraded to this relbook's schema, and its
   points adding up (each cached balance equals its ledger, none below zero).
2. There must be room: the copy and the safety copy are measured against the free space
   first, so nothing is restored onto a full disk.
3. The current book is kept as the safety copy (a ``before-restore-`` backup, whose path
   every message names), then the checked copy is swapped in with one ``os.replace``.

Whatever fails before the swap leaves the live book exactly as it was, and the message
says so; the swap itself is atomic. A book that other tills have open is not swapped
under them (they would go on writing into the old file). At start-up a damaged or empty
book is replaced the same way, its damaged file kept aside under a new name.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee

from relbook.errors import BookDamagedError, DiskFullError, RelbookError, StoreError
from relbook.services import backup
from relbook.store import migrations
from relbook.store.book_file import full_check, read_only_connection
from relbook.store.db import SQLITE_PRAGMAS, Target, remove_book_files
from relbook.store.engines import SqliteBook
from relbook.store.faults import disk_is_full, full_message

#: room asked for beyond the copies' own size (an upgrade may grow the copy a little)
MARGIN = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: Path
    safety_copy: Path


def restore(
    source: Path,
    *,
    db: peewee.Database | None = None,
    safety_folder: Path | None = None,
    staff_id: int | None = None,
) -> RestoreResult:
    """Replace the open book with ``source`` (see the module docstring for how)."""
    from relbook.services.staff import access

    access.require_owner(staff_id, "restore a backup")
    info = backup.inspect(source)
    live = backup._live_sqlite(db)
    book = Path(live.database)
    safety_dir = safety_folder or backup.backup_folder()
    _check_room(book, source, safety_dir, backup._size_of(live))
    candidate = prepare_copy(source, book)
    try:
        try:
            safety = backup.backup_now(safety_dir, db=live, rotate=False,
                                       operation="restore").path  # fmt: skip
        except StoreError as exc:
            raise type(exc)(f"Nothing was restored: the safety copy failed. {exc}") from exc
        _swap_into_open_book(candidate, book, live, safety)
    finally:
        remove_book_files(candidate)
    backup.rotate_folder(safety_dir)
    _audit_restore(info, safety, staff_id)
    return RestoreResult(source, safety)


def _unchanged(detail: str) -> str:
    return f"{detail} Your customer book was not changed."


def _check_room(book: Path, source: Path, safety_dir: Path, live_size: int) -> None:
    """Refuse before writing anything when the copies would not fit."""
    here = source.stat().st_size + MARGIN
    there = live_size + MARGIN
    try:
        if safety_dir.exists() and os.stat(safety_dir).st_dev == os.stat(book.parent).st_dev:
            here, there = here + there, 0
    except OSError:
        pass
    for folder, need in ((book.parent, here), (safety_dir, there)):
        probe = folder if folder.exists() else folder.parent
        if need and probe.exists() and disk_is_full(probe, need):
            free = shutil.disk_usage(probe).free
            raise DiskFullError(_unchanged(
                f"There is not enough room to restore: about {need / 1e6:.1f} MB are needed "
                f"on the disk holding {folder}, and {free / 1e6:.1f} MB are free. Free some "
                "space, then try again."
            ))  # fmt: skip


def prepare_copy(source: Path, book: Path) -> Path:
    """Write ``source`` beside ``book``, upgrade it and check it in full; returns its path.

    Any failure removes the copy and raises with words that say the book is untouched."""
    for stale in book.parent.glob(f".{book.name}.restoring-*"):  # a restore cut off before
        stale.unlink(missing_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = book.with_name(f".{book.name}.restoring-{stamp}")
    try:
        src = read_only_connection(source)
        try:
            backup.copy_database(src, candidate)
        finally:
            src.close()
        _check_candidate(candidate, source)
    except RelbookError as exc:
        remove_book_files(candidate)
        raise type(exc)(_unchanged(str(exc))) from exc
    except (OSError, sqlite3.Error, peewee.DatabaseError) as exc:
        remove_book_files(candidate)
        if _is_full(exc, book):
            raise DiskFullError(full_message(book, nothing="nothing was restored")) from exc
        raise StoreError(_unchanged(f"{source.name} could not be copied beside the book "
                                    f"({exc}).")) from exc  # fmt: skip
    return candidate


def _is_full(exc: BaseException, book: Path) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "full" in text or ("i/o" in text and disk_is_full(book.parent))


def _check_candidate(candidate: Path, source: Path) -> None:
    migrations.check_sqlite_file_compatible(candidate)  # not from a newer relbook
    con = sqlite3.connect(candidate)
    try:
        problems = full_check(con)
    finally:
        con.close()
    if problems:
        raise BookDamagedError(f"{source.name} is damaged ({problems[0]}).")
    copy = SqliteBook(str(candidate), pragmas={**SQLITE_PRAGMAS, "journal_mode": "delete"})
    try:
        migrations.upgrade(copy, Target("sqlite", path=candidate), backup=False)
        missing = sorted(_tables_of_a_book() - set(copy.get_tables()))
        unsound = [] if missing else ledger_problems(copy)
    finally:
        copy.close()
    if missing:
        raise StoreError(
            f"{source.name} is not a whole relbook book: it lacks "
            f"{', '.join(missing[:4])}{' and more' if len(missing) > 4 else ''}."
        )
    if unsound:
        raise StoreError(
            f"{source.name} cannot be restored: its points do not add up ({unsound[0]}"
            f"{f'; {len(unsound) - 1} more' if len(unsound) > 1 else ''}), and restoring it "
            "would bring wrong balances back."
        )


@functools.cache
def _tables_of_a_book() -> frozenset[str]:
    """Every table a book of this relbook has (read from a new one made in memory)."""
    fresh = SqliteBook(":memory:", pragmas={"foreign_keys": 1})
    try:
        migrations.upgrade(fresh, Target("sqlite"), backup=False)
        return frozenset(fresh.get_tables())
    finally:
        fresh.close()


def ledger_problems(db: peewee.Database) -> list[str]:
    """The points ledger's invariant on any book: each cached balance equals the sum of
    its ledger, and none is below zero."""
    tables = set(db.get_tables())
    if not {"points_entry", "loyalty_account"} <= tables:
        return []
    by_contact = "SELECT contact_id, SUM(points) FROM points_entry GROUP BY contact_id"
    sums = dict(db.execute_sql(by_contact).fetchall())
    cached: dict[int, int] = {}
    for contact_id, balance in db.execute_sql(
        "SELECT contact_id, balance FROM loyalty_account"
    ).fetchall():
        cached[contact_id] = cached.get(contact_id, 0) + int(balance)
    problems = []
    for contact_id in sorted(set(sums) | set(cached)):
        total, kept = int(sums.get(contact_id) or 0), cached.get(contact_id, 0)
        if total != kept:
            problems.append(f"customer {contact_id}: balance {kept}, ledger {total}")
        elif total < 0:
            problems.append(f"customer {contact_id}: balance below zero ({total})")
    return problems


def _swap_into_open_book(
    candidate: Path, book: Path, live: peewee.SqliteDatabase, safety: Path
) -> None:
    """Close the live book, make sure no other till has it open, swap, reopen."""
    live.close()
    try:
        if _others_have_it_open(book):
            raise StoreError(
                f"Another till (or another relbook window) has the customer book {book} "
                "open, so it was not replaced under it. Close relbook there, then restore "
                f"again. Your customer book was not changed (a safety copy is in {safety})."
            )
        os.replace(candidate, book)
        _sync_folder(book.parent)
    finally:
        live.connect(reuse_if_open=True)


def _others_have_it_open(book: Path) -> bool:
    """Fold the WAL into the file and see whether it goes away: SQLite removes the WAL
    when the last connection closes, so a WAL still there after ours closed is another
    process's (another till's) open connection."""
    probe = sqlite3.connect(book, timeout=2)
    try:
        probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        probe.close()
    wal = Path(f"{book}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    if wal.exists():
        return _held(book)
    Path(f"{book}-shm").unlink(missing_ok=True)
    return False


def _held(book: Path) -> bool:
    """An empty WAL left beside the book: held by another connection unless an exclusive
    lock on the book can be had."""
    con = sqlite3.connect(book, timeout=0.5)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()
    for extra in ("-wal", "-shm"):
        Path(f"{book}{extra}").unlink(missing_ok=True)
    return False


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _audit_restore(info: backup.BackupInfo, safety: Path, staff_id: int | None) -> None:
    from relbook.services.staff import audit

    audit.record(
        "restore",
        staff_id=staff_id,
        subject=info.path.name,
        before={"safety_copy": str(safety)},
        after={"taken_at": info.taken_at.isoformat(), "contacts": info.contacts},
    )


# -- a damaged or empty book at start-up ------------------------------------------------


@dataclass(frozen=True, slots=True)
class StartupCheck:
    ok: bool
    problem: str = ""
    newest_good: backup.BackupInfo | None = None


def check_at_start(db_path: Path, folder: Path | None = None) -> StartupCheck:
    """The check at opening, before the book is opened: when the book is damaged or empty
    (0 bytes), name the newest backup that checks out (the app offers it; nothing is
    changed here). A disk that is full or a book that may not be read is no damage: it
    is not offered a backup (restoring could only make that worse)."""
    from relbook.store.book_file import check_sqlite_file

    if not db_path.exists():
        return StartupCheck(True)
    try:
        check_sqlite_file(db_path)
        return StartupCheck(True)
    except BookDamagedError as exc:
        problem = str(exc)
    except StoreError as exc:
        if not _lost_its_content(db_path):
            return StartupCheck(True)  # not damage (a permission, say): opening will tell
        problem = str(exc)
    good = next((b for b in backups_of(db_path, folder) if b.ok), None)
    return StartupCheck(False, problem, good)


def _lost_its_content(db_path: Path) -> bool:
    """Empty, or no longer starting like a SQLite file: the book's content is gone."""
    from relbook.store.book_file import SQLITE_HEADER

    try:
        with open(db_path, "rb") as fh:
            return fh.read(16) != SQLITE_HEADER
    except OSError:
        return False


def backups_of(db_path: Path, folder: Path | None = None) -> list[backup.BackupInfo]:
    """The backups of one book (in ``folder``, or everywhere they may be), newest first;
    safety copies made before a restore are included."""
    folders = [folder] if folder is not None else backup.folders_of(db_path)
    found = [info for f in folders for info in backup.list_backups(f)]
    unique = {info.path.resolve(): info for info in found}
    return sorted(unique.values(), key=lambda i: i.taken_at, reverse=True)


def recover_from(source: Path, db_path: Path) -> Path | None:
    """Put a checked copy of ``source`` in place of a damaged or empty book that is not
    open; return where the damaged file was kept (None for an empty one: nothing to keep).

    The copy is made and checked beside the book first; the damaged file is then kept
    under a new name (``.damaged-<stamp>``, with its WAL) and the copy swapped in with one
    ``os.replace`` — at no moment is there no book, or an empty one, at ``db_path``."""
    backup.inspect(source)
    size = db_path.stat().st_size if db_path.exists() else 0
    _check_room(db_path, source, db_path.parent, size)
    candidate = prepare_copy(source, db_path)
    try:
        aside = _keep_aside(db_path) if size else None
        for extra in ("-wal", "-shm"):  # they belong to the damaged file (kept aside)
            Path(f"{db_path}{extra}").unlink(missing_ok=True)
        os.replace(candidate, db_path)
        _sync_folder(db_path.parent)
    finally:
        remove_book_files(candidate)
    return aside


def _keep_aside(db_path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    try:
        os.link(db_path, aside)  # the same file under a second name: no copy, no space
    except OSError:
        shutil.copy2(db_path, aside)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copy2(wal, Path(f"{aside}-wal"))
    return aside
