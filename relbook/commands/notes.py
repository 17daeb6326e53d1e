"""Thank-you notes from the command line: print one or a batch, see the "who to thank"
queue and the templates."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from relbook.commands.batch import (
    add_out,
    add_who,
    check_out,
    chosen_ids,
    plural,
    warn_skipped,
    write_pdf,
)
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
  relbook notes print --contact 42 --contact 57 --text "Thank you, {first_name}!" --out a.pdf
  relbook notes print --queue --out thank-yous.pdf        (each occasion's own template)
  relbook notes print --segment "Regulars" --template "Birthday" --size a7 --out b.pdf
  relbook notes print --contact 42 --template referral --referee 57 --out ref.pdf

--template takes a template's name or its occasion (purchase, referral, birthday,
welcome, milestone, sympathy, custom); --text gives the words (with {fields}) instead.
--referee names the friend a referral note thanks for; the queue knows it by itself.
Each note is put on its customer's record unless --no-record is given. A note that
cannot be printed (a field left unfilled, or too long even for both sides) is left out
and named; the rest print (exit status 0 with a warning)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    notes = subparsers.add_parser("notes", help="print handwritten-style notes and cards")
    sub = notes.add_subparsers(dest="notes_command", metavar="COMMAND", required=True)

    printing = sub.add_parser(
        "print",
        help="print notes for one customer, several, a segment or the thank-you queue",
        epilog=PRINT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_who(printing, queue=True)
    words = printing.add_mutually_exclusive_group()
    words.add_argument("--template", metavar="NAME", help="a template's name or occasion")
    words.add_argument("--text", metavar="TEXT", help="the note's words, with {fields}")
    printing.add_argument(
        "--referee",
        type=positive_int,
        metavar="ID",
        help="the friend a referral note thanks for ({referee_name})",
    )
    printing.add_argument("--size", default=None, help="a6, a7, 4x6, 5x7, a5-folded (default: a6)")
    printing.add_argument("--sheet", default=None, help="n-up sheet, e.g. a4-2up, letter-4up")
    add_out(printing)
    printing.add_argument(
        "--no-record", action="store_true", help="do not put the notes on the customers' records"
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


@dataclass(slots=True)
class _Job:
    """One note to print: for whom, the words before filling, and what it answers."""

    contact_id: int
    words: str
    occasion: str
    template_name: str = ""
    event_key: str | None = None
    referee_id: int | None = None
    reason: str = "printed from the command line"


def _jobs(args: argparse.Namespace) -> list[_Job]:
    from relbook.services import notes
    from relbook.services.notes import templates

    chosen = templates.get_template(args.template) if args.template else None
    if args.queue:
        suggestions = notes.queue()
        if not suggestions:
            fail("Nobody is waiting for a note right now.")
        jobs = []
        for s in suggestions:
            template = chosen or templates.get_template(s.occasion)
            words = args.text if args.text is not None else template.text
            jobs.append(
                _Job(
                    s.contact_id,
                    words,
                    s.occasion,
                    "" if args.text else template.name,
                    s.event_key,
                    s.referee_id,
                    s.reason_to_store,
                )
            )
        return jobs
    if chosen is None and args.text is None:
        fail("Say what to write: --template NAME or --text TEXT.")
    words = args.text if args.text is not None else chosen.text
    occasion = chosen.occasion if chosen else "custom"
    name = chosen.name if chosen else ""
    return [_Job(cid, words, occasion, name, referee_id=args.referee) for cid in chosen_ids(args)]


def run_print(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.printing.templates import describe_missing, render_template
    from relbook.services import contacts, notes
    from relbook.services.notes import printing as note_printing

    check_out(args.out)
    open_db(args)
    try:
        jobs = _jobs(args)
        prepared, ready, left = [], [], []
        for job in jobs:
            note = notes.prepare(
                job.contact_id, job.words, event_key=job.event_key, referee_id=job.referee_id
            )
            if note.ok:
                prepared.append(note)
                ready.append(job)
            else:
                missing = render_template(job.words, dict.fromkeys(note.missing))
                left.append((job.contact_id, describe_missing(missing)))
        warnings: list[str] = []
        batch = (
            note_printing.render_batch(
                prepared, size=args.size, sheet=args.sheet, warnings=warnings
            )
            if prepared
            else None
        )
    except (RelbookError, ValueError) as exc:
        fail(str(exc))
    if batch is not None:
        left += [(ready[s.index].contact_id, s.reason) for s in batch.skipped]
    named = [f"{contacts.get_contact(cid).display_name}: {why}" for cid, why in left]
    if batch is None or batch.pdf is None:
        fail(
            named[0].split(": ", 1)[1]
            if len(jobs) == 1
            else "No note could be printed. " + " ".join(named)
        )
    write_pdf(args.out, batch.pdf)
    if not args.no_record:
        for i in batch.printed:
            job, note = ready[i], prepared[i]
            notes.record_printed(
                job.contact_id,
                occasion=job.occasion,
                text=note.text,
                template_name=job.template_name,
                event_key=job.event_key,
                seed=note.seed,
                reason=job.reason,
            )
    what = f"“{ready[0].template_name}” " if ready[0].template_name and not args.queue else ""
    print(f"Printed {plural(len(batch.printed), what + 'note')} to {args.out}.")
    if left:
        warn_skipped(f"{plural(len(left), 'note')} left out: " + " ".join(named))
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
