"""Vouchers and referral rewards.

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

    class Contact(Frozen):
        class Meta:
            table_name = "contact"

    class Staff(Frozen):
        class Meta:
            table_name = "staff"

    class ReferralReward(Frozen):
        referrer = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
        referee = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        role = peewee.CharField(max_length=16)
        outcome = peewee.CharField(max_length=16)
        points = peewee.IntegerField(null=True)
        sale_id = peewee.IntegerField(null=True)
        created_at = peewee.DateTimeField()

        class Meta:
            table_name = "referral_reward"
            indexes = ((("referee", "role"), True), (("referrer", "created_at"), False))

    class Voucher(Frozen):
        code = peewee.CharField(max_length=16, unique=True)
        kind = peewee.CharField(max_length=16)
        value_kind = peewee.CharField(max_length=16)
        amount_minor = peewee.IntegerField(null=True)
        percent = peewee.IntegerField(null=True)
        free_item = peewee.CharField(max_length=120, default="")
        points = peewee.IntegerField(null=True)
        currency = peewee.CharField(max_length=3, default="")
        beneficiary = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
        note = peewee.CharField(max_length=200, default="")
        occasion = peewee.CharField(max_length=20, null=True)
        referral = peewee.ForeignKeyField(ReferralReward, null=True, on_delete="SET NULL")
        issued_at = peewee.DateTimeField()
        issued_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        expires_on = peewee.DateField(null=True, index=True)
        state = peewee.CharField(max_length=12, default="issued", index=True)
        printed_at = peewee.DateTimeField(null=True)
        redeemed_at = peewee.DateTimeField(null=True)
        redeemed_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        voided_at = peewee.DateTimeField(null=True)
        voided_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        void_reason = peewee.TextField(default="")

        class Meta:
            table_name = "voucher"
            indexes = ((("kind", "beneficiary", "occasion"), True),)

    db.create_tables([ReferralReward, Voucher])
