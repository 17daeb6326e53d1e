"""Real faults, by their real names, and never at the cost of data.

A real full disk (a small tmpfs, filled up) under a running till, at the command line
and at start-up; a book on a disk remounted read-only, and one whose folder relbook may
not write; an existing 0-byte book. Each gives its own plain message (never "damaged"
for a full disk, never exit 70), nothing half-done is stored, and once the fault is gone
the same book carries on with every earlier sale in it and its ledger sound.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relbook import cli
from relbook.errors import DiskFullError, ReadOnlyBookError, StoreError
from relbook.services import contacts, plugins
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.store.db import close_database, database, is_read_only, open_database
from relbook.store.models import Sale
from tests.conftest import fill_disk, remount


def _book_with_sales(path: Path, people: int = 12) -> list[int]:
    open_database(path)
    plugins.load_all()
    ids = []
    for i in range(people):
        cid = contacts.create_contact(ContactInput(given_name=f"Guest{i}")).contact_id
        sales.record_sale(cid, 900 + i)
        ids.append(cid)
    return ids


def _line(capsys) -> str:
    (line,) = capsys.readouterr().err.strip().splitlines()
    return line


# -- a full disk ------------------------------------------------------------------------------


def test_a_sale_on_a_full_disk_says_so_and_the_till_carries_on(mount_tmpfs) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    ids = _book_with_sales(book)
    filler = fill_disk(disk)
    with pytest.raises(DiskFullError) as caught:
        for n in range(200):  # the WAL has some room left in its last page or two
            sales.record_sale(ids[n % len(ids)], 1_000 + n, client_token=f"full-{n}")
    message = str(caught.value)
    assert "disk holding the customer book" in message and "is full" in message
    assert "damaged" not in message and "nothing was recorded" in message
    recorded = Sale.select().count()
    filler.unlink()
    again = sales.record_sale(ids[0], 1_234, client_token="after-the-disk-was-freed")
    assert not again.duplicate and Sale.select().count() == recorded + 1
    assert ledger.check() == []
    close_database()


def test_the_command_line_names_a_full_disk_and_exits_2(mount_tmpfs, capsys) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    _book_with_sales(book)
    close_database()
    before = _count_sales(book)
    filler = fill_disk(disk)
    status = cli.main(["sale", "--contact", "1", "--amount", "5.00", "--db", str(book)])
    line = _line(capsys)
    assert status == 2, line
    assert "is full" in line and "damaged" not in line
    status = cli.main(["check", "--db", str(book)])
    assert status == 2 and "is full" in _line(capsys)  # even reading needs its -shm file
    filler.unlink()
    assert cli.main(["check", "--db", str(book)]) == 0
    assert _count_sales(book) == before
    capsys.readouterr()


def _count_sales(book: Path) -> int:
    open_database(book, backup=False)
    try:
        return Sale.select().count()
    finally:
        close_database()


def test_a_full_disk_at_start_is_no_damage_and_offers_no_restore(mount_tmpfs) -> None:
    from relbook.services import backup

    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    _book_with_sales(book)
    backup.backup_now()
    close_database()
    fill_disk(disk)
    with pytest.raises(DiskFullError):
        open_database(book)
    assert backup.check_at_start(book).ok  # not damage: no older backup is offered


def test_a_new_book_on_a_full_disk_leaves_nothing_behind(mount_tmpfs) -> None:
    disk = mount_tmpfs(512)
    fill_disk(disk, leave=40 * 1024)
    book = disk / "new.sqlite3"
    with pytest.raises(DiskFullError, match="No new customer book could be made"):
        open_database(book)
    assert sorted(p.name for p in disk.iterdir()) == ["filler.bin"]


# -- read-only -------------------------------------------------------------------------------


def test_a_read_only_book_opens_to_look_and_refuses_to_record(mount_tmpfs, capsys) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    ids = _book_with_sales(book)
    close_database()
    remount(disk, read_only=True)
    try:
        open_database(book)
        assert is_read_only()
        assert Sale.select().count() == len(ids)
        with pytest.raises(ReadOnlyBookError, match="read-only") as caught:
            sales.record_sale(ids[0], 500)
        assert "nothing was recorded" in str(caught.value)
        close_database()
        assert cli.main(["points", "--contact", str(ids[0]), "--db", str(book)]) == 0
        capsys.readouterr()
        status = cli.main(["sale", "--contact", str(ids[0]), "--amount", "5", "--db", str(book)])
        line = _line(capsys)
        assert status == 2 and "is read-only" in line and "nothing was recorded" in line
    finally:
        close_database()
        remount(disk, read_only=False)
    assert _count_sales(book) == len(ids)


def test_a_read_only_book_from_an_older_relbook_says_it_cannot_be_upgraded(
    mount_tmpfs,
) -> None:
    disk = mount_tmpfs(4096)
    book = disk / "shop.sqlite3"
    _book_with_sales(book, 2)
    database.obj.execute_sql(
        "DELETE FROM schema_migration WHERE name = 'm0100_no_negative_balance'"
    )
    database.obj.execute_sql("DROP TRIGGER loyalty_account_balance_not_negative_insert")
    database.obj.execute_sql("DROP TRIGGER loyalty_account_balance_not_negative_update")
    close_database()
    remount(disk, read_only=True)
    try:
        with pytest.raises(ReadOnlyBookError, match="cannot be upgraded"):
            open_database(book)
    finally:
        remount(disk, read_only=False)


_SALE_WITHOUT_RIGHTS = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_book_relbook_may_not_write_is_named_at_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    book = folder / "shop.sqlite3"
    ids = _book_with_sales(book, 3)
    close_database()
    book.chmod(0o444)
    folder.chmod(0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root writes anything, and setpriv is not there to stop it")
        prefix = _SALE_WITHOUT_RIGHTS
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "relbook", "sale", "--contact", str(ids[0]),
             "--amount", "5", "--db", str(book)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
        book.chmod(0o644)
    assert done.returncode == 2, done.stderr
    assert "is read-only" in done.stderr and "Traceback" not in done.stderr
    assert _count_sales(book) == 3


# -- an empty book ---------------------------------------------------------------------------


def test_an_existing_empty_book_is_never_taken_for_a_new_one(tmp_path: Path, capsys) -> None:
    book = tmp_path / "shop.sqlite3"
    book.write_bytes(b"")
    with pytest.raises(StoreError, match=r"is empty \(0 bytes\)"):
        open_database(book)
    assert book.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.sqlite3"]
    assert cli.main(["find", "anna", "--db", str(book)]) == 2
    line = _line(capsys)
    assert "empty (0 bytes)" in line and "restore" in line.lower()
    assert book.stat().st_size == 0


def test_an_empty_book_is_restored_from_the_command_line(tmp_path: Path, capsys) -> None:
    """What the empty-book message says to do works: ``relbook restore BACKUP --db BOOK``."""
    from relbook.services import backup

    book = tmp_path / "shop.sqlite3"
    _book_with_sales(book, 4)
    taken = backup.backup_now(tmp_path / "bk").path
    close_database()
    book.write_bytes(b"")
    for extra in ("-wal", "-shm"):
        Path(f"{book}{extra}").unlink(missing_ok=True)
    assert cli.main(["restore", str(taken), "--db", str(book), "--yes"]) == 0
    assert "in place of the empty book" in capsys.readouterr().out
    assert _count_sales(book) == 4
