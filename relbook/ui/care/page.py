"""The Care page (F6): keep in touch with the people who carry the shop.

Left, the Today panel. Right, six tabs (Alt+1 … Alt+6): who is due for a touch,
birthdays and anniversaries coming up, the monthly review, feedback, the connection map
with the person's links and timeline, and tags and segments. In the due list: T marks
the person touched (logged on their timeline), S snoozes them, M shows their
connections, Enter opens their card.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care
from relbook.services.contacts import relationships
from relbook.ui.care import sheet_print
from relbook.ui.care.birthdays_panel import BirthdaysPanel
from relbook.ui.care.connection_map import ConnectionMap
from relbook.ui.care.due_model import DueModel
from relbook.ui.care.feedback_panel import FeedbackPanel
from relbook.ui.care.person_panel import PersonPanel
from relbook.ui.care.review_view import ReviewPanel
from relbook.ui.care.segments_panel import SegmentsPanel
from relbook.ui.care.settings_section import CareSettingsDialog
from relbook.ui.care.today_panel import TodayPanel
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec
from relbook.ui.widgets.contact_picker import ContactPicker

SNOOZES = (("1 week", 7), ("2 weeks", 14), ("1 month", 30), ("3 months", 91))
TOUCH_KINDS = (("Touch", "touch"), ("Call", "call"), ("Message", "message"),
               ("Meeting", "meeting"), ("Card sent", "note_sent"))  # fmt: skip
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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
        self.tabs = QTabWidget()
        self.tabs.setObjectName("careTabs")
        self.tabs.setDocumentMode(True)

        # due for a touch
        due = QWidget()
        self.due_title = QLabel()
        self.due_title.setObjectName("sectionTitle")
        self.due_model = DueModel(self)
        self.due_table = QTableView()
        self.due_table.setObjectName("dueTable")
        self.due_table.setModel(self.due_model)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_table.setAlternatingRowColors(True)
        self.due_table.setShowGrid(False)
        self.due_table.verticalHeader().hide()
        self.due_table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.due_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
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
        self.due_message = QLabel()
        self.due_message.setObjectName("muted")
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
        due_layout = QVBoxLayout(due)
        due_layout.addWidget(self.due_title)
        due_layout.addWidget(self.due_table, 1)
        due_layout.addLayout(touch_row)
        due_layout.addLayout(snooze_row)
        due_layout.addWidget(self.due_message)

        self.review = ReviewPanel()
        review_box = QWidget()
        QVBoxLayout(review_box).addWidget(self.review)
        self.feedback = FeedbackPanel()
        feedback_box = QWidget()
        QVBoxLayout(feedback_box).addWidget(self.feedback)

        # connection map
        network = QWidget()
        self.map_picker = ContactPicker(placeholder="Whose connections? Type a name…")
        self.map = ConnectionMap()
        self.map_status = QLabel(
            "Pick someone to see their family, friends and who they referred — two steps out."
        )
        self.map_status.setObjectName("muted")
        self.person = PersonPanel()
        map_side = QSplitter(Qt.Orientation.Horizontal)
        map_side.addWidget(self.map)
        map_side.addWidget(self.person)
        map_side.setStretchFactor(0, 1)
        map_side.setStretchFactor(1, 0)
        map_side.setSizes([560, 340])
        map_layout = QVBoxLayout(network)
        map_layout.addWidget(self.map_picker)
        map_layout.addWidget(map_side, 1)
        map_layout.addWidget(self.map_status)

        self.birthdays = BirthdaysPanel()
        birthdays_box = QWidget()
        QVBoxLayout(birthdays_box).addWidget(self.birthdays)
        self.segments = SegmentsPanel()
        segments_box = QWidget()
        QVBoxLayout(segments_box).addWidget(self.segments)
        #: the tabs in order (Alt+1 …): key -> page
        tabs = (
            ("due", due, "Due for a touch"),
            ("birthdays", birthdays_box, "Birthdays"),
            ("review", review_box, "Monthly review"),
            ("feedback", feedback_box, "Feedback"),
            ("map", network, "Connections"),
            ("segments", segments_box, "Tags && segments"),
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
        self.due_table.installEventFilter(self)
        self.due_table.doubleClicked.connect(self.on_open_selected)
        self.touch_button.clicked.connect(self.on_mark_touched)
        self.touch_text.returnPressed.connect(self.on_mark_touched)
        self.snooze_button.clicked.connect(self.on_snooze)
        self.map_button.clicked.connect(self.on_map_selected)
        self.settings_button.clicked.connect(self.on_care_settings)
        self.today_panel.contact_chosen.connect(self.on_open_contact)
        self.today_panel.page_requested.connect(self.on_today_page)
        self.print_button.clicked.connect(self.on_print_sheet)
        self.save_sheet_button.clicked.connect(self.on_save_sheet)
        self._shortcut("Ctrl+P", self.on_print_sheet)
        self.map_picker.contact_picked.connect(self.on_map_contact)
        self.map.recentre_requested.connect(self.on_map_contact)
        self.map.contact_opened.connect(self.on_open_contact)
        self.map.drawn.connect(self.on_map_drawn)
        self.feedback.saved.connect(self.on_feedback_saved)
        self.person.changed.connect(self.on_person_changed)
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
        self.refresh_due()
        key = self.current_tab()
        if key == "birthdays":
            self.birthdays.refresh(self.day())
        elif key == "review":
            self.review.refresh(self.day())
        elif key == "feedback":
            self.feedback.refresh()

    def refresh_due(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_contact()
        items = care.due_list(self.day())
        self.due_model.set_rows(items)
        self.due_title.setText(
            f"Due for a touch  ({len(items)})" if items else "Due for a touch — nobody is due"
        )
        row = self.due_model.row_of(keep) if keep else -1
        if items:
            self.due_table.selectRow(row if row >= 0 else 0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.feedback.staff_id = self.context.staff_id
        self.refresh()
        if self.current_tab() == "due":
            self.due_table.setFocus()

    def current_tab(self) -> str:
        widget = self.tabs.currentWidget()
        return next((k for k, w in self.tab_pages.items() if w is widget), "")

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.tab_pages[key])

    def selected_contact(self) -> int | None:
        index = self.due_table.currentIndex()
        item = self.due_model.row_at(index.row()) if index.isValid() else None
        return item.contact_id if item else None

    # -- slots ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.due_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        ):  # fmt: skip
            key = event.key()
            actions = {Qt.Key.Key_T: self.on_mark_touched, Qt.Key.Key_S: self.on_snooze,
                       Qt.Key.Key_M: self.on_map_selected}  # fmt: skip
            if key in actions:
                actions[Qt.Key(key)]()
                return True
            if key in ENTER_KEYS:
                self.on_open_selected()
                return True
        return super().eventFilter(watched, event)

    def on_show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def on_tab_changed(self, _index: int) -> None:
        key = self.current_tab()
        if key == "due":
            self.due_table.setFocus()
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
            (self.map if self.map.network else self.map_picker).setFocus()
        elif key == "segments":
            self.segments.refresh()
            self.segments.tag_list.setFocus()

    def on_mark_touched(self) -> None:
        cid = self.selected_contact()
        if cid is None:
            self.due_message.setText("Choose a person in the list first.")
            return
        name = self.due_model.row_at(self.due_table.currentIndex().row()).name  # type: ignore[union-attr]
        try:
            care.mark_touched(
                cid, self.touch_text.text(), kind=self.touch_kind.currentData(),
                staff_id=self.context.staff_id,
            )  # fmt: skip
        except RelbookError as exc:
            self.due_message.setText(str(exc))
            return
        self.touch_text.clear()
        self.due_message.setText(f"Logged a touch with {name}.")
        self._after_change(cid)

    def on_snooze(self) -> None:
        cid = self.selected_contact()
        if cid is None:
            self.due_message.setText("Choose a person in the list first.")
            return
        days = int(self.snooze_choice.currentData())
        until = self.day() + dt.timedelta(days=days)
        try:
            care.snooze(cid, until, today=self.day())
        except RelbookError as exc:
            self.due_message.setText(str(exc))
            return
        self.due_message.setText(f"Snoozed until {until:%A %d %B}.")
        self._after_change(cid)

    def _after_change(self, cid: int) -> None:
        row = self.due_table.currentIndex().row()
        self.refresh_due(keep=-1)
        if self.due_model.rowCount():
            self.due_table.selectRow(min(row, self.due_model.rowCount() - 1))
        self.today_panel.refresh(self.day())
        self.due_table.setFocus()
        self.context.hub.activity_changed.emit(cid)

    def on_care_settings(self) -> None:
        dialog = CareSettingsDialog(self.context, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

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
            self.due_message.setText(f"Saved today's counter sheet to {path}.")

    def on_open_selected(self, *_: object) -> None:
        cid = self.selected_contact()
        if cid:
            self.on_open_contact(cid)

    def on_open_contact(self, contact_id: int) -> None:
        self.context.hub.show_page.emit("contacts", contact_id)

    def on_map_selected(self) -> None:
        cid = self.selected_contact()
        if cid:
            self.show_tab("map")
            self.on_map_contact(cid)

    def on_map_contact(self, contact_id: int) -> None:
        if not contact_id:
            return
        try:
            net = relationships.network(contact_id, depth=2)
        except RelbookError as exc:
            self.map_status.setText(str(exc))
            return
        self.map_picker.set_contact(contact_id)
        self.person.staff_id = self.context.staff_id
        self.person.show_contact(contact_id)
        self.map_status.setText("Drawing…")
        self.map.show_network(net)
        self.map.setFocus()

    def on_map_drawn(self, count: int) -> None:
        net = self.map.network
        name = net.nodes[net.centre][0] if net else ""
        if count <= 1:
            self.map_status.setText(
                f"{name} has no recorded connections yet. Add family and friends on their card."
            )
        else:
            self.map_status.setText(
                f"{name} and {count - 1} {'person' if count == 2 else 'people'} within two "
                "steps.  Double-click or Enter: "
                "centre on someone · Ctrl+O: open their card · + / − / 0: zoom"
            )

    def on_person_changed(self, contact_id: int) -> None:
        net = self.map.network
        if net is not None:
            self.map.show_network(relationships.network(net.centre, depth=2))
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
            self.show_tab("map")
            self.on_map_contact(contact_id)


PAGE = PageSpec(
    key="care",
    title="Care",
    shortcut="F6",
    order=50,
    factory=lambda context: CarePage(context),
)
