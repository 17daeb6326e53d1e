"""The base model every table inherits: bound to the database proxy."""

from __future__ import annotations

import datetime as dt

import peewee

from relbook.store.db import database


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: SQLite and PostgreSQL store it the same way."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False
