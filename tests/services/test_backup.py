"""Backups: consistent while another till writes, rotated 7/4/12, a full disk said in
plain words with the book untouched, restore only after a safety copy, and a damaged
book found at start-up pointed at its newest good backup."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relbook.errors import StoreError
from relbook.services import backup, contacts, plugins, settings
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.staff import audit
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact, Sale

plugins.load_all()


def dump() -> tuple[str, ...]:
    return tuple(database.obj.connection().iterdump())


@pytest.fixture
def shop(db) -> list[int]:
    ids = [
        contacts.create_contact(ContactInput(given_name=f"Guest{i}", family_name="Till")).contact_id
        for i in range(40)
    ]
    for i, cid in enumerate(ids):
        sales.record_sale(cid, 500 + i * 10)
    return ids


# -- consistent while another process writes --------------------------------------------


def _till(db_path: str, contact_ids: list[int], started, stop) -> None:
    """Another till: sales (each with its points rows) as fast as it can."""
    from relbook.services import plugins
    from relbook.services.counter import sales as till_sales
    from relbook.store.db import open_database

    open_database(db_path, backup=False)
    plugins.load_all()
    n = 0
    while not stop.is_set():
        till_sales.record_sale(contact_ids[n % len(contact_ids)], 250 + n % 700)
        n += 1
        if n == 20:
            started.set()


def test_a_backup_taken_while_another_till_writes_restores_consistent(
    shop, db_path: Path, tmp_path: Path
) -> None:
    ctx = mp.get_context("spawn")
    started, stop = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_till, args=(str(db_path), shop, started, stop))
    proc.start()
    try:
        assert started.wait(60), "the other till never got going"
        taken = [
            backup.backup_now(tmp_path / "bk", rotate=False, now=dt.datetime(2026, 5, 1, 9, i))
            for i in range(5)
        ]
    finally:
        stop.set()
        proc.join(60)
    assert proc.exitcode == 0
    counts = []
    for result in taken:
        close_database()
        open_database(result.path, backup=False)
        assert ledger.check() == []  # integrity, foreign keys, balances = ledger sums
        counts.append(Sale.select().count())
    assert counts == sorted(counts) and counts[-1] > counts[0] >= 40  # writes went on
    close_database()
    open_database(db_path, backup=False)
    live_sales = Sale.select().count()
    backup.restore(taken[2].path, safety_folder=tmp_path / "safety")
    assert Sale.select().count() == counts[2] < live_sales
    assert ledger.check() == []


# -- rotation ---------------------------------------------------------------------------


def test_rotation_keeps_the_last_10_and_7_daily_4_weekly_12_monthly() -> None:
    start = dt.datetime(2025, 1, 1, 8)
    stamps = [start + dt.timedelta(days=d, hours=h) for d in range(500) for h in (0, 6)]
    keep = backup.to_keep(stamps)
    newest = max(stamps)
    assert sorted(stamps)[-10:] == sorted(keep)[-10:]  # the last ten, whatever their day
    days = sorted({s.date() for s in keep}, reverse=True)
    assert days[:7] == [newest.date() - dt.timedelta(days=i) for i in range(7)]
    assert len({s.isocalendar()[:2] for s in keep}) >= 4
    assert len({(s.year, s.month) for s in keep}) == 12
    assert len(keep) <= 10 + 7 + 4 + 12
    older = [s for s in keep if s not in sorted(stamps)[-10:]]
    for stamp in older:  # past the last ten, the newest of its day is the one kept
        assert stamp == max(s for s in stamps if s.date() == stamp.date())


def test_rotating_a_folder_deletes_only_regular_backups_it_no_longer_needs(
    shop, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    start = dt.datetime(2026, 1, 1, 12)
    for day in range(60):
        backup.backup_now(folder, now=start + dt.timedelta(days=day))
    safety = backup.backup_now(folder, rotate=False, prefix=backup.SAFETY_PREFIX, now=start)
    (folder / "holiday-photos.jpg").write_bytes(b"not ours")
    names = sorted(p.name for p in folder.iterdir())
    kept = [p for p in folder.glob("relbook-*.sqlite3")]
    assert len(kept) == len(backup.to_keep([backup.stamp_of(p) for p in kept]))
    assert len(kept) <= 10 + 7 + 4 + 12
    assert "relbook-20260301-120000.sqlite3" in names  # the newest
    assert safety.path.exists() and (folder / "holiday-photos.jpg").exists()
    assert not list(folder.glob("*.part"))


def test_the_daily_backup_waits_a_day(shop, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    now = dt.datetime(2026, 5, 1, 9)
    assert backup.backup_if_due(folder, now=now) is not None
    assert backup.backup_if_due(folder, now=now + dt.timedelta(hours=23)) is None
    assert backup.backup_if_due(folder, now=now + dt.timedelta(hours=24)) is not None
    assert len(list(folder.glob("relbook-*.sqlite3"))) == 2


def test_the_backup_folder_setting_is_used(shop, tmp_path: Path) -> None:
    settings.set_value("backup.folder", str(tmp_path / "stick" / "relbook"))
    result = backup.backup_now()
    assert result.path.parent == tmp_path / "stick" / "relbook"
    info = backup.list_backups()[0]
    assert (info.ok, info.contacts, info.sales) == (True, 40, 40)


# -- a full disk ------------------------------------------------------------------------


def _assert_full_disk_message(message: str, folder: Path) -> None:
    assert "full" in message and str(folder) in message
    assert "database itself was not touched" in message


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 64 KB file system (tmpfs) when the tests may mount one."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root; the file-size-limit test covers this")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_during_backup_says_so_and_leaves_everything_intact(
    shop, tiny_disk: Path, tmp_path: Path
) -> None:
    older = backup.backup_now(tmp_path / "bk").path  # the folder's earlier backups stay
    for i in range(300):  # a book bigger than the disk
        contacts.create_contact(ContactInput(given_name=f"More{i}", notes="n" * 500))
    before = dump()
    with pytest.raises(StoreError) as caught:
        backup.backup_now(tiny_disk)
    _assert_full_disk_message(str(caught.value), tiny_disk)
    assert list(tiny_disk.iterdir()) == []  # no half backup that looks whole
    assert dump() == before and ledger.check() == []
    assert older.exists()
    contacts.create_contact(ContactInput(given_name="After"))  # the book still works


_FSIZE_SCRIPT = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, no kill
resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))
from relbook.cli import main
sys.exit(main(["backup", "--db", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_a_disk_that_fills_up_mid_backup_gives_a_clear_error(shop, db_path, tmp_path) -> None:
    """The same without root: the process may write at most 48 KB per file, as if the
    disk filled up part way through the copy (SQLite then reports a full disk)."""
    for i in range(300):
        contacts.create_contact(ContactInput(given_name=f"More{i}", notes="n" * 500))
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = dump()
    close_database()
    out = tmp_path / "bk"
    done = subprocess.run(
        [sys.executable, "-c", _FSIZE_SCRIPT, str(db_path), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "could not be written" in done.stderr and "may be full" in done.stderr
    assert "database itself was not touched" in done.stderr
    assert "Traceback" not in done.stderr
    assert not [p for p in out.iterdir() if p.name.endswith((".sqlite3", ".part"))]
    open_database(db_path, backup=False)
    assert dump() == before


def test_a_folder_that_cannot_be_made_says_so(shop, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot be made"):
        backup.backup_now(blocker / "sub")


# -- restore ----------------------------------------------------------------------------


def test_restore_shows_what_it_will_bring_back_and_keeps_a_safety_copy(
    shop, tmp_path: Path
) -> None:
    taken = backup.backup_now(tmp_path / "bk", now=dt.datetime(2026, 4, 1, 18, 30)).path
    info = backup.inspect(taken)
    assert (info.taken_at, info.contacts, info.sales, info.ok) == (
        dt.datetime(2026, 4, 1, 18, 30),
        40,
        40,
        True,
    )
    contacts.create_contact(ContactInput(given_name="Added", family_name="Later"))
    sales.record_sale(shop[0], 9_999)
    after_backup = dump()
    result = backup.restore(taken, safety_folder=tmp_path / "safety", staff_id=None)
    assert Contact.select().count() == 40 and Sale.select().count() == 40
    assert ledger.check() == []
    safety = backup.inspect(result.safety_copy)
    assert (safety.contacts, safety.sales) == (41, 41)
    assert result.safety_copy.name.startswith("before-restore-")
    entry = audit.entries(action="restore")[0]
    assert entry.subject == taken.name
    assert entry.after["contacts"] == 40
    assert entry.before["safety_copy"] == str(result.safety_copy)
    # and the safety copy brings the later state back
    backup.restore(result.safety_copy, safety_folder=tmp_path / "safety")
    restored = [line for line in dump() if "audit_entry" not in line]
    assert restored == [line for line in after_backup if "audit_entry" not in line]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"hello, not a database", "not a SQLite database"),
        (b"", "not a SQLite database"),
    ],
)
def test_restoring_a_file_that_is_no_backup_is_refused_and_changes_nothing(
    shop, tmp_path: Path, content: bytes, words: str
) -> None:
    bad = tmp_path / "relbook-20260101-000000.sqlite3"
    bad.write_bytes(content)
    before = dump()
    with pytest.raises(StoreError, match=words):
        backup.restore(bad, safety_folder=tmp_path / "safety")
    assert dump() == before
    assert not (tmp_path / "safety").exists()  # refused before any copy was made


def test_restoring_another_programs_database_is_refused(shop, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a relbook database"):
        backup.restore(other)


def test_a_missing_backup_is_refused(shop, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no backup file"):
        backup.restore(tmp_path / "gone.sqlite3")


# -- a damaged book at start-up ---------------------------------------------------------


def damage(path: Path) -> None:
    """Scribble over the middle of the file, as a failing disk does."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


