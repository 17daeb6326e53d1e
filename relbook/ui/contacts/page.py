"""The Contacts page: a search box over the whole book, the list, and the card editor.

Keyboard first: the search box has focus (Ctrl+F), Enter opens the first result, Esc
clears; Ctrl+N starts a new contact, Ctrl+S saves, Delete archives (Ctrl+Z brings the
contact back).

The list and the search box are drawn first; the card (relbook.ui.contacts.card) is
built right after the list has painted, or at once when something needs it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relbook.ui.contacts.card_editing import CardEditing
from relbook.ui.contacts.contact_list import ContactList
from relbook.ui.contacts.notice_bar import NoticeBar
from relbook.ui.contacts.table_model import ContactTableModel
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec
from relbook.ui.widgets.first_paint import after_first_paint
from relbook.ui.widgets.messages import DialogMessenger, Messenger
from relbook.ui.widgets.table import TableView

if TYPE_CHECKING:
    from relbook.ui.contacts.card import ContactCard
    from relbook.ui.contacts.duplicate_banner import DuplicateBanner
    from relbook.ui.contacts.editor import ContactEditor


class ContactsPage(QWidget):
    """The list (``ContactList``) left, the card (``CardEditing``) right, what just
    happened (``NoticeBar``) under the list."""

    def __init__(
        self,
        context: AppContext,
        messenger: Messenger | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.hub = context.hub
        self.messenger: Messenger = messenger or DialogMessenger()
        self.list = ContactList(self.messenger, self)
        self.notice_bar = NoticeBar()
        #: the card goes here, right after the list has painted
        self.card_area = QWidget()
        self.editing = CardEditing(
            self, context, self.list, self.card_area, self.notice_bar, self.messenger
        )
        self._build()
        self._connect_signals()
        self.model.reload()
        self.list.select_row(0)  # the first card is shown, not an empty form inviting typos
        after_first_paint(self.table, self._ensure_card)  # (its frame paints with its rows)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()
        top.addWidget(self.list.search, 1)
        top.addWidget(self.list.segment_filter)
        top.addWidget(self.list.show_archived)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list.table, 1)
        left_layout.addWidget(self.list.empty_hint)
        left_layout.addWidget(self.notice_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.card_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 620])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.search)

    def _shortcut(self, keys: QKeySequence | str, slot: object) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _connect_signals(self) -> None:
        self.search.returnPressed.connect(self.on_search_entered)
        self.list.show_archived.toggled.connect(self.on_show_archived)
        self.table.selectionModel().currentRowChanged.connect(self.editing.on_current_row_changed)
        self.table.entered.connect(self.on_table_entered)
        table_delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        table_delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        table_delete.activated.connect(self.on_table_delete)
        self.notice_bar.undo_requested.connect(self.editing.on_undo)
        self.hub.contact_changed.connect(self.editing.on_contact_changed)
        self.hub.show_page.connect(self.on_show_page)
        self.hub.settings_changed.connect(self.editing.on_settings_changed)
        self._shortcut("Ctrl+F", self.on_focus_search)
        self._shortcut("Ctrl+N", self.editing.on_new)
        self._shortcut("Ctrl+S", self.editing.on_save)
        self._shortcut("Ctrl+Z", self.editing.on_undo)

    def save_layout(self) -> QByteArray:
        return self.splitter.saveState()

    def restore_layout(self, state: QByteArray) -> None:
        self.splitter.restoreState(state)

    # -- the parts, by name -------------------------------------------------------------

    @property
    def search(self) -> QLineEdit:
        return self.list.search

    @property
    def table(self) -> TableView:
        """The contact list (the main window waits for its first paint)."""
        return self.list.table

    @property
    def model(self) -> ContactTableModel:
        return self.list.model

    @property
    def card(self) -> ContactCard:
        """The card editor and its buttons, built on first use."""
        return self.editing.card

    @property
    def editor(self) -> ContactEditor:
        return self.editing.card.editor

    @property
    def banner(self) -> DuplicateBanner:
        return self.editing.card.banner

    @property
    def notice(self) -> QLabel:
        return self.notice_bar.notice

    @property
    def archive_button(self) -> QPushButton:
        return self.editing.card.archive_button

    @property
    def story_button(self) -> QPushButton:
        return self.editing.card.story_button

    @property
    def privacy_button(self) -> QPushButton:
        return self.editing.card.privacy_button

    def _ensure_card(self) -> None:
        self.editing.card  # noqa: B018 - builds it

    def finish_start(self) -> QWidget:
        """Build what is drawn after the first paint now; return the widget it lives in
        (a screenshot waits for that to paint, so it shows the whole page)."""
        return self.editing.card

    # -- keys and slots -----------------------------------------------------------------

    def on_table_entered(self) -> None:
        self.editor.focus_first_field()

    def on_table_delete(self) -> None:
        if not self.model.showing_archived:  # (an archived contact comes back by Restore)
            self.editing.on_archive_or_restore()

    def on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def search_for(self, text: str) -> None:
        """Search as if typed, and open the best match (``relbook --find``)."""
        self.search.setText(text)
        self.on_search_entered()

    def on_search_entered(self) -> None:
        if self.model.rowCount() > 0:
            self.list.select_row(0)
            self.table.setFocus()

    def on_show_archived(self, checked: bool) -> None:
        if not self.editing.on_show_archived(checked):  # unsaved typing, and they stayed
            self.list.show_archived.blockSignals(True)
            self.list.show_archived.setChecked(not checked)
            self.list.show_archived.blockSignals(False)

    def open_contact(self, contact_id: int) -> None:
        """Show one contact, selecting its row when it is in the list."""
        self.editing.open_contact(contact_id)

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key == "contacts" and contact_id:
            self.editing.open_contact(contact_id)


PAGE = PageSpec(
    key="contacts",
    title="Contacts",
    shortcut="F3",
    order=20,
    # tests put a ScriptedMessenger in context.extras["messenger"] to answer questions
    factory=lambda context: ContactsPage(context, context.extras.get("messenger")),  # type: ignore[arg-type]
)
