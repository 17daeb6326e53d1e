"""Finding contacts: one face, ``find(text)``, whatever the database underneath."""

from __future__ import annotations

from relbook.store import search_index
from relbook.store.db import database
from relbook.store.search_index import Hit

__all__ = ["Hit", "find"]


def find(text: str, *, limit: int = 50, include_archived: bool = False) -> list[Hit]:
    """Contacts matching ``text`` by name, phone digits, email, card code, personal
    details or tags; prefix and accent-insensitive; best matches first."""
    return search_index.find(database.obj, text, limit=limit, include_archived=include_archived)
