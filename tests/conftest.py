"""Shared fixtures: a fresh migrated database per test; Qt always offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test ever touches the real user data folder or QSettings."""
    home = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("RELBOOK_DATA_DIR", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(autouse=True)
def _fast_pin_hashing(request: pytest.FixtureRequest, monkeypatch) -> None:
    """A PIN hash at its real cost (scrypt N=2^17, 128 MiB) takes about a second; tests
    that do not examine the hash itself use a cheap one. ``@pytest.mark.real_kdf`` keeps
    the real cost (and a subprocess always has it)."""
    if request.node.get_closest_marker("real_kdf"):
        return
    from relbook.services.staff import pins

    monkeypatch.setitem(pins.KDFS, pins.CURRENT, {"n": 2**8, "r": 8, "p": 1})
    monkeypatch.setitem(pins.KDFS, "scrypt-14", {"n": 2**7, "r": 8, "p": 1})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[peewee.Database]:
    """A fresh, migrated SQLite database bound to the models."""
    from relbook.store.db import close_database, open_database

    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def make_contact(db: peewee.Database):
    """Create a contact from keyword arguments; returns its id."""
    from relbook.services import contacts
    from relbook.services.contacts.inputs import ContactInput, EmailInput, PhoneInput

    def make(
        given: str = "Anna",
        family: str = "Schmidt",
        *,
        phone: str | None = None,
        email: str | None = None,
        **fields: object,
    ) -> int:
        data = ContactInput(given_name=given, family_name=family, **fields)  # type: ignore[arg-type]
        if phone:
            data.phones.append(PhoneInput(phone))
        if email:
            data.emails.append(EmailInput(email))
        return contacts.create_contact(data).contact_id

    return make


# -- PostgreSQL: a throw-away server the tests start themselves ------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A running PostgreSQL server for the session (``tests/pg_server.py``), or the one
    ``RELBOOK_TEST_PG_URL`` names. Skips, saying why, when neither is to be had."""
    from tests.pg_server import PostgresServer, find_binaries

    pytest.importorskip("psycopg2", reason="psycopg2 is not installed (pip install .[postgres])")
    given = os.environ.get("RELBOOK_TEST_PG_URL")
    if given:
        yield given
        return
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (no initdb, pg_ctl); apt install postgresql")
    server = PostgresServer.start(binaries)
    try:
        yield server
    finally:
        server.stop()


def pg_base_url(server: object) -> str:
    return server if isinstance(server, str) else server.url  # type: ignore[attr-defined]


@pytest.fixture
def pg_url(pg_server: object) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped after the test."""
    import uuid
    from urllib.parse import urlparse, urlunparse

    from playhouse.db_url import connect

    base = pg_base_url(pg_server)
    name = f"relbook_t_{uuid.uuid4().hex[:10]}"

    def admin_sql(sql: str) -> None:
        admin = connect(base)  # a fresh connection: a test may have restarted the server
        admin.connect()
        admin.connection().autocommit = True
        try:
            admin.execute_sql(sql)
        finally:
            admin.close()

    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(base)._replace(path=f"/{name}"))
    finally:
        from relbook.store.db import close_database

        close_database()
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- real faults: a small disk, a read-only folder --------------------------------------------


@pytest.fixture
def mount_tmpfs(tmp_path: Path) -> Iterator[object]:
    """``mount_tmpfs(size_kb, name="disk", read_only=False)``: a real little file system
    (tmpfs) under tmp_path, unmounted after the test. Skips, saying why, when this test
    run may not mount (not root, or a container that forbids it)."""
    import shutil
    import subprocess

    mounted: list[Path] = []

    def mount(size_kb: int, name: str = "disk") -> Path:
        where = tmp_path / name
        where.mkdir(exist_ok=True)
        if not shutil.which("mount") or os.geteuid() != 0:
            pytest.skip("a real full disk needs a tmpfs mount, which needs root")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
        mounted.append(where)
        return where

    yield mount

    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def fill_disk(folder: Path, *, leave: int = 0) -> Path:
    """Write a filler file in ``folder`` until its disk is full (less ``leave`` bytes)."""
    import shutil

    filler = folder / "filler.bin"
    room = shutil.disk_usage(folder).free - leave
    with open(filler, "ab") as fh:
        try:
            while room > 0:
                chunk = min(room, 64 * 1024)
                fh.write(b"\0" * chunk)
                fh.flush()
                room -= chunk
        except OSError:
            pass
    return filler


def remount(folder: Path, *, read_only: bool) -> None:
    """Make a mounted folder read-only (or writable again): even root cannot write then."""
    import subprocess

    mode = "ro" if read_only else "rw"
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)
