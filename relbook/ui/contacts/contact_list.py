"""The list side of the Contacts page: one search box over the whole book, the saved
segment and "Show archived" filters, the list itself and the hint when it is empty.

The page lays these widgets out; this keeps what they show. In the box Esc clears and
Down goes into the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from relbook.errors import RelbookError
from relbook.services.contacts.inputs import ContactRecord
from relbook.ui.care.segment_widgets import SegmentCombo
from relbook.ui.contacts.table_model import ContactTableModel, row_for
from relbook.ui.widgets.messages import Messenger
from relbook.ui.widgets.table import TableView


class ContactList(QObject):
    """The search box, the filters and the table over ``ContactTableModel``."""

    def __init__(self, messenger: Messenger, parent: QWidget) -> None:
        super().__init__(parent)
        self.messenger = messenger
        self.parent_widget = parent
        self.model = ContactTableModel(self)
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Find: name, phone, email, card…")
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox("Show &archived")
        self.segment_filter = SegmentCombo()  # only a saved segment's people (relbook.ui.care)
        self.segment_filter.setMaximumWidth(190)  # a long segment name must not crowd the search
        self.table = TableView(
            self.model, "contactTable", widths=(200, 150), stretch=2, row_height=30
        )
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("muted")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.on_search_changed)
        self.segment_filter.segment_chosen.connect(self.on_segment_chosen)
        self.model.modelReset.connect(self.on_model_reset)

    # -- rows -------------------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def current_contact(self) -> int | None:
        """The contact of the row with the cursor, or None."""
        return self.model.contact_id(self.table.current_row())

    def put(self, record: ContactRecord) -> int:
        """Show a saved contact's line in its place; returns its row."""
        return self.model.upsert(row_for(record))

    # -- slots ------------------------------------------------------------------------------

    def on_search_changed(self, text: str) -> None:
        self.model.set_search(text)

    def on_segment_chosen(self, segment_id: int) -> None:
        """Only the people of a saved segment, or everyone again (0)."""
        from relbook.services.contacts import segments

        try:
            ids = segments.evaluate(segment_id) if segment_id else None
        except RelbookError as exc:
            self.messenger.error(self.parent_widget, "Cannot show this segment", str(exc))
            return
        self.model.set_only(ids)
        self.select_row(0)

    def on_model_reset(self) -> None:
        count, text = self.model.rowCount(), self.model.search_text
        if self.model.showing_only and count == 0 and not self.model.canFetchMore():
            self.empty_hint.setText(
                f"Nobody in “{self.segment_filter.currentText()}” matches"
                + (f" “{text}”." if text else " today.")
            )
            self.empty_hint.setVisible(True)
            return
        if text and count == 0:
            self.empty_hint.setText(f"Nobody matches “{text}”. Press Ctrl+N to add them.")
        elif not text and count == 0 and not self.model.canFetchMore():
            self.empty_hint.setText(
                "No archived contacts."
                if self.model.showing_archived
                else "The book is empty. Press Ctrl+N to add your first customer."
            )
        else:
            self.empty_hint.setText("")
        self.empty_hint.setVisible(bool(self.empty_hint.text()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if key == Qt.Key.Key_Down:
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.select_row(0)
                return True
        return super().eventFilter(watched, event)
