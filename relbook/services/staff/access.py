"""Staff PINs and roles, off by default so a one-person shop is never asked for a PIN.

When roles are on, staff do counter work and only an owner adjusts points, voids
vouchers, erases, restores or changes settings: callers ask ``require_owner(staff_id,
"adjust points")``, which raises a plain ``PermissionDenied``. PINs are stored as slow
scrypt hashes with a per-person salt (``pins``); an owner's PIN has at least 6 digits.
Wrong PINs are throttled: after three, each further attempt waits longer (30 s, 1 min,
2 min … up to 15 min).

Locking the till after N idle minutes is the GUI's job: it reads ``lock_minutes()`` and
asks ``idle_expired(last_activity, now)``.
"""

from __future__ import annotations

import datetime as dt
import math

from relbook.errors import PermissionDenied, ValidationError
from relbook.services import settings
from relbook.services.staff import audit, pins
from relbook.store.db import database
from relbook.store.models import Staff, utcnow
from relbook.store.models.audit import StaffPin

ROLES = ("owner", "staff")
FREE_ATTEMPTS = 3
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=15)
#: digits of a PIN by role: an owner's PIN opens erasure, restores and exports
PIN_DIGITS = {"owner": (6, 12), "staff": (4, 8)}


def roles_enabled() -> bool:
    return bool(settings.get("access.roles_enabled"))


def _check_pin_text(pin: str, role: str = "staff") -> str:
    low, high = PIN_DIGITS.get(role, PIN_DIGITS["staff"])
    clean = pin.strip()
    if not (clean.isascii() and clean.isdigit()) or not low <= len(clean) <= high:
        whose = "An owner's PIN" if role == "owner" else "PIN"
        raise ValidationError("pin", f"{whose}: use {low} to {high} digits.")
    return clean


def set_pin(staff_id: int, pin: str, *, by_staff_id: int | None = None) -> None:
    """Give a staff member a (new) PIN. With roles on, only an owner may set another's.
    An owner's PIN has at least 6 digits, anyone else's at least 4."""
    if by_staff_id is not None and by_staff_id != staff_id:
        require_owner(by_staff_id, "set another person's PIN")
    member = Staff.get_or_none(Staff.id == staff_id)
    if member is None:
        raise ValidationError("staff", f"There is no staff member number {staff_id}.")
    clean = _check_pin_text(pin, member.role)
    salt, digest, kdf = pins.new_hash(clean)
    with database.atomic():
        (
            StaffPin.insert(
                staff=staff_id,
                salt=salt,
                pin_hash=digest,
                kdf=kdf,
                failed=0,
                locked_until=None,
                updated_at=utcnow(),
            )
            .on_conflict(
                conflict_target=[StaffPin.staff],
                update={
                    StaffPin.salt: salt,
                    StaffPin.pin_hash: digest,
                    StaffPin.kdf: kdf,
                    StaffPin.failed: 0,
                    StaffPin.locked_until: None,
                    StaffPin.updated_at: utcnow(),
                },
            )
            .execute()
        )
        audit.record("staff.pin", staff_id=by_staff_id or staff_id, subject=f"staff {staff_id}")


def has_pin(staff_id: int) -> bool:
    return StaffPin.select().where(StaffPin.staff == staff_id).exists()


def verify_pin(staff_id: int, pin: str, *, now: dt.datetime | None = None) -> bool:
    """True for the right PIN. While throttled, raises PermissionDenied saying how long
    to wait (even for the right PIN, so guessing gains nothing)."""
    now = now or utcnow()
    row = StaffPin.get_or_none(StaffPin.staff == staff_id)
    if row is None:
        return False
    if row.locked_until is not None and row.locked_until > now:
        wait = math.ceil((row.locked_until - now).total_seconds())
        raise PermissionDenied(f"Too many wrong PINs. Try again in {_duration(wait)}.")
    typed = pin.strip()
    if pins.matches(typed, bytes(row.salt), bytes(row.pin_hash), row.kdf):
        changes: dict = {StaffPin.failed: 0, StaffPin.locked_until: None}
        if pins.outdated(row.kdf):  # an older, faster hash: keep this PIN the current way
            salt, digest, kdf = pins.new_hash(typed)
            changes.update({StaffPin.salt: salt, StaffPin.pin_hash: digest, StaffPin.kdf: kdf})
        StaffPin.update(changes).where(StaffPin.id == row.id).execute()
        return True
    failed = row.failed + 1
    locked = None
    if failed >= FREE_ATTEMPTS:
        wait = min(FIRST_WAIT * 2 ** (failed - FREE_ATTEMPTS), LONGEST_WAIT)
        locked = now + wait
    StaffPin.update(failed=failed, locked_until=locked).where(StaffPin.id == row.id).execute()
    return False


