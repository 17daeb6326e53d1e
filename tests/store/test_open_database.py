"""Opening databases: the right settings, and files relbook must not touch are refused
with plain words and left byte-for-byte as they were."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from relbook.errors import StoreError
from relbook.store import migrations
from relbook.store.db import close_database, open_database, parse_target


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """What "never written to" means: same bytes, same modification time, and no journal,
    WAL, shared-memory or backup file left beside it."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _assert_plain(message: str) -> None:
    assert "Traceback" not in message and "\n" not in message
    assert len(message) < 300


def test_fresh_database_gets_every_migration_wal_and_foreign_keys(db, db_path: Path) -> None:
    assert migrations.applied(db) == [m.name for m in migrations.available()]
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL: durable
    with pytest.raises(peewee.IntegrityError):  # foreign keys are enforced
        db.execute_sql(
            "INSERT INTO phone (contact_id, label, raw, digits, position) "
            "VALUES (999, 'mobile', '123', '123', 0)"
        )


def test_reopening_a_current_database_changes_nothing(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    before = _bytes(db_path)
    db = open_database(db_path)
    assert migrations.pending(db) == []
    close_database()
    assert _bytes(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))  # nothing to upgrade: no backup


def test_opening_an_up_to_date_book_imports_no_migration_step(db, db_path: Path) -> None:
    """Every start opens a current book: only the names of the steps are read."""
    code = (
        "import sys; from relbook.store.db import open_database; "
        "open_database(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith('relbook.store.migrations.')))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _old_database(path: Path) -> None:
    """A database as the first relbook made it: only m0001 applied."""
    from relbook.store.migrations import m0001_foundation

    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal"})
    db.connect()
    db.execute_sql(
        f"CREATE TABLE {migrations.TABLE} (name VARCHAR(100) PRIMARY KEY, "
        "applied_at VARCHAR(32) NOT NULL)"
    )
    m0001_foundation.up(db)
    db.execute_sql(
        f"INSERT INTO {migrations.TABLE} VALUES ('m0001_foundation', '2025-01-01T00:00:00')"
    )
    values = {"given_name": "Ólafur", "family_name": "Jónsson",
              "display_name": "Ólafur Jónsson", "sort_name": "jonsson olafur",
              "created_at": "2025-01-01 09:00:00", "updated_at": "2025-01-01 09:00:00"}  # fmt: skip
    for _, name, _type, notnull, default, pk in db.execute_sql("PRAGMA table_info(contact)"):
        if notnull and default is None and not pk:
            values.setdefault(name, "")
    marks = ", ".join("?" * len(values))
    db.execute_sql(
        f"INSERT INTO contact ({', '.join(values)}) VALUES ({marks})", list(values.values())
    )
    db.close()


def test_older_database_upgrades_itself_after_a_backup(db_path: Path) -> None:
    _old_database(db_path)
    db = open_database(db_path)
    assert migrations.applied(db) == [m.name for m in migrations.available()]
    close_database()
    backups = list(db_path.parent.glob(f"{db_path.name}.before-m0002*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    try:
        assert [r[0] for r in con.execute("SELECT name FROM schema_migration")] == [
            "m0001_foundation"
        ]
        assert con.execute("SELECT display_name FROM contact").fetchone()[0] == "Ólafur Jónsson"
    finally:
        con.close()


def test_older_database_contacts_are_found_after_the_upgrade(db_path: Path) -> None:
    from relbook.services.contacts.search import find

    _old_database(db_path)
    open_database(db_path)
    try:
        assert [h.display_name for h in find("olaf")] == ["Ólafur Jónsson"]
    finally:
        close_database()


def test_database_from_a_newer_relbook_is_refused_untouched(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute_sql(f"INSERT INTO {migrations.TABLE} VALUES ('m9999_future', '2030-01-01')")
    close_database()
    before = _snapshot(db_path)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    message = str(err.value)
    _assert_plain(message)
    assert "newer relbook" in message and "m9999_future" in message
    assert _snapshot(db_path) == before


def test_sqlite_file_of_another_program_is_refused_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)  # rollback journal, as most programs leave it
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()
    before = _snapshot(db_path)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    _assert_plain(str(err.value))
    assert "not relbook's" in str(err.value)
    assert _snapshot(db_path) == before


def test_random_bytes_are_not_a_database(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(8192))
    before = _snapshot(db_path)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    _assert_plain(str(err.value))
    assert "not a relbook database" in str(err.value)
    assert _snapshot(db_path) == before


def test_text_file_is_not_a_database(db_path: Path) -> None:
    db_path.write_text("name,phone\nAnna,555\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not a relbook database"):
        open_database(db_path)
    assert db_path.read_text(encoding="utf-8") == "name,phone\nAnna,555\n"


def test_truncated_database_is_damaged_and_left_alone(db_path: Path, make_contact) -> None:
    for i in range(300):
        make_contact(f"Anna{i}", "Schmidt", notes="x" * 500)
    close_database()
    full = _bytes(db_path)
    db_path.write_bytes(full[: len(full) // 2])
    before = _snapshot(db_path)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    _assert_plain(str(err.value))
    assert "damaged" in str(err.value)
    assert _snapshot(db_path) == before


def test_a_scribbled_page_inside_the_file_is_damage_too(db_path: Path, make_contact) -> None:
    """A disk error in the middle of the file (not a short file): the header still says
    SQLite, the integrity check finds the fault, and the file is left as it is."""
    for i in range(300):
        make_contact(f"Anna{i}", "Schmidt", notes="x" * 500)
    close_database()
    con = sqlite3.connect(db_path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.execute("PRAGMA journal_mode = DELETE")  # fold the WAL in: one file to damage
    con.close()
    data = bytearray(db_path.read_bytes())
    for page in (3, 5, 8):
        start = page * page_size + 8
        data[start : start + 200] = os.urandom(200)
    db_path.write_bytes(bytes(data))
    before = _snapshot(db_path)
    with pytest.raises(StoreError) as err:
        open_database(db_path)
    _assert_plain(str(err.value))
    assert "damaged" in str(err.value)
    assert _snapshot(db_path) == before


def test_folder_and_missing_folder_give_plain_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_database(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "shop.sqlite3")
    assert not (tmp_path / "nowhere").exists()


_OPEN_AS_ANOTHER_USER = """
import sys
from relbook.errors import StoreError
from relbook.store.db import open_database
try:
    open_database(sys.argv[1])
except StoreError as exc:
    print(exc)
else:
    print("opened")
"""


_NO_POWER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def _open_without_rights(path: Path) -> str:
    """Open ``path`` in a child process that lacks root's power to read anything
    (root keeps its uid but loses the capabilities that bypass file permissions)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads anything, and setpriv is not there to stop it")
        prefix = _NO_POWER
    proc = subprocess.run(
        [*prefix, sys.executable, "-c", _OPEN_AS_ANOTHER_USER, str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _folder_state(path: Path) -> tuple[int, list[str]]:
    return path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_unreadable_file_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    db_path.chmod(0)
    try:
        before = _folder_state(db_path)
        message = _open_without_rights(db_path)
        assert message == f"relbook may not read {db_path}; check the file's permissions."
        assert _folder_state(db_path) == before
    finally:
        db_path.chmod(0o600)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_folder_without_write_permission_is_named(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        message = _open_without_rights(locked / "shop.sqlite3")
        assert message == f"relbook may not write in {locked}; choose another place."
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("shopping list", encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.txt is a file, not a folder"):
        open_database(tmp_path / "notes.txt" / "shop.sqlite3")
    with pytest.raises(StoreError, match=r"notes\.txt is a file, not a folder"):
        open_database(tmp_path / "notes.txt" / "deeper" / "shop.sqlite3")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "shopping list"


def test_unknown_url_scheme_is_a_plain_error() -> None:
    with pytest.raises(StoreError, match="cannot open 'mysql' databases"):
        parse_target("mysql://shop/book")


def test_sqlite_url_is_a_path(tmp_path: Path) -> None:
    target = parse_target(f"sqlite:///{tmp_path}/book.sqlite3")
    assert target.kind == "sqlite" and target.path == tmp_path / "book.sqlite3"


def _scribble_tables(path: Path, tables: tuple[str, ...]) -> None:
    """Overwrite the root page of ``tables`` with noise, as a failing disk would."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.execute("PRAGMA journal_mode = DELETE")
    marks = ", ".join("?" * len(tables))
    roots = [r[0] for r in con.execute(
        f"SELECT rootpage FROM sqlite_master WHERE name IN ({marks})", tables
    )]  # fmt: skip
    con.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page_size
        data[start : start + page_size] = os.urandom(page_size)
    path.write_bytes(bytes(data))


def test_a_big_book_is_checked_by_its_header_and_schema(
    db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FULL_CHECK_MAX the page-by-page check is skipped (seconds on a big book); a
    file cut short is still caught by the page count its header records."""
    from relbook.store import db as store_db

    for i in range(300):
        make_contact(f"Anna{i}", "Schmidt", notes="x" * 500)
    close_database()
    monkeypatch.setattr(store_db, "FULL_CHECK_MAX", 0)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    full = db_path.read_bytes()
    db_path.write_bytes(full[: len(full) * 3 // 4])
    before = _snapshot(db_path)
    with pytest.raises(StoreError, match="is damaged"):
        open_database(db_path)
    assert _snapshot(db_path) == before
    scribbled = bytearray(full)  # the schema (page 1, after the header) is always read
    scribbled[100:4096] = os.urandom(3996)
    db_path.write_bytes(bytes(scribbled))
    before = _snapshot(db_path)
    with pytest.raises(StoreError, match="is damaged and cannot be read"):
        open_database(db_path)
    assert _snapshot(db_path) == before


def test_damage_where_work_happens_is_caught_at_opening_of_a_big_book(
    db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FULL_CHECK_MAX the probe still reads every table's root and both edges: a
    scribbled root page is refused before a sale is written on top of it."""
    from relbook.store import book_file

    for i in range(300):
        make_contact(f"Anna{i}", "Schmidt", notes="x" * 500)
    close_database()
    monkeypatch.setattr(book_file, "FULL_CHECK_MAX", 0)
    _scribble_tables(db_path, ("contact", "contact_fts_data", "contact_fts_idx"))
    before = _snapshot(db_path)
    with pytest.raises(StoreError, match="is damaged"):
        open_database(db_path)
    assert _snapshot(db_path) == before


def _scribble_page_holding(path: Path, marker: bytes) -> None:
    """Overwrite the one page that holds ``marker`` (a row deep inside a table)."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    data = bytearray(path.read_bytes())
    start = data.index(marker) // page_size * page_size
    data[start + 8 : start + page_size] = os.urandom(page_size - 8)
    path.write_bytes(bytes(data))


def test_damage_met_while_working_is_named_in_plain_words(
    db_path: Path, make_contact, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from relbook import cli
    from relbook.services import contacts
    from relbook.store import book_file
    from relbook.store import db as store_db

    for i in range(300):
        notes = ("DEEPINSIDE" if i == 150 else "x") * 50
        make_contact(f"Anna{i}", "Schmidt", notes=notes)
    close_database()
    monkeypatch.setattr(book_file, "FULL_CHECK_MAX", 0)
    _scribble_page_holding(db_path, b"DEEPINSIDEDEEPINSIDE")
    open_database(db_path)  # the pages the probe reads are fine: it opens
    try:
        with pytest.raises((peewee.DatabaseError, sqlite3.DatabaseError)) as err:
            contacts.list_contacts(limit=1000)
    finally:
        close_database()
    message = store_db.damage_message(err.value)
    assert message is not None and message.startswith("The customer book file is damaged")
    assert store_db.damage_message(KeyError("x")) is None
    assert store_db.damage_message(peewee.IntegrityError("UNIQUE constraint failed")) is None
    assert cli.main(["check", "--db", str(db_path)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("relbook: The customer book file is damaged") and "Restore" in line
