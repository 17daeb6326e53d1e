"""Printed loyalty cards (``card_print``), and a covering index for rolling 12-month spend.

``card_print`` records each card printed or saved as PDF, so the shop can print "everyone
without a card" as a batch. The index on ``sale (contact_id, created_at, amount_minor)``
lets the tier's 12-month sum read the index alone, however many sales a customer has.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Contact(Frozen):
        pass

    class Staff(Frozen):
        pass

    class CardPrint(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        card_code = peewee.CharField(max_length=40)
        printed_at = peewee.DateTimeField()

        class Meta:
            table_name = "card_print"
            indexes = ((("contact", "printed_at"), False),)

    db.create_tables([CardPrint], safe=True)
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS sale_contact_created_amount "
        "ON sale (contact_id, created_at, amount_minor)"
    )
