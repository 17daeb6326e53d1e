"""The full-text search index over contacts (FTS5 on SQLite)."""

from __future__ import annotations

import peewee

from relbook.store import search_index


def up(db: peewee.Database) -> None:
    search_index.create(db)
    search_index.index_all(db)  # contacts already in the book are found at once
