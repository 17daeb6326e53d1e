"""The "due for a touch" tab of the Care page: the people whose care tier says it is time
to get in touch, most overdue first.

In the list T marks the chosen person touched (logged on their timeline, with the kind
and the words typed beside the button), S snoozes them, M shows their connections and
Enter (or a double-click) opens their card. "How often…" sets the days per tier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care
from relbook.services.care import DueItem
from relbook.services.display import Display, shop_display
from relbook.ui.care.settings_section import CareSettingsDialog
from relbook.ui.context import AppContext
from relbook.ui.widgets.table import RIGHT, Column, TableModel, TableView

SNOOZES = (("1 week", 7), ("2 weeks", 14), ("1 month", 30), ("3 months", 91))
TOUCH_KINDS = (
    ("Touch", "touch"),
    ("Call", "call"),
    ("Message", "message"),
    ("Meeting", "meeting"),
    ("Card sent", "note_sent"),
)


def overdue_text(item: DueItem) -> str:
    if item.days_overdue == 0:
        return "due today"
    return f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''}"


def columns(show: Display) -> tuple[Column[DueItem], ...]:
    """The due list's columns, the last touch written the shop's way."""
    return (
        Column("Name", lambda d: d.name),
        Column("Tier", lambda d: str(d.tier), align=RIGHT, sort_key=lambda d: d.tier),
        Column("Overdue", overdue_text, align=RIGHT, sort_key=lambda d: d.days_overdue),
        Column(
            "Last touch",
            lambda d: show.date_short(d.last_touch) if d.last_touch else "never",
            sort_key=lambda d: d.last_touch or dt.date.min,
        ),
    )


def due_model(parent: QWidget | None = None, show: Display | None = None) -> TableModel[DueItem]:
    return TableModel(columns(show or Display()), key=lambda d: d.contact_id, parent=parent)


class DuePanel(QWidget):
    """The due list and what to do about the chosen person."""

    #: open this contact's card
    contact_chosen = Signal(int)
    #: show this contact's connections
    map_requested = Signal(int)
    #: a touch or a snooze was stored for this contact
    changed = Signal(int)

    def __init__(
        self, context: AppContext, day: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.day = day
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.model = due_model(self, shop_display())
        self.table = TableView(self.model, "dueTable", stretch=0)
        self.touch_kind = QComboBox()
        for label, kind in TOUCH_KINDS:
            self.touch_kind.addItem(label, kind)
        self.touch_text = QLineEdit()
        self.touch_text.setObjectName("touchText")
        self.touch_text.setPlaceholderText("What happened? (optional)")
        self.touch_button = QPushButton("Mark touched  (T)")
        self.touch_button.setObjectName("primaryButton")
        self.snooze_choice = QComboBox()
        for label, days in SNOOZES:
            self.snooze_choice.addItem(label, days)
        self.snooze_button = QPushButton("Snooze  (S)")
        self.map_button = QPushButton("Connections  (M)")
        self.settings_button = QPushButton("How often…")
        self.settings_button.setObjectName("linkButton")
        self.settings_button.setToolTip("Days between touches for each care tier")
        self.message = QLabel()
        self.message.setObjectName("muted")
        touch_row = QHBoxLayout()
        touch_row.addWidget(self.touch_kind)
        touch_row.addWidget(self.touch_text, 1)
        touch_row.addWidget(self.touch_button)
        snooze_row = QHBoxLayout()
        snooze_row.addWidget(QLabel("Snooze for"))
        snooze_row.addWidget(self.snooze_choice)
        snooze_row.addWidget(self.snooze_button)
        snooze_row.addStretch(1)
        snooze_row.addWidget(self.settings_button)
        snooze_row.addWidget(self.map_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(touch_row)
        layout.addLayout(snooze_row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.table)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.table.entered.connect(self.on_open_selected)
        self.table.doubleClicked.connect(self.on_open_selected)
        for keys, slot in (
            ("T", self.on_mark_touched),
            ("S", self.on_snooze),
            ("M", self.on_map_selected),
        ):
            QShortcut(QKeySequence(keys), self.table, slot, Qt.ShortcutContext.WidgetShortcut)
        self.touch_button.clicked.connect(self.on_mark_touched)
        self.touch_text.returnPressed.connect(self.on_mark_touched)
        self.snooze_button.clicked.connect(self.on_snooze)
        self.map_button.clicked.connect(self.on_map_selected)
        self.settings_button.clicked.connect(self.on_care_settings)

    # -- the list -------------------------------------------------------------------------

    def refresh(self, keep: int | None = None) -> None:
        """Read the list again, keeping the chosen person chosen (``keep=-1``: nobody)."""
        keep = keep if keep is not None else self.selected_contact()
        items = care.due_list(self.day())
        self.model.set_rows(items)
        self.title.setText(
            f"Due for a touch  ({len(items)})" if items else "Due for a touch — nobody is due"
        )
        row = self.model.row_of(keep) if keep else None
        if items:
            self.table.selectRow(row if row is not None else 0)

    def selected(self) -> DueItem | None:
        return self.model.row_at(self.table.current_row())

    def selected_contact(self) -> int | None:
        item = self.selected()
        return item.contact_id if item else None

    # -- what to do about them ------------------------------------------------------------

    def on_mark_touched(self) -> None:
        item = self.selected()
        if item is None:
            self.message.setText("Choose a person in the list first.")
            return
        try:
            care.mark_touched(
                item.contact_id,
                self.touch_text.text(),
                kind=self.touch_kind.currentData(),
                staff_id=self.context.staff_id,
            )
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.touch_text.clear()
        self.message.setText(f"Logged a touch with {item.name}.")
        self._after_change(item.contact_id)

    def on_snooze(self) -> None:
        cid = self.selected_contact()
        if cid is None:
            self.message.setText("Choose a person in the list first.")
            return
        days = int(self.snooze_choice.currentData())
        until = self.day() + dt.timedelta(days=days)
        try:
            care.snooze(cid, until, today=self.day())
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Snoozed until {shop_display().date_long(until)}.")
        self._after_change(cid)

    def _after_change(self, cid: int) -> None:
        """The person leaves the list: the cursor stays where they were."""
        row = self.table.current_row()
        self.refresh(keep=-1)
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.table.setFocus()
        self.changed.emit(cid)

    def on_open_selected(self, *_: object) -> None:
        cid = self.selected_contact()
        if cid:
            self.contact_chosen.emit(cid)

    def on_map_selected(self) -> None:
        cid = self.selected_contact()
        if cid:
            self.map_requested.emit(cid)

    def on_care_settings(self) -> None:
        dialog = CareSettingsDialog(self.context, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
