"""The list of backups the Backups dialog and the start-up recovery dialog both show:
when each was taken, its size, how many contacts and sales it holds, and whether it can
be restored (the path in each row's tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from relbook.services import backup

COLUMNS = ("Taken", "Size", "Contacts", "Sales", "State")
_NUMBERS = (1, 2, 3)


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""


def when_text(info: backup.BackupInfo) -> str:
    return info.taken_at.strftime("%a %d %b %Y, %H:%M")


def state_text(info: backup.BackupInfo) -> str:
    if not info.ok:
        return f"Cannot be restored: {info.problem}"
    if info.path.name.startswith(backup.SAFETY_PREFIX):
        return "Safety copy before a restore"
    return "Good"


class BackupTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.backups: list[backup.BackupInfo] = []
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def show_backups(self, backups: list[backup.BackupInfo]) -> None:
        self.backups = list(backups)
        self.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (
                when_text(info),
                size_text(info.size),
                f"{info.contacts:,}",
                f"{info.sales:,}",
                state_text(info),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column in _NUMBERS:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)

    def selected(self) -> backup.BackupInfo | None:
        rows = self.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None
