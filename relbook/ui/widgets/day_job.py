"""A job that runs for the whole window at start-up and again whenever the date changes.

Points expiry and the vouchers' daily pass are due whatever page the till has open, so
they hang off the main window. Each checks once a minute whether the day changed; the
services record the day they ran, so a restart on the same day (or a second till) does
nothing twice. When a run changed something, the pages hear it through
``hub.activity_changed(0)``. A broken setting (``RelbookError``) must never stop the
till: that run is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from relbook.errors import RelbookError
from relbook.ui.context import Hub

TICK_MS = 60_000


class DayJob(QObject):
    """Calls ``run(day)`` now and on each new day; ``changed(result)`` says whether the
    pages must reload."""

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
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.on_tick)
        self.on_tick()
        self.timer.start()

    def run(self, day: dt.date) -> object:
        raise NotImplementedError

    def changed(self, result: object) -> bool:
        return bool(result)

    def on_tick(self) -> None:
        day = self.today()
        if day == self.day:
            return
        self.day = day
        try:
            result = self.run(day)
        except RelbookError:
            return
        if self.changed(result):
            self.hub.activity_changed.emit(0)
