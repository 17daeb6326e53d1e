"""``kill -9`` in the middle of an import: the book is exactly as it was before.

A real child process imports a large vCard file into the shop's database and is killed
with SIGKILL while its single transaction is half written (after some batches of new
contacts went into the WAL). SQLite must then show the book as it was, whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relbook.services import contacts, plugins
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact

plugins.load_all()

_CHILD = r"""
import sys
from relbook.services import plugins
from relbook.services.import_export import importer, writer
from relbook.store.db import open_database

db = open_database(sys.argv[1], backup=False)
db.execute_sql("PRAGMA cache_size = 64")  # a small cache: the open transaction spills
plugins.load_all()                        # its pages into the WAL, as a big import does
preview = importer.preview_files([sys.argv[2]])

def progress(done, total):
    print(f"progress {done} {total}", flush=True)
    return True

writer.commit(preview, only_good=True, progress=progress)
print("finished", flush=True)
"""


def big_vcard(path: Path, count: int) -> Path:
    cards = (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Family{i};Given{i};;;\r\nFN:Given{i} Family{i}\r\n"
        f"TEL:+1 503 555 {i % 10000:04d}\r\nEMAIL:g{i}@example.com\r\nNOTE:note {i}\r\n"
        "END:VCARD\r\n"
        for i in range(count)
    )
    path.write_text("".join(cards), encoding="utf-8")
    return path


def snapshot() -> tuple[str, ...]:
    return tuple(database.obj.connection().iterdump())


@pytest.fixture
def shop(db, db_path: Path) -> Path:
    for i in range(30):
        cid = contacts.create_contact(ContactInput(given_name=f"Regular{i}")).contact_id
        sales.record_sale(cid, 1200)
    return db_path


def test_kill_9_in_the_middle_of_an_import_leaves_the_book_as_it_was(shop, tmp_path) -> None:
    source = big_vcard(tmp_path / "many.vcf", 3000)
    before = snapshot()
    close_database()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(shop), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        for line in child.stdout:  # type: ignore[union-attr]
            seen.append(line.strip())
            if line.startswith("progress 1000 "):  # two batches written, more to come
                os.kill(child.pid, signal.SIGKILL)
                break
    finally:
        child.wait(60)
        errors = child.stderr.read()  # type: ignore[union-attr]
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL, (seen, errors)
    assert "finished" not in seen
    assert Path(f"{shop}-wal").stat().st_size > 100_000  # the half import was on disk
    open_database(shop, backup=False)
    assert snapshot() == before
    assert Contact.select().count() == 30
    assert ledger.check() == []


def test_kill_9_of_the_real_command_while_it_writes_leaves_no_half_import(shop, tmp_path) -> None:
    """The ``relbook import`` command itself, killed as soon as its WAL grows: the book
    is then as it was, or (when the kill came after the commit) holds the whole import,
    never a part of it."""
    source = big_vcard(tmp_path / "many.vcf", 4000)
    before = snapshot()
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    wal = Path(f"{shop}-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    child = subprocess.Popen(
        [sys.executable, "-m", "relbook.cli", "import", str(source), "--db", str(shop)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 256 * 1024:
            os.kill(child.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    child.wait(60)
    assert child.returncode == -signal.SIGKILL, "the import finished before it was killed"
    open_database(shop, backup=False)
    count = Contact.select().count()
    assert count in (30, 30 + 4000), f"{count - 30} of 4000 contacts half imported"
    print("killed", "before the commit" if count == 30 else "after the commit")
    if count == 30:
        assert snapshot() == before
    assert ledger.check() == []
