"""Several tills writing at once: named locks and the quiet retry.

Every write transaction already takes its lock before its first read (``engines``:
SQLite ``BEGIN IMMEDIATE``; PostgreSQL row locks and conditional UPDATEs in the services).
Two things are left here:

``hold(kind, key)`` serialises work on one thing that has no row to lock yet (a
customer's first points account, a referrer's reward count, the day's expiry run). On
PostgreSQL it is a transaction-scoped advisory lock; on SQLite the transaction already
holds the book's only write lock, so it costs nothing.

``retried`` runs a service call again when its transaction failed for a reason that
passes by itself: another till held a lock past the engine's wait, PostgreSQL chose this
transaction as a deadlock victim, or the server restarted (the call reconnects). The
cashier sees nothing but a short wait. Only when ``BUSY_WAIT`` seconds pass does the
plain error come (``TillBusyError``: "Another till is busy — try again in a moment",
nothing recorded). Work that may run twice only with a client token (a sale) says so
with ``idempotent=True``; anything else is not re-run after a connection died during its
COMMIT — it may have landed — and the cashier is asked to look before trying again.
"""

from __future__ import annotations

import contextlib
import functools
import random
import time
import zlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import peewee

from relbook.errors import RelbookError, ServerGoneError
from relbook.store import faults
from relbook.store.db import database

#: seconds a call may spend waiting for other tills (and a restarting server) in all;
#: as long as SQLite's own busy timeout, so one full wait there is the end of it
BUSY_WAIT = 10.0

P = ParamSpec("P")
R = TypeVar("R")


def hold(kind: str, key: int) -> None:
    """Lock ``(kind, key)`` until the current transaction ends (PostgreSQL; on SQLite the
    transaction's write lock already covers it). Call it inside ``database.atomic()``."""
    db = database.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        space = zlib.crc32(kind.encode("utf-8")) & 0x7FFFFFFF
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (space, int(key) & 0x7FFFFFFF))


def retried(
    func: Callable[P, R] | None = None, *, idempotent: bool = False
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service call that writes: quiet retries, then a plain-words error."""

    def wrap(inner: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(inner)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            db = database.obj
            if db is None or db.in_transaction():
                return inner(*args, **kwargs)  # the caller's transaction decides
            deadline = time.monotonic() + BUSY_WAIT
            pause = 0.02
            while True:
                try:
                    return inner(*args, **kwargs)
                except RelbookError:
                    raise
                except Exception as exc:
                    kind = faults.kind_of(exc)
                    if kind not in faults.TRANSIENT:
                        if kind is None:
                            raise
                        raise _plain(exc) from exc
                    if kind == "gone" and _during_commit(exc) and not idempotent:
                        raise ServerGoneError(_UNSURE) from exc
                    if time.monotonic() + pause > deadline:
                        raise _plain(exc) from exc
                    if kind == "gone":
                        _drop_connection(db)
                    time.sleep(pause * random.uniform(0.5, 1.5))
                    pause = min(pause * 2, 0.5)

        return run

    return wrap(func) if func is not None else wrap


_UNSURE = (
    "The connection to the database server broke while this was being saved, so relbook "
    "cannot tell whether it was. Look at the customer's history before trying again."
)


def _plain(exc: BaseException) -> Exception:
    fault = faults.explain(exc)
    assert fault is not None  # every kind faults.kind_of names has its words
    return fault


def _during_commit(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "relbook_during_commit", False):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _drop_connection(db: peewee.Database) -> None:
    """Forget a dead connection; the next statement connects afresh."""
    with contextlib.suppress(peewee.PeeweeException):
        db.close()
