"""Thank-you notes and cards: the templates the owner edits and every note printed."""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.contacts import Contact
from relbook.store.models.settings import Staff


class NoteTemplate(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    occasion = peewee.CharField(max_length=24)
    text = peewee.TextField()
    builtin = peewee.BooleanField(default=False)
    updated_at = peewee.DateTimeField(default=utcnow)


class SentNote(BaseModel):
    """A note on a contact's record: what it said, when, and why.

    ``event_key`` names the event it answers ("sale:42", "birthday:7:2026"); it is unique,
    so nobody is thanked twice for the same event. ``status`` is "printed" or "skipped"
    (the owner decided this event needs no card).
    """

    contact = peewee.ForeignKeyField(Contact, backref="sent_notes", on_delete="CASCADE")
    occasion = peewee.CharField(max_length=24)
    reason = peewee.CharField(max_length=200, default="")
    text = peewee.TextField(default="")
    template_name = peewee.CharField(max_length=80, default="")
    event_key = peewee.CharField(max_length=80, null=True, unique=True)
    status = peewee.CharField(max_length=10, default="printed")
    seed = peewee.IntegerField(default=0)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=utcnow, index=True)


class NoteFont(BaseModel):
    """A TrueType font the owner added (often made from their own handwriting).

    Kept in the database, not as a file path: it travels with backups and is on every
    till that shares the shop's database."""

    label = peewee.CharField(max_length=120)
    filename = peewee.CharField(max_length=255)
    data = peewee.BlobField()
    sha256 = peewee.CharField(max_length=64, unique=True)
    added_at = peewee.DateTimeField(default=utcnow)
