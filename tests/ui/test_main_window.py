"""The main window: which page opens, page keys, counts, a layout that survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from relbook.errors import RelbookError
from relbook.services import contacts
from relbook.ui.contacts.editor import ContactEditor
from relbook.ui.contacts.page import PAGE as CONTACTS
from relbook.ui.main_window import MainWindow
from relbook.ui.pages import PageSpec

TILL = PageSpec("till", "Till", "F2", 10, lambda context: QLabel("till"))


def test_opens_on_the_lowest_order_page_and_keys_switch_pages(
    open_main_window, context, qtbot
) -> None:
    window = open_main_window(pages=[CONTACTS, TILL])
    assert window.current_page_key() == "till"
    assert [window.tabs.tabText(i) for i in range(2)] == ["Till  ·  F2", "Contacts  ·  F3"]
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_page_key() == "contacts"
    assert window.pages["contacts"].search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.current_page_key() == "till"


def test_a_page_can_be_asked_for_and_unknown_pages_are_named(
    open_main_window, context, qtbot
) -> None:
    window = open_main_window(pages=[CONTACTS, TILL], start_page="contacts")
    assert window.current_page_key() == "contacts"
    context.hub.show_page.emit("till", 0)
    assert window.current_page_key() == "till"
    with pytest.raises(RelbookError, match="no page called “kitchen”"):
        MainWindow(context, pages=[CONTACTS], start_page="kitchen")


def test_status_bar_counts_follow_changes(open_main_window, make_contact, context, qtbot) -> None:
    anna = make_contact("Anna", "Schmidt")
    make_contact("Hans", "Müller")
    window = open_main_window(pages=[CONTACTS])
    assert window.counts.text() == "2 contacts"
    contacts.archive_contact(anna)
    context.hub.contact_changed.emit(anna)
    assert window.counts.text() == "1 contact  ·  1 archived"


def test_window_size_and_splitter_survive_a_restart(open_main_window, context, qtbot) -> None:
    window = open_main_window(pages=[CONTACTS])
    window.resize(700, 500)  # inside the 800×600 offscreen screen
    window.pages["contacts"].splitter.setSizes([250, 420])
    sizes = window.pages["contacts"].splitter.sizes()
    window.close()
    again = open_main_window(pages=[CONTACTS])
    assert (again.width(), again.height()) == (700, 500)
    assert again.pages["contacts"].splitter.sizes() == sizes


def test_screenshot_after_first_paint(
    open_main_window, make_contact, context, qtbot, tmp_path: Path
) -> None:
    make_contact("Anna", "Schmidt")
    window = open_main_window(start_page="contacts")
    target = tmp_path / "shot.png"
    results: list[bool] = []
    window.screenshot_after_first_paint(target, results.append)
    qtbot.waitUntil(lambda: results == [True])
    image = QImage(str(target))
    assert (image.width(), image.height()) == (window.width(), window.height())


def _colours(image: QImage, left: int, right: int) -> int:
    """How many colours a part of a picture has (an empty area has one)."""
    return len({image.pixel(x, y) for x in range(left, right, 5)
                for y in range(80, image.height() - 80, 5)})  # fmt: skip


def test_the_list_paints_first_and_the_card_follows(
    open_main_window, make_contact, qtbot, tmp_path: Path
) -> None:
    """Start-up draws the search box and the list first; the card with the first contact
    is built right after that paint, and the screenshot waits for it."""
    make_contact("Anna", "Schmidt")
    window = open_main_window(start_page="contacts", remember_layout=False, shown=False)
    page = window.pages["contacts"]
    assert page.table.model().index(0, 0).data() == "Anna Schmidt"  # the rows are there
    assert page.card_area.findChildren(ContactEditor) == []  # the card waits for the paint
    target, results = tmp_path / "shot.png", []
    window.screenshot_after_first_paint(target, results.append)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: results == [True])
    assert page.card_area.findChildren(ContactEditor)
    assert page.editor.title.text() == "Anna Schmidt"  # the first contact, opened
    image = QImage(str(target))
    middle = page.card_area.mapTo(window, page.card_area.rect().topLeft()).x()
    assert _colours(image, middle + 20, image.width() - 20) > 3  # the card is in the picture
    qtbot.waitUntil(window.isActiveWindow)
    assert page.search.hasFocus()  # typing goes to the search box, card or no card


def test_a_card_asked_for_before_the_first_paint_is_built_at_once(make_contact,
                                                                 context) -> None:  # fmt: skip
    make_contact("Anna", "Schmidt")
    page = CONTACTS.factory(context)  # never shown
    assert page.card_area.findChildren(ContactEditor) == []
    assert page.editor.title.text() == "Anna Schmidt"
    assert page.card_area.findChildren(ContactEditor) == [page.editor]
    page.deleteLater()


def test_pages_are_built_when_first_shown(open_main_window, make_contact, context, qtbot) -> None:
    anna = make_contact("Anna", "Schmidt")
    window = open_main_window(pages=[CONTACTS, TILL])
    assert list(window.pages) == ["till"]
    context.hub.show_page.emit("contacts", anna)  # e.g. "open card" on the counter page
    assert window.current_page_key() == "contacts"
    assert window.pages["contacts"].editor.title.text() == "Anna Schmidt"


def test_the_page_table_agrees_with_every_page_module() -> None:
    from relbook.ui.pages import REGISTERED, page_module_spec

    for module, key, title, shortcut, order in REGISTERED:
        spec = page_module_spec(module)
        assert (spec.key, spec.title, spec.shortcut, spec.order) == (key, title, shortcut, order)


_ONLY_CONTACTS = """
import sys
from PySide6.QtWidgets import QApplication
from relbook.store.db import open_database
from relbook.ui.context import AppContext, Hub
from relbook.ui.main_window import MainWindow
from relbook.ui.pages import REGISTERED

