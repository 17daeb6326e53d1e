"""The Today panel beside the counter: what the counter shows while nobody is being served.

The counter's own hint stays on top; below it, in two columns, birthdays today and this
week, touches due, rewards about to expire and thank-you notes waiting. A click on a
person picks them at the till; "… and N more" opens the page with the whole list.
Ctrl+P prints today's counter sheet. The lists are re-read when the panel comes back
into view after something changed, and when the day changes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from relbook.ui.care import sheet_print
from relbook.ui.care.today_panel import TodayPanel
from relbook.ui.context import AppContext

PER_SECTION = 4


class CounterToday(QWidget):
    #: a customer was clicked (their contact id)
    contact_chosen = Signal(int)

    def __init__(
        self,
        context: AppContext,
        hint: QLabel | None = None,
        *,
        shortcut_owner: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counterToday")
        self.context = context
        self.today: dt.date | None = None  # None: the real local date (tests may pin it)
        self._dirty = True
        self._shown_day: dt.date | None = None
        self.panel = TodayPanel(columns=2, per_section=PER_SECTION, click_picks=True)
        self.panel.title.setObjectName("todayTitle")
        self.print_button = QPushButton("Print today's sheet  (Ctrl+P)")
        self.print_button.setObjectName("linkButton")
        self.print_button.setToolTip("One page for the till: birthdays, regulars, who to call")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setObjectName("todayRule")
        top = QHBoxLayout()
        top.addWidget(self.panel.title, 1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 14)
        layout.setSpacing(10)
        if hint is not None:  # the counter's own hint, a little tighter above the lists
            hint.setText(hint.text().replace("\n\n", "\n"))
            hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(hint)
            layout.addWidget(line)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        self.setStyleSheet(
            "#placeholder { font-size: 16px; }"
            "#todayTitle { font-size: 19px; font-weight: 600; color: #1f2a26; }"
            "#todayRule { color: #e6e1d6; }"
            "#todayTree { font-size: 15px; }"
        )
        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self.on_tick)
        self._timer.start()
        self.panel.contact_chosen.connect(self.contact_chosen)
        self.panel.page_requested.connect(self.on_page_requested)
        self.print_button.clicked.connect(self.on_print)
        shortcut = QShortcut(QKeySequence("Ctrl+P"), shortcut_owner or self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.on_print)
        hub = context.hub
        for signal in (hub.activity_changed, hub.contact_changed):
            signal.connect(self.on_data_changed)
        hub.settings_changed.connect(self.on_data_changed)

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> None:
        self._dirty = False
        self._shown_day = self.day()
        self.panel.refresh(self._shown_day)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty or self._shown_day != self.day():
            self.refresh()

    def on_data_changed(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def on_tick(self) -> None:
        if self.isVisible() and self._shown_day != self.day():
            self.refresh()

    def on_page_requested(self, page: str, _section: str) -> None:
        self.context.hub.show_page.emit(page, 0)

    def on_print(self) -> None:
        if self.isVisible():
            sheet_print.print_sheet(self, self.day())
