"""The sections of the Settings page, each in its own module exposing ``SECTION``.

A section widget edits one group of settings and offers ``has_changes() -> bool``,
``save() -> None`` (raising ``RelbookError`` with a plain message when a value is wrong,
having written nothing) and ``reload() -> None`` (show what is stored). After a
successful ``save()``, ``has_changes()`` is False. A section may also offer an ``edited``
signal (emitted on every change), which lets the page mark it unsaved at once. The page
checks that an owner is saving (staff roles) and wraps each ``save()`` in a transaction.
Sections are imported only when the Settings page is first shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from relbook.ui.context import AppContext


@dataclass(frozen=True)
class SettingsSection:
    key: str  # "shop", "loyalty", "staff", …
    title: str
    order: int  # Shop 10, Loyalty 20, Referrals 30, Staff 40, Printing 50, Backups 60
    factory: Callable[[AppContext], QWidget]


#: Each feature adds the module of its section here.
SECTION_MODULES: list[str] = [
    "relbook.ui.settings.shop",  # Shop: name, address, logo, language, currency, largest sale
    "relbook.ui.settings.loyalty",  # Loyalty: earning, rewards, tiers, promotions, expiry
    "relbook.ui.care.settings_section",  # Care: tier intervals, reward warnings, sheet paper
    "relbook.ui.settings.referrals",  # Referrals: reward programme, birthday vouchers
    "relbook.ui.settings.staff",  # Staff: the team, roles and PINs, idle lock
    "relbook.ui.notes.style_section",  # Notes & cards: signature, logo, footer, own fonts
]


def all_sections() -> list[SettingsSection]:
    found = [importlib.import_module(name).SECTION for name in SECTION_MODULES]
    return sorted(found, key=lambda s: s.order)
