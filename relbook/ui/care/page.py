"""The Care page (F6): keep in touch with the people who carry the shop.

Left, the Today panel. Right, six tabs (Alt+1 … Alt+6): who is due for a touch,
birthdays and anniversaries coming up, the monthly review, feedback, the connection map
with the person's links and timeline, and tags and segments. In the due list: T marks
the person touched (logged on their timeline), S snoozes them, M shows their
connections, Enter opens their card.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from relbook.ui.care import sheet_print
from relbook.ui.care.birthdays_panel import BirthdaysPanel
from relbook.ui.care.connections_panel import ConnectionsPanel
from relbook.ui.care.due_panel import DuePanel
from relbook.ui.care.feedback_panel import FeedbackPanel
from relbook.ui.care.review_view import ReviewPanel
from relbook.ui.care.segments_panel import SegmentsPanel
from relbook.ui.care.today_panel import TodayPanel
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec


def _boxed(panel: QWidget) -> QWidget:
    """A tab page holding ``panel`` with the usual margins."""
    box = QWidget()
    QVBoxLayout(box).addWidget(panel)
    return box


class CarePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carePage")
        self.context = context
        self.today: dt.date | None = None  # None: the real local date (tests may pin it)
        self.today_panel = TodayPanel(per_section=12)
        self.print_button = QPushButton("Print today's sheet  (Ctrl+P)")
        self.print_button.setObjectName("linkButton")
        self.save_sheet_button = QPushButton("Save as PDF")
        self.save_sheet_button.setObjectName("linkButton")
        self.due = DuePanel(context, self.day)
        self.birthdays = BirthdaysPanel()
        self.review = ReviewPanel()
        self.feedback = FeedbackPanel()
        self.connections = ConnectionsPanel(context)
        self.segments = SegmentsPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("careTabs")
        self.tabs.setDocumentMode(True)
        #: the tabs in order (Alt+1 …): key -> page
        tabs = (
            ("due", self.due, "Due for a touch"),
            ("birthdays", _boxed(self.birthdays), "Birthdays"),
            ("review", _boxed(self.review), "Monthly review"),
            ("feedback", _boxed(self.feedback), "Feedback"),
            ("map", self.connections, "Connections"),
            ("segments", _boxed(self.segments), "Tags && segments"),
        )
        self.tab_pages = {key: widget for key, widget, _ in tabs}
        for _key, widget, title in tabs:
            self.tabs.addTab(widget, title)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        left_layout.addWidget(self.today_panel, 1)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.print_button)
        sheet_row.addWidget(self.save_sheet_button)
        sheet_row.addStretch(1)
        left_layout.addLayout(sheet_row)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._connect_signals()

    def _shortcut(self, keys: str, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _connect_signals(self) -> None:
        for i in range(self.tabs.count()):
            self._shortcut(f"Alt+{i + 1}", lambda i=i: self.on_show_tab(i))
        self.due.contact_chosen.connect(self.on_open_contact)
        self.due.map_requested.connect(self.on_show_map)
        self.due.changed.connect(self.on_due_changed)
        self.today_panel.contact_chosen.connect(self.on_open_contact)
        self.today_panel.page_requested.connect(self.on_today_page)
        self.print_button.clicked.connect(self.on_print_sheet)
        self.save_sheet_button.clicked.connect(self.on_save_sheet)
        self._shortcut("Ctrl+P", self.on_print_sheet)
        self.connections.contact_chosen.connect(self.on_open_contact)
        self.connections.changed.connect(self.on_activity)
        self.feedback.saved.connect(self.on_feedback_saved)
        self.segments.contact_chosen.connect(self.on_open_contact)
        self.birthdays.contact_chosen.connect(self.on_open_contact)
        self.review.contact_chosen.connect(self.on_open_contact)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        hub = self.context.hub
        hub.activity_changed.connect(self.on_data_changed)
        hub.contact_changed.connect(self.on_data_changed)
        hub.settings_changed.connect(self.on_data_changed)
        hub.staff_changed.connect(self.on_staff_changed)
        hub.show_page.connect(self.on_show_page)

    # -- refreshing ----------------------------------------------------------------------

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> None:
        self.today_panel.refresh(self.day())
        self.due.refresh()
        key = self.current_tab()
        if key == "birthdays":
            self.birthdays.refresh(self.day())
        elif key == "review":
            self.review.refresh(self.day())
        elif key == "feedback":
            self.feedback.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.feedback.staff_id = self.context.staff_id
        self.refresh()
        if self.current_tab() == "due":
            self.due.table.setFocus()

    def current_tab(self) -> str:
        widget = self.tabs.currentWidget()
        return next((k for k, w in self.tab_pages.items() if w is widget), "")

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.tab_pages[key])

    # -- slots ---------------------------------------------------------------------------

    def on_show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def on_tab_changed(self, _index: int) -> None:
        key = self.current_tab()
        if key == "due":
            self.due.table.setFocus()
        elif key == "birthdays":
            self.birthdays.refresh(self.day())
            self.birthdays.table.setFocus()
        elif key == "review":
            self.review.refresh(self.day())
            self.review.table.setFocus()
        elif key == "feedback":
            self.feedback.refresh()
            self.feedback.picker.setFocus()
        elif key == "map":
            self.connections.focus_target().setFocus()
        elif key == "segments":
            self.segments.refresh()
            self.segments.tag_list.setFocus()

    def on_due_changed(self, contact_id: int) -> None:
        self.today_panel.refresh(self.day())
        self.context.hub.activity_changed.emit(contact_id)

    def on_today_page(self, page: str, section: str) -> None:
        if page == "care":
            self.show_tab("birthdays" if section.startswith("birthdays") else "due")
        else:
            self.context.hub.show_page.emit(page, 0)

    def on_print_sheet(self) -> None:
        sheet_print.print_sheet(self, self.day())

    def on_save_sheet(self) -> None:
        path = sheet_print.save_sheet(self, self.day())
        if path is not None:
            self.due.message.setText(f"Saved today's counter sheet to {path}.")

    def on_open_contact(self, contact_id: int) -> None:
        self.context.hub.show_page.emit("contacts", contact_id)

    def on_show_map(self, contact_id: int) -> None:
        self.show_tab("map")
        self.connections.on_show_contact(contact_id)

    def on_activity(self, contact_id: int) -> None:
        self.context.hub.activity_changed.emit(contact_id)

    def on_feedback_saved(self, contact_id: int) -> None:
        if contact_id:
            self.context.hub.activity_changed.emit(contact_id)

    def on_data_changed(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()

    def on_staff_changed(self, staff_id: int) -> None:
        self.context.staff_id = staff_id or None
        self.feedback.staff_id = self.context.staff_id

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key == "care" and contact_id:
            self.on_show_map(contact_id)


PAGE = PageSpec(
    key="care",
    title="Care",
    shortcut="F6",
    order=50,
    factory=lambda context: CarePage(context),
)
