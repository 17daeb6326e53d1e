"""One person's relationships and timeline, beside the connection map.

Links: add one (kind + person picker, Enter) or remove the selected one (Delete).
Household: put someone into this person's household, or leave it; "whole household"
shows the members' visits together. Timeline: filter by kind; quick-add an entry
(kind + text, Ctrl+Enter). Everything is stored at once.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care, relationships, timeline
from relbook.store.models import Contact
from relbook.ui.widgets.contact_picker import ContactPicker

LINK_ROLE = Qt.ItemDataRole.UserRole + 1
ADDABLE = ("visit", "call", "message", "meeting", "note", "note_sent", "touch")


class _Links(QListWidget):
    remove_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            rid = int(item.data(LINK_ROLE) or 0)
            if rid:
                self.remove_requested.emit(rid)
                return
        super().keyPressEvent(event)


class PersonPanel(QWidget):
    #: links or the timeline changed for this contact (its id)
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self.staff_id: int | None = None
        self.name = QLabel("Nobody chosen")
        self.name.setObjectName("sectionTitle")
        self.tier = QComboBox()
        self.tier.setObjectName("careTier")
        self.tier.addItem("No care reminders", 0)
        for tier, label in care.TIER_LABELS.items():
            self.tier.addItem(label, tier)
        self.links = _Links()
        self.links.setObjectName("linksList")
        self.link_kind = QComboBox()
        for kind in relationships.KINDS:
            self.link_kind.addItem(relationships.LABELS[kind], kind)
        self.link_kind.setCurrentIndex(self.link_kind.findData("friend"))
        self.link_picker = ContactPicker(placeholder="Add a link: type a name, Enter")
        self.household = QLabel()
        self.household.setObjectName("muted")
        self.household.setWordWrap(True)
        self.household_picker = ContactPicker(placeholder="Add to household: type a name")
        self.leave_button = QPushButton("Leave household")
        self.leave_button.setObjectName("linkButton")
        self.whole_household = QCheckBox("Whole household")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Everything", "")
        for kind, label in timeline.KIND_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.entries = QListWidget()
        self.entries.setObjectName("timelineList")
        self.entries.setWordWrap(True)
        self.entries.setAlternatingRowColors(True)
        self.add_kind = QComboBox()
        for kind in ADDABLE:
            self.add_kind.addItem(timeline.KIND_LABELS[kind], kind)
        self.add_text = QLineEdit()
        self.add_text.setObjectName("timelineText")
        self.add_text.setPlaceholderText("Add to the timeline… (Enter)")
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)

        link_row = QHBoxLayout()
        link_row.addWidget(self.link_kind)
        link_row.addWidget(self.link_picker, 1)
        house_row = QHBoxLayout()
        house_row.addWidget(self.household_picker, 1)
        house_row.addWidget(self.leave_button)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Timeline"))
        filter_row.addWidget(self.kind_filter)
        filter_row.addWidget(self.whole_household)
        filter_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_kind)
        add_row.addWidget(self.add_text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        tier_row = QHBoxLayout()
        tier_row.addWidget(QLabel("Keep in touch"))
        tier_row.addWidget(self.tier, 1)
        layout.addWidget(self.name)
        layout.addLayout(tier_row)
        layout.addWidget(self.links, 2)
        layout.addLayout(link_row)
        layout.addWidget(self.household)
        layout.addLayout(house_row)
        layout.addLayout(filter_row)
        layout.addWidget(self.entries, 3)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        self.setMinimumWidth(260)
        self.setMaximumWidth(380)
        self._connect_signals()
        self.setEnabled(False)

    def _connect_signals(self) -> None:
        self.tier.activated.connect(self.on_tier_chosen)
        self.link_picker.contact_picked.connect(self.on_link_picked)
        self.links.remove_requested.connect(self.on_remove_link)
        self.household_picker.contact_picked.connect(self.on_household_picked)
        self.leave_button.clicked.connect(self.on_leave_household)
        self.kind_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.whole_household.toggled.connect(self.on_filter_changed)
        self.add_text.returnPressed.connect(self.on_add_entry)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.add_text)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.on_add_entry)

    def show_contact(self, contact_id: int) -> None:
        row = Contact.get_or_none(Contact.id == contact_id)
        if row is None:
            return
        self.contact_id = contact_id
        self.setEnabled(True)
        self.name.setText(row.display_name)
        self.link_picker.exclude(contact_id)
        self.household_picker.exclude(contact_id)
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        if self.contact_id is None:
            return
        plan = care.get_plan(self.contact_id)
        self.tier.setCurrentIndex(self.tier.findData(plan.tier if plan else 0))
        self.links.clear()
        found = relationships.links_of(self.contact_id)
        for lk in found:
            item = QListWidgetItem(f"{lk.label}:  {lk.other_name}")
            item.setData(LINK_ROLE, lk.relationship_id or 0)
            if lk.relationship_id is None:
                item.setToolTip("From the referral record; change it on the contact card.")
            self.links.addItem(item)
        if not found:
            self.links.addItem("No links yet — add family, friends or colleagues below.")
        info = relationships.household_of(self.contact_id)
        if info:
            names = ", ".join(n for _, n in info.members)
            self.household.setText(f"Household “{info.name}”: {names}")
        else:
            self.household.setText("Not in a household.")
        self.leave_button.setVisible(info is not None)
        self.whole_household.setEnabled(info is not None)
        self._fill_entries(info)

    def _fill_entries(self, info: relationships.HouseholdInfo | None) -> None:
        kind = self.kind_filter.currentData()
        kinds = [kind] if kind else None
        if self.whole_household.isChecked() and info:
            ids = [cid for cid, _ in info.members]
            items = timeline.list_for_contacts(ids, kinds=kinds, limit=200)
            names = dict(info.members)
        else:
            items = timeline.list_entries(self.contact_id or 0, kinds=kinds, limit=200)
            names = {}
        self.entries.clear()
        for it in items:
            who = f"{names[it.contact_id]} · " if names else ""
            staff = f" · {it.staff_name}" if it.staff_name else ""
            text = f"{it.happened_at:%d %b %Y %H:%M}  {who}{it.label}{staff}"
            self.entries.addItem(text + (f"\n{it.text}" if it.text else ""))
        if not items:
            self.entries.addItem("Nothing recorded yet.")

    # -- slots ---------------------------------------------------------------------------

    def on_tier_chosen(self, _index: int) -> None:
        if self.contact_id is None:
            return
        tier = int(self.tier.currentData() or 0)
        care.set_tier(self.contact_id, tier or None)
        days = care.intervals().get(tier)
        self.message.setText(
            f"Care tier saved: a reminder every {days} days." if tier
            else "No care reminders for this person."
        )  # fmt: skip
        self.changed.emit(self.contact_id)

    def on_link_picked(self, other_id: int) -> None:
        if not other_id or self.contact_id is None:
            return
        try:
            relationships.link(self.contact_id, other_id, self.link_kind.currentData())
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.link_picker.set_contact(None)
        self.message.setText("Link saved.")
        self.refresh()
        self.changed.emit(self.contact_id)

    def on_remove_link(self, relationship_id: int) -> None:
        try:
            relationships.unlink(relationship_id)
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("Link removed.")
        self.refresh()
        self.changed.emit(self.contact_id or 0)

    def on_household_picked(self, other_id: int) -> None:
        if not other_id or self.contact_id is None:
            return
        try:
            info = relationships.household_of(self.contact_id)
            if info is None:
                family = Contact.get_by_id(self.contact_id).family_name.strip()
                name = f"The {family} household" if family else "Household"
                relationships.create_household(name, [self.contact_id, other_id])
            else:
                relationships.add_member(info.id, other_id)
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.household_picker.set_contact(None)
        self.refresh()
        self.changed.emit(self.contact_id)

    def on_leave_household(self) -> None:
        if self.contact_id is not None:
            relationships.remove_member(self.contact_id)
            self.refresh()
            self.changed.emit(self.contact_id)

    def on_filter_changed(self, *_: object) -> None:
        self._fill_entries(relationships.household_of(self.contact_id or 0))

    def on_add_entry(self) -> None:
        if self.contact_id is None:
            return
        text = self.add_text.text().strip()
        if not text:
            self.message.setText("Type what happened first.")
            return
        try:
            timeline.add_entry(
                self.contact_id, self.add_kind.currentData(), text, staff_id=self.staff_id,
                happened_at=dt.datetime.now().replace(microsecond=0),
            )  # fmt: skip
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.add_text.clear()
        self.message.setText("Added to the timeline.")
        self.refresh()
        self.changed.emit(self.contact_id)
