"""The ``relbook`` command: start the app, or run a headless subcommand.

This module imports no Qt: ``relbook find`` starts in a blink. The GUI lives in
``relbook.app`` and is imported only by the code path that opens a window.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from relbook import __version__
from relbook.commands import register_all
from relbook.commands.common import EXIT_BUG, EXIT_USAGE, UserError, error_line
from relbook.errors import RelbookError
from relbook.private_files import restrict_process

DESCRIPTION = """\
relbook keeps a small shop's customer book: contact cards with the personal details
that matter (birthdays, family, preferences), visits, loyalty points, vouchers and
handwritten-looking notes. Without a command it opens the app."""

EPILOG = """\
examples:
  relbook                                 open the app on your own customer book
  relbook --demo                          open a demo café full of sample customers
  relbook --db ~/shop/book.sqlite3        open another book (or --db postgresql://…)
  relbook find "anna sch"                 search from the command line
  relbook demo --db /tmp/demo.sqlite3     write a demo shop into a file
  relbook --screenshot shot.png --page contacts --demo
  relbook COMMAND --help                  help for one command

exit status: 0 success, 1 nothing found (find), 2 a mistake in what was asked
(missing file, bad argument, a database relbook cannot open, a full disk, a
read-only book, another till holding the book too long), 70 a bug in relbook
(set RELBOOK_DEBUG=1 to see the traceback)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{message} (try: {self.prog} --help)")


def _app_parser(*, with_help: bool = True) -> argparse.ArgumentParser:
    """The options that open the app, without any subcommand."""
    parser = _Parser(
        prog="relbook",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=with_help,
    )
    parser.add_argument("--version", action="version", version=f"relbook {__version__}")
    parser.add_argument(
        "--db",
        dest="app_db",
        metavar="PATH|URL",
        help="database file or URL (default: your customer book); also before a COMMAND",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the demo shop (made on first use)"
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="draw the main window offscreen into a PNG file and quit",
    )
    parser.add_argument(
        "--page", metavar="NAME", help="page to show first (e.g. contacts, counter)"
    )
    parser.add_argument(
        "--find",
        metavar="TEXT",
        help="search for TEXT on the first page and show the best match (contacts page)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _app_parser()
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title="commands"
    )
    register_all(subparsers)
    return parser


def _app_only_args(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain app start (no COMMAND, no --help), or None.

    Opening the window is the common case; it should not wait for every subcommand
    module (and the services they import) just to learn that none was asked for.
    Anything else (a command, --help, an unknown word) goes through the full parser,
    so its messages are the same as ever."""
    args, rest = _app_parser(with_help=False).parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run relbook with ``argv`` (default: the process arguments); return the exit status."""
    words = list(argv) if argv is not None else sys.argv[1:]
    restrict_process()  # what relbook writes (book, backups, exports, PDFs) is private
    try:
        args = _app_only_args(words) or build_parser().parse_args(words)
        _merge_db(args)
        if args.command is None:
            return _run_gui(args)
        if args.demo or args.screenshot or args.page or args.find:
            flag = next(f"--{name}" for name in ("demo", "screenshot", "page", "find")
                        if getattr(args, name))  # fmt: skip
            raise UserError(f"{flag} opens the app; it does not go with “{args.command}”.")
        return int(args.func(args))
    except UserError as exc:
        error_line(str(exc))
        return exc.status
    except RelbookError as exc:
        error_line(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version: argparse prints, then exits
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. relbook find a | head -1
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: one line for the shop, the traceback on request
        if os.environ.get("RELBOOK_DEBUG"):
            raise
        from relbook.store.faults import explain

        fault = explain(exc)
        if fault is not None:  # a fault of the machine (disk, lock, server), not a bug
            error_line(str(fault).replace("Close relbook and restore", "Restore"))
            return EXIT_USAGE
        error_line(
            f"something went wrong inside relbook ({type(exc).__name__}: {exc}). "
            "Please report it; run with RELBOOK_DEBUG=1 to see the details."
        )
        return EXIT_BUG


def _merge_db(args: argparse.Namespace) -> None:
    """``relbook --db X find …`` and ``relbook find … --db X`` mean the same book."""
    command_db = getattr(args, "db", None)
    if args.app_db and command_db and args.app_db != command_db:
        raise UserError(f"Two databases were given (--db {args.app_db} and --db {command_db}).")
    args.db = command_db or args.app_db


def _run_gui(args: argparse.Namespace) -> int:
    """Open the app (or draw a screenshot) on the chosen database."""
    target: str | None = args.db
    if args.demo:
        if args.db:
            raise UserError("Use either --demo or --db, not both.")
        target = str(_ensure_demo())
    if args.screenshot:
        shot = Path(args.screenshot)
        if shot.suffix.lower() != ".png":
            raise UserError(f"The screenshot file must end in .png, not “{shot.name}”.")
        if not shot.parent.exists() and str(shot.parent):
            raise UserError(f"The folder {shot.parent} does not exist.")
    from relbook import app  # Qt is imported here and only here

    shot_path = Path(args.screenshot) if args.screenshot else None
    return int(app.run_gui(target, screenshot=shot_path, page=args.page, find=args.find) or 0)


def _ensure_demo() -> Path:
    """The demo shop in the data folder, written the first time it is asked for."""
    from relbook import demo
    from relbook.store.db import demo_database_path

    path = demo_database_path()
    if not path.exists() or path.stat().st_size == 0:
        demo.generate(path, contacts=demo.DEFAULT_CONTACTS, seed=1)
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