def test_a_damaged_book_at_start_is_found_and_the_newest_good_backup_named(
    shop, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bk"
    first = backup.backup_now(folder, now=dt.datetime(2026, 3, 1, 9)).path
    newest_good = backup.backup_now(folder, now=dt.datetime(2026, 3, 2, 9)).path
    broken = backup.backup_now(folder, now=dt.datetime(2026, 3, 3, 9)).path
    for i in range(200):
        contacts.create_contact(ContactInput(given_name=f"More{i}", notes="n" * 300))
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    broken.write_bytes(broken.read_bytes()[:4096])  # a backup cut short is skipped
    assert backup.check_at_start(db_path, folder).ok
    damage(db_path)
    check = backup.check_at_start(db_path, folder)
    assert not check.ok and check.problem
    assert check.newest_good is not None and check.newest_good.path == newest_good
    damaged_bytes = db_path.read_bytes()
    aside = backup.recover_from(check.newest_good.path, db_path)
    assert aside.read_bytes() == damaged_bytes  # never overwritten, never deleted
    assert aside.name.startswith(db_path.name + ".damaged-")
    open_database(db_path, backup=False)
    assert Contact.select().count() == 40 and ledger.check() == []
    assert first.exists() and newest_good.exists()


def test_a_damaged_book_without_any_good_backup_names_none(db_path, shop, tmp_path) -> None:
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(200):
        contacts.create_contact(ContactInput(given_name=f"More{i}", notes="n" * 300))
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    damage(db_path)
    check = backup.check_at_start(db_path, tmp_path / "empty")
    assert not check.ok and check.newest_good is None


def test_postgres_books_are_not_backed_up_by_relbook(monkeypatch) -> None:
    import peewee

    fake = peewee.PostgresqlDatabase("nowhere")
    with pytest.raises(StoreError, match="pg_dump"):
        backup.backup_now(Path("/tmp"), db=fake)


# -- whose backups ----------------------------------------------------------------------


def test_each_book_has_its_own_default_folder(shop, db_path: Path) -> None:
    from relbook.store.db import data_dir, default_database_path, demo_database_path

    assert backup.default_folder(default_database_path()) == data_dir() / "backups"
    demo, this = backup.default_folder(demo_database_path()), backup.backup_folder()
    assert this == backup.default_folder(db_path)
    assert len({data_dir() / "backups", demo, this}) == 3  # no rotation across books
    assert this.parent == demo.parent == data_dir() / "backups"


def test_the_folder_a_book_was_backed_up_to_is_remembered_outside_it(
    shop, db_path: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "usb" / "relbook"
    backup.backup_now(stick)
    close_database()
    db_path.write_bytes(b"\0" * 4096)  # the book (and its settings) unreadable
    assert stick in backup.folders_of(db_path)
    assert [b.path.parent for b in backup.backups_of(db_path)] == [stick]
