"""The "Connections" tab of the Care page: whose connections (a name box), the map of
their family, friends and referrals two steps out, and beside it the person shown —
their links, household and timeline (``PersonPanel``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from relbook.errors import RelbookError
from relbook.services.contacts import relationships
from relbook.ui.care.connection_map import ConnectionMap
from relbook.ui.care.person_panel import PersonPanel
from relbook.ui.context import AppContext
from relbook.ui.widgets.contact_picker import ContactPicker

HINT = "Pick someone to see their family, friends and who they referred — two steps out."


class ConnectionsPanel(QWidget):
    #: open this contact's card (Ctrl+O on the map)
    contact_chosen = Signal(int)
    #: links, household or timeline changed for this contact
    changed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.picker = ContactPicker(placeholder="Whose connections? Type a name…")
        self.map = ConnectionMap()
        self.status = QLabel(HINT)
        self.status.setObjectName("muted")
        self.person = PersonPanel()
        side_by_side = QSplitter(Qt.Orientation.Horizontal)
        side_by_side.addWidget(self.map)
        side_by_side.addWidget(self.person)
        side_by_side.setStretchFactor(0, 1)
        side_by_side.setStretchFactor(1, 0)
        side_by_side.setSizes([560, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(side_by_side, 1)
        layout.addWidget(self.status)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.picker.contact_picked.connect(self.on_show_contact)
        self.map.recentre_requested.connect(self.on_show_contact)
        self.map.contact_opened.connect(self.contact_chosen)
        self.map.drawn.connect(self.on_drawn)
        self.person.changed.connect(self.on_person_changed)

    def focus_target(self) -> QWidget:
        """The map once it shows someone, else the name box."""
        return self.map if self.map.network else self.picker

    def on_show_contact(self, contact_id: int) -> None:
        """Draw the map around this contact and show them beside it."""
        if not contact_id:
            return
        try:
            net = relationships.network(contact_id, depth=2)
        except RelbookError as exc:
            self.status.setText(str(exc))
            return
        self.picker.set_contact(contact_id)
        self.person.staff_id = self.context.staff_id
        self.person.show_contact(contact_id)
        self.status.setText("Drawing…")
        self.map.show_network(net)
        self.map.setFocus()

    def on_drawn(self, count: int) -> None:
        net = self.map.network
        name = net.nodes[net.centre][0] if net else ""
        if count <= 1:
            self.status.setText(
                f"{name} has no recorded connections yet. Add family and friends on their card."
            )
        else:
            self.status.setText(
                f"{name} and {count - 1} {'person' if count == 2 else 'people'} within two "
                "steps.  Double-click or Enter: "
                "centre on someone · Ctrl+O: open their card · + / − / 0: zoom"
            )

    def on_person_changed(self, contact_id: int) -> None:
        net = self.map.network
        if net is not None:
            self.map.show_network(relationships.network(net.centre, depth=2))
        self.changed.emit(contact_id)
