"""The team as a table (Settings → Staff): name, role, PIN set, active; those who left
are greyed."""

from __future__ import annotations

from PySide6.QtCore import QObject

from relbook.services.staff.team import Member
from relbook.ui.widgets.table import Column, TableModel

LEFT_GREY = "#8a8578"


def _grey_if_left(m: Member) -> str | None:
    return None if m.active else LEFT_GREY


COLUMNS: tuple[Column[Member], ...] = (
    Column("Name", lambda m: m.name, colour=_grey_if_left),
    Column("Role", lambda m: m.role_text, colour=_grey_if_left),
    Column("PIN", lambda m: "set" if m.has_pin else "none", colour=_grey_if_left),
    Column("Active", lambda m: "yes" if m.active else "no (left)", colour=_grey_if_left),
)


def team_model(parent: QObject | None = None) -> TableModel[Member]:
    return TableModel(COLUMNS, key=lambda m: m.id, parent=parent)
