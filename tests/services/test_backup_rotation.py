"""Backups that survive mistakes, on a simulated clock.

The rotation reads file names only, so a shop's year of starts and daily backups is
played fast with named placeholder files (``_take``: what ``backup_now`` does, less the
copy); the stories that matter end with real backups of a real book, read back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from relbook.services import backup, contacts
from relbook.services.backup import rotation
from relbook.services.contacts.inputs import ContactInput

pytestmark = pytest.mark.usefixtures("db")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _take(folder: Path, when: dt.datetime, operation: str = "") -> Path:
    """A backup as the folder sees it: a new file under the backup's name, then the
    rotation ``backup_now`` runs after every backup."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / rotation.file_name(when, operation)
    path.write_bytes(b"placeholder")
    rotation.rotate_folder(folder)
    return path


def _start_of_day(folder: Path, when: dt.datetime) -> None:
    """What the app does: a backup at start, then the daily one in the evening."""
    _take(folder, when)
    _take(folder, when + dt.timedelta(hours=9))


def test_a_year_of_a_shop_keeps_last_days_weeks_and_months(tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    day0 = dt.datetime(2025, 3, 1, 8, 0)
    for day in range(400):
        _start_of_day(folder, day0 + dt.timedelta(days=day))
    kept = [n for p in folder.iterdir() if (n := rotation.read_name(p))]
    stamps = sorted(n.taken_at for n in kept)
    last = day0 + dt.timedelta(days=399)
    assert stamps[-1].date() == last.date()
    assert {s.date() for s in stamps} >= {last.date() - dt.timedelta(days=i) for i in range(7)}
    months = {(s.year, s.month) for s in stamps}
    assert len(months) == 12  # a year back, month by month
    assert len(kept) <= rotation.KEEP_LAST + 7 + 4 + 12
    assert all(n.operation == "" for n in kept)


def test_restarting_after_a_mistake_never_loses_the_backup_from_before_it(
    tmp_path: Path,
) -> None:
    """The issue's story: a morning backup, a mistake at 10:00, then the owner restarts
    the app five times that day (each start takes a backup). The morning one stays."""
    folder = tmp_path / "bk"
    morning = dt.datetime(2026, 6, 2, 8, 0)
    for day in range(20):  # three weeks of ordinary days before
        _start_of_day(folder, morning - dt.timedelta(days=20 - day))
    before_mistake = backup.backup_now(folder, now=morning).path  # a real one
    contacts.create_contact(ContactInput(given_name="Typo"))  # the mistake
    for restart in range(1, 6):
        backup.backup_now(folder, now=morning + dt.timedelta(hours=2, minutes=restart))
    assert before_mistake.exists()
    assert backup.inspect(before_mistake).contacts == 0  # the book as it was at 08:00


def test_a_backup_before_a_risky_operation_stays_until_a_later_one(tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    t = dt.datetime(2026, 1, 5, 9, 0)
    first_erase = backup.backup_now(folder, now=t, operation="erase").path  # a real one
    for day in range(1, 90):  # three months of daily backups and restarts
        for hour in (8, 12, 17):
            _take(folder, t + dt.timedelta(days=day, hours=hour - 9))
    assert first_erase.exists()  # the only backup before an erasure: kept, whatever its age
    assert backup.inspect(first_erase).ok
    second_erase = _take(folder, t + dt.timedelta(days=91), "erase")
    import_one = _take(folder, t + dt.timedelta(days=92), "import")
    for day in range(93, 120):
        _take(folder, t + dt.timedelta(days=day))
    assert second_erase.exists() and import_one.exists()
    assert not first_erase.exists()  # a later one exists; it fell out of every rule
    assert second_erase.name.startswith("before-erase-")


def test_backup_before_uses_the_books_folder_and_names_the_operation(tmp_path: Path) -> None:
    taken = backup.before("merge", now=dt.datetime(2026, 2, 3, 4, 5, 6))
    assert taken is not None and taken.name == "before-merge-20260203-040506.sqlite3"
    assert taken.parent == backup.backup_folder()
    info = backup.inspect(taken)
    assert info.ok and info.taken_at == dt.datetime(2026, 2, 3, 4, 5, 6)


def test_merge_erase_and_import_each_take_a_backup_first(tmp_path: Path) -> None:
    from relbook.services.contacts import merge
    from relbook.services.import_export import importer
    from relbook.services.privacy import erase

    a = contacts.create_contact(ContactInput(given_name="Ana", family_name="Lima")).contact_id
    b = contacts.create_contact(ContactInput(given_name="Ana", family_name="Lima")).contact_id
    merge.merge(a, b)
    erase(a)
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Berg\r\nN:Berg;Bo;;;\r\nEND:VCARD\r\n")
    importer.import_files([card])
    operations = sorted(
        n.operation for p in backup.backup_folder().iterdir() if (n := rotation.read_name(p))
    )
    assert operations == ["erase", "import", "merge"]


def test_other_files_in_the_folder_are_never_touched(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"photo")
    (folder / "relbook-notes.sqlite3").write_bytes(b"not a backup name")
    t = dt.datetime(2026, 1, 1, 9)
    for day in range(60):
        _take(folder, t + dt.timedelta(days=day))
    backup.backup_now(folder, now=t + dt.timedelta(days=61))
    assert {"holiday.jpg", "relbook-notes.sqlite3"} <= set(_names(folder))
    assert len(_names(folder)) < 60


def test_a_run_of_erasures_is_covered_by_the_one_backup_before_it() -> None:
    """Erasing a list of quiet customers one by one: one backup, from before the first."""
    from relbook.services.privacy import erase

    ids = [contacts.create_contact(ContactInput(given_name=f"Quiet{i}")).contact_id
           for i in range(5)]  # fmt: skip
    for cid in ids:
        erase(cid)
    taken = [n for p in backup.backup_folder().iterdir() if (n := rotation.read_name(p))]
    assert [n.operation for n in taken] == ["erase"]
    assert backup.inspect(taken[0].path).contacts == 5  # all five still there in it
