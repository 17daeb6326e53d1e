"""Post to customers: envelopes and address labels for a batch, a segment or the notes
being printed, with each address written as the destination's post office wants it.

Callers ask ``consent.for_channel(ids, "mail", …)`` first (the GUI and the command line
both do) and pass only the customers who agreed. A customer without a postal address,
or whose address does not fit, is left out and named; the rest print (``PrintRun``).
"""

from __future__ import annotations

from collections.abc import Sequence

from relbook.errors import ValidationError
from relbook.printing.envelopes import EnvelopeSpec, envelope_size, render_envelope_batch
from relbook.printing.labels import SHEETS as LABEL_SHEETS
from relbook.printing.labels import render_labels
from relbook.services import contacts, print_runs, settings
from relbook.services.mailing.postal import (
    PostalAddress,
    address_lines,
    country_code,
    country_name,
)
from relbook.services.print_runs import LeftOut, PrintRun

LABEL_SHEET_KEY = "mailing.label_sheet"
NO_ADDRESS = "no postal address on their card"

__all__ = [
    "LABEL_SHEETS",
    "NO_ADDRESS",
    "default_label_sheet",
    "envelopes",
    "home_country",
    "labels",
    "recipient_lines",
    "return_lines",
]


def home_country() -> str:
    """The shop's country (the phone country chosen in Settings → Shop)."""
    return str(settings.get("shop.phone_region") or "US").upper()


def _locale() -> str:
    return str(settings.get("shop.locale") or "en_US")


def recipient(contact_id: int) -> tuple[str, PostalAddress]:
    """The customer's name and postal address as their card holds them."""
    record = contacts.get_contact(contact_id)
    d = record.data
    address = PostalAddress(
        name=record.display_name,
        street=d.street,
        extended=d.extended,
        city=d.city,
        region=d.region,
        postcode=d.postcode,
        country=d.country,
    )
    return record.display_name, address


def recipient_lines(contact_id: int) -> list[str] | None:
    """The address lines for an envelope or label; None without a postal address."""
    _, address = recipient(contact_id)
    if not address.has_address:
        return None
    return address_lines(address, home=home_country(), locale=_locale())


def return_lines(abroad: bool) -> list[str]:
    """The shop's name and address as the owner typed it in Settings, and for mail
    abroad the shop's country in capitals (the post abroad must know where to return
    it)."""
    lines = [line.strip() for line in str(settings.get("shop.address") or "").splitlines()]
    lines = [line for line in lines if line]
    shop = str(settings.get("shop.name") or "").strip()
    if shop:
        lines.insert(0, shop)
    if abroad and lines:
        name = country_name(home_country(), _locale())
        if lines[-1].upper() != name:
            lines.append(name)
    return lines


def _abroad(contact_country: str) -> bool:
    home = home_country()
    code = country_code(contact_country, home, _locale().split("_")[0])
    return code != home if code else bool(contact_country.strip())


def envelopes(
    contact_ids: Sequence[int],
    *,
    size: str | None = None,
    font: str | None = None,
    warnings: list[str] | None = None,
) -> PrintRun:
    """One handwritten envelope per customer, in order, in the notes' hand; those without
    an address, or whose address does not fit the envelope, are left out and named."""
    from relbook.services import notes
    from relbook.services.notes import fonts

    size = size or str(settings.get("notes.envelope_size"))
    try:
        envelope_size(size)
    except ValueError as exc:  # one plain message, not one per customer
        raise ValidationError("size", str(exc)) from None
    ids = list(dict.fromkeys(contact_ids))
    specs, kept, names, left = [], [], [], []
    for cid in ids:
        name, address = recipient(cid)
        if not address.has_address:
            left.append(LeftOut(cid, name, NO_ADDRESS))
            continue
        lines = address_lines(address, home=home_country(), locale=_locale())
        specs.append(
            EnvelopeSpec(
                recipient_lines=lines,
                return_lines=return_lines(_abroad(address.country)),
                size=size,
                font=fonts.usable(font or str(settings.get("notes.font"))),
                ink=str(settings.get("notes.ink")),
                variation=min(0.5, float(settings.get("notes.variation"))),
                seed=notes.seed_for(cid, "envelope"),
            )
        )
        kept.append(cid)
        names.append(name)
    if not specs:
        run = PrintRun(None, [], left, "envelope")
        raise run.nothing_printed()
    run = print_runs.by_customer(kept, names, render_envelope_batch(specs, warnings), "envelope")
    run.skipped = left + run.skipped
    if run.pdf is None:
        raise run.nothing_printed()
    return run


def default_label_sheet() -> str:
    """The sheet last used, else Avery 5160 in the US and Canada, L7160 elsewhere."""
    stored = settings.get(LABEL_SHEET_KEY)
    if stored in LABEL_SHEETS:
        return str(stored)
    return "5160" if home_country() in ("US", "CA") else "l7160"


def labels(contact_ids: Sequence[int], sheet: str | None = None, *, start_at: int = 1) -> PrintRun:
    """One address label per customer, in order, from ``start_at`` on the first sheet;
    those without an address, or whose address does not fit, are left out and named."""
    sheet = (sheet or default_label_sheet()).strip().lower()
    if sheet not in LABEL_SHEETS:
        raise ValidationError("sheet", f"Label sheet: choose one of {', '.join(LABEL_SHEETS)}.")
    per_sheet = LABEL_SHEETS[sheet].per_sheet
    if not 1 <= start_at <= per_sheet:
        raise ValidationError("start_at", f"Start at: a position from 1 to {per_sheet}.")
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise ValidationError("contacts", "Choose at least one customer to print a label for.")
    addresses, kept, names, left = [], [], [], []
    for cid in ids:
        name, address = recipient(cid)
        if not address.has_address:
            left.append(LeftOut(cid, name, NO_ADDRESS))
            continue
        addresses.append(address_lines(address, home=home_country(), locale=_locale()))
        kept.append(cid)
        names.append(name)
    if not addresses:
        raise PrintRun(None, [], left, "label").nothing_printed()
    batch = render_labels(addresses, sheet, start_at=start_at)
    run = print_runs.by_customer(kept, names, batch, "label")
    run.skipped = left + run.skipped
    if run.pdf is None:
        raise run.nothing_printed()
    settings.set_value(LABEL_SHEET_KEY, sheet)
    return run
