"""The team as a table: name, role, PIN set, active."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from relbook.services.staff.team import Member

COLUMNS = ("Name", "Role", "PIN", "Active")
_Index = QModelIndex | QPersistentModelIndex


class TeamModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Member] = []

    def set_rows(self, rows: list[Member]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def member(self, row: int) -> Member:
        return self.rows[row]

    def row_of(self, staff_id: int) -> int:
        return next((i for i, m in enumerate(self.rows) if m.id == staff_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (m.name, m.role_text, "set" if m.has_pin else "none",
                    "yes" if m.active else "no (left)")[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole and not m.active:
            return QBrush(QColor("#8a8578"))
        return None
