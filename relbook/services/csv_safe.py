"""CSV that a spreadsheet opens as text: the one writer every CSV file of relbook uses.

A cell that begins like a formula (``=``, ``+``, ``-``, ``@``, their fullwidth and small
forms ``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``, or a tab, CR or line break, also after leading spaces)
is run by Excel or LibreOffice when the file is opened: ``=HYPERLINK(…)`` in a customer's
note becomes a link that sends data away. Such a cell gets a leading apostrophe, which
spreadsheets hide and treat as "this is text" (so a cell that already begins with an
apostrophe gets a second one, or the first would vanish). Plain numbers ("-4.20", "-150") are left
as they are, so amounts and points stay numbers. relbook's own CSV import takes the
apostrophe off again (``unformula``).

Every CSV relbook writes goes through ``writer`` (contacts export, sales history, the
import's rejected rows, the audit log); ``tests/services/test_csv_safe.py`` checks that
no other module makes a ``csv.writer`` of its own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

#: what a spreadsheet may read as the start of a formula
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
#: spaces a spreadsheet may skip before looking at the first character
_LEADING = " \u00a0\u3000"
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)*")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    first = text.lstrip(_LEADING)[:1]
    if first and first in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    if first == "'":  # a spreadsheet would hide it; doubled, it shows and reads back
        return "'" + text
    return text


def unformula(text: str) -> str:
    """Undo ``safe_cell``'s apostrophe (for relbook's own CSV coming back in)."""
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text


class SafeWriter:
    """``csv.writer`` whose every cell has been through ``safe_cell``."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, **options: Any) -> SafeWriter:
    """The CSV writer to use (options as for ``csv.writer``, e.g. ``lineterminator``)."""
    return SafeWriter(out, **options)
