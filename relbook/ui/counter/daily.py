"""Points expiry for the whole window: at start-up and whenever the date changes.

Expiry is due whatever page the till has open, so this runs from the main window rather
than from the Counter page. ``loyalty.run_daily`` records the day it ran, so a restart
on the same day (or a second till) expires nothing twice; each expiry is one ledger row.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from relbook.services import loyalty
from relbook.ui.context import Hub
from relbook.ui.widgets.day_job import DayJob


class LoyaltyDay(DayJob):
    #: customers whose points expired on the last run
    expired = 0

    def run(self, day: dt.date) -> int:
        self.expired = 0  # a broken rules setting skips the run: nothing expired
        self.expired = loyalty.run_daily(day)
        return self.expired


def install_loyalty_day(window: QObject, hub: Hub) -> LoyaltyDay:
    """Attach points expiry to the main window (it lives as long as the window)."""
    return LoyaltyDay(hub, window)
