"""The import preview as a table: one line per read row, what it is and what will happen."""

from __future__ import annotations

from PySide6.QtCore import QObject

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
from relbook.ui.widgets.table import Column, TableModel

STATUS = {NEW: "New", DUPLICATE: "Duplicate?", ERROR: "Error"}
COLOURS = {NEW: "#2e7d32", DUPLICATE: "#a65f00", ERROR: "#b3261e"}


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


def name_text(item: PreviewItem) -> str:
    data = item.row.data
    return (contacts.display_name_for(data) if data else "") or "—"


COLUMNS: tuple[Column[PreviewItem], ...] = (
    Column("Status", lambda i: STATUS[i.status], colour=lambda i: COLOURS[i.status]),
    Column("Name", name_text),
    Column("From", lambda i: i.row.label()),
    Column("Details", details_text, tooltip=details_text),
    Column("What happens", action_text),
)


class PreviewModel(TableModel[PreviewItem]):
    """The preview's rows; the owner may choose merge, skip or add for a duplicate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent=parent)
        self.preview = Preview()

    def set_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.set_rows(preview.items)

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
                self.refresh_row(row)
        return changed
