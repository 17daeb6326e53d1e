"""The list beside the counter input: customers matching what was typed — each with
what tells them apart and, when it was not their name, why they matched — or (when
nothing is typed) the customers served most recently, for a quick second sale."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ResultRow:
    contact_id: int
    title: str
    subtitle: str = ""
    why: str = ""  # "partner: Sara" when the name is not what matched


class ResultModel(QAbstractListModel):
    """Plain rows; the highlighted row is what Enter takes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = f"{row.title}  ({row.why})" if row.why else row.title
            return f"{title}\n{row.subtitle}" if row.subtitle else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p for p in (row.title, row.why, row.subtitle) if p)
        if role == Qt.ItemDataRole.UserRole:
            return row.contact_id
        return None

    def contact_id(self, row: int) -> int | None:
        return self.rows[row].contact_id if 0 <= row < len(self.rows) else None
