"""Care subcommands: ``due`` (who needs a touch), ``birthdays`` (the next N days) and
``sheet`` (today's one-page counter sheet as a PDF)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from relbook.commands.common import (
    EXIT_OK,
    add_staff_option,
    fail,
    int_in,
    open_db,
    print_json,
    print_table,
)
from relbook.errors import ValidationError

DUE_EPILOG = """\
examples:
  relbook due                        who is due for a touch, most overdue first
  relbook due --json                 the same for scripts
  relbook due --date 2026-12-01      as it will look on that day
"""

BIRTHDAYS_EPILOG = """\
examples:
  relbook birthdays                  birthdays and anniversaries in the next 14 days
  relbook birthdays --days 30 --json family members' birthdays are included
"""

SHEET_EPILOG = """\
examples:
  relbook sheet --out today.pdf      today's counter sheet (the shop's paper)
  relbook sheet --out s.pdf --paper letter --date 2026-12-24
  relbook sheet --out today.pdf --json   say what is on it, for scripts
"""


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-12-01") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    add_staff_option(parser)
    parser.add_argument(
        "--date", type=_day, metavar="YYYY-MM-DD", help="pretend today is this day (local)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    due = subparsers.add_parser(
        "due",
        help="people due for a touch (care tiers), most overdue first",
        epilog=DUE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(due)
    due.add_argument("--json", action="store_true", help="print JSON instead of a table")
    due.set_defaults(func=run_due)

    birthdays = subparsers.add_parser(
        "birthdays",
        help="upcoming birthdays and anniversaries, family members included",
        epilog=BIRTHDAYS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(birthdays)
    birthdays.add_argument(
        "--days", type=int_in(0, 366), default=14, metavar="N", help="look N days ahead (14)"
    )
    birthdays.add_argument("--json", action="store_true", help="print JSON instead of a table")
    birthdays.set_defaults(func=run_birthdays)

    sheet = subparsers.add_parser(
        "sheet",
        help="write today's one-page counter sheet as a PDF",
        epilog=SHEET_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(sheet)
    sheet.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    sheet.add_argument(
        "--paper", choices=("a4", "letter"),
        help="paper (default: the Care settings; Letter in the US and Canada, else A4)",
    )  # fmt: skip
    sheet.add_argument("--json", action="store_true", help="print what is on it as JSON")
    sheet.set_defaults(func=run_sheet)


def run_due(args: argparse.Namespace) -> int:
    from relbook.services import care
    from relbook.services.counter.today import describe_due
    from relbook.services.display import shop_display

    open_db(args)
    items = care.due_list(args.date)
    if args.json:
        print_json([i.as_dict() for i in items])
        return EXIT_OK
    if not items:
        print("Nobody is due for a touch.")
        return EXIT_OK
    show = shop_display()
    rows = [[str(i.contact_id), i.name, str(i.tier),
             describe_due(i, show, args.date).split(" · ", 1)[1]] for i in items]  # fmt: skip
    print_table(["ID", "Name", "Tier", "Due"], rows)
    return EXIT_OK


def run_birthdays(args: argparse.Namespace) -> int:
    from relbook.services.care import reminders
    from relbook.services.display import shop_display

    open_db(args)
    try:
        items = reminders.upcoming(args.days, today=args.date)
    except ValidationError as exc:
        fail(str(exc))
    if args.json:
        print_json([r.as_dict() for r in items])
        return EXIT_OK
    if not items:
        span = ("today" if args.days == 0 else "today or tomorrow" if args.days == 1
                else f"in the next {args.days} days")  # fmt: skip
        print(f"No birthdays or anniversaries {span}.")
        return EXIT_OK
    rows = []
    show = shop_display()
    for r in items:
        when = "today" if r.days_away == 0 else "tomorrow" if r.days_away == 1 else (
            f"in {r.days_away} days")  # fmt: skip
        shown = show.date_short(r.on, today=args.date, weekday=True)
        rows.append([shown, when, r.describe(), str(r.contact_id)])
    print_table(["Date", "When", "What", "Contact ID"], rows)
    return EXIT_OK


def run_sheet(args: argparse.Namespace) -> int:
    from relbook.printing.counter_sheet import render_counter_sheet
    from relbook.services.counter import today

    out = Path(args.out).expanduser()
    if out.is_dir():
        fail(f"--out: {out} is a folder; give a file name such as today.pdf.")
    if not out.parent.exists():
        fail(f"--out: the folder {out.parent} does not exist.")
    open_db(args)
    data = today.counter_sheet_data(args.date, paper=args.paper)
    pdf = render_counter_sheet(data)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        fail(f"--out: could not write {out} ({exc.strerror or exc}).")
    if args.json:
        print_json({
            "file": str(out), "date": data.day.isoformat(), "paper": data.paper,
            "birthdays": [line.name for line in data.birthdays],
            "coming_up": [f"{line.aside}: {line.name}" for line in data.coming_up],
            "regulars": [line.name for line in data.regulars],
            "touches": [line.name for line in data.touches],
        })  # fmt: skip
        return EXIT_OK
    size = "Letter" if data.paper == "letter" else "A4"
    print(f"Wrote the counter sheet for {data.heading} ({size}) to {out}.")
    return EXIT_OK
