"""One person beside the connection map: their tier, links and household above, their
timeline below (``LinksView`` and ``TimelineView``, the same pieces the Story window
uses)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from relbook.ui.care.links_view import LinksView
from relbook.ui.care.timeline_view import TimelineView


class PersonPanel(QWidget):
    #: links, tier, household or the timeline changed for this contact (its id)
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.links_view = LinksView()
        self.timeline = TimelineView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.links_view, 2)
        layout.addWidget(self.timeline, 3)
        self.setMinimumWidth(280)
        self.setMaximumWidth(420)
        self.links_view.changed.connect(self.on_links_changed)
        self.timeline.changed.connect(self.changed)

    @property
    def contact_id(self) -> int | None:
        return self.links_view.contact_id

    @property
    def staff_id(self) -> int | None:
        return self.timeline.staff_id

    @staff_id.setter
    def staff_id(self, value: int | None) -> None:
        self.timeline.staff_id = value

    def show_contact(self, contact_id: int) -> None:
        if self.links_view.show_contact(contact_id):
            self.timeline.show_contact(contact_id)

    def on_links_changed(self, contact_id: int) -> None:
        self.timeline.refresh()  # a household change changes "whole household"
        self.changed.emit(contact_id)
