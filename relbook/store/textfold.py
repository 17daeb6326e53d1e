"""Folding text for search: lower case, accents removed, letters like ł and ß spelled out.

Used on both sides, the index and the query, so "jose" finds José and "lukasz" Łukasz.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
        "þ": "th", "Þ": "th", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "ı": "i", "ħ": "h", "Ħ": "h",
    }
)  # fmt: skip
_WORD = re.compile(r"[0-9a-z]+")
_NON_DIGIT = re.compile(r"\D+")


@lru_cache(maxsize=16_384)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form of ``text`` for matching (not for display).

    Cached and with an ASCII fast path: indexing a big book folds the same names and
    phrases over and over."""
    if text.isascii():
        return text.lower()  # for ASCII, casefold() is lower() and nothing decomposes
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits) of ``text``."""
    return _WORD.findall(fold(text))


def digits(text: str) -> str:
    return _NON_DIGIT.sub("", text)


def sort_key(family: str, given: str, display: str) -> str:
    """How the book is ordered: by family name, then given name, accent-insensitive."""
    key = " ".join(part for part in (family, given) if part) or display
    return fold(key).strip()
