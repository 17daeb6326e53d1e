"""Settings → Staff by keys and clicks: add, rename, role, PIN, deactivate; roles on only
with an owner's PIN; the idle-lock minutes; the team table passes qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relbook.services import staff
from relbook.services.staff import access, team
from relbook.store.models import Staff
from relbook.store.models.audit import StaffPin
from relbook.ui.staff.team_model import team_model
from tests.ui.settings.conftest import ctrl_s
from tests.ui.staff.conftest import enter, type_pin

LEFT = Qt.MouseButton.LeftButton


def open_staff(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F7)
    page = window.pages["settings"]
    page.show_section("staff")
    return page, page.section("staff")


def names(section) -> list[str]:
    return [section.model.row_at(r).name for r in range(section.model.rowCount())]


def select(section, name: str) -> None:
    section.table.selectRow(names(section).index(name))


def test_the_staff_section_is_listed_after_referrals(qtbot, window) -> None:
    page, section = open_staff(qtbot, window)
    keys = [s.spec.key for s in page.sections]
    assert keys.index("referrals") < keys.index("staff") < keys.index("notes")
    assert page.heading.text() == "Staff"
    assert names(section) == ["Owner"]
    assert not section.roles_on.isChecked() and section.lock_minutes.value() == 0


def test_add_a_staff_member_with_a_pin(qtbot, window) -> None:
    _, section = open_staff(qtbot, window)
    qtbot.mouseClick(section.add_button, LEFT)
    dialog = section.dialog
    qtbot.keyClicks(dialog.name, "  Lena   Vogel ")
    type_pin(qtbot, dialog.pin, "1357")
    type_pin(qtbot, dialog.again, "1358")  # a typo
    enter(qtbot, dialog.again)
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    type_pin(qtbot, dialog.pin, "1357")
    type_pin(qtbot, dialog.again, "1357")
    enter(qtbot, dialog.again)
    assert not dialog.isVisible()
    assert names(section) == ["Owner", "Lena Vogel"]
    assert section.message.text() == "Lena Vogel was added."
    lena = Staff.get(Staff.name == "Lena Vogel")
    assert lena.role == "staff" and access.verify_pin(lena.id, "1357")
    assert section.selected().name == "Lena Vogel"  # the new one is selected
    counter_picker = window.pages["counter"].staff_picker
    assert counter_picker.findText("Lena Vogel") >= 0  # the till knows her at once


def test_rename_make_owner_set_pin_and_deactivate(qtbot, window, db) -> None:
    sam = staff.add_staff("Sam")
    _, section = open_staff(qtbot, window)
    section.refresh()
    select(section, "Sam")
    qtbot.mouseClick(section.rename_button, LEFT)
    dialog = section.dialog
    qtbot.keyClick(dialog.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.name, "Samira")
    enter(qtbot, dialog.name)
    assert Staff.get_by_id(sam).name == "Samira"
    assert section.message.text() == "Sam is now called Samira."
    assert section.role_button.text() == "Make owner"
    qtbot.mouseClick(section.role_button, LEFT)
    assert Staff.get_by_id(sam).role == "owner" and section.role_button.text() == "Make staff"
    qtbot.mouseClick(section.pin_button, LEFT)
    pin = section.dialog
    type_pin(qtbot, pin.pin, "12")
    type_pin(qtbot, pin.again, "12")
    enter(qtbot, pin.again)
    assert section.message.text() == "An owner's PIN: use 6 to 12 digits."  # nothing stored
    assert not StaffPin.select().where(StaffPin.staff == sam).exists()
    qtbot.mouseClick(section.pin_button, LEFT)
    pin = section.dialog
    type_pin(qtbot, pin.pin, "8642")  # four digits: enough for staff, not for an owner
    type_pin(qtbot, pin.again, "8642")
    enter(qtbot, pin.again)
    assert section.message.text() == "An owner's PIN: use 6 to 12 digits."
    assert not StaffPin.select().where(StaffPin.staff == sam).exists()
    qtbot.mouseClick(section.pin_button, LEFT)
    pin = section.dialog
    type_pin(qtbot, pin.pin, "864213")
    type_pin(qtbot, pin.again, "864213")
    enter(qtbot, pin.again)
    assert section.message.text() == "Samira has a new PIN." and access.verify_pin(sam, "864213")
    assert section.model.row_at(names(section).index("Samira")).has_pin
    qtbot.mouseClick(section.active_button, LEFT)
    assert not Staff.get_by_id(sam).active
    assert section.message.text() == "Samira was deactivated (kept on past sales)."
    assert window.pages["counter"].staff_picker.findText("Samira") < 0
    assert section.active_button.text() == "Reactivate"
    qtbot.mouseClick(section.active_button, LEFT)
    assert Staff.get_by_id(sam).active


def test_the_last_owner_cannot_be_made_staff_or_deactivated(qtbot, window) -> None:
    _, section = open_staff(qtbot, window)
    select(section, "Owner")
    qtbot.mouseClick(section.role_button, LEFT)
    assert section.message.text() == "The shop needs at least one owner."
    qtbot.mouseClick(section.active_button, LEFT)
    assert "is signed in at the till; switch user first" in section.message.text()
    assert Staff.get(Staff.name == "Owner").active


def test_roles_go_on_only_after_an_owner_has_a_pin(qtbot, window) -> None:
    page, section = open_staff(qtbot, window)
    section.roles_on.setFocus()
    qtbot.keyClick(section.roles_on, Qt.Key.Key_Space)
    assert section.roles_on.isChecked()
    section.lock_minutes.setFocus()
    qtbot.keyClick(section.lock_minutes, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(section.lock_minutes, "5")
    assert section.has_changes() and page.list.currentItem().text() == "Staff  ●"
    ctrl_s(qtbot)
    assert "Staff was not saved: Give an owner a PIN before turning roles on" in page.status()
    assert not access.roles_enabled() and access.lock_minutes() == 0  # nothing stored
    select(section, "Owner")
    qtbot.mouseClick(section.pin_button, LEFT)
    type_pin(qtbot, section.dialog.pin, "739184")
    type_pin(qtbot, section.dialog.again, "739184")
    enter(qtbot, section.dialog.again)
    ctrl_s(qtbot)
    assert page.status() == "Saved Staff."
    assert access.roles_enabled() and access.lock_minutes() == 5
    # the owner who turned them on stays signed in; the status bar says who and how
    assert window.staff_session.badge.text() == "At the till: Owner (owner)  ·  F12 switches"


def test_staff_cannot_change_the_team_when_roles_are_on(qtbot, window, context, team) -> None:
    access.enable_roles(True)
    context.staff_id = team["sam"]
    window.staff_session.signed_in = team["sam"]
    _, section = open_staff(qtbot, window)
    section.refresh()
    qtbot.mouseClick(section.add_button, LEFT)
    qtbot.keyClicks(section.dialog.name, "Intruder")
    enter(qtbot, section.dialog.name)
    assert section.message.text() == (
        "Only an owner may add staff. Sam is signed in as staff; ask the owner to switch user."
    )
    assert "Intruder" not in [m.name for m in team_members()]


def team_members():
    return team.members()


def test_team_model_passes_qtmodeltester(qtmodeltester, db) -> None:
    longest = ("Maximiliane Friederike von Hohenzollern " * 3)[:80].strip()
    for name in ("Sam", "sam", longest):  # names differing only in case are two people
        staff.add_staff(name)
    gone = staff.add_staff("Kim")
    team.set_active(gone, False)
    model = team_model()
    model.set_rows(team.members())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5 and model.columnCount() == 4
    shown = [model.index(r, 0).data() for r in range(5)]
    assert {"Sam", "sam", longest} <= set(shown)
    kim = model.row_of(gone)
    assert model.index(kim, 3).data() == "no (left)"
    assert model.index(kim, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#8a8578"
