"""The command line meets another till holding the book past the wait: one plain line,
exit status 2 (a fault to wait out, not a bug: never 70), nothing recorded; the same
command goes through once the other till lets go."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relbook import cli
from relbook.store import concurrency
from relbook.store import db as store_db
from relbook.store.db import close_database, open_database
from relbook.store.models import Sale
from tests.ui.counter.test_counter_faults import HOLD


def test_another_till_holding_the_book_is_one_line_and_exit_2(
    make_contact, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    cid = make_contact("Zoe", "Quandt")
    close_database()
    monkeypatch.setattr(concurrency, "BUSY_WAIT", 0.6)  # the waits, made short for the test
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "busy_timeout", 300)
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "holding"
        args = ["sale", "--contact", str(cid), "--amount", "4.20", "--db", str(db_path)]
        assert cli.main(args) == 2
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert (
            line == "relbook: Another till is busy — try again in a moment. Nothing was recorded."
        )
    finally:
        other.communicate("go\n", timeout=30)
    assert cli.main(args) == 0
    open_database(db_path, backup=False)
    assert [s.amount_minor for s in Sale.select()] == [420]
