"""The shop's team as the owner manages it: add, rename, (de)activate, with role and PIN.

Every change is audited, and with roles on only an owner may make it. Two rules keep
the shop from locking itself out: the last active owner cannot be made staff or be
deactivated, and nobody can deactivate the person signed in at the till.
"""

from __future__ import annotations

from dataclasses import dataclass

from relbook.errors import ValidationError
from relbook.services import staff
from relbook.services.staff import access, audit
from relbook.services.typed import clean_line
from relbook.store.db import database
from relbook.store.models import Staff
from relbook.store.models.audit import StaffPin


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    role: str
    active: bool
    has_pin: bool

    @property
    def role_text(self) -> str:
        return "Owner" if self.role == "owner" else "Staff"


def members(*, include_inactive: bool = True) -> list[Member]:
    """Owners first, then by name; the default "Owner" is made on first use."""
    staff.ensure_default()
    with_pin = {sid for (sid,) in StaffPin.select(StaffPin.staff).tuples()}
    query = Staff.select().order_by(Staff.active.desc(), Staff.role != "owner", Staff.name)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [Member(s.id, s.name, s.role, bool(s.active), s.id in with_pin) for s in query]


def member(staff_id: int) -> Member:
    found = next((m for m in members() if m.id == staff_id), None)
    if found is None:
        raise ValidationError("staff", f"There is no staff member number {staff_id}.")
    return found


def add(name: str, role: str = "staff", pin: str = "", *, by_staff_id: int | None = None) -> int:
    """A new team member (with a PIN when given), in one transaction."""
    if role not in access.ROLES:
        raise ValidationError("role", f"Role: choose {' or '.join(access.ROLES)}.")
    access.require_owner(by_staff_id, "add staff")
    with database.atomic():
        new_id = staff.add_staff(name, role)
        audit.record(
            "staff.add",
            staff_id=by_staff_id,
            subject=f"staff {new_id}",
            after={"name": " ".join(name.split()), "role": role},
        )
        if pin.strip():
            access.set_pin(new_id, pin, by_staff_id=by_staff_id)
    return new_id


def rename(staff_id: int, name: str, *, by_staff_id: int | None = None) -> None:
    clean = " ".join(clean_line(name).split())
    if not clean:
        raise ValidationError("name", "Name: type the staff member's name.")
    if len(clean) > 80:
        raise ValidationError("name", "Name: at most 80 characters.")
    access.require_owner(by_staff_id, "rename staff")
    with database.atomic():
        before = member(staff_id).name
        if clean == before:
            return
        taken = Staff.select().where((Staff.name == clean) & (Staff.id != staff_id)).exists()
        if taken:
            raise ValidationError("name", f"There is already a staff member called {clean}.")
        Staff.update(name=clean).where(Staff.id == staff_id).execute()
        audit.record(
            "staff.rename",
            staff_id=by_staff_id,
            subject=f"staff {staff_id}",
            before={"name": before},
            after={"name": clean},
        )


def set_active(
    staff_id: int, active: bool, *, by_staff_id: int | None = None, signed_in: int | None = None
) -> None:
    """Deactivate someone who left (their name stays on past sales) or bring them back."""
    access.require_owner(by_staff_id, "change the staff list")
    with database.atomic():
        who = member(staff_id)
        if who.active == active:
            return
        if not active:
            if staff_id in (signed_in, by_staff_id):
                raise ValidationError(
                    "staff", f"{who.name} is signed in at the till; switch user first."
                )
            owners = [m for m in members() if m.active and m.role == "owner"]
            if who.role == "owner" and [m.id for m in owners] == [staff_id]:
                raise ValidationError("staff", "The shop needs at least one active owner.")
            if who.role == "owner":
                access.check_an_owner_can_sign_in(without=staff_id)
        Staff.update(active=active).where(Staff.id == staff_id).execute()
        audit.record(
            "staff.active",
            staff_id=by_staff_id,
            subject=f"staff {staff_id}",
            before={"active": who.active},
            after={"active": active},
        )
