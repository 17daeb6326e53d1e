"""The monthly review: most valuable, cooling down, new — the owner marks an action for
each with a number key (1 thank, 2 call, 3 card, 4 invite, 5 no action, Delete clears);
Enter opens the person's card. Page Up / Page Down (or the arrows above) go to the month
before or after: early in a month the owner usually reviews the one that just ended."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relbook.services.care import review
from relbook.ui.care.loader import Loader
from relbook.ui.widgets.rows_table import RowsTable

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("", "Name", "Why", "Action")
SECTION_LABELS = {"valuable": "Most valuable", "cooling": "Cooling down", "new": "New"}
KEY_ACTIONS = {
    Qt.Key.Key_1: "thank", Qt.Key.Key_2: "call", Qt.Key.Key_3: "card",
    Qt.Key.Key_4: "invite", Qt.Key.Key_5: "nothing",
}  # fmt: skip


class ReviewModel(RowsTable):
    columns = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[review.ReviewItem] = []

    def set_rows(self, rows: list[review.ReviewItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> review.ReviewItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_action(self, row: int, action: str | None) -> None:
        """Show a mark just stored, without reading the whole review again."""
        if 0 <= row < len(self._rows):
            self._rows[row] = dataclasses.replace(self._rows[row], action=action)
            self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                first = index.row() == 0 or self._rows[index.row() - 1].section != item.section
                return SECTION_LABELS[item.section] if first else ""
            if col == 1:
                return item.name
            if col == 2:
                return item.reason
            if col == 3:
                return review.ACTION_LABELS.get(item.action or "", "—")
        if role == Qt.ItemDataRole.UserRole:
            return item.contact_id
        return None


class ReviewTable(QTableView):
    action_chosen = Signal(int, object)  # row, action (None clears)
    open_requested = Signal(int)  # row
    month_step = Signal(int)  # -1 the month before, +1 the month after

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.month_step.emit(-1 if event.key() == Qt.Key.Key_PageUp else 1)
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(row)
            return
        if row >= 0 and event.key() in KEY_ACTIONS:
            self.action_chosen.emit(row, KEY_ACTIONS[Qt.Key(event.key())])
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.action_chosen.emit(row, None)
            return
        super().keyPressEvent(event)


class ReviewPanel(QWidget):
    """Shows one month's review and stores the owner's marks as they are made."""

    #: Enter on a person: their contact id
    contact_chosen = Signal(int)
    #: a month's review is shown
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = ""
        self.today: dt.date | None = None
        self.offset = 0  # months back from the current one
        self.previous_button = QPushButton("‹ Month before  (PgUp)")
        self.previous_button.setObjectName("linkButton")
        self.next_button = QPushButton("Month after ›  (PgDn)")
        self.next_button.setObjectName("linkButton")
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.hint = QLabel(
            "Choose a person, then press 1 say thank you · 2 call · 3 send a card · "
            "4 invite · 5 no action · Delete to clear."
        )
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setObjectName("muted")
        self.model = ReviewModel(self)
        self.table = ReviewTable()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.previous_button)
        head.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        self.table.action_chosen.connect(self.on_action_chosen)
        self.table.open_requested.connect(self.on_open_row)
        self.table.month_step.connect(self.on_month_step)
        self.loader = Loader(self)
        self.loader.done.connect(self.on_loaded)
        self.loader.failed.connect(self.on_load_failed)
        self.previous_button.clicked.connect(lambda: self.on_month_step(-1))
        self.next_button.clicked.connect(lambda: self.on_month_step(1))

    def shown_day(self) -> dt.date:
        """Today in the current month; the last day of an earlier month."""
        today = self.today or dt.date.today()
        if not self.offset:
            return today
        first = today.replace(day=1)
        for _ in range(self.offset):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)

    @property
    def loading(self) -> bool:
        return self.loader.busy()

    def refresh(self, day: dt.date | None = None) -> None:
        """Read the month's review in the background (a large book takes a while)."""
        if day is not None:
            self.today = day
        day = self.shown_day()
        self.month = review.month_key(day)
        so_far = "  (this month so far)" if not self.offset else ""
        self.title.setText(f"Monthly review · {day:%B %Y}{so_far}")
        self.next_button.setEnabled(self.offset > 0)
        self.progress.setText("Reading the month…")
        self.loader.start(lambda: review.build(day))

    def on_load_failed(self, message: str) -> None:
        self.progress.setText(message)

    def on_loaded(self, result: review.Review) -> None:
        if result.month != self.month:
            return  # the owner moved to another month meanwhile
        current = self.table.currentIndex().row()
        self.model.set_rows(result.all_items())
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(3, 130)
        if self.model.rowCount():
            self.table.selectRow(min(max(current, 0), self.model.rowCount() - 1))
        self._update_progress()
        self.loaded.emit()

    def _update_progress(self) -> None:
        total = self.model.rowCount()
        done = sum(1 for r in range(total) if self.model.row_at(r).action)  # type: ignore[union-attr]
        self.progress.setText(
            "Nobody to review this month yet." if not total
            else f"{done} of {total} marked." + ("  All done — thank you." if done == total else "")
        )  # fmt: skip

    def on_action_chosen(self, row: int, action: str | None) -> None:
        item = self.model.row_at(row)
        if item is None:
            return
        review.mark(self.month, item.contact_id, item.section, action)
        self.model.set_action(row, action)
        self._update_progress()
        if action and row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)

    def on_month_step(self, step: int) -> None:
        self.offset = max(0, min(24, self.offset - step))
        self.refresh()
        self.table.setFocus()

    def on_open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.contact_chosen.emit(item.contact_id)
