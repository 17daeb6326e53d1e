"""Core subcommands: ``find`` (search the book) and ``demo`` (write a demo shop)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from relbook.commands.common import (
    EXIT_NO_MATCH,
    EXIT_OK,
    add_staff_option,
    fail,
    int_in,
    open_db,
    print_json,
    print_table,
)

FIND_EPILOG = """\
examples:
  relbook find müller                 names, accents optional ("mull" finds Müller)
  relbook find 4821                   the last digits of a phone number
  relbook find anna@ --json           JSON for scripts: id, display_name, phones, emails
  relbook find "oat flat white"       personal details and tags are searched too

exit status: 0 when something was found, 1 when nothing matched (like grep),
2 for a mistake such as a missing database file.
"""

DEMO_EPILOG = """\
examples:
  relbook demo --db /tmp/demo.sqlite3
  relbook demo --db big.sqlite3 --contacts 100000 --seed 7

The same seed always writes the same shop. An existing database with contacts in it
is left alone unless you add --force (which replaces the file).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    find = subparsers.add_parser(
        "find",
        help="search the customer book from the command line",
        description="Find contacts by name, phone digits, email, card code, personal\n"
        "details or tags, the same way the app's search box does.",
        epilog=FIND_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    find.add_argument("text", metavar="TEXT", help="what to look for")
    find.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    find.add_argument("--json", action="store_true", help="print JSON instead of a table")
    find.add_argument(
        "--limit", type=int_in(1, 100_000), default=50, metavar="N", help="at most N results (50)"
    )
    find.add_argument("--archived", action="store_true", help="include archived contacts as well")
    add_staff_option(find)
    find.set_defaults(func=run_find)

    demo = subparsers.add_parser(
        "demo",
        help="write a demo shop full of believable customers",
        description="Write a demo café with believable customers (families, birthdays,\n"
        "preferences, how you met) into a database file.",
        epilog=DEMO_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--db", metavar="PATH", required=True, help="database file to write")
    demo.add_argument(
        "--contacts", type=int_in(1, 1_000_000), default=400, metavar="N", help="how many (400)"
    )
    demo.add_argument(
        "--seed", type=int_in(0, 2**31 - 1), default=1, metavar="S", help="random seed (1)"
    )
    demo.add_argument("--force", action="store_true", help="replace an existing database at PATH")
    demo.add_argument("--quiet", action="store_true", help="print nothing while working")
    demo.set_defaults(func=run_demo)


def run_find(args: argparse.Namespace) -> int:
    from relbook.services.contacts.search import capped, find

    if not args.text.strip():
        fail("Give find something to look for: a name, phone digits, an email or a card code.")
    open_db(args)
    hits = find(args.text, limit=args.limit, include_archived=args.archived)
    if args.json:
        print_json(
            [
                {
                    "id": h.contact_id,
                    "display_name": h.display_name,
                    "phones": list(h.phones),
                    "emails": list(h.emails),
                    "archived": h.archived,
                }
                for h in hits
            ]
        )
        return EXIT_OK if hits else EXIT_NO_MATCH
    if not hits:
        print(f"No contacts match “{capped(args.text)}”.")
        return EXIT_NO_MATCH
    rows = [
        [
            str(h.contact_id),
            h.display_name + (" (archived)" if h.archived else ""),
            h.phones[0] if h.phones else "",
            h.emails[0] if h.emails else "",
        ]
        for h in hits
    ]
    print_table(["ID", "Name", "Phone", "Email"], rows)
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from relbook import demo
    from relbook.store.db import parse_target

    target = parse_target(args.db)
    if target.kind != "sqlite" or target.path is None:
        fail("relbook demo writes SQLite files only; give a file path with --db.")
    path = Path(target.path)
    progress = None if args.quiet else _progress_printer()
    started = time.perf_counter()
    try:
        summary = demo.generate(
            path, contacts=args.contacts, seed=args.seed, force=args.force, progress=progress
        )
    except demo.DemoRefused as exc:
        fail(str(exc))
    elapsed = time.perf_counter() - started
    if not args.quiet:
        sys.stderr.write("\r\033[K" if sys.stderr.isatty() else "")
        print(
            f"Wrote {summary.contacts:,} contacts of “{summary.shop_name}” to {path} "
            f"in {elapsed:.1f} s."
        )
    return EXIT_OK


def _progress_printer():
    """A progress callback that redraws one line on a terminal and stays quiet otherwise."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] < 0.2 and done < total:
            return
        last[0] = now
        sys.stderr.write(f"\rWriting contacts… {done:,} of {total:,}")
        sys.stderr.flush()

    return show
