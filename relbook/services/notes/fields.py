"""The merge fields of a note for one person: names, shop, last purchase, points,
family members and interests from their personal details."""

from __future__ import annotations

from relbook.errors import NotFoundError
from relbook.services import settings
from relbook.store.models import Contact, PersonalDetail


def fields_for(contact_id: int, *, referee_id: int | None = None) -> dict[str, str | None]:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    fields: dict[str, str | None] = {
        "first_name": contact.given_name or None,
        "last_name": contact.family_name or None,
        "nickname": contact.nickname or None,
        "full_name": contact.display_name or None,
        "shop_name": settings.get("shop.name") or None,
        "owner_name": settings.get("shop.owner_name") or None,
        "last_purchase": _last_purchase(contact_id),
        "points": _points(contact_id),
        "referee_name": None,
    }
    if referee_id is not None:
        referee = Contact.get_or_none(Contact.id == referee_id)
        if referee is not None:
            fields["referee_name"] = referee.given_name or referee.display_name
    details = list(
        PersonalDetail.select()
        .where(PersonalDetail.contact == contact_id)
        .order_by(PersonalDetail.position)
    )
    family = [d for d in details if d.kind == "family" and d.name]
    interests = [d.text for d in details if d.kind == "interest" and d.text]

    surname = (contact.family_name or "").strip()

    def first(name: str) -> str:
        """ "Owen Sullivan", husband of Siobhan Sullivan, is "Owen" on a card."""
        name = name.strip()
        if surname and name.endswith(" " + surname):
            return name[: -len(surname) - 1].strip()
        return name

    def named(relations: set[str]) -> str | None:
        return (
            _join([first(d.name) for d in family if d.relation.strip().lower() in relations])
            or None
        )

    fields["partner_name"] = named(_PARTNER)
    fields["children_names"] = named(_CHILD)
    fields["pet_name"] = named(_PET)
    fields["birthday"] = _birthday(contact)
    fields["visit_count"] = _visits(contact_id)
    fields["family"] = _join([first(d.name) for d in family]) or None
    fields["interest"] = interests[0] if interests else None
    fields["interests"] = _join(interests) or None
    for detail in family:
        relation = detail.relation.strip().lower().replace(" ", "_")
        if relation:
            fields.setdefault(relation, first(detail.name))
    return fields


_PARTNER = {"partner", "wife", "husband", "spouse", "boyfriend", "girlfriend", "fiancé", "fiancée"}
_CHILD = {"daughter", "son", "child", "kid", "stepdaughter", "stepson"}
_PET = {"dog", "cat", "pet", "horse", "rabbit"}


def _birthday(contact: Contact) -> str | None:
    if not contact.birthday_month or not contact.birthday_day:
        return None
    from relbook.services.dates import PartialDate
    from relbook.services.display import shop_display

    return shop_display().partial(PartialDate(contact.birthday_month, contact.birthday_day))


def _visits(contact_id: int) -> str | None:
    try:
        from relbook.store.models.loyalty import Sale
    except ImportError:
        return None
    count = (
        Sale.select()
        .where((Sale.contact == contact_id) & Sale.refund_of.is_null() & (Sale.amount_minor > 0))
        .count()
    )
    return str(count) if count else None


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _last_purchase(contact_id: int) -> str | None:
    try:
        from relbook.store.models.loyalty import Sale
    except ImportError:
        return None
    sale = (
        Sale.select()
        .where((Sale.contact == contact_id) & Sale.refund_of.is_null() & (Sale.amount_minor > 0))
        .order_by(Sale.created_at.desc())
        .first()
    )
    # What they bought, as the till noted it ("the birthday cake"); never the amount:
    # "thank you for choosing us for $42.00" reads like a receipt.
    if sale is None or not sale.note.strip():
        return None
    return sale.note.strip()


def _points(contact_id: int) -> str | None:
    try:
        from relbook.services.loyalty import ledger
    except ImportError:
        return None
    return str(ledger.balance(contact_id))


def about(contact_id: int, limit: int = 6) -> list[str]:
    """Short reminders of what the owner knows about someone, for writing a personal
    line: "daughter Mia", "Learning Japanese", "Oat flat white"."""
    rows = (
        PersonalDetail.select()
        .where(PersonalDetail.contact == contact_id)
        .order_by(PersonalDetail.position)
    )
    out: list[str] = []
    for d in rows:
        if d.kind == "family" and d.name:
            out.append(f"{d.relation} {d.name}".strip())
        elif d.text:
            out.append(d.text.strip())
    return out[:limit]
