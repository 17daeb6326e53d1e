"""Vouchers (referral rewards, welcome, birthday, goodwill) and referral bookkeeping.

A voucher's ``code`` is stored in its compact form (``7K9QX3M2ABCD``: upper case, no
dashes) so a scan or a typed code finds it with one indexed lookup; people see it grouped.
State moves issued → printed → redeemed, or to void (with a reason) or expired. Redemption
is a conditional UPDATE in ``relbook.services.vouchers`` so it can succeed only once.
"""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.contacts import Contact
from relbook.store.models.settings import Staff

VOUCHER_KINDS = ("referral", "welcome", "birthday", "goodwill")
VALUE_KINDS = ("amount_off", "percent_off", "free_item", "points")
VOUCHER_STATES = ("issued", "printed", "redeemed", "void", "expired")
#: states in which a voucher can still be redeemed
OPEN_STATES = ("issued", "printed")


class ReferralReward(BaseModel):
    """One reward decision for one referral: the referrer's reward or the referee's welcome.

    ``(referee, role)`` is unique, so a referee earns their referrer at most one reward and
    gets at most one welcome voucher, even when two tills record a first sale at once.
    ``outcome`` says what happened: "voucher", "points" or "capped" (the referrer had
    reached the programme's cap for the period, so nothing was given).
    """

    referrer = peewee.ForeignKeyField(
        Contact, null=True, backref="referral_rewards", on_delete="SET NULL"
    )
    referee = peewee.ForeignKeyField(Contact, backref="referral_origin", on_delete="CASCADE")
    role = peewee.CharField(max_length=16)  # "referrer" | "welcome"
    outcome = peewee.CharField(max_length=16)  # "voucher" | "points" | "capped"
    points = peewee.IntegerField(null=True)
    sale_id = peewee.IntegerField(null=True)  # the qualifying sale, if any
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "referral_reward"
        indexes = ((("referee", "role"), True), (("referrer", "created_at"), False))


class Voucher(BaseModel):
    code = peewee.CharField(max_length=16, unique=True)  # compact form
    kind = peewee.CharField(max_length=16)
    value_kind = peewee.CharField(max_length=16)
    amount_minor = peewee.IntegerField(null=True)
    percent = peewee.IntegerField(null=True)
    free_item = peewee.CharField(max_length=120, default="")
    points = peewee.IntegerField(null=True)
    currency = peewee.CharField(max_length=3, default="")
    beneficiary = peewee.ForeignKeyField(
        Contact, null=True, backref="vouchers", on_delete="SET NULL"
    )
    note = peewee.CharField(max_length=200, default="")
    #: e.g. "2026" for the birthday voucher of that year; with (kind, beneficiary) unique
    occasion = peewee.CharField(max_length=20, null=True)
    referral = peewee.ForeignKeyField(
        ReferralReward, null=True, backref="vouchers", on_delete="SET NULL"
    )
    issued_at = peewee.DateTimeField(default=utcnow)
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
        indexes = ((("kind", "beneficiary", "occasion"), True),)
