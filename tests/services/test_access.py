"""Staff PINs and roles: scrypt with a salt per person, throttled guessing, roles that
cannot lock the shop out, and owner-only work refused for staff in plain words."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib

import pytest

from relbook.errors import PermissionDenied, ValidationError
from relbook.services import backup, contacts, loyalty, plugins, privacy, staff
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.staff import access
from relbook.store.db import database
from relbook.store.models import Staff
from relbook.store.models.audit import StaffPin

plugins.load_all()
NOW = dt.datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def team(db) -> dict[str, int]:
    owner = staff.ensure_default()
    return {"owner": owner, "sam": staff.add_staff("Sam"), "kim": staff.add_staff("Kim")}


@pytest.fixture
def roles_on(team) -> dict[str, int]:
    access.set_pin(team["owner"], "739184")
    access.set_pin(team["sam"], "246801")
    access.enable_roles(True)
    return team


@pytest.mark.real_kdf
def test_pins_are_slow_scrypt_hashes_with_a_salt_of_their_own(team) -> None:
    access.set_pin(team["sam"], "5813")
    access.set_pin(team["kim"], "5813")  # the same PIN
    sam = StaffPin.get(StaffPin.staff == team["sam"])
    kim = StaffPin.get(StaffPin.staff == team["kim"])
    assert len(bytes(sam.salt)) == 16 and bytes(sam.salt) != bytes(kim.salt)
    assert bytes(sam.pin_hash) != bytes(kim.pin_hash)
    expected = hashlib.scrypt(
        b"5813", salt=bytes(sam.salt), n=2**17, r=8, p=1, dklen=32, maxmem=2**28
    )
    assert bytes(sam.pin_hash) == expected and sam.kdf == "scrypt-17"
    dumped = "\n".join(database.obj.connection().iterdump())
    assert "5813" not in dumped  # never stored as typed
    assert access.verify_pin(team["sam"], "5813") and not access.verify_pin(team["sam"], "5814")


@pytest.mark.parametrize("pin", ["12", "123456789", "12a4", "", "    ", "１２３４"])
def test_a_pin_is_4_to_8_digits(team, pin: str) -> None:
    with pytest.raises(ValidationError, match="4 to 8 digits"):
        access.set_pin(team["sam"], pin)


@pytest.mark.parametrize("pin", ["1234", "12345", "1234567890123"])
def test_an_owners_pin_is_6_to_12_digits(team, pin: str) -> None:
    with pytest.raises(ValidationError, match="An owner's PIN: use 6 to 12 digits"):
        access.set_pin(team["owner"], pin)
    access.set_pin(team["owner"], "739184")


def test_an_old_short_owner_pin_works_and_asks_for_a_longer_one(team) -> None:
    access.set_pin(team["sam"], "2468")
    access.set_role(team["sam"], "owner")  # promoted with the PIN they had
    assert access.switch_user(team["sam"], "2468") == team["sam"]
    assert access.pin_too_short(team["sam"], "2468")
    assert not access.pin_too_short(team["owner"], "739184")


def test_an_old_hash_is_upgraded_on_the_next_right_pin(team) -> None:
    from relbook.services.staff import pins

    salt = b"0123456789abcdef"
    StaffPin.create(staff=team["kim"], salt=salt, pin_hash=pins.derive("2468", salt, "scrypt-14"),
                    kdf="scrypt-14")  # fmt: skip
    assert not access.verify_pin(team["kim"], "1357")  # a wrong PIN changes nothing
    assert StaffPin.get(StaffPin.staff == team["kim"]).kdf == "scrypt-14"
    assert access.verify_pin(team["kim"], "2468")
    row = StaffPin.get(StaffPin.staff == team["kim"])
    assert row.kdf == pins.CURRENT and bytes(row.salt) != salt
    assert pins.matches("2468", bytes(row.salt), bytes(row.pin_hash), row.kdf)
    assert access.verify_pin(team["kim"], "2468")


def test_wrong_pins_are_throttled_with_a_clear_wait(team) -> None:
    access.set_pin(team["sam"], "2468")
    for _ in range(access.FREE_ATTEMPTS):
        assert access.verify_pin(team["sam"], "0000", now=NOW) is False
    with pytest.raises(PermissionDenied, match=r"Too many wrong PINs\. Try again in 30 seconds"):
        access.verify_pin(team["sam"], "2468", now=NOW)  # even the right one waits
    later = NOW + dt.timedelta(seconds=31)
    assert access.verify_pin(team["sam"], "1111", now=later) is False  # 4th wrong: 1 min
    with pytest.raises(PermissionDenied, match="Try again in 60 seconds"):
        access.verify_pin(team["sam"], "2468", now=later)
    much_later = later + dt.timedelta(minutes=1, seconds=1)
    assert access.verify_pin(team["sam"], "2468", now=much_later) is True
    row = StaffPin.get(StaffPin.staff == team["sam"])
    assert (row.failed, row.locked_until) == (0, None)  # the right PIN starts afresh


def test_the_wait_doubles_up_to_fifteen_minutes(team) -> None:
    access.set_pin(team["sam"], "2468")
    at = NOW
    waits = []
    for _ in range(12):
        with contextlib.suppress(PermissionDenied):
            access.verify_pin(team["sam"], "0000", now=at)
        row = StaffPin.get(StaffPin.staff == team["sam"])
        if row.locked_until:
            waits.append(row.locked_until - at)
            at = row.locked_until + dt.timedelta(seconds=1)
    assert waits[:4] == [dt.timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert max(waits) == access.LONGEST_WAIT == dt.timedelta(minutes=15)


def test_switching_user_needs_the_pin_only_with_roles_on(team) -> None:
    assert access.switch_user(team["kim"], "") == team["kim"]  # roles off: at once
    access.set_pin(team["owner"], "739184")
    access.enable_roles(True)
    with pytest.raises(PermissionDenied, match="Kim has no PIN yet"):
        access.switch_user(team["kim"], "1234")
    access.set_pin(team["kim"], "1357", by_staff_id=team["owner"])
    with pytest.raises(PermissionDenied, match="not right"):
        access.switch_user(team["kim"], "1358")
    assert access.switch_user(team["kim"], "1357") == team["kim"]


def test_roles_go_on_only_with_an_owner_who_has_a_pin(team) -> None:
    with pytest.raises(ValidationError, match="Give an owner a PIN"):
        access.enable_roles(True)
    access.set_pin(team["sam"], "2468")  # a staff PIN is not enough
    with pytest.raises(ValidationError, match="Give an owner a PIN"):
        access.enable_roles(True)
    access.set_pin(team["owner"], "739184")
    access.enable_roles(True)
    assert access.roles_enabled()
    with pytest.raises(PermissionDenied, match="Only an owner may turn roles off"):
        access.enable_roles(False, by_staff_id=team["sam"])
    access.enable_roles(False, by_staff_id=team["owner"])
    assert not access.roles_enabled()


def test_the_shop_always_keeps_an_owner(roles_on) -> None:
    with pytest.raises(ValidationError, match="at least one owner"):
        access.set_role(roles_on["owner"], "staff", by_staff_id=roles_on["owner"])
    with pytest.raises(PermissionDenied, match="Only an owner may change roles"):
        access.set_role(roles_on["kim"], "owner", by_staff_id=roles_on["sam"])
    access.set_role(roles_on["kim"], "owner", by_staff_id=roles_on["owner"])
    assert Staff.get_by_id(roles_on["kim"]).role == "owner"
    with pytest.raises(ValidationError, match="Role: choose owner or staff"):
        access.set_role(roles_on["kim"], "boss", by_staff_id=roles_on["owner"])


def test_staff_may_not_set_another_persons_pin(roles_on) -> None:
    with pytest.raises(PermissionDenied, match="set another person's PIN"):
        access.set_pin(roles_on["kim"], "1111", by_staff_id=roles_on["sam"])
    access.set_pin(roles_on["sam"], "9753", by_staff_id=roles_on["sam"])  # their own: fine


def test_owner_only_work_is_refused_for_staff_in_plain_words(roles_on, tmp_path) -> None:
    cid = contacts.create_contact(ContactInput(given_name="Ada")).contact_id
    sales.record_sale(cid, 1000, staff_id=roles_on["sam"])  # counter work: fine for staff
    taken = backup.backup_now(tmp_path / "bk")
    refused = {
        "adjust points": lambda who: loyalty.adjust(cid, 5, "Goodwill", staff_id=who),
        "erase a customer's personal data": lambda who: privacy.erase(cid, staff_id=who),
        "restore a backup": lambda who: backup.restore(
            taken.path, staff_id=who, safety_folder=tmp_path / "s"
        ),
    }
    for action, attempt in refused.items():
        with pytest.raises(PermissionDenied) as caught:
            attempt(roles_on["sam"])
        assert str(caught.value) == (
            f"Only an owner may {action}. Sam is signed in as staff; ask the owner to switch user."
        )
        with pytest.raises(PermissionDenied, match="switch user first"):
            attempt(None)  # nobody signed in
    assert not (tmp_path / "s").exists()  # the refused restore made no copy
    loyalty.adjust(cid, 5, "Goodwill", staff_id=roles_on["owner"])
    backup.restore(taken.path, staff_id=roles_on["owner"], safety_folder=tmp_path / "s")
    privacy.erase(cid, staff_id=roles_on["owner"])


def test_with_roles_off_nobody_is_asked(team) -> None:
    access.require_owner(None, "adjust points")
    access.require_owner(team["sam"], "adjust points")


def test_a_deactivated_owner_is_refused(roles_on) -> None:
    Staff.update(active=False).where(Staff.id == roles_on["owner"]).execute()
    with pytest.raises(PermissionDenied):
        access.require_owner(roles_on["owner"], "adjust points")


def test_idle_lock_minutes(team) -> None:
    assert access.lock_minutes() == 0 and not access.idle_expired(0, 10_000)
    access.set_lock_minutes(5)
    assert not access.idle_expired(0, 10_000)  # roles off: never locks
    access.set_pin(team["owner"], "739184")
    access.enable_roles(True)
    assert not access.idle_expired(100.0, 100.0 + 299)
    assert access.idle_expired(100.0, 100.0 + 300)
    with pytest.raises(PermissionDenied, match="Only an owner may change settings"):
        access.set_lock_minutes(10, by_staff_id=team["sam"])
    with pytest.raises(ValidationError, match="0 \\(never\\) to 240"):
        access.set_lock_minutes(241, by_staff_id=team["owner"])


# -- the team ---------------------------------------------------------------------------


def test_team_changes_are_audited_and_keep_the_shop_signable(team) -> None:
    from relbook.services.staff import audit
    from relbook.services.staff import team as team_service

    lena = team_service.add(" Lena  Vogel ", "staff", "1357")
    assert access.verify_pin(lena, "1357")
    assert audit.entries(action="staff.add")[0].after == {"name": "Lena Vogel", "role": "staff"}
    with pytest.raises(ValidationError, match="already a staff member called Sam"):
        team_service.rename(lena, "Sam")
    team_service.rename(lena, "Lena V.")
    assert audit.entries(action="staff.rename")[0].before == {"name": "Lena Vogel"}
    # a second owner without a PIN: with roles on, the owner with the PIN must stay
    access.set_role(team["kim"], "owner")
    access.set_pin(team["owner"], "739184")
    access.enable_roles(True)
    with pytest.raises(ValidationError, match="no other owner has a PIN"):
        access.set_role(team["owner"], "staff", by_staff_id=team["owner"])
    with pytest.raises(ValidationError, match="no other owner has a PIN"):
        team_service.set_active(team["owner"], False, by_staff_id=team["kim"])
    with pytest.raises(ValidationError, match="signed in at the till"):
        team_service.set_active(team["kim"], False, by_staff_id=team["kim"], signed_in=team["kim"])
    with pytest.raises(PermissionDenied, match="Only an owner may change the staff list"):
        team_service.set_active(lena, False, by_staff_id=team["sam"])
    team_service.set_active(lena, False, by_staff_id=team["owner"])
    assert [m.name for m in team_service.members(include_inactive=False)] == [
        "Kim",
        "Owner",
        "Sam",
    ]
    assert audit.entries(action="staff.active")[0].after == {"active": False}
