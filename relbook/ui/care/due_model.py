"""The "due for a touch" list: one table model over plain ``DueItem`` rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from relbook.services.care import DueItem
from relbook.ui.widgets.rows_table import RowsTable

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "Tier", "Overdue", "Last touch")


class DueModel(RowsTable):
    columns = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DueItem] = []

    def set_rows(self, rows: list[DueItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> DueItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, contact_id: int) -> int:
        for i, item in enumerate(self._rows):
            if item.contact_id == contact_id:
                return i
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return item.name
            if col == 1:
                return str(item.tier)
            if col == 2:
                if item.days_overdue == 0:
                    return "due today"
                return f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''}"
            if col == 3:
                return f"{item.last_touch:%d %b %Y}" if item.last_touch else "never"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.contact_id
        return None
