"""The vouchers' daily pass, for the whole window: at start-up and when the date changes.

Birthday vouchers are due N days before a birthday whatever page the till has open, so
this runs from the main window rather than from the Vouchers page (which is only built
when first shown). It expires out-of-date vouchers and issues the birthday vouchers that
are due.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from relbook.services import vouchers
from relbook.ui.context import Hub
from relbook.ui.widgets.day_job import DayJob


class VoucherDay(DayJob):
    #: what the last run did, e.g. {"expired": 2, "birthday": 1}
    last: dict[str, int] = {}  # noqa: RUF012 (replaced, never mutated)

    def run(self, day: dt.date) -> dict[str, int]:
        self.last = {}  # a broken birthday setting skips the run: nothing changed
        self.last = vouchers.daily_pass(day)
        return self.last

    def changed(self, result: object) -> bool:
        return isinstance(result, dict) and any(result.values())


def install_voucher_day(window: QObject, hub: Hub) -> VoucherDay:
    """Attach the daily pass to the main window (it lives as long as the window)."""
    return VoucherDay(hub, window)
