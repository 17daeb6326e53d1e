"""The list of backups the Backups dialog and the start-up recovery dialog both show:
when each was taken, its size, how many contacts and sales it holds, and whether it can
be restored (the path in each row's tooltip)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from relbook.services import backup
from relbook.ui.widgets.table import RIGHT, Column, TableModel, TableView


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


def _path(info: backup.BackupInfo) -> str:
    return str(info.path)


COLUMNS: tuple[Column[backup.BackupInfo], ...] = (
    Column("Taken", when_text, tooltip=_path, sort_key=lambda b: b.taken_at),
    Column("Size", lambda b: size_text(b.size), RIGHT, RIGHT, _path, sort_key=lambda b: b.size),
    Column("Contacts", lambda b: f"{b.contacts:,}", RIGHT, RIGHT, _path),
    Column("Sales", lambda b: f"{b.sales:,}", RIGHT, RIGHT, _path),
    Column("State", state_text, tooltip=_path),
)


class BackupTable(TableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        rows: TableModel[backup.BackupInfo] = TableModel(COLUMNS, key=_path)
        super().__init__(rows, "backupTable", sizing="fit", stretch=4, parent=parent)
        rows.setParent(self)
        self.backup_rows = rows

    def show_backups(self, backups: list[backup.BackupInfo]) -> None:
        self.backup_rows.set_rows(backups)

    def selected(self) -> backup.BackupInfo | None:
        rows = self.selected_rows()
        return self.backup_rows.row_at(rows[0]) if rows else None
