"""Audit log (append-only), merge records for undo, staff PINs.

The model classes below are a frozen copy of the schema as this migration creates it;
later changes go into later migrations, never here.
"""

from __future__ import annotations

import peewee

_GUARDS = (
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END",
    # the one allowed change: redacting an entry (erasure of the person it describes)
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "WHEN NOT (OLD.redacted = 0 AND NEW.redacted = 1 AND NEW.id = OLD.id "
    "AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.before = '{}' AND NEW.after = '{}') "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END",
)


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Frozen):
        class Meta:
            table_name = "staff"

    class AuditEntry(Frozen):
        at = peewee.DateTimeField(index=True)
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        staff_name = peewee.CharField(max_length=80, default="")
        action = peewee.CharField(max_length=40, index=True)
        subject = peewee.CharField(max_length=200, default="")
        contact_ref = peewee.IntegerField(null=True, index=True)
        before = peewee.TextField(default="{}")
        after = peewee.TextField(default="{}")
        redacted = peewee.BooleanField(default=False)

        class Meta:
            table_name = "audit_entry"

    class MergeRecord(Frozen):
        kept_id = peewee.IntegerField(index=True)
        merged_id = peewee.IntegerField(index=True)
        merged_name = peewee.CharField(max_length=300, default="")
        state = peewee.TextField()
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        created_at = peewee.DateTimeField()
        undone_at = peewee.DateTimeField(null=True)

        class Meta:
            table_name = "merge_record"

    class StaffPin(Frozen):
        staff = peewee.ForeignKeyField(Staff, unique=True, on_delete="CASCADE")
        salt = peewee.BlobField()
        pin_hash = peewee.BlobField()
        failed = peewee.IntegerField(default=0)
        locked_until = peewee.DateTimeField(null=True)
        updated_at = peewee.DateTimeField()

        class Meta:
            table_name = "staff_pin"

    db.create_tables([AuditEntry, MergeRecord, StaffPin])
    if isinstance(db, peewee.SqliteDatabase):
        for sql in _GUARDS:
            db.execute_sql(sql)
