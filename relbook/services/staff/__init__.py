"""Who is at the till. Every sale and ledger row records it.

Kept deliberately simple: names and an active flag. PINs and roles build on this later.
"""

from __future__ import annotations

from dataclasses import dataclass

from relbook.errors import ValidationError
from relbook.services.typed import clean_line
from relbook.store.db import database, is_read_only
from relbook.store.models import Staff, utcnow

DEFAULT_NAME = "Owner"


@dataclass(frozen=True, slots=True)
class StaffRow:
    id: int
    name: str
    role: str


def list_staff(*, include_inactive: bool = False) -> list[StaffRow]:
    """Staff for the picker, the default "Owner" made on first use."""
    ensure_default()
    query = Staff.select().order_by(Staff.role != "owner", Staff.name)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [StaffRow(s.id, s.name, s.role) for s in query]


def add_staff(name: str, role: str = "staff") -> int:
    clean = " ".join(clean_line(name).split())
    if not clean:
        raise ValidationError("name", "Name: type the staff member's name.")
    if len(clean) > 80:
        raise ValidationError("name", "Name: at most 80 characters.")
    with database.atomic():
        ensure_default()  # the owner is always first in the picker
        if Staff.select().where(Staff.name == clean).exists():
            raise ValidationError("name", f"There is already a staff member called {clean}.")
        return Staff.create(name=clean, role=role, created_at=utcnow()).id


def ensure_default() -> int:
    """The id of the first owner, creating "Owner" when there is no staff at all.

    A book that may only be read cannot get one: there it is 0, "nobody in particular"
    (every change is refused there anyway, with the read-only message)."""
    first = Staff.select().order_by(Staff.role != "owner", Staff.id).first()
    if first is not None:
        return first.id
    if is_read_only():
        return 0
    with database.atomic():
        first = Staff.select().order_by(Staff.role != "owner", Staff.id).first()
        if first is not None:  # another till made it a moment ago
            return first.id
        return Staff.create(name=DEFAULT_NAME, role="owner", created_at=utcnow()).id


def name_of(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    row = Staff.get_or_none(Staff.id == staff_id)
    return row.name if row else ""
