"""Birthdays and anniversaries coming up — the customers' own and their families' — for
the next N days (``relbook.services.care.reminders.upcoming``), soonest first.

Enter (or a double-click) opens the person's card; Ctrl+T their Story. Birthday cards for
them wait on the Notes page (F4).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from relbook.errors import RelbookError
from relbook.services.care import reminders
from relbook.services.display import Display, shop_display
from relbook.ui.widgets.table import Column, TableModel, TableView

DEFAULT_DAYS = 14


def when_text(days_away: int) -> str:
    return "today" if days_away == 0 else "tomorrow" if days_away == 1 else f"in {days_away} days"


def whose_day(r: reminders.Reminder) -> str:
    """Whose day and what it is: "Lou (son) — turns 6", "Ada Lovelace — birthday"."""
    if r.kind == "anniversary":
        what = f"anniversary ({r.turning} years)" if r.turning else "anniversary"
    else:
        what = f"turns {r.turning}" if r.turning else "birthday"
    who = f"{r.person} ({r.relation})" if r.is_family else r.person
    return f"{who} — {what}"


def columns(show: Display) -> tuple[Column[reminders.Reminder], ...]:
    """The list's columns, the dates written the shop's way ("Tue, Dec 8")."""
    return (
        Column("Date", lambda r: show.date_short(r.on, weekday=True), sort_key=lambda r: r.on),
        Column("When", lambda r: when_text(r.days_away), sort_key=lambda r: r.days_away),
        Column("Whose day", whose_day),
        Column("Customer", lambda r: r.contact_name),
    )


def reminder_model(
    parent: QWidget | None = None, show: Display | None = None
) -> TableModel[reminders.Reminder]:
    """Several reminders may be one customer's (their own day, a child's): no key."""
    return TableModel(columns(show or Display()), parent=parent)


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
        self.model = reminder_model(self, shop_display())
        self.table = TableView(self.model, "birthdayTable", stretch=2)
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
        self.table.entered.connect(lambda: self.on_open_row(self.table.current_row()))
        self.table.doubleClicked.connect(lambda index: self.on_open_row(index.row()))

    def refresh(self, day: dt.date | None = None) -> None:
        self.day = day or self.day or dt.date.today()
        try:
            rows = reminders.upcoming(
                self.days.value(), today=self.day, include_family=self.family.isChecked()
            )
        except RelbookError as exc:
            self.summary.setText(str(exc))
            return
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)
        if rows:
            self.table.selectRow(0)
        if not rows:
            self.summary.setText(f"Nothing in the next {self.days.value()} days.")
            return
        people = len({r.contact_id for r in rows})
        self.summary.setText(
            f"{len(rows)} day{'s' if len(rows) != 1 else ''} to remember, {people} "
            f"customer{'s' if people != 1 else ''}. Enter opens the card; birthday cards wait "
            "on the Notes page (F4)."
        )

    def selected_contact(self) -> int | None:
        item = self.model.row_at(self.table.current_row())
        return item.contact_id if item else None

    def on_changed(self, *_: object) -> None:
        self.refresh()

    def on_open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.contact_chosen.emit(item.contact_id)
