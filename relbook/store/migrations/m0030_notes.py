"""Note templates and the record of notes printed (or skipped) per contact."""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Contact(Frozen):
        class Meta:
            table_name = "contact"

    class Staff(Frozen):
        class Meta:
            table_name = "staff"

    class NoteTemplate(Frozen):
        name = peewee.CharField(max_length=80, unique=True)
        occasion = peewee.CharField(max_length=24)
        text = peewee.TextField()
        builtin = peewee.BooleanField(default=False)
        updated_at = peewee.DateTimeField()

    class SentNote(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        occasion = peewee.CharField(max_length=24)
        reason = peewee.CharField(max_length=200, default="")
        text = peewee.TextField(default="")
        template_name = peewee.CharField(max_length=80, default="")
        event_key = peewee.CharField(max_length=80, null=True, unique=True)
        status = peewee.CharField(max_length=10, default="printed")
        seed = peewee.IntegerField(default=0)
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        created_at = peewee.DateTimeField(index=True)

    db.create_tables([NoteTemplate, SentNote])
