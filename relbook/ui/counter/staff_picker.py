"""Who is at the till: a small combo box; every sale and points row records the choice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from relbook.services import staff


class StaffPicker(QComboBox):
    staff_picked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffPicker")
        self.setToolTip("Who is at the till (Ctrl+U)")
        self.currentIndexChanged.connect(self._on_index)

    def reload(self, current: int | None = None) -> int:
        """Fill from the staff list; select ``current`` (or the owner). Returns the id."""
        rows = staff.list_staff()
        self.blockSignals(True)
        self.clear()
        for row in rows:
            self.addItem(row.name, row.id)
        index = self.findData(current) if current else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        return int(self.currentData())

    def select(self, staff_id: int) -> None:
        index = self.findData(staff_id)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)

    def _on_index(self, index: int) -> None:
        if index >= 0:
            self.staff_picked.emit(int(self.itemData(index)))
