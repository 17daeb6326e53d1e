"""Staff fixtures: the real main window, a team, and typing into the open dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relbook.services import plugins, staff
from relbook.services.staff import access


@pytest.fixture
def window(open_main_window):
    """The main window as it opens, on the Counter."""
    plugins.load_all()
    return open_main_window(start_page="counter")


@pytest.fixture
def team(db) -> dict[str, int]:
    """The owner (PIN 739184) and Sam (staff, PIN 2468)."""
    owner = staff.ensure_default()
    sam = staff.add_staff("Sam")
    access.set_pin(owner, "739184")
    access.set_pin(sam, "2468")
    return {"owner": owner, "sam": sam}


def type_pin(qtbot, field, pin: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, pin)


def enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)
