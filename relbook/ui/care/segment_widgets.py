"""Small pieces other pages use to work with saved segments (made on the Care page, F6):

- ``SegmentCombo`` — "Everyone / <segment>…" above the contact list;
- ``SegmentNotesButton`` — "Write to a segment ▾" on the Notes page, which queues a
  note for each person in the chosen segment.

Both re-read the saved segments each time they open, so a segment saved a moment ago on
the Care page is there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QMenu, QToolButton, QWidget

from relbook.errors import RelbookError
from relbook.services.contacts import segments

EVERYONE = "Everyone"


class SegmentCombo(QComboBox):
    """Emits ``segment_chosen`` with a segment id, or 0 for everyone."""

    segment_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentFilter")
        self.setToolTip("Show only the people of a saved segment (make one on the Care page)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reload()
        self.activated.connect(self.on_activated)

    def reload(self) -> None:
        current = self.segment_id()
        self.blockSignals(True)
        self.clear()
        self.addItem(EVERYONE, 0)
        try:
            found = segments.list_segments()
        except RelbookError:
            found = []  # a damaged filter must not take the contact list down
        for seg in found:
            self.addItem(seg.name, seg.id)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        if current and self.segment_id() != current:  # it was deleted meanwhile
            self.segment_chosen.emit(0)

    def segment_id(self) -> int:
        return int(self.currentData() or 0)

    def showPopup(self) -> None:
        self.reload()
        super().showPopup()

    def on_activated(self, _index: int) -> None:
        self.segment_chosen.emit(self.segment_id())


class SegmentNotesButton(QToolButton):
    """Emits ``segment_chosen`` with the id of the segment to write to."""

    segment_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentNotesButton")
        self.setText("Write to a segment ▾")
        self.setToolTip("Queue a note for everyone in a saved segment, ticked, ready to print")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.menu_.clear()
        try:
            found = segments.list_segments()
        except RelbookError:
            found = []
        for seg in found:
            action = self.menu_.addAction(seg.name)
            action.triggered.connect(lambda _=False, sid=seg.id: self.segment_chosen.emit(sid))
        if not found:
            hint = self.menu_.addAction("No saved segments yet — make one on the Care page (F6)")
            hint.setEnabled(False)

    def names(self) -> list[str]:
        """The segments offered (for tests)."""
        return [a.text() for a in self.menu_.actions() if a.isEnabled()]
