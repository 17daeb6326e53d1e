"""From customers to printed loyalty cards: who needs one, the plain print data, the PDF,
and a record of what was printed.

``relbook.printing.loyalty_cards`` knows no database; this module reads names, card codes
and the shop's name and logo and hands plain ``LoyaltyCardPrint`` objects over. Marking
cards printed is a separate step, taken once the PDF was printed or saved, so a
cancelled print changes nothing. A customer whose card code changed (a lost card
replaced) counts as "without a printed card" again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.printing.batch import BatchPdf
from relbook.printing.loyalty_cards import SHEETS, LoyaltyCardPrint, render_card_batch
from relbook.services import loyalty, print_runs, settings
from relbook.services.print_runs import PrintRun
from relbook.store.db import database
from relbook.store.models import CardPrint, Contact, utcnow

SHEET_KEY = "loyalty.card_sheet"
#: where the next card goes on a partly used 10-up sheet (1 = a fresh sheet)
POSITION_KEY = "loyalty.card_next_position"
PER_SHEET = 10
SHEET_LABELS = {
    "a4": "10 cards on A4, with cut marks",
    "letter": "10 cards on Letter, with cut marks",
    "single": "One card per page (85.6 × 54 mm card stock or a card printer)",
}
#: more than this many cards in one go is almost certainly a slip of the mouse
MAX_BATCH = 5_000


def default_sheet() -> str:
    """The sheet last used, else Letter in the US and Canada, A4 elsewhere."""
    stored = settings.get(SHEET_KEY)
    if stored in SHEETS:
        return str(stored)
    region = str(settings.get("shop.phone_region") or "US").upper()
    return "letter" if region in ("US", "CA") else "a4"


def check_sheet(sheet: str) -> str:
    key = (sheet or "").strip().lower()
    if key not in SHEETS:
        raise ValidationError("sheet", f"Paper: choose one of {', '.join(SHEETS)}.")
    return key


def _logo() -> bytes | None:
    path = settings.get("shop.logo_path")
    if not path:
        return None
    try:
        return Path(str(path)).expanduser().read_bytes()
    except OSError:
        return None


def print_data(contact_ids: Sequence[int]) -> list[LoyaltyCardPrint]:
    """Plain data for each card, in the order given; a code is assigned where missing."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise ValidationError("contacts", "Choose at least one customer to print a card for.")
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            "contacts",
            f"That is {len(ids):,} cards; at most {MAX_BATCH:,} go in one printout. Choose "
            "the customers added since a date to print fewer at a time.",
        )
    shop = str(settings.get("shop.name") or "")
    logo = _logo()
    found: dict[int, Contact] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for c in Contact.select().where(Contact.id.in_(chunk)):
            found[c.id] = c
    cards = []
    for cid in ids:
        contact = found.get(cid)
        if contact is None:
            raise NotFoundError(f"There is no contact number {cid}.")
        code = contact.card_code or loyalty.assign_card_code(cid)
        cards.append(LoyaltyCardPrint(name=contact.display_name, code=code, shop_name=shop,
                                      logo_png=logo))  # fmt: skip
    return cards


def check_start(sheet: str, start_at: int) -> int:
    if check_sheet(sheet) == "single":
        return 1
    if not isinstance(start_at, int) or not 1 <= start_at <= PER_SHEET:
        raise ValidationError("start_at", f"Start at: a position from 1 to {PER_SHEET}.")
    return start_at


def next_position() -> int:
    """Where the next card goes on the sheet in the printer (after the last batch)."""
    value = settings.get(POSITION_KEY)
    return value if isinstance(value, int) and 1 <= value <= PER_SHEET else 1


def render(contact_ids: Sequence[int], sheet: str, *, start_at: int = 1) -> bytes:
    """The PDF for these customers' cards (nothing is marked printed); a card that does
    not fit is an error naming it (see :func:`render_batch`)."""
    run = render_batch(contact_ids, sheet, start_at=start_at)
    if run.skipped:
        raise ValidationError("layout", run.skipped_message())
    assert run.pdf is not None
    return run.pdf


def render_batch(contact_ids: Sequence[int], sheet: str, *, start_at: int = 1) -> PrintRun:
    """These customers' cards in one PDF (nothing is marked printed): a card that cannot
    be printed is left out and named, the rest print. ValidationError only when none
    could."""
    ids = list(dict.fromkeys(contact_ids))
    cards = print_data(ids)
    start = check_start(sheet, start_at)
    run = outcome(ids, cards, render_card_batch(cards, check_sheet(sheet), start_at=start))
    if run.pdf is None:
        raise run.nothing_printed()
    return run


def outcome(
    contact_ids: Sequence[int], cards: Sequence[LoyaltyCardPrint], batch: BatchPdf
) -> PrintRun:
    """The printer's batch told by customer (reads nothing: usable from a worker)."""
    return print_runs.by_customer(list(contact_ids), [c.name for c in cards], batch, "card")


def mark_printed(
    contact_ids: Sequence[int],
    *,
    staff_id: int | None = None,
    sheet: str | None = None,
    start_at: int = 1,
) -> int:
    """Record that these cards were printed or saved; remembers the sheet (and, on a
    10-up sheet, the position after the last card) for next time."""
    ids = list(dict.fromkeys(contact_ids))
    now = utcnow()
    with database.atomic():
        codes = dict(
            Contact.select(Contact.id, Contact.card_code).where(Contact.id.in_(ids)).tuples()
        )
        rows = [(cid, staff_id, codes[cid], now) for cid in ids if codes.get(cid)]
        for start in range(0, len(rows), 500):
            CardPrint.insert_many(
                rows[start : start + 500],
                fields=[CardPrint.contact, CardPrint.staff, CardPrint.card_code,
                        CardPrint.printed_at],
            ).execute()  # fmt: skip
        if sheet is not None:
            settings.set_value(SHEET_KEY, check_sheet(sheet))
            if sheet != "single":
                after = (check_start(sheet, start_at) - 1 + len(ids)) % PER_SHEET + 1
                settings.set_value(POSITION_KEY, after)
    return len(rows)


def _printed_current_code() -> peewee.Expression:
    return peewee.fn.EXISTS(
        CardPrint.select(CardPrint.id).where(
            (CardPrint.contact == Contact.id) & (CardPrint.card_code == Contact.card_code)
        )
    )


def unprinted_ids() -> list[int]:
    """Active customers whose current card has never been printed, by name."""
    query = (
        Contact.select(Contact.id)
        .where(Contact.archived_at.is_null() & ~_printed_current_code())
        .order_by(Contact.sort_name, Contact.id)
        .tuples()
    )
    return [cid for (cid,) in query]


def added_since_ids(since: dt.date) -> list[int]:
    """Active customers added on or after ``since`` (a local date), by name."""
    start = dt.datetime.combine(since, dt.time()).astimezone().astimezone(dt.UTC)
    query = (
        Contact.select(Contact.id)
        .where(Contact.archived_at.is_null() & (Contact.created_at >= start.replace(tzinfo=None)))
        .order_by(Contact.sort_name, Contact.id)
        .tuples()
    )
    return [cid for (cid,) in query]


def last_printed(contact_id: int) -> dt.datetime | None:
    """When this customer's current card was last printed (naive UTC), or None."""
    row = (
        CardPrint.select(peewee.fn.MAX(CardPrint.printed_at))
        .join(Contact, on=(CardPrint.contact == Contact.id))
        .where((CardPrint.contact == contact_id) & (CardPrint.card_code == Contact.card_code))
        .scalar()
    )
    if row is None or isinstance(row, dt.datetime):
        return row
    return dt.datetime.fromisoformat(str(row))
