"""The pages of the main window, in tab order. Each page module exposes ``PAGE``.

A page is only listed here once it works: no placeholder pages.
"""

from __future__ import annotations

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


def all_pages() -> list[PageSpec]:
    """Import page modules lazily so that start-up only pays for what it shows."""
    from relbook.ui.care.page import PAGE as care_page
    from relbook.ui.contacts.page import PAGE as contacts_page
    from relbook.ui.counter.page import PAGE as counter_page
    from relbook.ui.notes.page import PAGE as notes_page
    from relbook.ui.vouchers.page import PAGE as vouchers_page

    pages = [care_page, counter_page, contacts_page, notes_page, vouchers_page]
    return sorted(pages, key=lambda p: p.order)
