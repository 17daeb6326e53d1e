"""The "who to thank" list: one checkable row per suggestion, ticked ones go in a batch."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from relbook.services.notes import Suggestion

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractListModel):
    SuggestionRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Suggestion] = []
        self._checked: set[str] = set()

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        keys = {r.event_key for r in rows}
        self._checked &= keys
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.display_name}\n{row.reason}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = row.event_key in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == self.SuggestionRole:
            return row
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self._rows[index.row()].event_key
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def suggestion(self, row: int) -> Suggestion | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, event_key: str) -> int:
        for i, row in enumerate(self._rows):
            if row.event_key == event_key:
                return i
        return -1

    def checked(self) -> list[Suggestion]:
        return [r for r in self._rows if r.event_key in self._checked]

    def check_all(self, on: bool) -> None:
        self._checked = {r.event_key for r in self._rows} if on else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.CheckStateRole]
            )
