"""The audit log, merge records (for undo) and staff PINs.

``AuditEntry`` is append-only: on SQLite, triggers made by migration m0050 refuse any
UPDATE or DELETE, except the one sanctioned change — blanking an entry's before/after
when the person it describes is erased (GDPR), which sets ``redacted``.

``MergeRecord`` keeps contact ids as plain integers on purpose, not as foreign keys: a
merge moves every foreign key to Contact, and the record must still name the contact
that was merged away.
"""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.settings import Staff


class AuditEntry(BaseModel):
    at = peewee.DateTimeField(default=utcnow, index=True)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    staff_name = peewee.CharField(max_length=80, default="")  # kept if the staff row goes
    action = peewee.CharField(max_length=40, index=True)  # "points.adjust", "merge", …
    subject = peewee.CharField(max_length=200, default="")  # "contact 42", "setting shop.name"
    contact_ref = peewee.IntegerField(null=True, index=True)  # plain id (see module doc)
    before = peewee.TextField(default="{}")  # JSON
    after = peewee.TextField(default="{}")  # JSON
    redacted = peewee.BooleanField(default=False)

    class Meta:
        table_name = "audit_entry"


class MergeRecord(BaseModel):
    kept_id = peewee.IntegerField(index=True)
    merged_id = peewee.IntegerField(index=True)
    merged_name = peewee.CharField(max_length=300, default="")
    state = peewee.TextField()  # JSON: everything needed to undo
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = peewee.DateTimeField(default=utcnow)
    undone_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "merge_record"


class StaffPin(BaseModel):
    staff = peewee.ForeignKeyField(Staff, unique=True, on_delete="CASCADE", backref="+")
    salt = peewee.BlobField()
    pin_hash = peewee.BlobField()
    kdf = peewee.CharField(max_length=16, default="scrypt-17")  # services.staff.pins
    failed = peewee.IntegerField(default=0)
    locked_until = peewee.DateTimeField(null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "staff_pin"
