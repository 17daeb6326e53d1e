"""Keeping the customer book: create, change, archive and restore contacts.

Every save writes the contact, its phones, emails, details, tags and its search
document in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import peewee
from peewee import Tuple

from relbook.errors import NotFoundError, ValidationError
from relbook.services import events, settings
from relbook.services.contacts import names
from relbook.services.contacts.inputs import (
    DETAIL_KINDS,
    ContactInput,
    ContactRecord,
    ContactRow,
    DetailInput,
    DuplicateMatch,
    EmailInput,
    PhoneInput,
    PhoneRecord,
    SaveResult,
    cleaned,
)
from relbook.services.contacts.phones import display as phone_display
from relbook.services.contacts.phones import normalise as normalise_phone
from relbook.services.dates import PartialDate
from relbook.store import search_index
from relbook.store.db import database
from relbook.store.models import (
    Contact,
    ContactTag,
    Email,
    PersonalDetail,
    Phone,
    Tag,
    utcnow,
)
from relbook.store.textfold import fold, sort_key

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_LIMITS = {
    "given_name": 120, "family_name": 120, "middle_name": 120, "prefix": 40, "suffix": 40,
    "nickname": 120, "formatted_name": 300, "name_order": 16, "company": 200, "street": 200,
    "extended": 200, "postcode": 20, "city": 120, "region": 120, "country": 120,
}  # fmt: skip
_LABELS = {"given_name": "First name", "family_name": "Last name", "postcode": "Postcode",
           "formatted_name": "Shown as", "nickname": "Goes by"}  # fmt: skip


def display_name_for(data: ContactInput) -> str:
    """The name shown: as written, or from the parts in the person's order
    (``relbook.services.contacts.names``)."""
    return names.display_name(data)


# -- validation ---------------------------------------------------------------------------


def validate(data: ContactInput) -> list[str]:
    """Raise ValidationError naming the first bad field; return warnings."""
    for key, limit in _LIMITS.items():
        value = getattr(data, key)
        if len(value.strip()) > limit:
            label = _LABELS.get(key, key.replace("_", " ").capitalize())
            raise ValidationError(key, f"{label} is too long (at most {limit} characters).")
    if not display_name_for(data):
        raise ValidationError("given_name", "Please give the contact a name.")
    if data.name_order not in names.NAME_ORDERS:
        raise ValidationError("name_order", f"Name order “{data.name_order}” is not known.")
    warnings: list[str] = []
    region = settings.phone_region()
    seen_phones: set[str] = set()
    for i, phone in enumerate(data.phones, 1):
        if not phone.number.strip():
            continue
        norm = normalise_phone(phone.number, region)
        if len(norm.digits) < 3:
            raise ValidationError(
                f"phones[{i - 1}]", f"Phone {i}: “{phone.number}” has too few digits."
            )
        key = norm.e164 or norm.digits
        if key in seen_phones:
            raise ValidationError(f"phones[{i - 1}]", f"Phone {i} is listed twice.")
        seen_phones.add(key)
        if norm.warning:
            warnings.append(norm.warning)
    seen_emails: set[str] = set()
    for i, email in enumerate(data.emails, 1):
        address = email.address.strip()
        if not address:
            continue
        if not _EMAIL.match(address) or len(address) > 254:
            raise ValidationError(
                f"emails[{i - 1}]", f"Email {i}: “{address}” is not a valid email address."
            )
        if address.lower() in seen_emails:
            raise ValidationError(f"emails[{i - 1}]", f"Email {i} is listed twice.")
        seen_emails.add(address.lower())
    for i, detail in enumerate(data.details, 1):
        if detail.kind not in DETAIL_KINDS:
            raise ValidationError(
                f"details[{i - 1}]", f"Personal detail {i} has an unknown kind “{detail.kind}”."
            )
        if detail.kind == "family" and not detail.name.strip():
            raise ValidationError(
                f"details[{i - 1}]", f"Personal detail {i}: give the family member's name."
            )
        if detail.kind != "family" and not detail.text.strip():
            raise ValidationError(f"details[{i - 1}]", f"Personal detail {i} is empty.")
    for tag in data.tags:
        if len(tag.strip()) > 60:
            raise ValidationError("tags", f"The tag “{tag[:20]}…” is too long.")
    return warnings


# -- writing ------------------------------------------------------------------------------


def create_contact(data: ContactInput) -> SaveResult:
    data = cleaned(data)
    warnings = validate(data)
    with database.atomic():
        contact = Contact.create(**_contact_columns(data))
        _write_children(contact.id, data)
        events.emit(events.CONTACT_CREATED, contact_id=contact.id)
        reindex([contact.id])
    return SaveResult(contact.id, tuple(warnings))


def update_contact(contact_id: int, data: ContactInput) -> SaveResult:
    data = cleaned(data)
    warnings = validate(data)
    with database.atomic():
        referrer_before = _require(contact_id).referred_by_id
        columns = _contact_columns(data)
        columns["updated_at"] = utcnow()
        Contact.update(**columns).where(Contact.id == contact_id).execute()
        if data.referred_by != referrer_before:  # loops refused, rewards issued, same write
            events.emit(events.REFERRER_CHANGED, contact_id=contact_id,
                        referrer_id=data.referred_by)  # fmt: skip
        for model in (Phone, Email, PersonalDetail, ContactTag):
            model.delete().where(model.contact == contact_id).execute()
        _write_children(contact_id, data)
        reindex([contact_id])
    return SaveResult(contact_id, tuple(warnings))


def archive_contact(contact_id: int) -> None:
    """Archive instead of delete: sales, points and history stay intact."""
    with database.atomic():
        _require(contact_id)
        Contact.update(archived_at=utcnow(), updated_at=utcnow()).where(
            Contact.id == contact_id
        ).execute()
        reindex([contact_id])


def restore_contact(contact_id: int) -> None:
    with database.atomic():
        _require(contact_id)
        Contact.update(archived_at=None, updated_at=utcnow()).where(
            Contact.id == contact_id
        ).execute()
        reindex([contact_id])


def _require(contact_id: int) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    return contact


def _contact_columns(data: ContactInput) -> dict[str, object]:
    columns: dict[str, object] = {k: getattr(data, k).strip() for k in _LIMITS}
    columns["formatted_name"] = names.formatted_to_store(data)
    columns.update(
        display_name=display_name_for(data),
        sort_name=sort_key(data.family_name.strip(), data.given_name.strip(),
                           display_name_for(data)),
        how_met=data.how_met.strip(),
        notes=data.notes.strip(),
        consent_mail=data.consent_mail,
        consent_email=data.consent_email,
        consent_phone=data.consent_phone,
        referred_by=data.referred_by,
    )  # fmt: skip
    for prefix, date in (("birthday", data.birthday), ("anniversary", data.anniversary)):
        columns[f"{prefix}_year"] = date.year if date else None
        columns[f"{prefix}_month"] = date.month if date else None
        columns[f"{prefix}_day"] = date.day if date else None
    return columns


def _write_children(contact_id: int, data: ContactInput) -> None:
    region = settings.phone_region()
    phones = [p for p in data.phones if p.number.strip()]
    for pos, phone in enumerate(phones):
        norm = normalise_phone(phone.number, region)
        Phone.create(contact=contact_id, label=phone.label.strip() or "mobile", raw=norm.raw,
                     e164=norm.e164, digits=norm.digits, position=pos)  # fmt: skip
    emails = [e for e in data.emails if e.address.strip()]
    for pos, email in enumerate(emails):
        address = email.address.strip()
        Email.create(contact=contact_id, label=email.label.strip() or "home", address=address,
                     address_lower=address.lower(), position=pos)  # fmt: skip
    for pos, detail in enumerate(data.details):
        bday = detail.birthday
        PersonalDetail.create(
            contact=contact_id, kind=detail.kind, text=detail.text.strip(),
            name=detail.name.strip(), relation=detail.relation.strip(),
            birthday_year=bday.year if bday else None,
            birthday_month=bday.month if bday else None,
            birthday_day=bday.day if bday else None, position=pos,
        )  # fmt: skip
    for name in dict.fromkeys(t.strip() for t in data.tags if t.strip()):
        tag, _ = Tag.get_or_create(name=name)
        ContactTag.create(contact=contact_id, tag=tag)


def reindex(contact_ids: Iterable[int]) -> None:
    """Rebuild the search documents of these contacts (call inside the write's transaction)."""
    ids = list(contact_ids)
    docs = []
    region = settings.phone_region()
    for contact in Contact.select().where(Contact.id.in_(ids)):
        phones = list(Phone.select().where(Phone.contact == contact.id).order_by(Phone.position))
        emails = [e.address for e in Email.select().where(Email.contact == contact.id)
                  .order_by(Email.position)]  # fmt: skip
        details = PersonalDetail.select().where(PersonalDetail.contact == contact.id)
        tags = (Tag.select(Tag.name).join(ContactTag)
                .where(ContactTag.contact == contact.id))  # fmt: skip
        docs.append(
            search_index.make_document(
                contact.id,
                names=[
                    contact.given_name,
                    contact.middle_name,
                    contact.family_name,
                    contact.nickname,
                    contact.company,
                    contact.display_name,
                ],
                display_name=contact.display_name,
                phones=[(phone_display(p.e164, region, p.raw), p.digits) for p in phones],
                emails=emails,
                codes=[contact.card_code or ""],
                details=[" ".join((d.text, d.name, d.relation)) for d in details],
                tags=[t.name for t in tags],
                archived=contact.archived_at is not None,
            )
        )
    search_index.store(database.obj, docs)
    missing = set(ids) - {d.contact_id for d in docs}
    search_index.remove(database.obj, missing)


# -- reading ------------------------------------------------------------------------------


def get_contact(contact_id: int) -> ContactRecord:
    contact = _require(contact_id)
    region = settings.phone_region()
    phones = list(Phone.select().where(Phone.contact == contact_id).order_by(Phone.position))
    emails = list(Email.select().where(Email.contact == contact_id).order_by(Email.position))
    details = list(
        PersonalDetail.select()
        .where(PersonalDetail.contact == contact_id)
        .order_by(PersonalDetail.position)
    )
    tags = [t.name for t in Tag.select(Tag.name).join(ContactTag)
            .where(ContactTag.contact == contact_id).order_by(Tag.name)]  # fmt: skip
    data = ContactInput(
        **{k: getattr(contact, k) for k in _LIMITS},
        birthday=_partial(contact, "birthday"),
        anniversary=_partial(contact, "anniversary"),
        how_met=contact.how_met,
        notes=contact.notes,
        consent_mail=contact.consent_mail,
        consent_email=contact.consent_email,
        consent_phone=contact.consent_phone,
        phones=[PhoneInput(p.raw, p.label) for p in phones],
        emails=[EmailInput(e.address, e.label) for e in emails],
        details=[
            DetailInput(d.kind, d.text, d.name, d.relation, _partial(d, "birthday"))
            for d in details
        ],
        tags=tags,
        referred_by=contact.referred_by_id,
    )
    return ContactRecord(
        id=contact.id,
        data=data,
        display_name=contact.display_name,
        phones=tuple(
            PhoneRecord(p.raw, p.label, p.e164, phone_display(p.e164, region, p.raw))
            for p in phones
        ),
        card_code=contact.card_code,
        archived=contact.archived_at is not None,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


def _partial(row: object, prefix: str) -> PartialDate | None:
    month, day = getattr(row, f"{prefix}_month"), getattr(row, f"{prefix}_day")
    if not month or not day:
        return None
    return PartialDate(month, day, getattr(row, f"{prefix}_year"))


def first_phone_and_email(ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Each contact's first phone (as people read it) and first email, for list lines."""
    phones: dict[int, str] = {}
    emails: dict[int, str] = {}
    if not ids:
        return phones, emails
    region = settings.phone_region()
    for cid, e164, raw in (
        Phone.select(Phone.contact, Phone.e164, Phone.raw)
        .where(Phone.contact.in_(ids))
        .order_by(Phone.position.desc())  # the first one last, so it wins
        .tuples()
    ):
        phones[cid] = phone_display(e164, region, raw)
    for cid, address in (
        Email.select(Email.contact, Email.address)
        .where(Email.contact.in_(ids))
        .order_by(Email.position.desc())
        .tuples()
    ):
        emails[cid] = address
    return phones, emails


def list_page_query(
    *, after: tuple[str, int] | None = None, limit: int = 200, archived: bool = False
) -> peewee.ModelSelect:
    """The query behind ``list_contacts`` (a test checks that the database answers it from
    an index, without sorting the whole book for every page)."""
    query = Contact.select(Contact.id, Contact.display_name, Contact.city, Contact.sort_name)
    query = query.where(Contact.archived_at.is_null(not archived))
    if after is not None:  # a row-value comparison, so the index range starts right there
        query = query.where(Tuple(Contact.sort_name, Contact.id) > Tuple(*after))
    return query.order_by(Contact.sort_name, Contact.id).limit(limit)


def list_contacts(
    *, after: tuple[str, int] | None = None, limit: int = 200, archived: bool = False
) -> list[ContactRow]:
    """A page of the book in name order, continuing after (sort_name, id): keyset paging
    keeps the 100,000th row as cheap as the first."""
    rows = list(list_page_query(after=after, limit=limit, archived=archived).tuples())
    first_phone, first_email = first_phone_and_email([r[0] for r in rows])
    return [
        ContactRow(cid, name, first_phone.get(cid, ""), first_email.get(cid, ""), city or "", key)
        for cid, name, city, key in rows
    ]


def count_contacts(*, archived: bool = False) -> int:
    return Contact.select().where(Contact.archived_at.is_null(not archived)).count()


def find_duplicates(data: ContactInput, *, exclude_id: int | None = None) -> list[DuplicateMatch]:
    """Contacts that share a phone, an email, or name and birthday with ``data``."""
    region = settings.phone_region()
    matches: dict[int, DuplicateMatch] = {}

    def add(rows: Sequence[tuple[int, str]], reason: str) -> None:
        for cid, name in rows:
            if cid != exclude_id and cid not in matches:
                matches[cid] = DuplicateMatch(cid, name, reason)

    active = Contact.archived_at.is_null()
    keys = {normalise_phone(p.number, region) for p in data.phones if p.number.strip()}
    e164s = [k.e164 for k in keys if k.e164]
    raw_digits = [k.digits for k in keys if not k.e164 and len(k.digits) >= 6]
    if e164s or raw_digits:
        cond = Phone.e164.in_(e164s) if e164s else None
        if raw_digits:
            other = Phone.digits.in_(raw_digits)
            cond = other if cond is None else (cond | other)
        add(
            Contact.select(Contact.id, Contact.display_name).join(Phone)
            .where(cond & active).distinct().tuples(), "same phone number",
        )  # fmt: skip
    addresses = [e.address.strip().lower() for e in data.emails if e.address.strip()]
    if addresses:
        add(
            Contact.select(Contact.id, Contact.display_name).join(Email)
            .where(Email.address_lower.in_(addresses) & active).distinct().tuples(),
            "same email address",
        )  # fmt: skip
    name = display_name_for(data)
    if name and data.birthday:
        candidates = Contact.select(Contact.id, Contact.display_name).where(
            active
            & (Contact.birthday_month == data.birthday.month)
            & (Contact.birthday_day == data.birthday.day)
        )
        folded = fold(name)
        add([(cid, n) for cid, n in candidates.tuples() if fold(n) == folded],
            "same name and birthday")  # fmt: skip
    return list(matches.values())
