"""Settings page fixtures: the real main window opened on Settings (F7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from relbook.services import plugins


@pytest.fixture
def window(qtbot, open_main_window):
    """The main window as it opens (on the Counter), then F7."""
    plugins.load_all()
    win = open_main_window(start_page="counter")
    qtbot.keyClick(win, Qt.Key.Key_F7)
    assert win.current_page_key() == "settings"
    return win


@pytest.fixture
def settings_page(window):
    return window.pages["settings"]


def retype(qtbot, box: QLineEdit, text: str) -> None:
    """Replace what a box holds the way a person does: select all, type."""
    box.setFocus()
    holder = box.parentWidget()  # a list box's line edit hands its focus to the list box
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (box, holder))
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Delete)


def ctrl_s(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
