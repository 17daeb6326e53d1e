"""Data subcommands: ``import``, ``export``, ``backup``, ``restore`` and ``erase``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from relbook.commands.common import (
    EXIT_OK,
    acting_staff,
    add_staff_option,
    confirm,
    fail,
    open_db,
    positive_int,
    print_json,
)
from relbook.private_files import make_private

IMPORT_EPILOG = """\
examples:
  relbook import contacts.vcf
  relbook import google.csv outlook.csv --dry-run
  relbook import square.csv --json --rejected rejected.csv

vCard 2.1/3.0/4.0, CSV (Google Contacts, Outlook, Square, relbook) and relbook's own
JSON export are recognised; loyalty-card codes in relbook's exports are kept.
Probable duplicates are merged into the existing contact (--duplicates skip|add to do
otherwise). Everything is written in one transaction. Rows in error are listed and left
out; with --strict a single bad row stops the whole import.

exit status: 0 imported (or previewed), 1 --strict and some rows are in error (nothing
was changed), 2 a file cannot be read at all (nothing was changed)."""

BACKUP_IS_PRIVATE = (
    "A backup is a full copy of the book, customers' personal data and staff PIN hashes "
    "included: keep it where only you can read it."
)

EXPORT_EPILOG = """\
examples:
  relbook export --format vcard --out book.vcf
  relbook export --format csv --segment "tulip lovers" --out tulips.csv
  relbook export --format json --out shop.json      (the whole shop, every table)
  relbook export --format csv --channel email --out newsletter.csv

