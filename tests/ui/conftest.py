"""Fixtures for the GUI tests: a main window on a fresh database, answers scripted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings

from relbook.ui.context import AppContext, Hub
from relbook.ui.widgets.messages import ScriptedMessenger

#: The offscreen platform plugin says this whenever a window's size limits change; it is
#: about the test platform, not about relbook, so it must not fail GUI tests.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path: Path) -> Iterator[None]:
    """Window layout is saved per test, never in the real user's settings."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def long_name() -> tuple[str, str]:
    """The longest first and last name the book takes (120 characters each): lists and
    cards must show it without breaking."""
    given = ("Maximiliane Friederike " * 6)[:120].strip()
    family = ("Hohenzollern-Sigmaringen " * 5)[:120].strip()
    return given, family


@pytest.fixture
def messenger() -> ScriptedMessenger:
    return ScriptedMessenger()


@pytest.fixture
def context(db: peewee.Database, messenger: ScriptedMessenger) -> AppContext:
    return AppContext(Hub(), extras={"messenger": messenger})


@pytest.fixture
def main_window(qtbot, context: AppContext):
    """The real main window, shown and active so shortcuts and focus work."""
    from relbook.ui.main_window import MainWindow

    window = MainWindow(context, start_page="contacts")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


@pytest.fixture
def contacts_page(main_window):
    return main_window.pages["contacts"]
