"""Relationship care tables: timeline, relationships, households, care plans, segments,
feedback and monthly-review marks.

Frozen copies of the tables as this migration creates them; later changes go into later
migrations.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Contact(Frozen):
        display_name = peewee.CharField(max_length=300)

    class Staff(Frozen):
        name = peewee.CharField(max_length=80, unique=True)

    class TimelineEntry(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        kind = peewee.CharField(max_length=16)
        text = peewee.TextField(default="")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        happened_at = peewee.DateTimeField()
        created_at = peewee.DateTimeField()

        class Meta:
            table_name = "timeline_entry"
            indexes = ((("contact", "happened_at"), False), (("kind", "happened_at"), False))

    class Relationship(Frozen):
        from_contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        to_contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        kind = peewee.CharField(max_length=16)
        created_at = peewee.DateTimeField()

        class Meta:
            indexes = ((("from_contact", "to_contact", "kind"), False),)

    class Household(Frozen):
        name = peewee.CharField(max_length=120)
        created_at = peewee.DateTimeField()

    class HouseholdMember(Frozen):
        household = peewee.ForeignKeyField(Household, on_delete="CASCADE")
        contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")

        class Meta:
            table_name = "household_member"

    class CarePlan(Frozen):
        contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")
        tier = peewee.IntegerField()
        snoozed_until = peewee.DateField(null=True)
        last_touch_at = peewee.DateTimeField(null=True)
        created_at = peewee.DateTimeField()

        class Meta:
            table_name = "care_plan"

    class Segment(Frozen):
        name = peewee.CharField(max_length=80, unique=True)
        filter = peewee.TextField()
        created_at = peewee.DateTimeField()
        updated_at = peewee.DateTimeField()

    class Feedback(Frozen):
        contact = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
        score = peewee.IntegerField()
        comment = peewee.TextField(default="")
        staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        created_at = peewee.DateTimeField(index=True)

    class ReviewMark(Frozen):
        contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
        month = peewee.CharField(max_length=7)
        section = peewee.CharField(max_length=16)
        action = peewee.CharField(max_length=24)
        created_at = peewee.DateTimeField()

        class Meta:
            table_name = "review_mark"
            indexes = ((("month", "contact"), False),)

    db.create_tables(
        [TimelineEntry, Relationship, Household, HouseholdMember, CarePlan, Segment,
         Feedback, ReviewMark]
    )  # fmt: skip
    # Anniversaries are looked up by month and day, like birthdays.
    db.execute_sql(
        "CREATE INDEX contact_anniversary_md ON contact (anniversary_month, anniversary_day)"
    )
