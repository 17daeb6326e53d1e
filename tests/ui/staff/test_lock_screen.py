"""With staff roles on, the till asks who you are: locked at start, throttled PINs with
the wait in words, locked again after idle minutes, F12 to switch user, and the
counter's staff picker asking for the PIN of the person picked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relbook.services import settings
from relbook.services.staff import access, audit
from relbook.ui.staff.lock_screen import LockScreen
from tests.ui.staff.conftest import enter, type_pin


class Clock:
    """A hand-wound monotonic clock for the idle lock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def locked(qtbot, open_main_window, team):
    """The main window of a shop with roles on, as it opens: locked."""
    access.enable_roles(True)
    win = open_main_window(start_page="counter", active=False)  # the lock screen takes it
    qtbot.waitUntil(lambda: win.staff_session.lock_screen is not None)
    return win


def screen_of(qtbot, window) -> LockScreen:
    """The lock screen, once it is up and has the keyboard (as a person sees it)."""
    screen = window.staff_session.lock_screen
    assert screen is not None and screen.isVisible()
    qtbot.waitUntil(screen.isActiveWindow)
    return screen


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the window, once it is the active window again (as a person would)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifiers)


def sign_in(qtbot, window, pin: str) -> None:
    screen = screen_of(qtbot, window)
    type_pin(qtbot, screen.pin, pin)
    enter(qtbot, screen.pin)


def test_the_till_starts_locked_and_escape_does_not_open_it(qtbot, locked, context) -> None:
    screen = screen_of(qtbot, locked)
    assert screen.required and not screen.cancel.isVisible()
    assert context.staff_id is None
    assert locked.staff_session.badge.text() == "Till locked"
    assert not locked.centralWidget().isVisible()  # no customer on show while locked
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible()


def test_wrong_pins_are_refused_then_throttled_in_plain_words(qtbot, locked, context, team):
    sign_in(qtbot, locked, "0000")  # Owner is first in the list
    screen = screen_of(qtbot, locked)
    assert screen.message.text() == "That PIN is not right."
    assert screen.pin.text() == ""  # ready for another try
    sign_in(qtbot, locked, "1111")
    sign_in(qtbot, locked, "2222")
    sign_in(qtbot, locked, "739184")  # the right PIN, but too soon
    assert screen.message.text() == "Too many wrong PINs. Try again in 30 seconds."
    assert context.staff_id is None


def test_the_right_pin_signs_in_and_everyone_hears_it(qtbot, locked, context, team) -> None:
    with qtbot.waitSignal(context.hub.staff_changed) as heard:
        sign_in(qtbot, locked, "739184")
    assert heard.args == [team["owner"]]
    assert locked.staff_session.lock_screen is None
    assert locked.centralWidget().isVisible()
    assert context.staff_id == team["owner"]
    assert locked.staff_session.badge.text() == "At the till: Owner (owner)  ·  F12 switches"
    settings.set_value("shop.name", "Signed")  # the audit log knows who it was
    assert audit.entries(action="setting.change", limit=1)[0].staff == "Owner"


def test_down_in_the_pin_box_picks_the_next_person(qtbot, locked, context, team) -> None:
    screen = screen_of(qtbot, locked)
    qtbot.keyClick(screen.pin, Qt.Key.Key_Down)
    assert screen.chosen() == team["sam"]
    sign_in(qtbot, locked, "2468")
    assert context.staff_id == team["sam"]
    assert locked.pages["counter"].staff_picker.currentText() == "Sam"
    assert locked.staff_session.badge.text().startswith("At the till: Sam (staff)")


