"""Each low-level fault gets its real name, however deep it sits in the error chain.

SQLite's own errors (made for real on a small book), PostgreSQL's SQLSTATE codes, and
the chains Peewee builds (a failed ROLLBACK hiding "database or disk is full") each map
to the one error class and message meant for the shop; a bug or a broken rule is left
alone (``None``), so it still reaches the bug report.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from relbook import cli
from relbook.app import make_excepthook
from relbook.errors import (
    BookDamagedError,
    DiskFullError,
    FaultError,
    ReadOnlyBookError,
    ServerGoneError,
    TillBusyError,
)
from relbook.store.faults import explain, kind_of


def _real_sqlite_error(tmp_path: Path, how: str) -> sqlite3.Error:
    """Make SQLite itself raise: a lock held by another connection, or a read-only one."""
    path = tmp_path / "x.sqlite3"
    con = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    con.execute("CREATE TABLE IF NOT EXISTS t (x)")
    if how == "busy":
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            return exc
        finally:
            other.close()
            con.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ro.execute("INSERT INTO t VALUES (1)")
    except sqlite3.Error as exc:
        return exc
    finally:
        ro.close()
        con.close()
    raise AssertionError("SQLite did not refuse")


def test_real_sqlite_errors_are_named_by_their_codes(tmp_path: Path) -> None:
    assert isinstance(explain(_real_sqlite_error(tmp_path, "busy")), TillBusyError)
    assert isinstance(explain(_real_sqlite_error(tmp_path, "readonly")), ReadOnlyBookError)


class _PgError(Exception):
    """Stands for a psycopg2 error: what relbook reads of one is its ``pgcode``."""

    def __init__(self, pgcode: str, text: str = "") -> None:
        super().__init__(text)
        self.pgcode = pgcode


@pytest.mark.parametrize(
    ("pgcode", "expected"),
    [
        ("40P01", TillBusyError),  # deadlock: PostgreSQL chose this transaction to undo
        ("55P03", TillBusyError),  # lock_timeout
        ("53100", DiskFullError),
        ("25006", ReadOnlyBookError),
        ("57P01", ServerGoneError),  # the server shut down under the till
        ("08006", ServerGoneError),
    ],
)
def test_postgres_codes_are_named(pgcode: str, expected: type) -> None:
    assert isinstance(explain(_PgError(pgcode)), expected)


def test_a_failed_rollback_does_not_hide_a_full_disk() -> None:
    try:
        try:
            raise peewee.OperationalError("database or disk is full")
        except peewee.OperationalError:
            raise peewee.OperationalError("cannot rollback - no transaction is active")  # noqa: B904
    except peewee.OperationalError as exc:
        fault = explain(exc)
    assert isinstance(fault, DiskFullError) and "is full" in str(fault)


def test_damage_is_still_damage_and_other_errors_are_no_fault() -> None:
    assert isinstance(explain(peewee.DatabaseError("database disk image is malformed")),
                      BookDamagedError)  # fmt: skip
    assert explain(peewee.IntegrityError("UNIQUE constraint failed: sale.client_token")) is None
    assert explain(KeyError("a bug")) is None
    assert kind_of(ValueError("database is locked")) is None  # words alone, from no database


def test_the_app_shows_a_fault_in_plain_words_not_as_a_bug() -> None:
    shown: list[tuple[str, str]] = []
    hook = make_excepthook(lambda title, text: shown.append((title, text)))
    try:
        raise RuntimeError("while saving") from peewee.OperationalError("database is locked")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert shown == [("relbook", "Another till is busy — try again in a moment. "
                      "Nothing was recorded.")]  # fmt: skip


def test_the_command_line_exits_2_for_a_fault_met_mid_command(monkeypatch, capsys) -> None:
    from relbook.commands import loyalty as loyalty_commands

    def broken(_args):  # a command that meets a read-only disk part way
        raise peewee.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(loyalty_commands, "run_check", broken)
    assert cli.main(["check"]) == 2  # a user-error status, never 70
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "read-only" in line and "nothing was recorded" in line
    assert issubclass(ReadOnlyBookError, FaultError)
