"""The points ledger and the sales are append-only, enforced by the database itself.

Nothing edits or deletes a ledger row or a sale: a mistake is corrected by a new,
reasoned adjustment or a refund. Whichever code (or till, or tool) tries, the database
refuses. Two changes stay allowed, because they move a row without changing what it
says: re-pointing it to another contact (a merge and its undo) and clearing the staff
link when a staff record goes (``ON DELETE SET NULL``).
"""

from __future__ import annotations

import peewee

LEDGER_MESSAGE = "The points ledger is append-only: correct a mistake with an adjustment."
SALES_MESSAGE = "Recorded sales are never changed: correct a mistake with a refund."

#: table → (columns that never change, message)
GUARDED = {
    "points_entry": (("id", "points", "kind", "reason", "sale_id", "created_at"), LEDGER_MESSAGE),
    "sale": (
        ("id", "amount_minor", "currency", "note", "refund_of_id", "client_token", "created_at"),
        SALES_MESSAGE,
    ),
}


def _changed(columns: tuple[str, ...], distinct: str) -> str:
    parts = [f"NEW.{c} {distinct} OLD.{c}" for c in columns]
    parts.append(f"(NEW.staff_id {distinct} OLD.staff_id AND NEW.staff_id IS NOT NULL)")
    return " OR ".join(parts)


def _sqlite(db: peewee.Database, table: str, columns: tuple[str, ...], message: str) -> None:
    db.execute_sql(
        f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
    db.execute_sql(
        f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table} "
        f"WHEN {_changed(columns, 'IS NOT')} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def _postgres(db: peewee.Database, table: str, columns: tuple[str, ...], message: str) -> None:
    function = f"relbook_{table}_append_only"
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_OP = 'DELETE' OR {_changed(columns, 'IS DISTINCT FROM')} THEN "
        f"RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$"
    )
    db.execute_sql(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


def up(db: peewee.Database) -> None:
    tables = set(db.get_tables())
    make = _postgres if isinstance(db, peewee.PostgresqlDatabase) else _sqlite
    for table, (columns, message) in GUARDED.items():
        if table in tables:
            make(db, table, columns, message)
