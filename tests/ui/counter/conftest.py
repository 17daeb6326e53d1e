"""Counter page fixtures: a shown page on a fresh database, and a key counter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from relbook.services import plugins


class Keys:
    """Types into whatever has focus, like a person or a scanner, counting every key."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def type(self, text: str) -> None:
        for ch in text:
            self.qtbot.keyClick(self.focus(), ch)
            self.count += 1

    def press(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.focus(), key, modifiers)
        self.count += 1

    def ctrl(self, key: Qt.Key, *, shift: bool = False) -> None:
        mods = Qt.KeyboardModifier.ControlModifier
        if shift:
            mods |= Qt.KeyboardModifier.ShiftModifier
        self.press(key, mods)

    def enter(self) -> None:
        self.press(Qt.Key.Key_Return)


@pytest.fixture
def keys(qtbot) -> Keys:
    return Keys(qtbot)


@pytest.fixture
def page(db, qtbot):
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    context = AppContext(Hub())
    widget = CounterPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.finder.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.finder.input)
    return widget
