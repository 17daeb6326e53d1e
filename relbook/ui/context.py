"""What every page needs, passed into its constructor instead of reached globally."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """Signals pages use to tell each other that stored data changed."""

    #: a contact was created, changed, archived or restored (its id)
    contact_changed = Signal(int)
    #: sales, points, vouchers or notes changed for a contact (its id; 0 = many)
    activity_changed = Signal(int)
    #: settings changed
    settings_changed = Signal()
    #: ask the main window to show a page ("counter", "contacts", …) and a contact (0: none)
    show_page = Signal(str, int)
    #: the staff member at the till changed (staff id, 0 = nobody picked)
    staff_changed = Signal(int)


@dataclass
class AppContext:
    hub: Hub
    #: the staff member at the till, or None before anyone is picked
    staff_id: int | None = None
    extras: dict[str, object] = field(default_factory=dict)