app = QApplication([])
open_database(sys.argv[1])
window = MainWindow(AppContext(Hub()), start_page="contacts", remember_layout=False)
print(window.tabs.count(), *sorted(m for m, *_ in REGISTERED if m in sys.modules))
"""


def test_start_up_imports_only_the_page_on_screen(db_path: Path, db) -> None:
    """Every tab is there, but only the Contacts page's code is loaded (start-up speed)."""
    import os
    import subprocess
    import sys

    from relbook.ui.pages import REGISTERED

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", _ONLY_CONTACTS, str(db_path)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(len(REGISTERED)), "relbook.ui.contacts.page"]


def test_daily_work_starts_after_the_first_paint(open_main_window, qtbot) -> None:
    window = open_main_window(pages=[CONTACTS], shown=False)
    assert window.voucher_day is None and window.loyalty_day is None  # not while building
    window.show()
    qtbot.waitUntil(lambda: window.loyalty_day is not None and window.voucher_day is not None)


def test_a_screenshot_window_changes_nothing_stored(
    open_main_window, qtbot, tmp_path: Path
) -> None:
    window = open_main_window(
        pages=[CONTACTS], remember_layout=False, background_work=False, shown=False
    )
    window.show()
    shots: list[bool] = []
    window.screenshot_after_first_paint(tmp_path / "shot.png", shots.append)
    qtbot.waitUntil(lambda: shots == [True])
    qtbot.wait(50)
    assert window.voucher_day is None and window.loyalty_day is None


_LISTENERS_AFTER_PAINT = """
import sys
from PySide6.QtWidgets import QApplication
from relbook.services import plugins
from relbook.store.db import open_database
from relbook.ui.context import AppContext, Hub
from relbook.ui.main_window import MainWindow

app = QApplication([])
open_database(sys.argv[1])
window = MainWindow(AppContext(Hub()), start_page="contacts", remember_layout=False)
window.show()
while window.loyalty_day is None:
    app.processEvents()
print(all(name in sys.modules for name in plugins.MODULES))
"""


def test_the_feature_listeners_are_loaded_with_the_daily_work(db_path: Path, db) -> None:
    """Card codes, referral rewards…: listening before anything can be written."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", _LISTENERS_AFTER_PAINT, str(db_path)],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True"]
