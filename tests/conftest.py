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
