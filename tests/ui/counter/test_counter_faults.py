"""The counter meets a fault: it says what happened in plain words, records nothing, and
the same Enter works once the fault has passed (the sale's token makes it count once).

Another till holding the book past the wait, a real full disk (tmpfs) and a book whose
disk was made read-only while the till ran, each met by typing an amount and Enter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from relbook.store.db import close_database, database, open_database
from relbook.store.models import Sale
from tests.conftest import fill_disk, remount

HOLD = (
    "import sqlite3, sys, time\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('BEGIN IMMEDIATE')\n"
    "print('holding', flush=True)\n"
    "sys.stdin.readline()\n"
    "c.execute('ROLLBACK')\n"
)


def _customer_shown(page, keys, make_contact) -> int:
    cid = make_contact("Zoe", "Quandt")
    keys.type("zoe")
    keys.enter()
    assert page.card.name.text() == "Zoe Quandt"
    assert QApplication.focusWidget() is page.sale.amount.input
    return cid


def test_another_till_holding_the_book_is_said_plainly(
    page, keys, make_contact, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relbook.store import concurrency

    _customer_shown(page, keys, make_contact)
    monkeypatch.setattr(concurrency, "BUSY_WAIT", 0.6)  # the wait, made short for the test
    database.obj.execute_sql("PRAGMA busy_timeout = 300")
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "holding"
        keys.type("8.40")
        keys.enter()
        assert (
            page.status() == "Another till is busy — try again in a moment. Nothing was recorded."
        )
        assert Sale.select().count() == 0
        assert page.sale.amount.input.text() == "8.40"  # still there for a second Enter
    finally:
        other.communicate("go\n", timeout=30)
    keys.enter()
    assert "Recorded $8.40" in page.status()
    assert Sale.select().count() == 1


@pytest.fixture
def book_on_small_disk(mount_tmpfs, qtbot, tmp_path: Path):
    disk = mount_tmpfs(4096)
    open_database(disk / "shop.sqlite3")
    yield disk
    close_database()


@pytest.fixture
def till(book_on_small_disk, qtbot):
    from relbook.services import plugins
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    widget = CounterPage(AppContext(Hub()))
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.finder.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.finder.input)
    return widget


def _make(given: str) -> int:
    from relbook.services import contacts
    from relbook.services.contacts.inputs import ContactInput

    return contacts.create_contact(ContactInput(given_name=given, family_name="Quandt")).contact_id


def test_a_full_disk_is_said_at_the_counter_and_nothing_is_lost(
    book_on_small_disk: Path, till, keys
) -> None:
    for n in range(3):  # sales already made today
        from relbook.services.counter import sales

        sales.record_sale(_make(f"Early{n}"), 500 + n)
    _customer_shown(till, keys, lambda *names: _make("Zoe"))
    filler = fill_disk(book_on_small_disk)
    said = ""
    for _ in range(60):  # the last free pages of the WAL take a few sales first
        keys.type("1.00")
        keys.enter()
        said = till.status()
        if "full" in said:
            break
    assert "The disk holding the customer book" in said and "is full" in said
    assert "nothing was recorded" in said and "damaged" not in said
    recorded = Sale.select().count()
    assert till.sale.amount.input.text() == "1.00"
    filler.unlink()
    keys.enter()
    assert "Recorded $1.00" in till.status()
    assert Sale.select().count() == recorded + 1


def test_a_read_only_book_at_the_counter_is_said_plainly(mount_tmpfs, qtbot, keys) -> None:
    """The book's disk is read-only (a write-protected stick, a remounted share): the
    counter looks customers up, and a sale is refused in plain words."""
    from relbook.services import plugins
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    disk = mount_tmpfs(4096)
    open_database(disk / "shop.sqlite3")
    _make("Zoe")
    close_database()
    remount(disk, read_only=True)
    try:
        open_database(disk / "shop.sqlite3")
        plugins.load_all()
        till = CounterPage(AppContext(Hub()))
        qtbot.addWidget(till)
        till.show()
        till.activateWindow()
        qtbot.waitActive(till)
        till.finder.input.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is till.finder.input)
        _customer_shown(till, keys, lambda *names: 0)
        keys.type("3.00")
        keys.enter()
        said = till.status()
        assert "is read-only" in said and "nothing was recorded" in said
        assert Sale.select().count() == 0
        till.close()
    finally:
        close_database()
        remount(disk, read_only=False)
