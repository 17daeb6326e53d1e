"""Undo at the till: the ``reversal`` table, one row per thing undone.

A points redemption, a voucher redemption or a sale undone from History keeps what was
undone (``kind``, ``target_id``), for whom, by whom, why, and the rows that undid it (the
reversing ledger row, the refund). ``(kind, target_id)`` is unique, so two tills can
never undo the same thing twice. Like the ledger it is append-only, enforced by the
database (a merge may still move a row to the kept contact).
"""

from __future__ import annotations

import peewee

MESSAGE = "Undo records are never changed: an undo cannot itself be undone or edited."
FROZEN = ("id", "kind", "target_id", "reason", "entry_id", "refund_id", "created_at")


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Contact(Frozen):
        pass

    class Staff(Frozen):
        pass

    class PointsEntry(Frozen):
        class Meta:
            table_name = "points_entry"

    class Sale(Frozen):
        pass

    class Reversal(Frozen):
        kind = peewee.CharField(max_length=16)
        target_id = peewee.IntegerField()
        contact = peewee.ForeignKeyField(Contact, on_delete="RESTRICT")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        reason = peewee.TextField()
        entry = peewee.ForeignKeyField(PointsEntry, null=True, on_delete="RESTRICT")
        refund = peewee.ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
        created_at = peewee.DateTimeField()

        class Meta:
            indexes = ((("kind", "target_id"), True), (("contact", "created_at"), False))

    db.create_tables([Reversal])
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgres(db)
    else:
        _sqlite(db)


def _changed(distinct: str) -> str:
    parts = [f"NEW.{c} {distinct} OLD.{c}" for c in FROZEN]
    parts.append(f"(NEW.staff_id {distinct} OLD.staff_id AND NEW.staff_id IS NOT NULL)")
    return " OR ".join(parts)


def _sqlite(db: peewee.Database) -> None:
    db.execute_sql(
        "CREATE TRIGGER reversal_append_only_delete BEFORE DELETE ON reversal "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )
    db.execute_sql(
        "CREATE TRIGGER reversal_append_only_update BEFORE UPDATE ON reversal "
        f"WHEN {_changed('IS NOT')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )


def _postgres(db: peewee.Database) -> None:
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION relbook_reversal_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' OR {_changed('IS DISTINCT FROM')} "
        f"THEN RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW; END $$"
    )
    db.execute_sql(
        "CREATE TRIGGER reversal_append_only BEFORE UPDATE OR DELETE ON reversal "
        "FOR EACH ROW EXECUTE FUNCTION relbook_reversal_append_only()"
    )
