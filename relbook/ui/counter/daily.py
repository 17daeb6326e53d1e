"""Points expiry for the whole window: at start-up and whenever the date changes.

Expiry is due whatever page the till has open, so this runs from the main window rather
than from the Counter page. ``loyalty.run_daily`` records the day it ran, so a restart
on the same day (or a second till) expires nothing twice; each expiry is one ledger row.
When points expired, the pages hear it through ``hub.activity_changed(0)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from relbook.errors import RelbookError
from relbook.services import loyalty
from relbook.ui.context import Hub

TICK_MS = 60_000


class LoyaltyDay(QObject):
    """Runs ``loyalty.run_daily`` now, then once a minute checks whether the day changed."""

    def __init__(
        self,
        hub: Hub,
        parent: QObject | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self.today = today
        self.day: dt.date | None = None
        #: customers whose points expired on the last run
        self.expired = 0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.on_tick)
        self.on_tick()
        self.timer.start()

    def on_tick(self) -> None:
        day = self.today()
        if day == self.day:
            return
        self.day = day
        try:
            self.expired = loyalty.run_daily(day)
        except RelbookError:  # a broken rules setting must not stop the till
            self.expired = 0
            return
        if self.expired:
            self.hub.activity_changed.emit(0)


def install_loyalty_day(window: QObject, hub: Hub) -> LoyaltyDay:
    """Attach points expiry to the main window (it lives as long as the window)."""
    return LoyaltyDay(hub, window)
