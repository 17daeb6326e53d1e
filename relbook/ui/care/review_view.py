"""The monthly review: most valuable, cooling down, new — the owner marks an action for
each with a number key (1 thank, 2 call, 3 card, 4 invite, 5 no action, Delete clears);
Enter opens the person's card. Page Up / Page Down (or the arrows above) go to the month
before or after: early in a month the owner usually reviews the one that just ended."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from relbook.services.care import review
from relbook.services.display import shop_display
from relbook.ui.care.loader import Loader
from relbook.ui.widgets.table import Column, TableModel, TableView

SECTION_LABELS = {"valuable": "Most valuable", "cooling": "Cooling down", "new": "New"}
KEY_ACTIONS = {
    Qt.Key.Key_1: "thank",
    Qt.Key.Key_2: "call",
    Qt.Key.Key_3: "card",
    Qt.Key.Key_4: "invite",
    Qt.Key.Key_5: "nothing",
}


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewLine:
    """One person of the review; the first of a section carries the section's title."""

    item: review.ReviewItem
    opens_section: bool


def review_lines(items: list[review.ReviewItem]) -> list[ReviewLine]:
    return [
        ReviewLine(item, i == 0 or items[i - 1].section != item.section)
        for i, item in enumerate(items)
    ]


COLUMNS: tuple[Column[ReviewLine], ...] = (
    Column("", lambda line: SECTION_LABELS[line.item.section] if line.opens_section else ""),
    Column("Name", lambda line: line.item.name),
    Column("Why", lambda line: line.item.reason),
    Column("Action", lambda line: review.ACTION_LABELS.get(line.item.action or "", "—")),
)


def review_model(parent: QWidget | None = None) -> TableModel[ReviewLine]:
    return TableModel(COLUMNS, key=lambda line: line.item.contact_id, parent=parent)


class ReviewTable(TableView):
    """The review's keys: 1–5 mark an action, Delete clears it, Page Up / Down step a
    month; Enter is ``entered`` as in every table."""

    action_chosen = Signal(int, object)  # row, action (None clears)
    month_step = Signal(int)  # -1 the month before, +1 the month after

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.current_row()
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.month_step.emit(-1 if event.key() == Qt.Key.Key_PageUp else 1)
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
        self.model = review_model(self)
        self.table = ReviewTable(self.model, "reviewTable", stretch=2)
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
        self.table.entered.connect(lambda: self.on_open_row(self.table.current_row()))
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
        self.title.setText(f"Monthly review · {shop_display().month_year(day)}{so_far}")
        self.next_button.setEnabled(self.offset > 0)
        self.progress.setText("Reading the month…")
        self.loader.start(lambda: review.build(day))

    def on_load_failed(self, message: str) -> None:
        self.progress.setText(message)

    def on_loaded(self, result: review.Review) -> None:
        if result.month != self.month:
            return  # the owner moved to another month meanwhile
        current = self.table.current_row()
        self.model.set_rows(review_lines(result.all_items()))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(3, 130)
        if self.model.rowCount():
            self.table.selectRow(min(max(current, 0), self.model.rowCount() - 1))
        self._update_progress()
        self.loaded.emit()

    def _update_progress(self) -> None:
        total = self.model.rowCount()
        done = sum(1 for line in self.model.rows if line.item.action)
        if not total:
            self.progress.setText("Nobody to review this month yet.")
            return
        finished = "  All done — thank you." if done == total else ""
        self.progress.setText(f"{done} of {total} marked.{finished}")

    def on_action_chosen(self, row: int, action: str | None) -> None:
        line = self.model.row_at(row)
        if line is None:
            return
        item = line.item
        review.mark(self.month, item.contact_id, item.section, action)
        marked = dataclasses.replace(item, action=action)  # shown without reading it all again
        self.model.replace_row(row, dataclasses.replace(line, item=marked))
        self._update_progress()
        if action and row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)

    def on_month_step(self, step: int) -> None:
        self.offset = max(0, min(24, self.offset - step))
        self.refresh()
        self.table.setFocus()

    def on_open_row(self, row: int) -> None:
        line = self.model.row_at(row)
        if line is not None:
            self.contact_chosen.emit(line.item.contact_id)
