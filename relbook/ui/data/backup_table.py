"""The list of backups the Backups dialog and the start-up recovery dialog both show:
when each was taken, its size, how many contacts and sales it holds, and whether it can
be restored (the path in each row's tooltip)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from relbook.services import backup
from relbook.services.display import Display
from relbook.ui.widgets.table import RIGHT, Column, TableModel, TableView


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""


def when_text(info: backup.BackupInfo, show: Display | None = None) -> str:
    """ "Mon, Dec 7, 2026, 3:07 PM" (the shop's way when the book is open to ask)."""
    show = show or Display()
    date = show.date_short(info.taken_at, weekday=True, year=True)
    return f"{date}, {show.time(info.taken_at)}"


def state_text(info: backup.BackupInfo) -> str:
    if not info.ok:
        return f"Cannot be restored: {info.problem}"
    if info.path.name.startswith(backup.SAFETY_PREFIX):
        return "Safety copy before a restore"
    return "Good"


def _path(info: backup.BackupInfo) -> str:
    return str(info.path)


def columns(show: Display) -> tuple[Column[backup.BackupInfo], ...]:
    return (
        Column("Taken", lambda b: when_text(b, show), tooltip=_path, sort_key=lambda b: b.taken_at),
        Column("Size", lambda b: size_text(b.size), RIGHT, RIGHT, _path, sort_key=lambda b: b.size),
        Column("Contacts", lambda b: f"{b.contacts:,}", RIGHT, RIGHT, _path),
        Column("Sales", lambda b: f"{b.sales:,}", RIGHT, RIGHT, _path),
        Column("State", state_text, tooltip=_path),
    )


#: the columns as an English-speaking shop in the US sees them (tests, the model tester)
COLUMNS = columns(Display())


class BackupTable(TableView):
    def __init__(self, parent: QWidget | None = None, *, show: Display | None = None) -> None:
        display = show or Display()
        rows: TableModel[backup.BackupInfo] = TableModel(columns(display), key=_path)
        super().__init__(rows, "backupTable", sizing="fit", stretch=4, parent=parent)
        rows.setParent(self)
        self.backup_rows = rows
        #: how dates are shown (the shop's way; the recovery dialog has no book to ask)
        self.display = display

    def show_backups(self, backups: list[backup.BackupInfo]) -> None:
        self.backup_rows.set_rows(backups)

    def selected(self) -> backup.BackupInfo | None:
        rows = self.selected_rows()
        return self.backup_rows.row_at(rows[0]) if rows else None
