"""Fonts the owner adds for notes and cards, stored in the database."""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    class NoteFont(peewee.Model):
        label = peewee.CharField(max_length=120)
        filename = peewee.CharField(max_length=255)
        data = peewee.BlobField()
        sha256 = peewee.CharField(max_length=64, unique=True)
        added_at = peewee.DateTimeField()

        class Meta:
            database = db
            table_name = "note_font"

    db.create_tables([NoteFont])
