"""The pages of the main window, in tab order.

A page is only listed here once it works: no placeholder pages. Each page module exposes
``PAGE`` (its own ``PageSpec``); this table repeats its key, title, shortcut and order so
the window can show every tab while importing only the page on screen — start-up pays
for one page, not for all of them (tests/ui/test_main_window.py checks the two agree).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from relbook.ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str  # "counter", "contacts", … (used by --screenshot --page and Hub.show_page)
    title: str
    shortcut: str  # e.g. "F2"
    order: int  # Counter 10, Contacts 20, Notes 30, Vouchers 40, Care 50, Insights 60, Settings 90
    factory: Callable[[AppContext], QWidget]


#: (module, key, title, shortcut, order) of every working page; add one line per page.
REGISTERED: tuple[tuple[str, str, str, str, int], ...] = (
    ("relbook.ui.counter.page", "counter", "Counter", "F2", 10),
    ("relbook.ui.contacts.page", "contacts", "Contacts", "F3", 20),
    ("relbook.ui.notes.page", "notes", "Notes", "F4", 30),
    ("relbook.ui.vouchers.page", "vouchers", "Vouchers", "F5", 40),
    ("relbook.ui.care.page", "care", "Care", "F6", 50),
    ("relbook.ui.settings.page", "settings", "Settings", "F7", 90),
)


def page_module_spec(module: str) -> PageSpec:
    """The ``PAGE`` a page module declares (imports the module)."""
    return importlib.import_module(module).PAGE


def _built_by(module: str) -> Callable[[AppContext], QWidget]:
    def factory(context: AppContext) -> QWidget:
        return page_module_spec(module).factory(context)

    return factory


def all_pages() -> list[PageSpec]:
    """Every page, in tab order; a page's module is imported when the page is first built."""
    pages = [
        PageSpec(key, title, shortcut, order, _built_by(module))
        for module, key, title, shortcut, order in REGISTERED
    ]
    return sorted(pages, key=lambda p: p.order)
