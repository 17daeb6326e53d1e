"""The two database engines, set up for several tills writing at once.

SQLite: every transaction begins ``BEGIN IMMEDIATE``, so a service that reads a balance,
a voucher or a counter and then writes takes the write lock before its first read.
Another till's lock is then waited for (the busy timeout) instead of failing the moment
a read must turn into a write ("database is locked" after 0.6 s was the old symptom).
Readers are never blocked (WAL).

PostgreSQL: a lost connection (a server restart, a network blip) is reconnected before
a new transaction begins; one lost inside a transaction is left to the caller's retry
(``relbook.store.concurrency``), which knows whether the work may run again. A lock
wait ends after ``LOCK_TIMEOUT_MS`` with an error relbook shows as "another till is
busy", never as an endless hang.

Both: a ROLLBACK after the engine already rolled back (SQLite does so itself on a full
disk; a dead server connection cannot roll back) is skipped, so the real cause — "database
or disk is full" — reaches the person instead of "cannot rollback - no transaction is
active".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import peewee

#: how long a PostgreSQL statement waits for another till's row lock
LOCK_TIMEOUT_MS = 10_000


class SqliteBook(peewee.SqliteDatabase):
    """SQLite with write-first transactions and a rollback that cannot hide a fault."""

    def __init__(self, database: str, **kwargs: Any) -> None:
        kwargs.setdefault("lock_type", "IMMEDIATE")
        super().__init__(database, **kwargs)

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            return  # SQLite already rolled back (a full disk, an I/O error)
        super().rollback()


class ReadOnlySqliteBook(SqliteBook):
    """A book that may not be written (a read-only file, folder or disk), opened to look.

    ``database`` stays the plain path (backups and messages name it). Without a WAL file
    beside it, nobody can be writing it (a writer would have made one), so it is opened
    immutable: no lock or ``-shm`` file is needed in a folder that cannot hold one."""

    relbook_read_only = True

    def _connect(self) -> sqlite3.Connection:
        path = Path(self.database)
        mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True,
                               timeout=self._timeout, isolation_level=None)  # fmt: skip
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


class PostgresBook(peewee.PostgresqlDatabase):
    """PostgreSQL that reconnects between transactions and bounds its lock waits."""

    def __init__(self, database: str, **kwargs: Any) -> None:
        options = kwargs.get("options", "")
        if "lock_timeout" not in options:
            kwargs["options"] = f"{options} -c lock_timeout={LOCK_TIMEOUT_MS}".strip()
        super().__init__(database, **kwargs)

    def _lost(self, exc: BaseException) -> bool:
        from relbook.store.faults import kind_of

        return kind_of(exc) == "gone"

    def _again(self, func: Any, *args: Any) -> Any:
        """Run ``func``; outside a transaction, reconnect once if the server had gone."""
        try:
            return func(*args)
        except Exception as exc:
            if self.in_transaction() or not self._lost(exc):
                raise
        self.close()
        self.connect()
        return func(*args)

    def begin(self, *args: Any, **kwargs: Any) -> None:
        self._again(lambda: super(PostgresBook, self).begin(*args, **kwargs))

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        return self._again(super().execute_sql, sql, params)

    def commit(self) -> None:
        try:
            super().commit()
        except Exception as exc:
            exc.relbook_during_commit = True  # type: ignore[attr-defined]
            raise

    def rollback(self) -> None:
        if self.is_closed() or self.connection().closed:
            return  # the connection is gone: the server rolled the transaction back
        try:
            super().rollback()
        except (peewee.InterfaceError, peewee.OperationalError) as exc:
            if not self._lost(exc):
                raise
