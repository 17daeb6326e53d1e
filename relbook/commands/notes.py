"""Thank-you notes from the command line: print one, see the "who to thank" queue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relbook.commands.common import (
    EXIT_OK,
    add_staff_option,
    fail,
    open_db,
    positive_int,
    print_json,
    print_table,
)

PRINT_EPILOG = """\
examples:
  relbook notes print --contact 42 --template purchase --out thanks.pdf
  relbook notes print --contact 42 --template "Birthday" --size a7 --out card.pdf

--template takes a template's name or its occasion (purchase, referral, birthday,
welcome, milestone, sympathy, custom). The note is put on the contact's record unless
--no-record is given. A field that cannot be filled stops the print with a message."""


def register(subparsers: argparse._SubParsersAction) -> None:
    notes = subparsers.add_parser("notes", help="print handwritten-style notes and cards")
    sub = notes.add_subparsers(dest="notes_command", metavar="COMMAND", required=True)

    printing = sub.add_parser(
        "print",
        help="print a note for one contact to a PDF",
        epilog=PRINT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    printing.add_argument("--contact", type=positive_int, required=True, metavar="ID")
    printing.add_argument("--template", required=True, metavar="NAME")
    printing.add_argument("--size", default=None, help="a6, a7, 4x6, 5x7, a5-folded (default: a6)")
    printing.add_argument("--sheet", default=None, help="n-up sheet, e.g. a4-2up, letter-4up")
    printing.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    printing.add_argument(
        "--no-record", action="store_true", help="do not put the note on the contact's record"
    )
    printing.add_argument("--db", metavar="PATH|URL")
    add_staff_option(printing)
    printing.set_defaults(func=run_print)

    queue = sub.add_parser("queue", help="who to thank: suggestions not yet printed")
    queue.add_argument("--db", metavar="PATH|URL")
    queue.add_argument("--json", action="store_true")
    add_staff_option(queue)
    queue.set_defaults(func=run_queue)

    templates = sub.add_parser("templates", help="list the note templates")
    templates.add_argument("--db", metavar="PATH|URL")
    templates.add_argument("--json", action="store_true")
    add_staff_option(templates)
    templates.set_defaults(func=run_templates)


def run_print(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.printing.notecards import DoesNotFit
    from relbook.printing.templates import describe_missing, render_template
    from relbook.services import notes
    from relbook.services.notes import printing as note_printing
    from relbook.services.notes import templates as note_templates

    open_db(args)
    if args.out.suffix.lower() != ".pdf":
        fail(f"--out must name a .pdf file, not “{args.out.name}”.")
    if not args.out.parent.exists():
        fail(f"The folder {args.out.parent} does not exist.")
    try:
        template = note_templates.get_template(args.template)
        note = notes.prepare(args.contact, template.text)
        if not note.ok:
            fail(describe_missing(render_template(template.text, {f: None for f in note.missing})))
        warnings: list[str] = []
        pdf = note_printing.render([note], size=args.size, sheet=args.sheet, warnings=warnings)
    except DoesNotFit as exc:
        fail(str(exc))
    except (RelbookError, ValueError) as exc:
        fail(str(exc))
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        fail(f"Could not write {args.out}: {exc.strerror or exc}.")
    if not args.no_record:
        notes.record_printed(
            args.contact,
            occasion=template.occasion,
            text=note.text,
            template_name=template.name,
            seed=note.seed,
            reason="printed from the command line",
        )
    print(f"Printed a “{template.name}” note to {args.out}.")
    for warning in warnings:
        print(f"Note: {warning}", file=sys.stderr)
    return EXIT_OK


def run_queue(args: argparse.Namespace) -> int:
    from relbook.services import notes

    open_db(args)
    items = notes.queue()
    if args.json:
        print_json(
            [
                {
                    "event": s.event_key,
                    "contact_id": s.contact_id,
                    "display_name": s.display_name,
                    "occasion": s.occasion,
                    "reason": s.reason,
                    "date": s.when.isoformat(),
                }
                for s in items
            ]
        )
    elif not items:
        print("Nobody is waiting for a note right now.")
    else:
        print_table(
            ["ID", "Name", "Occasion", "Why"],
            [[str(s.contact_id), s.display_name, s.occasion, s.reason] for s in items],
        )
    return EXIT_OK


def run_templates(args: argparse.Namespace) -> int:
    from relbook.services.notes import templates as note_templates

    open_db(args)
    rows = note_templates.list_templates()
    if args.json:
        print_json(
            [{"id": t.id, "name": t.name, "occasion": t.occasion, "text": t.text} for t in rows]
        )
    else:
        print_table(["Name", "Occasion"], [[t.name, t.occasion] for t in rows])
    return EXIT_OK
