"""Counter subcommands: ``sale`` (record one), ``points`` (show a balance), ``check``
(database integrity and the points ledger's invariants)."""

from __future__ import annotations

import argparse

from relbook.commands.common import (
    EXIT_OK,
    acting_staff,
    add_staff_option,
    fail,
    open_db,
    positive_int,
    print_json,
)

EXIT_UNSOUND = 1

SALE_EPILOG = """\
examples:
  relbook sale --contact 42 --amount 12.50
  relbook sale --contact 42 --amount "12,50" --note "oat flat white" --json

The amount is read in the shop's currency ("12.50", "12,50" and "€12.50" all work).
Prints the customer's new points balance."""

CHECK_EPILOG = """\
Every page of the file is read (SQLite's quick_check); --full also checks every index
entry against its table (integrity_check: slower on a big book). relbook runs the full
check by itself on each backup's copy, at start and once a day.

exit status: 0 when the database and the points ledger are sound, 1 with a report of
what is wrong (nothing is changed), 2 when the database cannot be opened."""


def register(subparsers: argparse._SubParsersAction) -> None:
    sale = subparsers.add_parser(
        "sale",
        help="record a sale at the counter and print the new points balance",
        epilog=SALE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sale.add_argument("--contact", type=positive_int, required=True, metavar="ID")
    sale.add_argument("--amount", required=True, metavar="AMOUNT", help="e.g. 12.50")
    sale.add_argument("--note", default="", help="what was bought (optional)")
    _common(sale)
    sale.set_defaults(func=run_sale)

    points = subparsers.add_parser("points", help="show a customer's points, tier and rewards")
    points.add_argument("--contact", type=positive_int, required=True, metavar="ID")
    _common(points)
    points.set_defaults(func=run_points)

    check = subparsers.add_parser(
        "check",
        help="check the database and the points ledger",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "--full", action="store_true", help="also check every index entry (integrity_check)"
    )
    _common(check)
    check.set_defaults(func=run_check)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_staff_option(parser)


def run_sale(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import plugins
    from relbook.services.counter import sales
    from relbook.services.money import shop_money

    open_db(args)
    plugins.load_all()
    money = shop_money()
    try:
        amount = money.parse(args.amount)
        result = sales.record_sale(
            args.contact, amount, staff_id=acting_staff(args), note=args.note
        )
    except RelbookError as exc:
        fail(str(exc))
    if args.json:
        print_json({"sale_id": result.sale_id, "contact_id": result.contact_id,
                    "amount_minor": result.amount_minor, "amount": money.format(amount),
                    "points": result.points, "bonus_points": result.bonus_points,
                    "balance": result.balance, "messages": list(result.messages)})  # fmt: skip
        return EXIT_OK
    extra = f" + {result.bonus_points} bonus" if result.bonus_points else ""
    print(f"Sale {result.sale_id}: {money.format(amount)}, {result.points} points{extra}. "
          f"New balance: {result.balance} points.")  # fmt: skip
    for message in result.messages:
        print(message)
    return EXIT_OK


def run_points(args: argparse.Namespace) -> int:
    from relbook.errors import NotFoundError
    from relbook.services import loyalty
    from relbook.services.money import shop_money
    from relbook.store.models import Contact

    open_db(args)
    try:
        info = loyalty.summary(args.contact)
    except NotFoundError as exc:
        fail(str(exc))
    contact = Contact.get_by_id(args.contact)
    money = shop_money()
    takeable = [o.reward.name for o in info.rewards if o.affordable]
    if args.json:
        print_json({"contact_id": args.contact, "name": contact.display_name,
                    "card_code": contact.card_code, "balance": info.balance,
                    "tier": info.tier.name if info.tier else None,
                    "spend_12m_minor": info.spend_12m_minor, "visits": info.visits,
                    "last_visit_at": info.last_visit_at,
                    "rewards_available": takeable})  # fmt: skip
        return EXIT_OK
    tier = f", {info.tier.name}" if info.tier else ""
    spent = money.format(info.spend_12m_minor)
    print(f"{contact.display_name}: {info.balance} points{tier} "
          f"(spent {spent} in 12 months, {info.visits} visits).")  # fmt: skip
    if takeable:
        print("Can take: " + ", ".join(takeable))
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from relbook.services.loyalty import ledger

    open_db(args)
    problems = ledger.check(full=args.full)
    if args.json:
        print_json({"sound": not problems, "problems": problems})
    elif problems:
        print(f"{len(problems)} problem(s) found:")
        for line in problems:
            print(f"  - {line}")
    else:
        print("The database and the points ledger are sound.")
    return EXIT_UNSOUND if problems else EXIT_OK
