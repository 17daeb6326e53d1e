"""The running app keeps the book safe: a damaged book found at start-up is offered its
newest good backup (never replaced silently), and backups are taken at start and daily."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relbook.services import backup, contacts, plugins, settings
from relbook.services.contacts.inputs import ContactInput
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact
from relbook.ui.data.auto_backup import AutoBackup
from relbook.ui.data.recovery_dialog import RecoveryDialog

LEFT = Qt.MouseButton.LeftButton


def make_book(path: Path, people: int) -> None:
    open_database(path, backup=False)
    plugins.load_all()
    for i in range(people):
        contacts.create_contact(ContactInput(given_name=f"Guest{i}", notes="n" * 300))


def damage(path: Path) -> None:
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


@pytest.fixture
def damaged_book(tmp_path: Path) -> tuple[Path, Path]:
    """A book with a good backup of 30 contacts, then 200 more, then a failing disk."""
    book = tmp_path / "shop.sqlite3"
    make_book(book, 30)
    good = backup.backup_now(now=dt.datetime(2026, 5, 1, 8)).path
    for i in range(200):
        contacts.create_contact(ContactInput(given_name=f"Later{i}", notes="n" * 300))
    damage(book)
    return book, good


def start_app(book: Path, key: str) -> dict:
    """The real start-up in a child process, driven by keys (see startup_driver)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.data.startup_driver", str(book), key],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 0, done.stderr
    for mine in ("relbook/ui/data/", "relbook/ui/staff/", "relbook/services/backup.py"):
        assert mine not in done.stderr, done.stderr  # no traceback from start-up or backups
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_damaged_book_at_start_is_restored_from_the_newest_good_backup(damaged_book) -> None:
    book, good = damaged_book
    damaged_bytes = book.read_bytes()
    seen = start_app(book, "return")  # Return presses the default button: Restore
    assert seen["status"] == 0
    assert seen["rows"] == 1 and seen["selected"] == str(good)
    assert "damaged" in seen["headline"]
    assert seen["contacts"] == 30  # the backup's book is the one opened
    (aside,) = [
        p
        for p in book.parent.glob("shop.sqlite3.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == damaged_bytes  # kept, byte for byte
    assert "kept as shop.sqlite3.damaged-" in seen["told"][0]
    start = Path(seen["start_backup"])
    assert start.parent == good.parent and start != good  # and a backup on start


def test_quitting_leaves_the_damaged_book_as_it_is(damaged_book) -> None:
    book, _ = damaged_book
    damaged_bytes = book.read_bytes()
    seen = start_app(book, "escape")
    assert seen["status"] == 2 and seen["rows"] == 1
    assert book.read_bytes() == damaged_bytes
    assert not list(book.parent.glob("*.damaged-*"))
    assert "contacts" not in seen  # the app never opened


def test_without_a_good_backup_another_file_can_be_chosen(qtbot, tmp_path, answers) -> None:
    book = tmp_path / "shop.sqlite3"
    make_book(book, 10)
    elsewhere = backup.backup_now(tmp_path / "stick", rotate=False).path
    # the app does not know the stick: no note of it, and the book will be unreadable
    (backup.data_dir() / "backup-folders.json").unlink()
    assert elsewhere.parent not in backup.folders_of(book)
    for i in range(200):
        contacts.create_contact(ContactInput(given_name=f"Later{i}", notes="n" * 300))
    damage(book)
    dialog = RecoveryDialog(book, "database disk image is malformed")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.model().rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert "No good backup" in dialog.status.text()
    answers.saves.append(str(elsewhere))
    qtbot.mouseClick(dialog.file_button, LEFT)
    assert dialog.table.model().rowCount() == 1, dialog.status.text()
    assert dialog.restore_button.isEnabled(), (dialog.status.text(), dialog.selected())
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted
    open_database(book, backup=False)
    assert Contact.select().count() == 10


# -- automatic backups --------------------------------------------------------------------


@pytest.fixture
def window(open_main_window, make_contact):
    make_contact("Anna", "Schmidt")
    return open_main_window(start_page="contacts", background_work=False, active=False)


def test_tests_and_screenshots_take_no_automatic_backups(window) -> None:
    assert window.auto_backup is None
    assert backup.list_backups() == []


def test_a_backup_is_taken_at_start_and_then_once_a_day(qtbot, window) -> None:
    auto = AutoBackup(window, window.context)
    auto.start()
    qtbot.waitUntil(lambda: auto.last_result is not None, timeout=10_000)
    first = auto.last_result.path
    assert first.exists() and backup.inspect(first).contacts == 1
    assert "Backed up to" in window.statusBar().currentMessage()
    assert auto.timer.isActive()
    auto.last_result = None
    auto.on_daily()  # less than a day later: nothing
    qtbot.waitUntil(lambda: not auto.busy(), timeout=10_000)
    assert auto.last_result is None and len(backup.list_backups()) == 1
    yesterday = first.with_name(
        f"relbook-{(dt.datetime.now() - dt.timedelta(hours=25)):%Y%m%d-%H%M%S}.sqlite3"
    )
    first.rename(yesterday)
    auto.on_daily()
    qtbot.waitUntil(lambda: auto.last_result is not None, timeout=10_000)
    assert len(backup.list_backups()) == 2
    auto.stop()


def test_a_failing_backup_is_told_once_then_kept_in_the_status_bar(
    qtbot, window, tmp_path, answers
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.set_value("backup.folder", str(blocker / "relbook"))
    auto = AutoBackup(window, window.context)
    auto.start()
    qtbot.waitUntil(lambda: bool(auto.last_problem), timeout=10_000)
    assert len(answers.errors) == 1 and "is the stick plugged in?" in answers.errors[0]
    auto.on_daily()
    qtbot.waitUntil(lambda: not auto.busy(), timeout=10_000)
    assert len(answers.errors) == 1  # not again and again
    assert window.statusBar().currentMessage().startswith("Automatic backup failed:")
    auto.stop()
