"""Fixtures for the GUI tests: a main window on a fresh database, answers scripted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee
import pytest
from PySide6.QtCore import QSettings

from relbook.ui.context import AppContext, Hub
from relbook.ui.widgets.messages import ScriptedMessenger

if TYPE_CHECKING:
    from relbook.ui.main_window import MainWindow

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
def open_main_window(qtbot, context: AppContext) -> Iterator[Callable[..., MainWindow]]:
    """Open the real main window the way the app does; every GUI test that needs one
    opens it here. Keyword arguments go to ``MainWindow`` (``start_page``, ``pages``,
    ``remember_layout``, ``background_work``); ``shown=False`` builds it without showing
    it, ``active=False`` does not wait for it to be the active window (a lock screen
    may take the keyboard first). Each window is closed after the test, unsaved Settings
    reverted first so nothing asks."""
    from relbook.ui.main_window import MainWindow

    opened: list[MainWindow] = []

    def open_window(*, shown: bool = True, active: bool = True, **kwargs: Any) -> MainWindow:
        window = MainWindow(context, **kwargs)
        qtbot.addWidget(window)
        opened.append(window)
        if shown:
            window.show()
            window.activateWindow()
            qtbot.waitExposed(window)
            if active:
                qtbot.waitUntil(window.isActiveWindow)
        return window

    yield open_window
    for window in opened:
        settings = window.pages.get("settings")
        if settings is not None and settings.has_changes():
            settings.on_revert()  # let the window close at the end of the test
        window.close()


@pytest.fixture
def main_window(open_main_window: Callable[..., MainWindow]) -> MainWindow:
    """The real main window on Contacts, shown and active so shortcuts and focus work."""
    return open_main_window(start_page="contacts")


@pytest.fixture
def contacts_page(main_window):
    return main_window.pages["contacts"]
