"""No restore can make things worse.

A backup that is from a newer relbook, is not a whole book, or whose points do not add
up is refused before the live book is touched, and the message says the book was not
changed; nothing is restored onto a full disk or under another till; a damaged or empty
book at start-up is replaced by a checked copy with its damaged file kept. After every
refusal the live book is byte-for-byte what it was and no half-written copy is left.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relbook.errors import DiskFullError, StoreError
from relbook.services import backup, contacts
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact
from tests.conftest import fill_disk


def _dump() -> list[str]:
    return [line for line in database.obj.connection().iterdump() if "audit_entry" not in line]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".restoring-" in p.name or p.suffix == ".part"]


@pytest.fixture
def shop(db, tmp_path: Path) -> Path:
    """A book with a few customers and sales, and a good backup of it."""
    for i in range(6):
        cid = contacts.create_contact(ContactInput(given_name=f"Guest{i}")).contact_id
        sales.record_sale(cid, 1_000 + i)
    return backup.backup_now(tmp_path / "bk").path


def _edited_copy(good: Path, tmp_path: Path, *statements: str) -> Path:
    bad = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.sqlite3"
    bad.write_bytes(good.read_bytes())
    con = sqlite3.connect(bad)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return bad


def _refused(source: Path, db_path: Path, match: str) -> None:
    before = _dump()
    with pytest.raises(StoreError, match=match) as caught:
        backup.restore(source)
    assert "was not changed" in str(caught.value)
    assert _dump() == before
    assert _leftovers(db_path.parent) == []
    assert ledger.check() == []


def test_a_backup_from_a_newer_relbook_is_refused(shop: Path, db_path: Path, tmp_path) -> None:
    newer = _edited_copy(shop, tmp_path, "INSERT INTO schema_migration VALUES "
                         "('m9999_from_the_future', '2030-01-01')")  # fmt: skip
    _refused(newer, db_path, "newer relbook")


def test_a_two_table_fake_is_not_a_whole_book(db, db_path: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.sqlite3"
    con = sqlite3.connect(fake)
    con.execute("CREATE TABLE schema_migration (name TEXT PRIMARY KEY, applied_at TEXT)")
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, display_name TEXT)")
    names = [m.name for m in __import__("relbook.store.migrations").store.migrations.available()]
    con.executemany("INSERT INTO schema_migration VALUES (?, '2026-01-01')", [(n,) for n in names])
    con.commit()
    con.close()
    _refused(fake, db_path, "not a whole relbook book")


def test_a_backup_whose_points_do_not_add_up_is_refused(shop: Path, db_path, tmp_path) -> None:
    bent = _edited_copy(shop, tmp_path, "UPDATE loyalty_account SET balance = balance + 7")
    _refused(bent, db_path, "points do not add up")


def test_a_damaged_backup_is_refused(shop: Path, db_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(shop.read_bytes())
    page = 4096
    data[3 * page + 8 : 4 * page] = b"\xff" * (page - 8)
    damaged.write_bytes(bytes(data))
    before = _dump()
    with pytest.raises(StoreError):
        backup.restore(damaged)
    assert _dump() == before and _leftovers(db_path.parent) == []


def test_nothing_is_restored_onto_a_full_disk(mount_tmpfs, tmp_path: Path) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    open_database(book)
    for i in range(30):
        contacts.create_contact(ContactInput(given_name=f"Disk{i}", notes="n" * 300))
    big = backup.backup_now(tmp_path / "bk").path
    contacts.create_contact(ContactInput(given_name="After the backup"))
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    fill_disk(disk, leave=64 * 1024)
    before = _dump()
    with pytest.raises(DiskFullError) as caught:
        backup.restore(big, safety_folder=tmp_path / "safety")
    message = str(caught.value)
    assert "not enough room" in message and "was not changed" in message
    assert _dump() == before and _leftovers(disk) == []
    assert Contact.select().where(Contact.given_name == "After the backup").exists()
    close_database()


def test_a_book_another_till_has_open_is_not_swapped_under_it(shop: Path, db_path: Path) -> None:
    other = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT COUNT(*) FROM contact').fetchall(); print('open', flush=True); "
         "time.sleep(60)", str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "open"
        contacts.create_contact(ContactInput(given_name="Later"))
        before = _dump()
        with pytest.raises(StoreError, match="Another till") as caught:
            backup.restore(shop)
        assert "was not changed" in str(caught.value)
        assert _dump() == before and _leftovers(db_path.parent) == []
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    time.sleep(0.1)
    backup.restore(shop)  # with the other till closed it goes through
    assert not Contact.select().where(Contact.given_name == "Later").exists()


def test_an_empty_book_at_start_is_replaced_by_a_checked_copy(shop: Path, db_path: Path) -> None:
    close_database()
    db_path.write_bytes(b"")
    for extra in ("-wal", "-shm"):
        Path(f"{db_path}{extra}").unlink(missing_ok=True)
    check = backup.check_at_start(db_path)
    assert not check.ok and "empty (0 bytes)" in check.problem
    assert check.newest_good is not None and check.newest_good.path == shop
    assert backup.recover_from(shop, db_path) is None  # nothing to keep of an empty file
    open_database(db_path)
    assert Contact.select().count() == 6 and ledger.check() == []
    assert _leftovers(db_path.parent) == []


def test_a_damaged_book_is_kept_aside_byte_for_byte(shop: Path, db_path: Path) -> None:
    close_database()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\x07" * 3996  # the schema page scribbled
    db_path.write_bytes(bytes(data))
    assert not backup.check_at_start(db_path).ok
    aside = backup.recover_from(shop, db_path)
    assert aside is not None and aside.read_bytes() == bytes(data)
    open_database(db_path)
    assert Contact.select().count() == 6


def test_recovery_at_start_on_a_full_disk_leaves_the_damaged_book_as_it_was(
    mount_tmpfs, tmp_path: Path
) -> None:
    """The issue's story: Restore pressed at start-up on a full disk left a 0-byte book."""
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    open_database(book)
    for i in range(30):
        contacts.create_contact(ContactInput(given_name=f"Disk{i}", notes="n" * 300))
    good = backup.backup_now(tmp_path / "bk").path
    close_database()
    data = bytearray(book.read_bytes())
    data[100:4096] = b"\x07" * 3996  # damaged as well as on a full disk
    book.write_bytes(bytes(data))
    fill_disk(disk, leave=16 * 1024)
    with pytest.raises(DiskFullError, match="not enough room"):
        backup.recover_from(good, book)
    assert book.read_bytes() == bytes(data)  # never a 0-byte book
    assert _leftovers(disk) == [] and not list(disk.glob("*.damaged-*"))
