"""What the printing commands share: whom to print for (contacts, a segment, the
thank-you queue), where the PDF goes, and how a batch with rows left out is reported.

A batch never stops for one bad row: the PDF holds what could be printed, exit status 0,
and a warning on stderr names each customer left out and why. When nothing at all could
be printed the command fails (status 2) with every reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relbook.commands.common import fail, positive_int


def add_who(parser: argparse.ArgumentParser, *, queue: bool = False) -> None:
    """--contact ID (repeatable) or --segment NAME (and --queue for notes)."""
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--contact",
        type=positive_int,
        action="append",
        metavar="ID",
        dest="contacts",
        help="a customer (repeat for several)",
    )
    who.add_argument("--segment", metavar="NAME", help="everyone in a saved segment")
    if queue:
        who.add_argument(
            "--queue", action="store_true", help='the "who to thank" queue (notes queue)'
        )


def add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")


def check_out(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        fail(f"--out must name a .pdf file, not “{out.name}”.")
    if str(out.parent) and not out.parent.exists():
        fail(f"The folder {out.parent} does not exist.")


def chosen_ids(args: argparse.Namespace) -> list[int]:
    """The contact ids asked for, in order (a segment: its members, by name)."""
    from relbook.errors import RelbookError
    from relbook.services.contacts import segments

    if getattr(args, "segment", None):
        try:
            ids = segments.evaluate(args.segment)
        except RelbookError as exc:
            fail(str(exc))
        if not ids:
            fail(f"Nobody is in the segment “{args.segment}” right now.")
        return ids
    return list(dict.fromkeys(args.contacts or []))


def by_post(ids: list[int], purpose: str) -> list[int]:
    """Of ``ids``, those who agreed to be written to by post; says how many were left out
    (an owner includes the rest from the app, where the choice is audited)."""
    from relbook.services.contacts import consent

    reach = consent.for_channel(ids, "mail", purpose=purpose)
    if reach.left_out:
        print(f"Note: {reach.describe()}", file=sys.stderr)
    if not reach.allowed:
        fail("Nobody chosen agreed to be written to by post; nothing was printed.")
    return list(reach.allowed)


def write_pdf(out: Path, pdf: bytes | None) -> None:
    if pdf is None:  # the services raise before this; kept as a guard for a bug
        fail("Nothing could be printed.")
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        fail(f"Could not write {out}: {exc.strerror or exc}.")


def warn_skipped(message: str) -> None:
    if message:
        print(f"Warning: {message}", file=sys.stderr)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
