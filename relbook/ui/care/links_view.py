"""One person's care tier, typed links and household, edited where they are shown.

Links: choose the kind, type a name and press Enter; Delete removes the selected link.
"Referred by" lines come from the referral record and are changed on the contact card.
Household: type a name to put that person in this person's household; "Leave household"
takes this person out. Everything is stored at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care
from relbook.services.contacts import relationships
from relbook.store.models import Contact
from relbook.ui.widgets.contact_picker import ContactPicker

LINK_ROLE = Qt.ItemDataRole.UserRole + 1


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


class LinksView(QWidget):
    #: the tier, links or household of this contact changed (its id)
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self.name = QLabel("Nobody chosen")
        self.name.setObjectName("sectionTitle")
        self.tier = QComboBox()
        self.tier.setObjectName("careTier")
        self.tier.addItem("No care reminders", 0)
        for tier, label in care.TIER_LABELS.items():
            self.tier.addItem(label, tier)
        self.tier.setToolTip("How often relbook reminds you to get in touch")
        self.links = _Links()
        self.links.setObjectName("linksList")
        self.links.setStyleSheet("QListWidget::item { padding: 2px 4px; }")
        self.link_kind = QComboBox()
        self.link_kind.setObjectName("linkKind")
        for kind in relationships.KINDS:
            self.link_kind.addItem(relationships.LABELS[kind], kind)
        self.link_kind.setCurrentIndex(self.link_kind.findData("friend"))
        self.link_picker = ContactPicker(placeholder="Add a link: type a name, Enter")
        self.household = QLabel()
        self.household.setObjectName("muted")
        self.household.setWordWrap(True)
        self.household_picker = ContactPicker(placeholder="Add to household: type a name")
        self.leave_button = QPushButton("Leave household")
        self.leave_button.setAutoDefault(False)  # Enter belongs to the text boxes
        self.leave_button.setObjectName("linkButton")
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)

        tier_row = QHBoxLayout()
        tier_row.addWidget(QLabel("Keep in touch"))
        tier_row.addWidget(self.tier, 1)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_kind)
        link_row.addWidget(self.link_picker, 1)
        house_row = QHBoxLayout()
        house_row.addWidget(self.household_picker, 1)
        house_row.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addLayout(tier_row)
        layout.addWidget(self.links, 1)
        layout.addLayout(link_row)
        layout.addWidget(self.household)
        layout.addLayout(house_row)
        layout.addWidget(self.message)
        self._connect_signals()
        self.setEnabled(False)

    def _connect_signals(self) -> None:
        self.tier.activated.connect(self.on_tier_chosen)
        self.link_picker.contact_picked.connect(self.on_link_picked)
        self.links.remove_requested.connect(self.on_remove_link)
        self.household_picker.contact_picked.connect(self.on_household_picked)
        self.leave_button.clicked.connect(self.on_leave_household)

    def show_contact(self, contact_id: int) -> bool:
        row = Contact.get_or_none(Contact.id == contact_id)
        if row is None:
            return False
        self.contact_id = contact_id
        self.setEnabled(True)
        self.name.setText(row.display_name)
        self.link_picker.exclude(contact_id)
        self.household_picker.exclude(contact_id)
        self.message.clear()
        self.refresh()
        return True

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
            else:
                item.setToolTip("Delete removes this link.")
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

    # -- slots ---------------------------------------------------------------------------

    def on_tier_chosen(self, _index: int) -> None:
        if self.contact_id is None:
            return
        tier = int(self.tier.currentData() or 0)
        try:
            care.set_tier(self.contact_id, tier or None)
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        days = care.intervals().get(tier)
        self.message.setText(
            f"Care tier saved: a reminder every {days} days."
            if tier
            else "No care reminders for this person."
        )
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
        self.message.setText("Household saved.")
        self.refresh()
        self.changed.emit(self.contact_id)

    def on_leave_household(self) -> None:
        if self.contact_id is not None:
            relationships.remove_member(self.contact_id)
            self.message.setText("Left the household.")
            self.refresh()
            self.changed.emit(self.contact_id)
