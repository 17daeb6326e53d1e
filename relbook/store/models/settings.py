"""Shop settings (key → JSON value) and the staff who work the till."""

from __future__ import annotations

import peewee

from relbook.store.models.base import BaseModel, utcnow


class Setting(BaseModel):
    key = peewee.CharField(primary_key=True, max_length=120)
    value = peewee.TextField()  # JSON
    updated_at = peewee.DateTimeField(default=utcnow)


class Staff(BaseModel):
    """A person at the till. PINs and role checks come with the staff-and-roles work."""

    name = peewee.CharField(max_length=80, unique=True)
    role = peewee.CharField(max_length=16, default="staff")  # "owner" | "staff"
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
