"""The full-text search index over contacts (FTS5 on SQLite)."""

from __future__ import annotations

import peewee

from relbook.store import search_index


def up(db: peewee.Database) -> None:
    search_index.create(db)
