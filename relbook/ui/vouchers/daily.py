"""The vouchers' daily pass, for the whole window: at start-up and when the date changes.

Birthday vouchers are due N days before a birthday whatever page the till has open, so
this runs from the main window rather than from the Vouchers page (which is only built
when first shown). It expires out-of-date vouchers and issues the birthday vouchers that
are due; when anything changed, the pages hear it through ``hub.activity_changed(0)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from relbook.errors import RelbookError
from relbook.services import vouchers
from relbook.ui.context import Hub

TICK_MS = 60_000


class VoucherDay(QObject):
    """Runs ``vouchers.daily_pass`` now, then once a minute checks whether the day changed."""

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
        self.last: dict[str, int] = {}
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
            self.last = vouchers.daily_pass(day)
        except RelbookError:  # e.g. a broken birthday setting: the till keeps working
            self.last = {}
            return
        if any(self.last.values()):
            self.hub.activity_changed.emit(0)


def install_voucher_day(window: QObject, hub: Hub) -> VoucherDay:
    """Attach the daily pass to the main window (it lives as long as the window)."""
    return VoucherDay(hub, window)
