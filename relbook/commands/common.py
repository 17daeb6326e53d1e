"""Helpers every subcommand shares: opening the database, printing, user mistakes.

A user mistake becomes ``UserError``; ``cli.main`` prints its one line to stderr and
returns ``EXIT_USAGE`` (2), the same status argparse uses for a bad argument.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from relbook.errors import RelbookError, StoreError

if TYPE_CHECKING:  # peewee loads only when a command opens a database
    import peewee

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE from sysexits.h: an unexpected error inside relbook


class UserError(RelbookError):
    """A mistake the person at the keyboard can fix; shown as one line, exit status 2."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str, status: int = EXIT_USAGE) -> NoReturn:
    raise UserError(message, status)


def error_line(message: str) -> None:
    """Print one clear line to stderr, prefixed with the program name."""
    text = " ".join(str(message).split())  # one line, whatever the message held
    print(f"relbook: {text}", file=sys.stderr)


def open_db(args: argparse.Namespace, *, must_exist: bool = True) -> peewee.Database:
    """Open ``args.db`` (or the default database), migrated and bound to the models.

    With ``must_exist`` (the default) a missing SQLite file is a mistake rather than a
    reason to create an empty book: ``relbook find x --db typo.sqlite3`` must not make
    ``typo.sqlite3``.
    """
    from relbook.store.db import open_database, parse_target

    try:
        target = parse_target(getattr(args, "db", None))
        if must_exist and target.kind == "sqlite" and target.path is not None:
            path = Path(target.path)
            if not path.exists():
                hint = "" if getattr(args, "db", None) else " (run relbook once to create it)"
                fail(f"There is no database at {path}{hint}.")
        return open_database(target)
    except StoreError as exc:
        fail(str(exc))


def print_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON, keeping accents readable."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: accents that combine take none, CJK two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Print rows as a plain aligned table (widths from the widest cell per column)."""
    widths = [text_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], text_width(cell))

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - text_width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def positive_int(text: str) -> int:
    """argparse type: an id, 1 to 2^63 − 1 (the most a database row id can be), typed
    with the digits 0–9 only: a fullwidth "１" is not contact 1."""
    from relbook.errors import ValidationError
    from relbook.services.typed import record_id

    try:
        return record_id(text, field="value", label="value")
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message.removeprefix("value: ")) from None


def int_in(low: int, high: int) -> Callable[[str], int]:
    """argparse type: a whole number from ``low`` to ``high`` (days, limits, counts)."""

    def parse(text: str) -> int:
        return _whole(text, low, high)

    parse.__name__ = "whole number"  # argparse names the type in its messages
    return parse


def _whole(text: str, low: int, high: int) -> int:
    from relbook.errors import ValidationError
    from relbook.services.typed import whole_number

    try:
        return whole_number(text, field="value", label="value", low=low, high=high)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message.removeprefix("value: ")) from None
