"""Finding contacts: one face, ``find(text)``, whatever the database underneath.

What is searched for is capped — its first 200 characters, and of those the first 12
words — before the index sees it: every word becomes a term of the full-text query, and
a pasted page of text (8,000 words took 19 s) would hold the till. Nobody types twelve
words to find a customer; the first few already narrow the list to one.
"""

from __future__ import annotations

from relbook.store import search_index
from relbook.store.db import database
from relbook.store.search_index import Hit

__all__ = ["MAX_SEARCH_CHARS", "MAX_SEARCH_WORDS", "Hit", "capped", "find"]

MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 12


def capped(text: str) -> str:
    """The part of ``text`` a search uses: length first (cheap), then words."""
    return " ".join((text or "")[:MAX_SEARCH_CHARS].split()[:MAX_SEARCH_WORDS])


def find(text: str, *, limit: int = 50, include_archived: bool = False) -> list[Hit]:
    """Contacts matching ``text`` by name, phone digits, email, card code, personal
    details or tags; prefix and accent-insensitive; best matches first."""
    return search_index.find(
        database.obj, capped(text), limit=limit, include_archived=include_archived
    )
