"""The migration runner: a book made by any earlier relbook upgrades itself after a backup;
a step that fails is rolled back; rebuilding a table never cascades into its children."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest

from relbook.errors import StoreError
from relbook.services import contacts
from relbook.services.contacts.search import find
from relbook.store import migrations
from relbook.store.db import close_database, open_database

ALL = migrations.available()


def _release(path: Path, steps: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A book as the relbook that knew only the first ``steps`` migrations left it, with
    one customer typed in by that relbook's very first version."""
    monkeypatch.setattr(migrations, "available", lambda: ALL[:1])
    open_database(path)
    close_database()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO contact (given_name, family_name, display_name, sort_name, prefix, "
        "middle_name, suffix, nickname, company, street, extended, postcode, city, region, "
        "country, how_met, notes, created_at, updated_at) VALUES ('Ólafur', 'Jónsson', "
        "'Ólafur Jónsson', 'jonsson olafur', '', '', '', '', '', '', '', '', 'Reykjavík', '', "
        "'', '', '', '2025-01-01 09:00:00', '2025-01-01 09:00:00')"
    )
    con.execute(
        "INSERT INTO phone (contact_id, label, raw, e164, digits, position) "
        "VALUES (1, 'mobile', '(503) 284-1937', '+15032841937', '15032841937', 0)"
    )
    con.commit()
    con.close()
    monkeypatch.setattr(migrations, "available", lambda: ALL[:steps])
    open_database(path, backup=False)
    close_database()
    monkeypatch.undo()


@pytest.mark.parametrize("steps", range(1, len(ALL)), ids=lambda n: f"after-{ALL[n - 1].name}")
def test_a_book_from_every_earlier_release_upgrades(
    db_path: Path, steps: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _release(db_path, steps, monkeypatch)
    db = open_database(db_path)
    try:
        assert migrations.applied(db) == [m.name for m in ALL]
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1  # back on after
        (hit,) = find("olaf")
        assert hit.display_name == "Ólafur Jónsson"
        assert [h.display_name for h in find("1937")] == ["Ólafur Jónsson"]
        assert contacts.get_contact(hit.contact_id).data.city == "Reykjavík"
    finally:
        close_database()
    (backup,) = db_path.parent.glob(f"{db_path.name}.before-{ALL[steps].name}-*.bak")
    con = sqlite3.connect(backup)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM schema_migration ORDER BY name")]
        assert names == [m.name for m in ALL[:steps]]
        assert con.execute("SELECT city FROM contact").fetchone()[0] == "Reykjavík"
    finally:
        con.close()


def _with_extra_step(
    monkeypatch: pytest.MonkeyPatch, up: Callable[[peewee.Database], None]
) -> None:
    step = migrations.Migration("m0999_test_step", up)
    monkeypatch.setattr(migrations, "available", lambda: [*ALL, step])


def test_a_failing_step_is_rolled_back_and_named(
    db, db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contact("Anna", "Schmidt", phone="(503) 284-1937")
    close_database()

    def up(database: peewee.Database) -> None:
        database.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        database.execute_sql("UPDATE contact SET city = 'changed'")
        database.execute_sql("INSERT INTO no_such_table VALUES (1)")

    _with_extra_step(monkeypatch, up)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    assert "m0999_test_step" in str(err.value) and "rolled back" in str(err.value)
    monkeypatch.undo()
    db = open_database(db_path)
    try:
        assert "half_done" not in db.get_tables()
        assert db.execute_sql("SELECT city FROM contact").fetchone()[0] == ""
        assert "m0999_test_step" not in migrations.applied(db)
    finally:
        close_database()
    assert len(list(db_path.parent.glob("*.before-m0999_test_step-*.bak"))) == 1


def test_rebuilding_a_table_keeps_its_children(
    db, db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite changes a table by rebuilding it; with foreign keys enforced, dropping the
    old ``contact`` table would cascade and delete every phone."""
    cid = make_contact("Anna", "Schmidt", phone="(503) 284-1937", email="anna@example.com")
    close_database()

    def up(database: peewee.Database) -> None:
        (sql,) = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'contact'"
        ).fetchone()
        database.execute_sql(sql.replace('"contact"', '"contact_new"', 1))
        database.execute_sql("INSERT INTO contact_new SELECT * FROM contact")
        database.execute_sql("DROP TABLE contact")
        database.execute_sql("ALTER TABLE contact_new RENAME TO contact")

    _with_extra_step(monkeypatch, up)
    db = open_database(db_path)
    try:
        assert db.execute_sql("SELECT count(*) FROM phone").fetchone()[0] == 1
        assert db.execute_sql("SELECT count(*) FROM email").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        close_database()
    assert cid == 1


def test_a_step_leaving_rows_pointing_at_nothing_is_refused(
    db, db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contact("Anna", "Schmidt", phone="(503) 284-1937")
    close_database()

    def up(database: peewee.Database) -> None:
        database.execute_sql("DELETE FROM contact")  # forgets the phones that point here

    _with_extra_step(monkeypatch, up)
    with pytest.raises(StoreError, match=r"m0999_test_step.*rows in phone pointing at nothing"):
        open_database(db_path)
    monkeypatch.undo()
    db = open_database(db_path)
    try:
        assert db.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 1
    finally:
        close_database()


def test_no_backup_no_upgrade(
    db, db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contact("Anna", "Schmidt")
    close_database()
    before = db_path.read_bytes()

    def no_room(path: Path, label: str) -> Path:
        raise OSError(28, "No space left on device")

    _with_extra_step(monkeypatch, lambda database: None)
    monkeypatch.setattr(migrations, "backup_sqlite", no_room)
    with pytest.raises(StoreError, match=r"Could not make a backup.*nothing was changed"):
        open_database(db_path)
    assert db_path.read_bytes() == before
