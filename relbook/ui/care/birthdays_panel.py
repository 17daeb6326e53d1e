"""Birthdays and anniversaries coming up — the customers' own and their families' — for
the next N days (``relbook.services.care.reminders.upcoming``), soonest first.

Enter (or a double-click) opens the person's card; Ctrl+T their Story. Birthday cards for
them wait on the Notes page (F4).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.care import reminders
from relbook.ui.widgets.rows_table import RowsTable

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Date", "When", "Whose day", "Customer")
DEFAULT_DAYS = 14


def when_text(days_away: int) -> str:
    return "today" if days_away == 0 else "tomorrow" if days_away == 1 else f"in {days_away} days"


class ReminderModel(RowsTable):
    columns = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[reminders.Reminder] = []

    def set_rows(self, rows: list[reminders.Reminder]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> reminders.Reminder | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return f"{r.on:%a} {r.on.day} {r.on:%b}"
            if col == 1:
                return when_text(r.days_away)
            if col == 2:
                what = "anniversary" if r.kind == "anniversary" else "birthday"
                if r.turning:
                    what = (f"anniversary ({r.turning} years)" if r.kind == "anniversary"
                            else f"turns {r.turning}")  # fmt: skip
                who = f"{r.person} ({r.relation})" if r.is_family else r.person
                return f"{who} — {what}"
            if col == 3:
                return r.contact_name
        if role == Qt.ItemDataRole.UserRole:
            return r.contact_id
        return None


class _Table(QTableView):
    open_requested = Signal(int)  # row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class BirthdaysPanel(QWidget):
    #: a person was chosen (Enter or double-click): the customer's contact id
    contact_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: dt.date | None = None
        self.days = QSpinBox()
        self.days.setObjectName("birthdayDays")
        self.days.setRange(1, reminders.MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" days")
        self.family = QCheckBox("Family members too")
        self.family.setChecked(True)
        self.model = ReminderModel(self)
        self.table = _Table()
        self.table.setObjectName("birthdayTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        title = QLabel("Birthdays and anniversaries in the next")
        top.addWidget(title)
        top.addWidget(self.days)
        top.addSpacing(12)
        top.addWidget(self.family)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.days.valueChanged.connect(self.on_changed)
        self.family.toggled.connect(self.on_changed)
        self.table.open_requested.connect(self.on_open_row)
        self.table.doubleClicked.connect(lambda index: self.on_open_row(index.row()))

    def refresh(self, day: dt.date | None = None) -> None:
        self.day = day or self.day or dt.date.today()
        try:
            rows = reminders.upcoming(self.days.value(), today=self.day,
                                      include_family=self.family.isChecked())  # fmt: skip
        except RelbookError as exc:
            self.summary.setText(str(exc))
            return
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)
        if rows:
            self.table.selectRow(0)
        people = len({r.contact_id for r in rows})
        self.summary.setText(
            f"{len(rows)} day{'s' if len(rows) != 1 else ''} to remember, {people} "
            f"customer{'s' if people != 1 else ''}. Enter opens the card; birthday cards wait "
            "on the Notes page (F4)." if rows else
            f"Nothing in the next {self.days.value()} days."
        )  # fmt: skip

    def selected_contact(self) -> int | None:
        item = self.model.row_at(self.table.currentIndex().row())
        return item.contact_id if item else None

    def on_changed(self, *_: object) -> None:
        self.refresh()

    def on_open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.contact_chosen.emit(item.contact_id)
