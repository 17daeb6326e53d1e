"""Customers and the personal details that make a relationship personal."""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow


class Contact(BaseModel):
    prefix = peewee.CharField(max_length=40, default="")
    given_name = peewee.CharField(max_length=120, default="")
    middle_name = peewee.CharField(max_length=120, default="")
    family_name = peewee.CharField(max_length=120, default="")
    suffix = peewee.CharField(max_length=40, default="")
    nickname = peewee.CharField(max_length=120, default="")  # the name they go by
    #: the name as written when the parts do not give it ("Dr. Anna Maria Schmidt", "王伟")
    formatted_name = peewee.CharField(max_length=300, default="")
    #: "" given name first, "family_first" (Nguyễn Thị Mai, Nagy Anna)
    name_order = peewee.CharField(max_length=16, default="")
    display_name = peewee.CharField(max_length=300)
    #: accent-folded, lower-case "family given" for ordering the book
    sort_name = peewee.CharField(max_length=300, index=True)
    company = peewee.CharField(max_length=200, default="")
    street = peewee.CharField(max_length=200, default="")
    extended = peewee.CharField(max_length=200, default="")
    postcode = peewee.CharField(max_length=20, default="")
    city = peewee.CharField(max_length=120, default="")
    region = peewee.CharField(max_length=120, default="")
    country = peewee.CharField(max_length=120, default="")
    # Partial dates: a birthday without a year is normal.
    birthday_year = peewee.IntegerField(null=True)
    birthday_month = peewee.IntegerField(null=True)
    birthday_day = peewee.IntegerField(null=True)
    anniversary_year = peewee.IntegerField(null=True)
    anniversary_month = peewee.IntegerField(null=True)
    anniversary_day = peewee.IntegerField(null=True)
    how_met = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    # Consent per channel: the date it was given, or NULL for "no consent".
    consent_mail = peewee.DateField(null=True)
    consent_email = peewee.DateField(null=True)
    consent_phone = peewee.DateField(null=True)
    card_code = peewee.CharField(max_length=40, null=True, unique=True)
    referred_by = peewee.ForeignKeyField(
        "self", null=True, backref="referrals", on_delete="SET NULL"
    )
    archived_at = peewee.DateTimeField(null=True, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)


def joined_active() -> peewee.Expression:
    """ "This contact is not archived", for a query that JOINS contact to a smaller set of
    rows (sales of a week, care plans, vouchers about to expire).

    Written so that it cannot use the ``archived_at`` index: without statistics SQLite
    takes ``archived_at IS NULL`` to match a handful of rows, drives the join from it and
    walks the whole book (100,000 contacts) to find a few hundred sales. Nearly every
    contact is active, so the other table should lead; this makes sure it does.
    """
    return peewee.fn.COALESCE(Contact.archived_at, None).is_null()


class Phone(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    label = peewee.CharField(max_length=40, default="mobile")
    raw = peewee.CharField(max_length=60)  # as typed
    e164 = peewee.CharField(max_length=20, null=True, index=True)  # NULL: could not parse
    digits = peewee.CharField(max_length=30, index=True)
    position = peewee.IntegerField(default=0)


class Email(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    label = peewee.CharField(max_length=40, default="home")
    address = peewee.CharField(max_length=254)
    address_lower = peewee.CharField(max_length=254, index=True)
    position = peewee.IntegerField(default=0)


class PersonalDetail(BaseModel):
    """A typed fact: family member, interest, preference, milestone or other."""

    contact = peewee.ForeignKeyField(Contact, backref="details", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    text = peewee.TextField(default="")  # the fact, or a note about the family member
    name = peewee.CharField(max_length=120, default="")  # family member's name
    relation = peewee.CharField(max_length=60, default="")  # daughter, partner, …
    birthday_year = peewee.IntegerField(null=True)
    birthday_month = peewee.IntegerField(null=True)
    birthday_day = peewee.IntegerField(null=True)
    position = peewee.IntegerField(default=0)
    created_at = peewee.DateTimeField(default=utcnow)


class Tag(BaseModel):
    name = peewee.CharField(max_length=60, unique=True)
    colour = peewee.CharField(max_length=9, default="#7a8b99")


class ContactTag(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="tag_links", on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, backref="contact_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True),)
