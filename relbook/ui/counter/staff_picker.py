"""Who is at the till: a small combo box (Ctrl+U); every sale and points row records the
choice. A pick here is the whole app's (``context.staff_id``, ``hub.staff_changed``), and
a switch made elsewhere (the lock screen, F12) shows here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from relbook.services import staff
from relbook.ui.context import AppContext


class StaffPicker(QComboBox):
    staff_picked = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("staffPicker")
        self.setToolTip("Who is at the till (Ctrl+U)")
        self.currentIndexChanged.connect(self._on_index)
        self.staff_picked.connect(self.on_staff_picked)
        context.hub.staff_changed.connect(self.on_hub_staff_changed)

    def reload(self, current: int | None = None) -> int | None:
        """Fill from the staff list; select ``current`` (or the owner). Returns the id
        (None when there is no staff: a read-only book that never had any)."""
        rows = staff.list_staff()
        self.blockSignals(True)
        self.clear()
        for row in rows:
            self.addItem(row.name, row.id)
        index = self.findData(current) if current else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        chosen = self.currentData()
        return int(chosen) if chosen is not None else None

    def select(self, staff_id: int) -> None:
        index = self.findData(staff_id)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)

    def open(self) -> None:
        """Ctrl+U: the list open, to pick with the arrows and Enter."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.showPopup()

    def _on_index(self, index: int) -> None:
        if index >= 0:
            self.staff_picked.emit(int(self.itemData(index)))

    def on_staff_picked(self, staff_id: int) -> None:
        if self.context.staff_id != staff_id:
            self.context.staff_id = staff_id
            self.context.hub.staff_changed.emit(staff_id)

    def on_hub_staff_changed(self, staff_id: int) -> None:
        if staff_id and self.findData(staff_id) < 0:
            self.reload(staff_id)
        self.select(staff_id)