def test_f12_switches_user_and_escape_keeps_the_one_signed_in(qtbot, locked, context, team):
    sign_in(qtbot, locked, "739184")
    press(qtbot, locked, Qt.Key.Key_F12)
    screen = screen_of(qtbot, locked)
    assert not screen.required and screen.cancel.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert locked.staff_session.lock_screen is None and context.staff_id == team["owner"]
    press(qtbot, locked, Qt.Key.Key_F12)
    screen = screen_of(qtbot, locked)
    qtbot.keyClick(screen.pin, Qt.Key.Key_Down)
    sign_in(qtbot, locked, "2468")
    assert context.staff_id == team["sam"]


def test_picking_someone_in_the_counter_asks_for_their_pin(qtbot, locked, context, team):
    sign_in(qtbot, locked, "739184")
    press(qtbot, locked, Qt.Key.Key_F12)
    qtbot.keyClick(screen_of(qtbot, locked).pin, Qt.Key.Key_Down)
    sign_in(qtbot, locked, "2468")  # Sam at the till
    picker = locked.pages["counter"].staff_picker
    picker.setCurrentIndex(picker.findData(team["owner"]))  # Sam picks the owner…
    screen = screen_of(qtbot, locked)
    assert screen.chosen() == team["owner"] and not screen.required
    assert context.staff_id == team["sam"] and picker.currentText() == "Sam"  # …not yet
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert context.staff_id == team["sam"]
    picker.setCurrentIndex(picker.findData(team["owner"]))
    sign_in(qtbot, locked, "739184")
    assert context.staff_id == team["owner"] and picker.currentText() == "Owner"


def test_the_till_locks_after_the_idle_minutes(qtbot, locked, context, team) -> None:
    clock = Clock()
    session = locked.staff_session
    session.clock = clock
    access.set_lock_minutes(5, by_staff_id=team["owner"])
    sign_in(qtbot, locked, "739184")
    clock.now += 299
    session.on_idle_check()
    assert session.lock_screen is None
    qtbot.keyClick(locked.pages["counter"], Qt.Key.Key_Shift)  # someone is working
    clock.now += 299
    session.on_idle_check()
    assert session.lock_screen is None
    clock.now += 301
    session.on_idle_check()
    screen = screen_of(qtbot, locked)
    assert screen.required and screen.reason.text() == "Locked after 5 minutes without use."
    assert not locked.centralWidget().isVisible()
    assert context.staff_id is None and session.badge.text() == "Till locked"
    sign_in(qtbot, locked, "739184")
    assert context.staff_id == team["owner"]


def test_lock_the_till_now_and_close_relbook_from_the_lock_screen(qtbot, locked, team) -> None:
    sign_in(qtbot, locked, "739184")
    press(
        qtbot,
        locked,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = screen_of(qtbot, locked)
    assert screen.required
    qtbot.mouseClick(screen.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not locked.isVisible())


def test_with_roles_off_nobody_is_asked(qtbot, window, context) -> None:
    assert window.staff_session.lock_screen is None
    press(qtbot, window, Qt.Key.Key_F12)
    assert window.staff_session.lock_screen is None
    assert "Staff roles are off" in window.statusBar().currentMessage()
    assert window.staff_session.badge.text() == "At the till: Owner (owner)"


def test_an_owner_with_an_old_short_pin_signs_in_and_is_asked_for_a_longer_one(
    qtbot, context, team
) -> None:
    from relbook.services import staff
    from relbook.ui.main_window import MainWindow

    ada = staff.add_staff("Ada")
    access.set_pin(ada, "1357")  # set while Ada was staff: four digits
    access.set_role(ada, "owner")
    access.enable_roles(True)
    win = MainWindow(context, start_page="counter")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.staff_session.lock_screen is not None)
    screen = screen_of(qtbot, win)
    screen.who.setCurrentRow(next(i for i in range(screen.who.count())
                                  if screen.who.item(i).text().startswith("Ada")))  # fmt: skip
    type_pin(qtbot, screen.pin, "1357")
    enter(qtbot, screen.pin)
    qtbot.waitUntil(lambda: context.staff_id == ada)
    assert "fewer than 6 digits" in win.statusBar().currentMessage()
    win.close()
