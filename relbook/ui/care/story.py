"""A customer's story in one window: the timeline (with quick-add), their care tier, links
and household — opened from the contact card or the counter with Ctrl+T.

Plain functions taking (parent, context, …) so any page can offer it, like the privacy
actions: ``story_button(parent, context, lambda: contact_id)`` gives the button and its
shortcut. Ctrl+M shows the person on the connection map (Care page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care
from relbook.services.care import timeline
from relbook.services.dates import PartialDate
from relbook.services.display import shop_display
from relbook.store.models import Contact, ContactTag, Tag
from relbook.ui.care.tag_chips import TagChips
from relbook.ui.context import AppContext

SHORTCUT = "Ctrl+T"


def care_line(contact_id: int, today: dt.date | None = None) -> str:
    """One plain line about keeping in touch: tier, last contact, when the next is due."""
    today = today or dt.date.today()
    show = shop_display()
    plan = care.get_plan(contact_id)
    last = timeline.last_touches([contact_id]).get(contact_id)
    visit = timeline.last_visits([contact_id]).get(contact_id)
    parts = []
    if plan is not None:
        parts.append(care.TIER_LABELS[plan.tier])
        days = care.intervals()[plan.tier]
        if last is not None:
            due = last.date() + dt.timedelta(days=days)
            late = (today - due).days
            parts.append(
                f"{late} days overdue"
                if late > 0
                else "due today"
                if late == 0
                else f"next touch by {show.date_short(due, today=today)}"
            )
        if plan.snoozed_until and plan.snoozed_until > today:
            parts.append(f"snoozed until {show.date_short(plan.snoozed_until, today=today)}")
    if last is not None:
        parts.append(f"last in touch {show.date_short(last, year=True)}")
    else:
        parts.append("no contact recorded yet")
    if visit is not None:
        parts.append(f"last visit {show.date_short(visit, year=True)}")
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is not None and row.birthday_month and row.birthday_day:
        try:
            day = PartialDate(row.birthday_month, row.birthday_day)
        except ValueError:
            day = None
        if day is not None:
            parts.append(f"birthday {show.partial(day)}")
    return "  ·  ".join(parts)


class StoryDialog(QDialog):
    """Timeline on the left, tier / links / household on the right; Esc closes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        # imported here: every contact card has a Story button, few open the window
        from relbook.ui.care.links_view import LinksView
        from relbook.ui.care.timeline_view import TimelineView

        super().__init__(parent)
        self.setObjectName("storyDialog")
        self.context = context
        self.contact_id: int | None = None
        self.resize(980, 620)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.chips = TagChips()
        self.timeline = TimelineView()
        self.links_view = LinksView()
        self.map_button = QPushButton("Connection map  (Ctrl+M)")
        self.map_button.setAutoDefault(False)  # Enter belongs to the text boxes
        self.close_button = QPushButton("Close  (Esc)")
        self.close_button.setAutoDefault(False)  # Enter belongs to the text boxes
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.addWidget(self.links_view, 1)
        right_layout.addWidget(self.map_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.timeline)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([580, 380])
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.chips)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.timeline.changed.connect(self.on_changed)
        self.links_view.changed.connect(self.on_changed)
        self.map_button.clicked.connect(self.on_show_map)
        self.close_button.clicked.connect(self.reject)
        shortcut = QShortcut(QKeySequence("Ctrl+M"), self)
        shortcut.activated.connect(self.on_show_map)

    def show_contact(self, contact_id: int) -> bool:
        row = Contact.get_or_none(Contact.id == contact_id)
        if row is None:
            return False
        self.contact_id = contact_id
        self.setWindowTitle(f"{row.display_name} — story")
        self.title.setText(row.display_name)
        self.timeline.staff_id = self.context.staff_id
        self.timeline.show_contact(contact_id)
        self.links_view.show_contact(contact_id)
        self.links_view.name.setText("Keep in touch, family and friends")
        self.summary.setText(care_line(contact_id))
        self.chips.set_tags(
            [
                t
                for (t,) in Tag.select(Tag.name)
                .join(ContactTag)
                .where(ContactTag.contact == contact_id)
                .order_by(Tag.name)
                .tuples()
            ]
        )
        return True

    def on_changed(self, contact_id: int) -> None:
        if self.contact_id is not None:
            self.summary.setText(care_line(self.contact_id))
            self.timeline.refresh()
        self.context.hub.activity_changed.emit(contact_id or self.contact_id or 0)

    def on_show_map(self) -> None:
        cid = self.contact_id
        self.accept()
        if cid:
            self.context.hub.show_page.emit("care", cid)


def open_story(parent: QWidget, context: AppContext, contact_id: int | None) -> StoryDialog | None:
    """Open (or re-use) the Story window of ``parent`` for a contact, cursor in quick-add."""
    if not contact_id:
        return None
    dialog = parent.findChild(StoryDialog, "storyDialog")
    if dialog is None:
        dialog = StoryDialog(context, parent)
    try:
        if not dialog.show_contact(contact_id):
            return None
    except RelbookError:
        return None
    dialog.open()
    dialog.timeline.add_text.setFocus()
    return dialog


def story_button(
    parent: QWidget, context: AppContext, contact_id: Callable[[], int | None]
) -> QPushButton:
    """A "Story (Ctrl+T)" button for a page; the shortcut works anywhere on that page."""
    button = QPushButton(f"Story  ({SHORTCUT})")
    button.setObjectName("storyButton")
    button.setToolTip("Timeline, care tier, family and friends of this customer")

    def on_open() -> None:
        open_story(parent, context, contact_id())

    button.clicked.connect(on_open)
    shortcut = QShortcut(QKeySequence(SHORTCUT), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(on_open)
    return button
