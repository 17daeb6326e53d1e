"""Contacts, their phones, emails, personal details and tags; settings and staff.

The model classes below are a frozen copy of the schema as this migration creates it;
later changes go into later migrations, never here.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    def ts() -> peewee.DateTimeField:
        return peewee.DateTimeField()

    class Setting(Frozen):
        key = peewee.CharField(primary_key=True, max_length=120)
        value = peewee.TextField()
        updated_at = ts()

    class Staff(Frozen):
        name = peewee.CharField(max_length=80, unique=True)
        role = peewee.CharField(max_length=16, default="staff")
        active = peewee.BooleanField(default=True)
        created_at = ts()

    class Contact(Frozen):
        prefix = peewee.CharField(max_length=40, default="")
        given_name = peewee.CharField(max_length=120, default="")
        middle_name = peewee.CharField(max_length=120, default="")
        family_name = peewee.CharField(max_length=120, default="")
        suffix = peewee.CharField(max_length=40, default="")
        nickname = peewee.CharField(max_length=120, default="")
        display_name = peewee.CharField(max_length=300)
        sort_name = peewee.CharField(max_length=300, index=True)
        company = peewee.CharField(max_length=200, default="")
        street = peewee.CharField(max_length=200, default="")
        extended = peewee.CharField(max_length=200, default="")
        postcode = peewee.CharField(max_length=20, default="")
        city = peewee.CharField(max_length=120, default="")
        region = peewee.CharField(max_length=120, default="")
        country = peewee.CharField(max_length=120, default="")
        birthday_year = peewee.IntegerField(null=True)
        birthday_month = peewee.IntegerField(null=True)
        birthday_day = peewee.IntegerField(null=True)
        anniversary_year = peewee.IntegerField(null=True)
        anniversary_month = peewee.IntegerField(null=True)
        anniversary_day = peewee.IntegerField(null=True)
        how_met = peewee.TextField(default="")
        notes = peewee.TextField(default="")
        consent_mail = peewee.DateField(null=True)
        consent_email = peewee.DateField(null=True)
        consent_phone = peewee.DateField(null=True)
        card_code = peewee.CharField(max_length=40, null=True, unique=True)
        referred_by = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL")
        archived_at = peewee.DateTimeField(null=True, index=True)
        created_at = ts()
        updated_at = ts()

    class Phone(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        label = peewee.CharField(max_length=40, default="mobile")
        raw = peewee.CharField(max_length=60)
        e164 = peewee.CharField(max_length=20, null=True, index=True)
        digits = peewee.CharField(max_length=30, index=True)
        position = peewee.IntegerField(default=0)

    class Email(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        label = peewee.CharField(max_length=40, default="home")
        address = peewee.CharField(max_length=254)
        address_lower = peewee.CharField(max_length=254, index=True)
        position = peewee.IntegerField(default=0)

    class PersonalDetail(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        kind = peewee.CharField(max_length=16)
        text = peewee.TextField(default="")
        name = peewee.CharField(max_length=120, default="")
        relation = peewee.CharField(max_length=60, default="")
        birthday_year = peewee.IntegerField(null=True)
        birthday_month = peewee.IntegerField(null=True)
        birthday_day = peewee.IntegerField(null=True)
        position = peewee.IntegerField(default=0)
        created_at = ts()

    class Tag(Frozen):
        name = peewee.CharField(max_length=60, unique=True)
        colour = peewee.CharField(max_length=9, default="#7a8b99")

    class ContactTag(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE")

        class Meta:
            indexes = ((("contact", "tag"), True),)

    db.create_tables([Setting, Staff, Contact, Phone, Email, PersonalDetail, Tag, ContactTag])
    # Birthdays are looked up by month and day ("who has a birthday this week?").
    db.execute_sql("CREATE INDEX contact_birthday_md ON contact (birthday_month, birthday_day)")
