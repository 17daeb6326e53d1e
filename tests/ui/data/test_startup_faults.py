"""Start-up meets a fault: an empty book is offered its backups (never opened as a new
book), a full disk is named and offered no restore, and a read-only book is said at once
and then opened to look at. The real ``run_gui`` in a child process (``startup_driver``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from relbook.services import backup
from relbook.store.db import close_database
from tests.conftest import fill_disk, remount
from tests.ui.data.test_startup_backups import make_book, start_app


def test_an_empty_book_is_offered_its_newest_backup(tmp_path: Path) -> None:
    book = tmp_path / "shop.sqlite3"
    make_book(book, 25)
    good = backup.backup_now(now=dt.datetime(2026, 5, 1, 8)).path
    close_database()
    book.write_bytes(b"")  # the content lost (a full disk, a power cut mid-copy)
    for extra in ("-wal", "-shm"):
        Path(f"{book}{extra}").unlink(missing_ok=True)
    seen = start_app(book, "return")
    assert "empty (0 bytes)" in seen["headline"]
    assert seen["selected"] == str(good)
    assert seen["status"] == 0 and seen["contacts"] == 25  # restored, not a new empty book


def test_quitting_leaves_an_empty_book_empty(tmp_path: Path) -> None:
    book = tmp_path / "shop.sqlite3"
    make_book(book, 3)
    backup.backup_now()
    close_database()
    book.write_bytes(b"")
    seen = start_app(book, "escape")
    assert seen["status"] == 2 and book.stat().st_size == 0


def test_a_full_disk_is_named_and_no_restore_is_offered(mount_tmpfs) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    make_book(book, 20)
    backup.backup_now()
    close_database()
    fill_disk(disk)
    before = book.read_bytes()
    seen = start_app(book, "return")
    assert seen["status"] == 2
    assert "rows" not in seen  # no recovery dialog: a full disk is no damage
    ((kind, _title, text),) = seen["boxes"]
    assert kind == "critical" and "is full" in text and "damaged" not in text
    assert book.read_bytes() == before


def test_a_read_only_book_is_said_at_once_then_opened_to_look(mount_tmpfs) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    make_book(book, 20)
    close_database()
    remount(disk, read_only=True)
    try:
        seen = start_app(book, "return")
    finally:
        remount(disk, read_only=False)
    ((kind, title, text),) = seen["boxes"]
    assert kind == "warning" and "read-only" in title and "nothing can be saved" in text
    assert seen["status"] == 0 and seen["contacts"] == 20