CSV cells that a spreadsheet could run as a formula get a leading apostrophe. Staff PIN
hashes are never exported (a backup, a full copy of the book, does hold them). With staff
roles on, exporting needs an owner's PIN."""


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser(
        "import",
        help="import contacts from vCard or CSV files",
        epilog=IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    imp.add_argument("--strict", action="store_true", help="all rows or none")
    imp.add_argument(
        "--duplicates",
        choices=("merge", "skip", "add"),
        default="merge",
        help="what to do with probable duplicates (default: merge)",
    )
    imp.add_argument("--rejected", metavar="FILE", help="save the rows in error as CSV")
    imp.add_argument(
        "--create", action="store_true", help="start a new, empty book at --db if there is none"
    )
    _common(imp)
    imp.set_defaults(func=run_import)

    exp = subparsers.add_parser(
        "export",
        help="export contacts as vCard, CSV or JSON",
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("--format", required=True, choices=("vcard", "vcard4", "csv", "json"))
    exp.add_argument("--segment", metavar="NAME", help="only the contacts of a saved segment")
    exp.add_argument(
        "--channel",
        choices=("mail", "email", "phone"),
        help="a mailing list: only those who agreed to be reached this way (the count left "
        "out is printed)",
    )
    exp.add_argument(
        "--ignore-consent",
        action="store_true",
        help="with --channel: include those who did not agree (an owner only; recorded in "
        "the audit log)",
    )
    exp.add_argument("--out", required=True, metavar="FILE", help="file to write ('-': stdout)")
    _common(exp)
    exp.set_defaults(func=run_export)

    bak = subparsers.add_parser("backup", help="back up the database now (with rotation)")
    bak.add_argument("--out", metavar="DIR", help="backup folder (default: the one set in the app)")
    _common(bak)
    bak.set_defaults(func=run_backup)

    res = subparsers.add_parser(
        "restore", help="replace the database with a backup (a safety copy is made first)"
    )
    res.add_argument("file", metavar="FILE")
    res.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _common(res)
    res.set_defaults(func=run_restore)

    era = subparsers.add_parser(
        "erase", help="erase one person's personal data (sales and points totals stay)"
    )
    era.add_argument("--contact", type=positive_int, required=True, metavar="ID")
    era.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _common(era)
    era.set_defaults(func=run_erase)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_staff_option(parser)


def run_import(args: argparse.Namespace) -> int:
    from relbook.errors import ValidationError
    from relbook.services import plugins
    from relbook.services.import_export import importer, writer
    from relbook.services.import_export.preview import ADD, DUPLICATE, MERGE, SKIP, build_preview

    for name in args.files:  # read nothing into the book before every file is readable
        if not Path(name).is_file():
            fail(f"{name}: there is no such file.")
    open_db(
        args,
        must_exist=not args.create,
        missing_hint=" (check the --db path; to start a new book there, add --create)",
    )
    plugins.load_all()
    try:
        rows = importer.read_files(args.files)
    except ValidationError as exc:
        fail(exc.message)
    action = {"merge": MERGE, "skip": SKIP, "add": ADD}[args.duplicates]
    preview = build_preview(rows, default_action=action)
    if args.rejected:
        Path(args.rejected).write_text(preview.rejected_csv(), encoding="utf-8")
    if args.dry_run:
        result = writer.ImportResult(
            created=preview.count("new")
            + sum(1 for i in preview.items if i.status == DUPLICATE and i.action == ADD),
            merged=sum(1 for i in preview.items if i.status == DUPLICATE and i.action == MERGE),
            skipped=sum(1 for i in preview.items if i.status == DUPLICATE and i.action == SKIP),
            rejected=[(i.row.label(), i.error) for i in preview.errors],
        )
    else:
        try:
            result = writer.commit(preview, only_good=not args.strict)
        except ValidationError as exc:
            _report(args, preview, None, str(exc))
            return 1
    _report(args, preview, result, None, dry_run=args.dry_run)
    return EXIT_OK


def _report(
    args: argparse.Namespace, preview, result, refused: str | None, *, dry_run: bool = False
) -> None:
    rejected = [(i.row.label(), i.error) for i in preview.errors]
    if args.json:
        payload = {"dry_run": dry_run, "rows": len(preview.items), "refused": refused}
        payload.update(
            result.as_dict()
            if result
            else {
                "new": 0,
                "merged": 0,
                "skipped": 0,
                "rejected": len(rejected),
                "rejected_rows": [{"where": w, "reason": r} for w, r in rejected],
            }
        )
        print_json(payload)
        return
    if refused:
        print(f"Nothing was imported: {refused}", file=sys.stderr)
    else:
        verb = "Would import" if dry_run else "Imported"
        print(
            f"{verb}: {result.created} new, {result.merged} merged into existing contacts, "
            f"{result.skipped} skipped, {len(rejected)} rejected."
        )
    for where, reason in rejected[:50]:
        print(f"  rejected {where}: {reason}")
    if len(rejected) > 50:
        print(f"  … and {len(rejected) - 50} more (use --rejected FILE to save them all)")


def run_export(args: argparse.Namespace) -> int:
    from relbook.services.import_export import export

    open_db(args, owner_for="export the customer book")
    ids = None
    if args.segment:
        from relbook.errors import NotFoundError
        from relbook.services.contacts import segments

        try:
            ids = segments.evaluate(args.segment)
        except NotFoundError as exc:
            fail(str(exc))
    reach = None
    if args.channel:  # a mailing list: only those who agreed to be reached that way
        from relbook.services.contacts import consent

        reach = consent.for_channel(
            export.all_ids() if ids is None else ids,
            args.channel,
            purpose=f"export for {args.channel}",
            override=args.ignore_consent,
            staff_id=acting_staff(args),
        )
        ids = list(reach.allowed)
    elif args.ignore_consent:
        fail("--ignore-consent goes with --channel (the channel people agreed to).")
    if args.out == "-":
        count = export.export(args.format, sys.stdout, ids)
    else:
        out = Path(args.out)
        if not out.parent.exists():
            fail(f"The folder {out.parent} does not exist.")
        tmp = out.with_name(out.name + ".part")
        newline = "" if args.format == "csv" else None
        try:
            with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
                make_private(tmp)  # customers' data: 0600 whatever the umask
                count = export.export(args.format, fh, ids)
            os.replace(tmp, out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            fail(f"Could not write {out}: {exc.strerror or exc}.")
    left_out = len(reach.left_out) if reach and not reach.overridden else 0
    if args.json:
        report: dict[str, object] = {"exported": count, "format": args.format, "out": args.out}
        if reach is not None:
            report.update(channel=args.channel, left_out_without_consent=left_out,
                          consent_overridden=reach.overridden)  # fmt: skip
        print_json(report)
    elif args.out != "-":
        print(f"Exported {count} contact{'s' if count != 1 else ''} to {args.out}.")
    if reach is not None and reach.describe() and not args.json:
        print(reach.describe(), file=sys.stderr if args.out == "-" else sys.stdout)
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import backup

    open_db(args, owner_for="make a copy of the whole book")
    try:
        result = backup.backup_now(Path(args.out) if args.out else None)
    except RelbookError as exc:
        fail(str(exc))
    if args.json:
        print_json(
            {
                "file": str(result.path),
                "size": result.size,
                "removed": [str(p) for p in result.removed],
                "note": BACKUP_IS_PRIVATE,
            }
        )
    else:
        print(f"Backed up to {result.path} ({result.size / 1_000_000:.1f} MB).")
        print(BACKUP_IS_PRIVATE)
        if result.removed:
            print(f"Removed {len(result.removed)} old backup(s) by the rotation rule.")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import backup
    from relbook.services.display import shop_display

    source = Path(args.file)
    try:
        info = backup.inspect(source)
    except RelbookError as exc:
        fail(str(exc))
    if _recovered(args, source):  # an empty or damaged book: replaced as at start-up
        return EXIT_OK
    db = open_db(args, owner_for="restore a backup")
    confirm(
        args,
        "Replace the current database with it?",
        details=f"{source.name}: taken {shop_display().datetime_short(info.taken_at, year=True)}, "
        f"{info.contacts} contacts, {info.sales} sales.",
        nothing_done="Nothing was restored.",
    )
    try:
        result = backup.restore(source, db=db, staff_id=acting_staff(args))
    except RelbookError as exc:
        fail(str(exc))
    if args.json:
        print_json(
            {
                "restored": str(source),
                "safety_copy": str(result.safety_copy),
                "contacts": info.contacts,
            }
        )
    else:
        print(f"Restored {source.name}. The database as it was is kept in {result.safety_copy}.")
    return EXIT_OK


def _recovered(args: argparse.Namespace, source: Path) -> bool:
    """A book that cannot be opened because it is empty (0 bytes) or damaged: the checked
    backup is put in its place (its damaged file kept aside), as the app does at start."""
    from relbook.errors import RelbookError
    from relbook.services import backup
    from relbook.store.db import parse_target

    target = parse_target(getattr(args, "db", None))
    if target.kind != "sqlite" or target.path is None or not target.path.is_file():
        return False
    if backup.check_at_start(target.path).ok:
        return False
    confirm(
        args,
        f"The book {target.path} cannot be opened. Put this backup in its place?",
        nothing_done="Nothing was restored.",
    )
    try:
        aside = backup.recover_from(source, target.path)
    except RelbookError as exc:
        fail(str(exc))
    what = "damaged" if aside else "empty"
    kept = f" The damaged file is kept as {aside}." if aside else ""
    print(f"Restored {source.name} in place of the {what} book {target.path}.{kept}")
    return True


def run_erase(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import plugins, privacy

    open_db(args, owner_for="erase a customer's personal data")
    plugins.load_all()
    name = privacy.name_for_confirmation(args.contact)
    confirm(
        args,
        f"Erase the personal data of {name} (contact {args.contact})? This cannot be undone.",
        details=privacy.backups_note(),
        nothing_done="Nothing was erased.",
    )
    try:
        summary = privacy.erase(args.contact, staff_id=acting_staff(args))
    except RelbookError as exc:
        fail(str(exc))
    if args.json:
        print_json(summary)
    else:
        print(
            f"Erased the personal data of contact {args.contact}; sales and points totals "
            "were kept."
        )
        print(privacy.backups_note())
    return EXIT_OK
