"""The import preview as a table: one line per read row, what it is and what will happen."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from relbook.services import contacts
from relbook.services.import_export.preview import (
    ADD,
    DUPLICATE,
    ERROR,
    MERGE,
    NEW,
    SKIP,
    Preview,
    PreviewItem,
)

COLUMNS = ("Status", "Name", "From", "Details", "What happens")
STATUS = {NEW: "New", DUPLICATE: "Duplicate?", ERROR: "Error"}
COLOURS = {NEW: "#2e7d32", DUPLICATE: "#a65f00", ERROR: "#b3261e"}
_Index = QModelIndex | QPersistentModelIndex


def action_text(item: PreviewItem) -> str:
    if item.status == ERROR:
        return "Left out"
    if item.status == NEW:
        return "Added"
    if item.action == MERGE:
        return f"Merged into {item.match_name or 'the earlier row'}"
    return "Skipped" if item.action == SKIP else "Added as a new contact"


def details_text(item: PreviewItem) -> str:
    if item.status == ERROR:
        return item.error
    if item.status == DUPLICATE:
        where = item.match_name or "an earlier row"
        return f"{item.reason.capitalize()} as {where}"
    data = item.row.data
    if data is None:
        return ""
    bits = [p.number for p in data.phones[:1]] + [e.address for e in data.emails[:1]]
    return "  ·  ".join(bits + item.row.warnings[:1])


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.preview = Preview()

    def set_preview(self, preview: Preview) -> None:
        self.beginResetModel()
        self.preview = preview
        self.endResetModel()

    def item(self, row: int) -> PreviewItem:
        return self.preview.items[row]

    def set_action(self, rows: list[int], action: str) -> int:
        """Set merge/skip/add on the duplicate rows among ``rows``; returns how many."""
        assert action in (MERGE, SKIP, ADD)
        changed = 0
        for row in rows:
            item = self.preview.items[row]
            if item.status == DUPLICATE:
                item.action = action
                changed += 1
                cell = self.index(row, len(COLUMNS) - 1)
                self.dataChanged.emit(cell, cell)
        return changed

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.preview.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.preview.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return STATUS[item.status]
            if column == 1:
                data = item.row.data
                return (contacts.display_name_for(data) if data else "") or "—"
            if column == 2:
                return item.row.label()
            if column == 3:
                return details_text(item)
            return action_text(item)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return details_text(item)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor(COLOURS[item.status]))
        return None