def pin_too_short(staff_id: int, pin: str) -> bool:
    """An owner signed in with a PIN from before owners needed 6 digits: ask them to
    choose a longer one (it keeps working meanwhile)."""
    member = Staff.get_or_none(Staff.id == staff_id)
    return member is not None and member.role == "owner" and len(pin.strip()) < 6


SHORT_PIN_ADVICE = (
    "Your owner PIN has fewer than 6 digits; please choose a longer one "
    "(Settings → Staff, or ask another owner)."
)


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def switch_user(staff_id: int, pin: str) -> int:
    """The staff id after a PIN check (roles on), or at once (roles off)."""
    staff = Staff.get_or_none((Staff.id == staff_id) & (Staff.active == True))  # noqa: E712
    if staff is None:
        raise ValidationError("staff", "Pick a staff member from the list.")
    if not roles_enabled():
        return staff_id
    if not has_pin(staff_id):
        raise PermissionDenied(f"{staff.name} has no PIN yet; the owner can set one.")
    if not verify_pin(staff_id, pin):
        raise PermissionDenied("That PIN is not right.")
    return staff_id


def is_owner(staff_id: int | None) -> bool:
    """Whether ``staff_id`` may do owner-only work now (anyone may, with roles off)."""
    try:
        require_owner(staff_id, "")
    except PermissionDenied:
        return False
    return True


def require_owner(staff_id: int | None, action: str) -> None:
    """Raise PermissionDenied unless roles are off or ``staff_id`` is an owner."""
    if not roles_enabled():
        return
    staff = Staff.get_or_none(Staff.id == staff_id) if staff_id is not None else None
    if staff is None or not staff.active:
        raise PermissionDenied(f"Only an owner may {action}; switch user first.")
    if staff.role != "owner":
        raise PermissionDenied(
            f"Only an owner may {action}. {staff.name} is signed in as "
            "staff; ask the owner to switch user."
        )


def set_role(staff_id: int, role: str, *, by_staff_id: int | None = None) -> None:
    if role not in ROLES:
        raise ValidationError("role", f"Role: choose {' or '.join(ROLES)}.")
    require_owner(by_staff_id, "change roles")
    with database.atomic():
        staff = Staff.get_or_none(Staff.id == staff_id)
        if staff is None:
            raise ValidationError("staff", f"There is no staff member number {staff_id}.")
        if staff.role == "owner" and role != "owner" and _owners() == [staff_id]:
            raise ValidationError("role", "The shop needs at least one owner.")
        if staff.role == "owner" and role != "owner":
            check_an_owner_can_sign_in(without=staff_id)
        before = staff.role
        Staff.update(role=role).where(Staff.id == staff_id).execute()
        audit.record(
            "staff.role",
            staff_id=by_staff_id,
            subject=f"staff {staff_id}",
            before={"role": before},
            after={"role": role},
        )


def check_an_owner_can_sign_in(*, without: int) -> None:
    """With roles on, refuse a change that would leave no active owner with a PIN: the
    shop could no longer adjust points, restore a backup or change settings."""
    if roles_enabled() and not any(has_pin(o) for o in _owners() if o != without):
        raise ValidationError(
            "role",
            "Roles are on and no other owner has a PIN: give another owner a PIN first, "
            "so the shop is never locked out.",
        )


def _owners() -> list[int]:
    active = Staff.active == True  # noqa: E712
    return [s.id for s in Staff.select(Staff.id).where((Staff.role == "owner") & active)]


def enable_roles(on: bool, *, by_staff_id: int | None = None) -> None:
    """Turn PINs and roles on (needs an owner with a PIN, so nobody is locked out) or off."""
    if on:
        if not any(has_pin(o) for o in _owners()):
            raise ValidationError(
                "pin",
                "Give an owner a PIN before turning roles on, so the shop is never locked out.",
            )
    else:
        require_owner(by_staff_id, "turn roles off")
    settings.set_value("access.roles_enabled", bool(on))


def lock_minutes() -> int:
    """Idle minutes before the GUI locks the till (0: never)."""
    return int(settings.get("access.lock_minutes") or 0)


def set_lock_minutes(minutes: int, *, by_staff_id: int | None = None) -> None:
    require_owner(by_staff_id, "change settings")
    if not 0 <= int(minutes) <= 240:
        raise ValidationError("lock_minutes", "Lock after: 0 (never) to 240 minutes.")
    settings.set_value("access.lock_minutes", int(minutes))


def idle_expired(last_activity: float, now: float) -> bool:
    """Whether the till should lock: roles on, a lock time set, and idle that long
    (times in seconds, e.g. time.monotonic())."""
    minutes = lock_minutes()
    return roles_enabled() and minutes > 0 and now - last_activity >= minutes * 60
