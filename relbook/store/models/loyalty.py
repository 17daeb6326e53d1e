"""Sales at the counter and the append-only points ledger.

``PointsEntry`` rows are never updated or deleted: a mistake is corrected by a new,
reasoned adjustment. The one exception (migration m0105) is redaction: erasing a person
may rewrite the free text of a row that names them, once, flagged ``redacted``.
``LoyaltyAccount`` caches each contact's balance and last visit; it
is written in the same transaction as the ledger row and checked against the ledger by
``relbook check``.
"""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.contacts import Contact
from relbook.store.models.settings import Staff

#: ledger kinds; "refund" reverses a refunded sale's points, "undo" a redemption undone
LEDGER_KINDS = ("earn", "redeem", "adjust", "expire", "bonus", "referral", "refund", "undo")
#: what a reversal undoes: a points row, a voucher's redemption, a sale
REVERSAL_KINDS = ("points", "voucher", "sale")


class Sale(BaseModel):
    """A sale (positive amount) or a refund (negative amount, ``refund_of`` set)."""

    contact = peewee.ForeignKeyField(Contact, null=True, backref="sales", on_delete="RESTRICT")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    amount_minor = peewee.IntegerField()
    currency = peewee.CharField(max_length=3)
    note = peewee.TextField(default="")
    refund_of = peewee.ForeignKeyField(
        "self", null=True, unique=True, backref="refunds", on_delete="RESTRICT"
    )
    #: set by the till for each attempt, so a double Enter records one sale
    client_token = peewee.CharField(max_length=64, null=True, unique=True)
    created_at = peewee.DateTimeField(default=utcnow)
    #: 1 once erasure has scrubbed the note (the one change the guard allows, once)
    redacted = peewee.IntegerField(default=0)

    class Meta:
        indexes = ((("contact", "created_at"), False),)


class PointsEntry(BaseModel):
    """One row of the points ledger: who, how many, why, by whom, from which sale."""

    contact = peewee.ForeignKeyField(Contact, backref="points", on_delete="RESTRICT")
    points = peewee.IntegerField()  # signed
    kind = peewee.CharField(max_length=16)
    reason = peewee.TextField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    sale = peewee.ForeignKeyField(Sale, null=True, backref="points", on_delete="RESTRICT")
    created_at = peewee.DateTimeField(default=utcnow)
    #: 1 once erasure has scrubbed the reason (the one change the guard allows, once)
    redacted = peewee.IntegerField(default=0)

    class Meta:
        table_name = "points_entry"
        indexes = ((("contact", "id"), False),)


class Reversal(BaseModel):
    """One undo: what was undone (``kind`` and ``target_id``), for whom, by whom, why, and
    the rows that undid it (a reversing ledger row, a refund). Append-only like the
    ledger; ``(kind, target_id)`` is unique, so nothing is undone twice, even by two tills
    at once."""

    kind = peewee.CharField(max_length=16)
    target_id = peewee.IntegerField()
    contact = peewee.ForeignKeyField(Contact, backref="reversals", on_delete="RESTRICT")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    reason = peewee.TextField()
    entry = peewee.ForeignKeyField(PointsEntry, null=True, on_delete="RESTRICT", backref="+")
    refund = peewee.ForeignKeyField(Sale, null=True, on_delete="RESTRICT", backref="+")
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "target_id"), True), (("contact", "created_at"), False))


class LoyaltyAccount(BaseModel):
    """Cached per-contact totals, kept in step with the ledger in the same transaction.

    The contact link is indexed but not unique, so a merge that re-points rows by
    introspection cannot fail here; the merge listener folds the rows back into one.
    """

    contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")
    balance = peewee.IntegerField(default=0)
    visits = peewee.IntegerField(default=0)
    last_visit_at = peewee.DateTimeField(null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "loyalty_account"


class CardPrint(BaseModel):
    """A loyalty card printed (or saved as PDF) for a contact: when and by whom.

    "Everyone without a printed card" is the batch a shop prints for new customers.
    """

    contact = peewee.ForeignKeyField(Contact, backref="card_prints", on_delete="CASCADE")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    card_code = peewee.CharField(max_length=40)
    printed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "card_print"
        indexes = ((("contact", "printed_at"), False),)
