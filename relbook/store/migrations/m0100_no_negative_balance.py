"""A points balance can never go below zero: the database itself refuses it.

The services spend points with one conditional UPDATE (``balance + n >= 0``), so two
tills can no longer both spend the last points. This step backs that rule with the
database: a CHECK constraint on PostgreSQL, and on SQLite (which cannot add a CHECK to an
existing table) triggers that abort any insert or update leaving a negative balance.

Books written by earlier releases on PostgreSQL may already hold negative balances (two
tills spending the same points at once). Each is brought back to zero by a new, reasoned
adjustment row — the ledger stays append-only and says what happened — and its cached
balance with it, so the constraint holds from the first moment.
"""

from __future__ import annotations

import datetime as dt

import peewee

MESSAGE = "A points balance cannot go below zero."
REASON = (
    "Balance was below zero (the same points were spent twice at two tills at once); "
    "set back to zero when relbook was upgraded"
)


def _repair(db: peewee.Database, mark: str) -> None:
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    below = db.execute_sql(
        "SELECT contact_id, SUM(points) FROM points_entry GROUP BY contact_id "
        "HAVING SUM(points) < 0"
    ).fetchall()
    for contact_id, total in below:
        db.execute_sql(
            "INSERT INTO points_entry (contact_id, points, kind, reason, created_at) "
            f"VALUES ({mark}, {mark}, 'adjust', {mark}, {mark})",
            (contact_id, -int(total), REASON, stamp),
        )
    db.execute_sql("UPDATE loyalty_account SET balance = 0 WHERE balance < 0")


def up(db: peewee.Database) -> None:
    if "loyalty_account" not in db.get_tables():
        return
    if isinstance(db, peewee.PostgresqlDatabase):
        _repair(db, "%s")
        db.execute_sql(
            "ALTER TABLE loyalty_account ADD CONSTRAINT loyalty_account_balance_not_negative "
            "CHECK (balance >= 0)"
        )
        return
    _repair(db, "?")
    for event in ("INSERT", "UPDATE OF balance"):
        name = "insert" if event == "INSERT" else "update"
        db.execute_sql(
            f"CREATE TRIGGER loyalty_account_balance_not_negative_{name} BEFORE {event} "
            f"ON loyalty_account WHEN NEW.balance < 0 "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
