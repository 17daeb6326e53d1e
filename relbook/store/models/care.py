"""Relationship care: the timeline, typed links between people, households, care plans,
saved segments, feedback and the owner's monthly-review marks.

Every table that points at a customer uses a ForeignKeyField to Contact so a merge finds
it by introspection. ``happened_at`` and ``last_touch_at`` are LOCAL wall-clock times (what
the person at the counter means by "today"); ``created_at`` columns are naive UTC.
"""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.contacts import Contact
from relbook.store.models.settings import Staff

#: what a timeline entry records
TIMELINE_KINDS = (
    "visit", "sale", "note_sent", "call", "message", "meeting", "note", "feedback", "touch",
)  # fmt: skip


class TimelineEntry(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="timeline", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    text = peewee.TextField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    happened_at = peewee.DateTimeField()  # local
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "timeline_entry"
        indexes = ((("contact", "happened_at"), False), (("kind", "happened_at"), False))


class Relationship(BaseModel):
    """Stored once: ``from_contact`` is the ``kind`` of ``to_contact`` (A is parent of B)."""

    from_contact = peewee.ForeignKeyField(Contact, backref="links_out", on_delete="CASCADE")
    to_contact = peewee.ForeignKeyField(Contact, backref="links_in", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("from_contact", "to_contact", "kind"), False),)


class Household(BaseModel):
    name = peewee.CharField(max_length=120)
    created_at = peewee.DateTimeField(default=utcnow)


class HouseholdMember(BaseModel):
    household = peewee.ForeignKeyField(Household, backref="members", on_delete="CASCADE")
    contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")

    class Meta:
        table_name = "household_member"


class CarePlan(BaseModel):
    """A contact's care tier (1 monthly, 2 quarterly, 3 yearly), snooze and last touch.

    The contact link is indexed but not unique so that a merge cannot fail here; the
    service reads the newest row and folds duplicates after a merge.
    """

    contact = peewee.ForeignKeyField(Contact, index=True, on_delete="CASCADE")
    tier = peewee.IntegerField()
    snoozed_until = peewee.DateField(null=True)
    last_touch_at = peewee.DateTimeField(null=True)  # local
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "care_plan"


class Segment(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    filter = peewee.TextField()  # JSON
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)


class Feedback(BaseModel):
    """A comment and a 0-10 "would you recommend us?" score; the contact may be unknown."""

    contact = peewee.ForeignKeyField(Contact, null=True, backref="feedback", on_delete="SET NULL")
    score = peewee.IntegerField()
    comment = peewee.TextField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=utcnow, index=True)


class ReviewMark(BaseModel):
    """The action the owner chose for a contact in a month's review."""

    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
    month = peewee.CharField(max_length=7)  # "2026-11"
    section = peewee.CharField(max_length=16)  # valuable | cooling | new
    action = peewee.CharField(max_length=24)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "review_mark"
        indexes = ((("month", "contact"), False),)
