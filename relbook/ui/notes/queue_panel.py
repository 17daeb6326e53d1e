"""The left of the Notes page: who to thank (big sales, referrals, birthdays,
milestones), with ticks for printing a batch; below it a note to anyone ("Or write
to…") and a note to everyone in a saved segment. Delete (or Skip) drops the open row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from relbook.errors import RelbookError
from relbook.services import notes
from relbook.services.notes import Suggestion
from relbook.ui.care.segment_widgets import SegmentNotesButton
from relbook.ui.notes.drafts import NoteDrafts
from relbook.ui.notes.queue_model import QueueModel
from relbook.ui.widgets.contact_picker import ContactPicker


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 13pt; font-weight: 600;")
    return label


class QueuePanel(QWidget):
    """The queue; ``drafts.current`` is the row kept chosen when it is read again."""

    #: a queue row was chosen
    suggestion_chosen = Signal(object)
    #: a note to someone not in the queue (their contact id)
    contact_picked = Signal(int)
    #: how many rows are ticked now
    ticks_changed = Signal(int)
    #: Skip or Delete: no card for the open row
    skip_requested = Signal()
    #: news for the status line
    said = Signal(str)

    def __init__(self, drafts: NoteDrafts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self._segment_id = 0  # a saved segment written to (relbook.ui.care), 0: none
        self.model = QueueModel(self)
        self.view = QListView(objectName="noteQueue")
        self.view.setModel(self.model)
        self.view.setSpacing(3)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.heading = heading("Who to thank")
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("No card for this one (Delete)")
        self.tick_all = QPushButton("Tick all")
        self.picker = ContactPicker(placeholder="Or write to… (type a name)")
        self.segment_button = SegmentNotesButton()  # a note for everyone in a segment
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.skip_button)
        row.addWidget(self.tick_all)
        layout.addLayout(row)
        layout.addWidget(self.picker)
        layout.addWidget(self.segment_button)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentChanged.connect(self.on_current)
        self.model.dataChanged.connect(self.on_ticks)
        self.skip_button.clicked.connect(self.skip_requested)
        self.tick_all.clicked.connect(self.on_tick_all)
        self.picker.contact_picked.connect(self.on_contact_picked)
        self.segment_button.segment_chosen.connect(self.on_segment_chosen)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, self.skip_requested.emit)

    def refresh(self) -> None:
        """Read the queue again, keeping the open row chosen."""
        keep = self.drafts.current.event_key if self.drafts.current else None
        self.model.set_rows(notes.queue() + self._segment_rows())
        count = self.model.rowCount()
        self.heading.setText(f"Who to thank ({count})" if count else "Who to thank")
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        self.on_ticks()

    def checked(self) -> list[Suggestion]:
        return self.model.checked()

    def _segment_rows(self) -> list[Suggestion]:
        """A note for each person of the chosen segment, until it is printed."""
        from relbook.services.contacts.segment_uses import note_suggestions

        if not self._segment_id:
            return []
        try:
            return note_suggestions(self._segment_id)
        except RelbookError:  # the segment was deleted meanwhile
            self._segment_id = 0
            return []

    def on_segment_chosen(self, segment_id: int) -> None:
        """Queue and tick a note for everyone in the segment; Print ticked prints them."""
        self._segment_id = segment_id
        self.refresh()
        keys = {s.event_key for s in self._segment_rows()}
        for row in range(self.model.rowCount()):
            found = self.model.suggestion(row)
            if found is not None and found.event_key in keys:
                index = self.model.index(row)
                self.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        from relbook.services.contacts.segment_uses import left_out_by_post

        count = f"{len(keys)} note{'s' if len(keys) != 1 else ''}"
        left_out = left_out_by_post(segment_id) if segment_id else ""  # no consent to post
        self.said.emit(
            f"{count} queued and ticked; each starts from the Custom template — then Print "
            f"ticked. {left_out}".strip()
        )

    def on_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        suggestion = self.model.suggestion(index.row()) if index.isValid() else None
        if suggestion is not None:
            self.suggestion_chosen.emit(suggestion)

    def on_contact_picked(self, contact_id: int) -> None:
        self.view.clearSelection()
        self.contact_picked.emit(contact_id)

    def on_tick_all(self) -> None:
        self.model.check_all(len(self.model.checked()) < self.model.rowCount())

    def on_ticks(self, *_: object) -> None:
        self.ticks_changed.emit(len(self.model.checked()))
