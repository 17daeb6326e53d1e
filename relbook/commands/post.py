"""Printing for a batch from the command line: ``envelopes``, ``labels`` and ``cards``
(loyalty cards). Each writes one PDF and names the customers left out."""

from __future__ import annotations

import argparse

from relbook.commands.batch import (
    add_out,
    add_who,
    by_post,
    check_out,
    chosen_ids,
    plural,
    warn_skipped,
    write_pdf,
)
from relbook.commands.common import EXIT_OK, add_staff_option, fail, int_in, open_db

EPILOG = """\
examples:
  relbook envelopes --segment "Christmas cards" --out envelopes.pdf
  relbook labels --segment "Christmas cards" --sheet l7160 --start-at 8 --out labels.pdf
  relbook cards --contact 42 --contact 43 --sheet a4 --out cards.pdf

Envelopes and labels go only to customers who agreed to post; the others are counted.
A customer without a postal address, or whose row cannot be printed, is left out and
named; the rest print (exit status 0 with a warning)."""


def _common(parser: argparse.ArgumentParser) -> None:
    add_who(parser)
    add_out(parser)
    parser.add_argument("--db", metavar="PATH|URL")
    add_staff_option(parser)


def register(subparsers: argparse._SubParsersAction) -> None:
    kw = {"epilog": EPILOG, "formatter_class": argparse.RawDescriptionHelpFormatter}
    env = subparsers.add_parser("envelopes", help="handwritten envelopes for a batch", **kw)
    _common(env)
    env.add_argument("--size", help="c6, dl, 10 or a7 (default: the notes setting)")
    env.set_defaults(func=run_envelopes)

    lab = subparsers.add_parser("labels", help="address labels on Avery sheets", **kw)
    _common(lab)
    lab.add_argument("--sheet", help="l7160, l7162, l7163, 5160, 5161 or 5163")
    lab.add_argument(
        "--start-at",
        type=int_in(1, 30),
        default=1,
        metavar="N",
        help="first free position on a used sheet (1 = top left)",
    )
    lab.set_defaults(func=run_labels)

    cards = subparsers.add_parser("cards", help="loyalty cards, ten to a sheet or one a page", **kw)
    _common(cards)
    cards.add_argument("--sheet", help="a4, letter or single (default: the last used)")
    cards.add_argument(
        "--start-at",
        type=int_in(1, 10),
        default=1,
        metavar="N",
        help="first free position on a used sheet of ten",
    )
    cards.add_argument(
        "--no-record", action="store_true", help="do not record the cards as printed"
    )
    cards.set_defaults(func=run_cards)


def run_envelopes(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import mailing

    check_out(args.out)
    open_db(args)
    ids = by_post(chosen_ids(args), "envelopes")
    warnings: list[str] = []
    try:
        run = mailing.envelopes(ids, size=args.size, warnings=warnings)
    except (RelbookError, ValueError) as exc:
        fail(str(exc))
    write_pdf(args.out, run.pdf)
    print(f"Wrote {plural(len(run.printed_ids), 'envelope')} to {args.out}.")
    warn_skipped(" ".join([run.skipped_message(), *warnings]).strip())
    return EXIT_OK


def run_labels(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import mailing

    check_out(args.out)
    open_db(args)
    ids = by_post(chosen_ids(args), "address labels")
    try:
        run = mailing.labels(ids, args.sheet, start_at=args.start_at)
    except RelbookError as exc:
        fail(str(exc))
    write_pdf(args.out, run.pdf)
    print(f"Wrote {plural(len(run.printed_ids), 'label')} to {args.out}.")
    warn_skipped(run.skipped_message())
    return EXIT_OK


def run_cards(args: argparse.Namespace) -> int:
    from relbook.commands.common import acting_staff
    from relbook.errors import RelbookError
    from relbook.services.loyalty import cards

    check_out(args.out)
    open_db(args)
    ids = chosen_ids(args)
    sheet = args.sheet or cards.default_sheet()
    try:
        run = cards.render_batch(ids, sheet, start_at=args.start_at)
    except RelbookError as exc:
        fail(str(exc))
    write_pdf(args.out, run.pdf)
    if not args.no_record:
        cards.mark_printed(
            run.printed_ids, staff_id=acting_staff(args), sheet=sheet, start_at=args.start_at
        )
    print(f"Wrote {plural(len(run.printed_ids), 'loyalty card')} to {args.out}.")
    warn_skipped(run.skipped_message())
    return EXIT_OK
