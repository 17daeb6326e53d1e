"""Sales, the points ledger and cached loyalty accounts; a card code for every contact.

Frozen copies of the tables as this migration creates them; later changes go into later
migrations.
"""

from __future__ import annotations

import peewee

from relbook.services.codes import new_card_code


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Contact(Frozen):
        card_code = peewee.CharField(max_length=40, null=True, unique=True)

    class Staff(Frozen):
        name = peewee.CharField(max_length=80, unique=True)

    class Sale(Frozen):
        contact = peewee.ForeignKeyField(Contact, null=True, on_delete="RESTRICT")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        amount_minor = peewee.IntegerField()
        currency = peewee.CharField(max_length=3)
        note = peewee.TextField(default="")
        refund_of = peewee.ForeignKeyField("self", null=True, unique=True, on_delete="RESTRICT")
        client_token = peewee.CharField(max_length=64, null=True, unique=True)
        created_at = peewee.DateTimeField()

        class Meta:
            indexes = ((("contact", "created_at"), False),)

    class PointsEntry(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="RESTRICT")
        points = peewee.IntegerField()
        kind = peewee.CharField(max_length=16)
        reason = peewee.TextField(default="")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        sale = peewee.ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
        created_at = peewee.DateTimeField()

        class Meta:
            table_name = "points_entry"
            indexes = ((("contact", "id"), False),)

    class LoyaltyAccount(Frozen):
        contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")
        balance = peewee.IntegerField(default=0)
        visits = peewee.IntegerField(default=0)
        last_visit_at = peewee.DateTimeField(null=True)
        updated_at = peewee.DateTimeField()

        class Meta:
            table_name = "loyalty_account"

    db.create_tables([Sale, PointsEntry, LoyaltyAccount])
    # Every customer gets a unique card code (the search index picks it up on reindex).
    taken = {c for (c,) in db.execute_sql("SELECT card_code FROM contact") if c}
    missing = [cid for (cid,) in db.execute_sql("SELECT id FROM contact WHERE card_code IS NULL")]
    for cid in missing:
        code = new_card_code()
        while code in taken:
            code = new_card_code()
        taken.add(code)
        Contact.update(card_code=code).where(Contact.id == cid).execute()
    if missing:
        _reindex_codes(db, missing)


def _reindex_codes(db: peewee.Database, contact_ids: list[int]) -> None:
    """Put the new codes into the search index, if the index holds these contacts."""
    from relbook.store import search_index

    param = "?" if isinstance(db, peewee.SqliteDatabase) else "%s"
    for cid in contact_ids:
        sql = f"SELECT card_code FROM contact WHERE id = {param}"
        (code,) = db.execute_sql(sql, (cid,)).fetchone()
        folded = search_index.fold(search_index.digits_and_letters(code))
        if search_index.is_sqlite(db):
            db.execute_sql(
                f"UPDATE {search_index.FTS} SET codes = ? WHERE rowid = ?", (folded, cid)
            )
        else:
            db.execute_sql(
                f"UPDATE {search_index.PLAIN} SET codes = %s WHERE contact_id = %s",
                (f" {folded} ", cid),
            )
