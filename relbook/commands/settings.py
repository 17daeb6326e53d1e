"""``relbook settings show`` and ``relbook settings set KEY VALUE``: the shop and loyalty
settings from the command line, checked exactly as the Settings page checks them.

Values are typed the way the Settings page shows them ("12.50" or "12,50" for money,
"de_DE" or "Deutsch (Deutschland)" for the language). The lists of the loyalty programme
(rewards, tiers, promotions) are edited on the Settings page (F7).
"""

from __future__ import annotations

import argparse
import dataclasses

from relbook.commands.common import EXIT_OK, add_staff_option, fail, open_db, print_json

SHOP_KEYS = {
    "shop.name": "name",
    "shop.owner_name": "owner_name",
    "shop.address": "address",
    "shop.locale": "locale",
    "shop.currency": "currency",
    "shop.phone_region": "phone_region",
    "shop.logo_path": "logo_path",
    "shop.largest_sale": "max_sale",
}
LOYALTY_KEYS = {
    "loyalty.mode": "mode",
    "loyalty.points_per_unit": "points_per_unit",
    "loyalty.rounding": "rounding",
    "loyalty.points_per_visit": "points_per_visit",
    "loyalty.min_spend": "min_spend",
    "loyalty.point_value": "point_value",
    "loyalty.birthday_bonus": "birthday_bonus",
    "loyalty.expiry_mode": "expiry_mode",
    "loyalty.expiry_months": "expiry_months",
}

EPILOG = """\
keys:
  shop.name  shop.owner_name  shop.address  shop.locale  shop.currency
  shop.phone_region  shop.logo_path  shop.largest_sale
  loyalty.mode (per_unit | per_visit)  loyalty.points_per_unit  loyalty.rounding
  (down | nearest | up)  loyalty.points_per_visit  loyalty.min_spend  loyalty.point_value
  loyalty.birthday_bonus  loyalty.expiry_mode (none | after_earning | inactivity)
  loyalty.expiry_months

examples:
  relbook settings show
  relbook settings set shop.locale de_DE
  relbook settings set loyalty.points_per_unit 2"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "settings",
        help="show or change the shop and loyalty settings",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="print the shop and loyalty settings")
    _common(show)
    show.set_defaults(func=run_show)
    change = sub.add_parser("set", help="change one setting (checked like the Settings page)")
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    _common(change)
    change.set_defaults(func=run_set)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="database (default: your relbook book)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_staff_option(parser)


def _current() -> dict[str, object]:
    from relbook.services import loyalty
    from relbook.services.loyalty import rules_form
    from relbook.services.settings import shop as shop_settings

    shop = shop_settings.load()
    form = rules_form.to_form(loyalty.get_rules(), shop.money)
    values: dict[str, object] = {}
    for key, field in SHOP_KEYS.items():
        values[key] = (
            shop.money.plain(shop.max_sale_minor) if field == "max_sale" else getattr(shop, field)
        )
    for key, field in LOYALTY_KEYS.items():
        values[key] = getattr(form, field)
    values["loyalty.rewards"] = [dataclasses.asdict(r) for r in form.rewards]
    values["loyalty.tiers"] = [dataclasses.asdict(t) for t in form.tiers]
    values["loyalty.promotions"] = [dataclasses.asdict(p) for p in form.promotions]
    return values


def run_show(args: argparse.Namespace) -> int:
    open_db(args)
    values = _current()
    if args.json:
        print_json(values)
        return EXIT_OK
    for key, value in values.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}")
            for row in value:
                print("  - " + ", ".join(f"{k} {v}" for k, v in row.items() if v != ""))
        else:
            shown = str(value).replace("\n", " / ")
            print(f"{key}: {shown}")
    return EXIT_OK


def _code(choices: tuple[tuple[str, str], ...], text: str) -> str:
    """A code, or the name of one as the Settings page lists it."""
    for code, label in choices:
        if text.casefold() in (code.casefold(), label.casefold()):
            return code
    return text


def run_set(args: argparse.Namespace) -> int:
    from relbook.errors import RelbookError
    from relbook.services import loyalty
    from relbook.services.loyalty import rules_form
    from relbook.services.settings import shop as shop_settings

    open_db(args, owner_for="change settings")
    key, value = args.key.strip(), args.value
    try:
        if key in SHOP_KEYS:
            shop = shop_settings.load()
            fields = {f: str(v) for f, v in _current().items() if f in SHOP_KEYS}
            typed = {SHOP_KEYS[k]: v for k, v in fields.items()}
            if key == "shop.locale":
                value = _code(shop_settings.locale_choices(), value)
            elif key == "shop.currency":
                value = _code(shop_settings.currency_choices(), value)
            elif key == "shop.phone_region":
                value = _code(shop_settings.region_choices(), value)
            typed[SHOP_KEYS[key]] = value
            keep_limit = key in ("shop.locale", "shop.currency")
            if keep_limit:  # the largest sale stays as stored, whatever the new notation
                typed["max_sale"] = "1"
            changed = shop_settings.parse(**typed)
            if keep_limit:
                changed = dataclasses.replace(changed, max_sale_minor=shop.max_sale_minor)
            shop_settings.save(changed)
        elif key in LOYALTY_KEYS:
            money = shop_settings.load().money
            form = rules_form.to_form(loyalty.get_rules(), money)
            setattr(form, LOYALTY_KEYS[key], value)
            rules_form.save(form, money)
        elif key in ("loyalty.rewards", "loyalty.tiers", "loyalty.promotions"):
            fail(f"{key} is a list: change it on the Settings page (F7).")
        else:
            fail(f"There is no setting called “{key}” (see: relbook settings set --help).")
    except RelbookError as exc:
        fail(str(exc))
    shown = _current()[key]
    if args.json:
        print_json({"key": key, "value": shown})
    else:
        print(f"{key}: {shown}")
    return EXIT_OK
