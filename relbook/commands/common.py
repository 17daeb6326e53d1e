"""Helpers every subcommand shares: opening the database, printing, user mistakes.

A user mistake becomes ``UserError``; ``cli.main`` prints its one line to stderr and
returns ``EXIT_USAGE`` (2), the same status argparse uses for a bad argument.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
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
#: where a script gives the PIN of the staff member a command acts as (roles on)
PIN_ENV = "RELBOOK_PIN"


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


def open_db(
    args: argparse.Namespace,
    *,
    must_exist: bool = True,
    owner_for: str | None = None,
    missing_hint: str = "",
) -> peewee.Database:
    """Open ``args.db`` (or the default database), migrated and bound to the models, and
    sign in whoever the command acts as (``args.staff_id``; see ``sign_in``).

    With ``must_exist`` (the default) a missing SQLite file is a mistake rather than a
    reason to create an empty book: ``relbook find x --db typo.sqlite3`` must not make
    ``typo.sqlite3``. ``owner_for`` names owner-only work ("erase a customer's personal
    data"): with staff roles on, only an owner's PIN lets it run.
    """
    from relbook.store.db import open_database, parse_target

    try:
        target = parse_target(getattr(args, "db", None))
        if must_exist and target.kind == "sqlite" and target.path is not None:
            path = Path(target.path)
            if not path.exists():
                hint = missing_hint or (
                    "" if getattr(args, "db", None) else " (run relbook once to create it)"
                )
                fail(f"There is no database at {path}{hint}.")
        db = open_database(target)
    except StoreError as exc:
        fail(str(exc))
    args.staff_id = sign_in(args, owner_for=owner_for)
    return db


def add_staff_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--staff",
        metavar="NAME",
        help=f"who is acting (default: the owner); with staff roles on, their PIN is asked "
        f"for (scripts: set {PIN_ENV})",
    )


def sign_in(args: argparse.Namespace, *, owner_for: str | None = None) -> int | None:
    """The staff member a command acts as, checked the way the till checks them.

    Roles off: ``--staff NAME`` if given (else None: the owner, see ``acting_staff``).
    Roles on: ``--staff NAME`` or the first owner, whose PIN is read from the
    environment variable RELBOOK_PIN (scripts) or asked for without echo on a terminal;
    a wrong PIN counts towards the same throttle as at the till, and owner-only work is
    refused to staff before any PIN is asked."""
    from relbook.services.staff import access, audit

    name = getattr(args, "staff", None)
    if not access.roles_enabled():
        staff_id = _staff_named(name) if name else None
        if staff_id is not None:
            audit.set_actor(staff_id)
        return staff_id
    staff_id = _staff_named(name) if name else _first_owner()
    if staff_id is None:
        fail("Staff roles are on but there is no active owner; say who you are with --staff.")
    if owner_for:
        access.require_owner(staff_id, owner_for)
    pin = _read_pin(_name_of(staff_id))
    access.switch_user(staff_id, pin)
    if access.pin_too_short(staff_id, pin):
        error_line(access.SHORT_PIN_ADVICE)
    audit.set_actor(staff_id)
    return staff_id


def acting_staff(args: argparse.Namespace) -> int:
    """The id to record as having done the work: the signed-in person, or (roles off,
    no --staff) the shop's first owner, made on first use."""
    staff_id = getattr(args, "staff_id", None)
    if staff_id is not None:
        return int(staff_id)
    from relbook.services import staff

    staff.ensure_default()
    return _first_owner() or staff.ensure_default()


def _read_pin(name: str) -> str:
    pin = os.environ.get(PIN_ENV)
    if pin is not None:
        return pin
    if sys.stdin.isatty():
        try:
            return getpass.getpass(f"PIN for {name}: ")
        except EOFError:
            fail("No PIN was given; nothing was done.")
    fail(
        f"Staff roles are on: relbook needs {name}'s PIN. Run the command in a terminal to "
        f"be asked for it, or give it to a script in the environment variable {PIN_ENV}."
    )


def _staff_named(name: str) -> int:
    from relbook.services import staff

    wanted = " ".join(name.split()).casefold()
    for row in staff.list_staff():
        if row.name.casefold() == wanted:
            return row.id
    fail(f"There is no active staff member called “{name}” (see Settings → Staff in the app).")


def _first_owner() -> int | None:
    from relbook.services import staff

    owners = [row.id for row in staff.list_staff() if row.role == "owner"]
    return min(owners) if owners else None


def _name_of(staff_id: int) -> str:
    from relbook.services import staff

    return staff.name_of(staff_id) or f"staff member {staff_id}"


def confirm(
    args: argparse.Namespace, question: str, *, nothing_done: str, details: str = ""
) -> None:
    """Ask before something that cannot be undone. ``--yes`` answers for a script; with no
    terminal to ask on and no ``--yes``, nothing is done (a piped or scheduled command
    must never erase or replace the book by accident)."""
    if getattr(args, "yes", False):
        return
    if not sys.stdin.isatty():
        fail(f"{nothing_done} It asks for confirmation: run it in a terminal, or add --yes.")
    if details:
        print(details)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        fail(nothing_done)


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
