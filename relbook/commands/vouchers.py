"""Voucher and referral subcommands: ``vouchers issue|print|redeem|list|daily`` and
``referrals top``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from relbook.commands.common import (
    EXIT_OK,
    acting_staff,
    add_staff_option,
    fail,
    int_in,
    open_db,
    positive_int,
    print_json,
    print_table,
)

VOUCHERS_EPILOG = """\
examples:
  relbook vouchers issue --contact 42 --kind goodwill --value 5.00
  relbook vouchers issue --contact 42 --value 10% --days 30 --json
  relbook vouchers issue --contact 42 --item "Flat white" --note "sorry for the wait"
  relbook vouchers print --out vouchers.pdf --unprinted
  relbook vouchers redeem 7k9q-x3m2-abcd
  relbook vouchers list --state issued
"""

REDEEM_EPILOG = """\
Case, spaces and dashes do not matter. A voucher is redeemed once: a second try is
refused with when and by whom it was redeemed.

exit status: 0 redeemed, 1 refused (unknown, already redeemed, void or expired),
2 a mistake such as a missing database file."""

STATES = ("issued", "printed", "redeemed", "void", "expired")


def register(subparsers: argparse._SubParsersAction) -> None:
    top = subparsers.add_parser(
        "vouchers",
        help="issue, print and redeem vouchers",
        epilog=VOUCHERS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="vouchers_command", metavar="ACTION", required=True)

    issue = sub.add_parser("issue", help="issue a voucher to a customer")
    issue.add_argument("--contact", type=positive_int, required=True, metavar="ID")
    issue.add_argument(
        "--kind", default="goodwill", choices=("goodwill", "referral", "welcome", "birthday")
    )
    worth = issue.add_mutually_exclusive_group(required=True)
    worth.add_argument(
        "--value", metavar="AMOUNT", help="an amount off (5.00) or a percentage (10%%)"
    )
    worth.add_argument("--item", metavar="TEXT", help='a free item, e.g. "Flat white"')
    worth.add_argument("--points", type=int_in(1, 1_000_000), metavar="N", help="bonus points")
    issue.add_argument("--days", type=int_in(1, 36_500), metavar="N", help="valid for N days")
    issue.add_argument("--note", default="", help="why it was given (optional)")
    _common(issue)
    issue.set_defaults(func=run_issue)

    prt = sub.add_parser("print", help="write vouchers into a PDF ready to print")
    prt.add_argument("--out", required=True, metavar="FILE.pdf")
    which = prt.add_mutually_exclusive_group()
    which.add_argument(
        "--unprinted", action="store_true", help="the print queue; marks them printed"
    )
    which.add_argument("--id", type=positive_int, action="append", metavar="ID", dest="ids")
    prt.add_argument(
        "--size",
        choices=("dl", "a4-3dl", "a6", "a4-8up", "letter-8up"),
        help="paper layout (default: the shop's setting, else DL)",
    )
    _common(prt)
    prt.set_defaults(func=run_print)

    redeem = sub.add_parser(
        "redeem",
        help="redeem a voucher by its code",
        epilog=REDEEM_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    redeem.add_argument("code", metavar="CODE")
    _common(redeem)
    redeem.set_defaults(func=run_redeem)

    lst = sub.add_parser("list", help="list vouchers, newest first")
    lst.add_argument("--state", choices=STATES)
    lst.add_argument("--contact", type=positive_int, metavar="ID")
    lst.add_argument("--search", default="", metavar="TEXT", help="name or part of a code")
    lst.add_argument("--limit", type=int_in(1, 100_000), default=100, metavar="N")
    _common(lst)
    lst.set_defaults(func=run_list)

    daily = sub.add_parser(
        "daily", help="expire out-of-date vouchers and issue due birthday vouchers"
    )
    _common(daily)
    daily.set_defaults(func=run_daily)

    ref = subparsers.add_parser("referrals", help="who brings in new customers")
    rsub = ref.add_subparsers(dest="referrals_command", metavar="ACTION", required=True)
    rtop = rsub.add_parser("top", help="top referrers by number of referrals or by spend")
    rtop.add_argument("--by", choices=("count", "spend"), default="count")
    rtop.add_argument("--limit", type=int_in(1, 100_000), default=10, metavar="N")
    _common(rtop)
    rtop.set_defaults(func=run_top)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_staff_option(parser)


def _value(args: argparse.Namespace):
    from relbook.services.money import shop_money
    from relbook.services.vouchers.types import VoucherValue

    if args.item is not None:
        return VoucherValue.item(args.item)
    if args.points is not None:
        return VoucherValue.points_of(args.points)
    text = args.value.strip()
    if text.endswith("%"):
        number = text[:-1].strip()
        if not (number.isascii() and number.isdigit() and len(number) <= 3):
            fail(f"Value: “{text}” is not a percentage (write it like 10%).")
        return VoucherValue.percent_off(int(number))
    return VoucherValue.amount(shop_money().parse(text, field="value"))


def run_issue(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import plugins, vouchers

    open_db(args)
    plugins.load_all()
    try:
        v = vouchers.issue(
            args.contact,
            args.kind,
            _value(args),
            staff_id=acting_staff(args),
            valid_days=args.days,
            note=args.note,
        )
    except RelbookError as exc:
        fail(str(exc))
    from relbook.services.vouchers import printing

    warning = printing.print_warning(v)
    if args.json:
        print_json({**v.to_json(), "print_warning": warning})
    else:
        print(
            f"Issued {v.code}: {v.value_text} for {v.beneficiary_name}, "
            f"valid until {vouchers.show_date(v.expires_on)}."
        )
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import vouchers
    from relbook.services.vouchers import printing

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        fail(f"The output file must end in .pdf, not “{out.name}”.")
    if str(out.parent) and not out.parent.exists():
        fail(f"The folder {out.parent} does not exist.")
    open_db(args)
    try:
        if args.unprinted:
            run = printing.render_unprinted(args.size)
        else:
            ids = args.ids or [v.id for v in vouchers.list_vouchers() if v.redeemable]
            if not ids:
                fail("There are no vouchers to print.")
            run = printing.render_batch(ids, args.size)
    except RelbookError as exc:
        fail(str(exc))
    assert run.pdf is not None
    try:
        out.write_bytes(run.pdf)
    except OSError as exc:
        fail(f"Could not write {out}: {exc.strerror or exc}.")
    ids = run.printed_ids
    marked = vouchers.mark_printed(ids)
    if args.json:
        skipped = [
            {"id": s.voucher_id, "code": s.code, "name": s.name, "reason": s.reason}
            for s in run.skipped
        ]
        print_json(
            {"file": str(out), "vouchers": len(ids), "marked_printed": marked, "skipped": skipped}
        )
    else:
        print(f"Wrote {len(ids)} voucher{'s' if len(ids) != 1 else ''} to {out}.")
    if run.skipped:
        print(f"Warning: {run.skipped_message()}", file=sys.stderr)
    return EXIT_OK


def run_redeem(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import plugins, vouchers
    from relbook.services.vouchers.types import VoucherProblem

    open_db(args)
    plugins.load_all()
    try:
        v = vouchers.redeem(args.code, staff_id=acting_staff(args))
    except VoucherProblem as exc:
        if args.json:
            print_json(
                {
                    "redeemed": False,
                    "reason": exc.reason,
                    "message": exc.message,
                    "suggestions": exc.suggestions,
                    "voucher": exc.voucher.to_json() if exc.voucher else None,
                }
            )
        fail(exc.message, 1)
    except RelbookError as exc:
        fail(str(exc))
    if args.json:
        print_json({"redeemed": True, "voucher": v.to_json()})
    else:
        who = f" for {v.beneficiary_name}" if v.beneficiary_name else ""
        print(f"Redeemed {v.code}: {v.value_text}{who}.")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from relbook.services import vouchers
    from relbook.services.vouchers.types import Filters

    open_db(args)
    rows = vouchers.list_vouchers(
        Filters(state=args.state, contact_id=args.contact, text=args.search), limit=args.limit
    )
    if args.json:
        print_json([v.to_json() for v in rows])
        return EXIT_OK
    print_table(
        ["Code", "State", "Kind", "Value", "For", "Expires"],
        [
            [
                v.code,
                v.state,
                v.kind,
                v.value_text,
                v.beneficiary_name,
                vouchers.show_date(v.expires_on),
            ]
            for v in rows
        ],
    )
    return EXIT_OK


def run_daily(args: argparse.Namespace) -> int:
    from relbook.services import vouchers

    open_db(args)
    result = vouchers.daily_pass()
    if args.json:
        print_json(result)
    else:
        print(
            f"{result['expired']} voucher(s) expired, "
            f"{result['birthday_issued']} birthday voucher(s) issued."
        )
    return EXIT_OK


def run_top(args: argparse.Namespace) -> int:
    from relbook.services.money import shop_money
    from relbook.services.referrals import insights

    open_db(args)
    money = shop_money()
    rows = insights.top_referrers(by=args.by, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "contact_id": r.contact_id,
                    "name": r.display_name,
                    "referrals": r.referrals,
                    "referee_spend_minor": r.referee_spend_minor,
                    "referee_spend": money.format(r.referee_spend_minor),
                }
                for r in rows
            ]
        )
        return EXIT_OK
    if not rows:
        print("Nobody has referred anyone yet.")
        return EXIT_OK
    print_table(
        ["ID", "Name", "Referrals", "Their spend"],
        [
            [
                str(r.contact_id),
                r.display_name,
                str(r.referrals),
                money.format(r.referee_spend_minor),
            ]
            for r in rows
        ],
    )
    return EXIT_OK
