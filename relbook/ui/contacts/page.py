"""The Contacts page: a search box over the whole book, the list, and the card editor.

Keyboard first: the search box has focus (Ctrl+F), Enter opens the first result, Esc
clears; Ctrl+N starts a new contact, Ctrl+S saves, Delete archives (Ctrl+Z brings the
contact back).

The list and the search box are drawn first; the card (relbook.ui.contacts.card) is
built right after the list has painted, or at once when something needs it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError, ValidationError
from relbook.services import contacts, settings
from relbook.services.contacts.inputs import ContactInput, ContactRecord
from relbook.store.models import utcnow
from relbook.store.textfold import digits
from relbook.ui.care.segment_widgets import SegmentCombo
from relbook.ui.contacts.table_model import ContactTableModel, row_for
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec
from relbook.ui.widgets.first_paint import after_first_paint
from relbook.ui.widgets.messages import Answer, DialogMessenger, Messenger

if TYPE_CHECKING:
    from relbook.ui.contacts.card import ContactCard
    from relbook.ui.contacts.duplicate_banner import DuplicateBanner
    from relbook.ui.contacts.editor import ContactEditor

NOTICE_MS = 12_000


class ContactsPage(QWidget):
    def __init__(self, context: AppContext, messenger: Messenger | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.context = context
        self.hub = context.hub
        self.messenger: Messenger = messenger or DialogMessenger()
        self.model = ContactTableModel(self)
        self._undo_id: int | None = None
        self._reverting = False
        self._announcing = False
        self._card: ContactCard | None = None
        self._build()
        self._connect_signals()
        self.model.reload()
        self._select_row(0)  # the first card is shown, not an empty form inviting typos
        after_first_paint(self.table, self._ensure_card)  # (its frame paints with its rows)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Find: name, phone, email, card…")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.show_archived = QCheckBox("Show &archived")
        self.table = QTableView()
        self.table.setObjectName("contactTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 150)):
            self.table.setColumnWidth(column, width)
        self.table.installEventFilter(self)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("muted")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        self.notice = QLabel()
        self.notice.setObjectName("noticeText")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setObjectName("linkButton")
        self.notice_bar = QFrame()
        self.notice_bar.setObjectName("noticeBar")
        bar = QHBoxLayout(self.notice_bar)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.undo_button)
        self.notice_bar.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        self.segment_filter = SegmentCombo()  # only a saved segment's people (relbook.ui.care)
        self.segment_filter.setMaximumWidth(190)  # a long segment name must not crowd the search
        top.addWidget(self.segment_filter)
        top.addWidget(self.show_archived)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_hint)
        left_layout.addWidget(self.notice_bar)

        #: the card goes here (``card``), right after the list has painted
        self.card_area = QWidget()
        self._card_layout = QVBoxLayout(self.card_area)
        self._card_layout.setContentsMargins(12, 0, 0, 0)

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

    # -- the card, built right after the first paint ------------------------------------

    @property
    def card(self) -> ContactCard:
        """The card editor and its buttons, built on first use."""
        if self._card is None:
            self._build_card()
        assert self._card is not None
        return self._card

    def _ensure_card(self) -> None:
        self.card  # noqa: B018 - builds it

    def finish_start(self) -> QWidget:
        """Build what is drawn after the first paint now; return the widget it lives in
        (a screenshot waits for that to paint, so it shows the whole page)."""
        return self.card

    def _build_card(self) -> None:
        from relbook.ui.contacts.card import ContactCard

        current = self.table.currentIndex()  # the row chosen before the card was there
        contact_id = self.model.contact_id(current.row()) if current.isValid() else None
        record = self._read(contact_id) if contact_id is not None else None
        card = ContactCard(self, self.context, settings.phone_region(),
                           self._draft_for_duplicates, lambda: self.editor.contact_id,
                           record)  # fmt: skip
        self._card = card
        self._card_layout.addWidget(card)
        card.show()  # at once, not in the next turn of the event loop: it may be used now
        card.editor.changed.connect(self.on_editor_changed)
        card.banner.open_requested.connect(self.on_open_duplicate)
        card.new_button.clicked.connect(self.on_new)
        card.save_button.clicked.connect(self.on_save)
        card.archive_button.clicked.connect(self.on_archive_or_restore)
        if self.model.showing_archived:
            card.archive_button.setText("Restore")
        self._update_actions()

    @property
    def editor(self) -> ContactEditor:
        return self.card.editor

    @property
    def banner(self) -> DuplicateBanner:
        return self.card.banner

    @property
    def archive_button(self) -> QPushButton:
        return self.card.archive_button

    @property
    def story_button(self) -> QPushButton:
        return self.card.story_button

    @property
    def privacy_button(self) -> QPushButton:
        return self.card.privacy_button

    def _shortcut(self, keys: QKeySequence | str, slot: object) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.on_search_changed)
        self.search.returnPressed.connect(self.on_search_entered)
        self.show_archived.toggled.connect(self.on_show_archived)
        self.segment_filter.segment_chosen.connect(self.on_segment_chosen)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.model.modelReset.connect(self.on_model_reset)
        self.undo_button.clicked.connect(self.on_undo)
        self._notice_timer.timeout.connect(self.notice_bar.hide)
        self.hub.contact_changed.connect(self.on_contact_changed)
        self.hub.show_page.connect(self.on_show_page)
        self.hub.settings_changed.connect(self.on_settings_changed)
        self._shortcut("Ctrl+F", self.on_focus_search)
        self._shortcut("Ctrl+N", self.on_new)
        self._shortcut("Ctrl+S", self.on_save)
        self._shortcut("Ctrl+Z", self.on_undo)

    def save_layout(self) -> QByteArray:
        return self.splitter.saveState()

    def restore_layout(self, state: QByteArray) -> None:
        self.splitter.restoreState(state)

    # -- keys in the search box and the table -------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if watched is self.search and key == Qt.Key.Key_Down:
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self._select_row(0)
                return True
            if watched is self.table and key == Qt.Key.Key_Delete:
                if not self.model.showing_archived:
                    self.on_archive_or_restore()
                return True
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.editor.focus_first_field()
                return True
        return super().eventFilter(watched, event)

    def on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def search_for(self, text: str) -> None:
        """Search as if typed, and open the best match (``relbook --find``)."""
        self.search.setText(text)
        self.on_search_entered()

    def on_search_changed(self, text: str) -> None:
        self.model.set_search(text)

    def on_search_entered(self) -> None:
        if self.model.rowCount() > 0:
            self._select_row(0)
            self.table.setFocus()

    def on_show_archived(self, checked: bool) -> None:
        if not self._confirm_leave():
            self.show_archived.blockSignals(True)
            self.show_archived.setChecked(not checked)
            self.show_archived.blockSignals(False)
            return
        self.model.set_archived(checked)
        self.archive_button.setText("Restore" if checked else "Archive  (Del)")
        self.editor.load(None)
        self._update_actions()

    def on_segment_chosen(self, segment_id: int) -> None:
        """Only the people of a saved segment, or everyone again (0)."""
        from relbook.services.contacts import segments

        try:
            ids = segments.evaluate(segment_id) if segment_id else None
        except RelbookError as exc:
            self.messenger.error(self, "Cannot show this segment", str(exc))
            return
        self.model.set_only(ids)
        self._select_row(0)

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

    # -- selection and loading ----------------------------------------------------------

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting or not current.isValid() or self._card is None:
            return  # (a card built later opens the current row itself)
        contact_id = self.model.contact_id(current.row())
        if contact_id is None or contact_id == self.editor.contact_id:
            return
        if not self._confirm_leave():
            self._reverting = True
            self.table.setCurrentIndex(previous)
            self._reverting = False
            return
        self._load(contact_id)

    def _read(self, contact_id: int) -> ContactRecord | None:
        """The stored contact, or None after telling the person why it cannot be opened."""
        try:
            return contacts.get_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self, "Cannot open contact", str(exc))
            return None

    def _load(self, contact_id: int) -> None:
        record = self._read(contact_id)
        if record is None:
            return
        self.banner.cancel()
        self.editor.load(record)
        self._update_actions()

    def open_contact(self, contact_id: int) -> None:
        """Show one contact, selecting its row when it is in the list."""
        if not self._confirm_leave():
            return
        row = self.model.row_of(contact_id)
        self.editor.dirty = False
        self._load(contact_id)
        if row is not None:
            self._select_row(row)
        else:
            self.table.clearSelection()

    def _confirm_leave(self) -> bool:
        """May the editor's content be replaced? Asks when there are unsaved changes."""
        if self._card is None or not self.editor.dirty:
            return True
        answer = self.messenger.ask_unsaved(self, self.editor.title.text())
        if answer is Answer.SAVE:
            return self.on_save()
        if answer is Answer.DISCARD:
            self.editor.dirty = False
            return True
        return False

    def _update_actions(self) -> None:
        has_contact = self.editor.contact_id is not None
        self.archive_button.setEnabled(has_contact)
        for button in (self.privacy_button, self.story_button):  # about a stored person
            button.setEnabled(has_contact)
            button.setVisible(has_contact)  # a new card's header stays calm

    # -- new, save, archive, undo -------------------------------------------------------

    def on_new(self) -> None:
        if not self._confirm_leave():
            return
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self.editor.load(None)
        self._prefill_from_search()
        self._update_actions()
        self.editor.focus_first_field()

    def _prefill_from_search(self) -> None:
        """Searched for "Anna Meier" or "0171 555" and found nobody? Start from that."""
        text = self.search.text().strip()
        if not text or self.model.rowCount() > 0:
            return
        if len(digits(text)) >= 5 and not any(c.isalpha() for c in text):
            self.editor.phones.rows[0].number.setText(text)  # type: ignore[attr-defined]
        elif "@" in text:
            self.editor.emails.rows[0].address.setText(text)  # type: ignore[attr-defined]
        else:
            given, _, family = text.partition(" ")
            self.editor.fields["given_name"].setText(given.strip().title() if given.islower()
                                                     else given.strip())  # fmt: skip
            self.editor.fields["family_name"].setText(family.strip())
        self.editor.dirty = False

    def on_save(self) -> bool:
        """Save the card; on a mistake show it inline and store nothing."""
        self.editor.clear_messages()
        started = utcnow()  # referral rewards given by this save are newer
        try:
            data = self.editor.to_input()
            if self.editor.is_new:
                result = contacts.create_contact(data)
            else:
                assert self.editor.contact_id is not None
                result = contacts.update_contact(self.editor.contact_id, data)
        except ValidationError as exc:
            self.editor.show_error(exc)
            return False
        except RelbookError as exc:
            self.messenger.error(self, "Could not save", str(exc))
            return False
        record = contacts.get_contact(result.contact_id)
        self.banner.cancel()
        self.editor.load(record)
        self.editor.show_warnings(result.warnings)
        if record.archived == self.model.showing_archived:
            self._show_row(record)
        self._update_actions()
        from relbook.services import referrals

        rewards = " ".join(referrals.reward_messages(record.id, since=started))
        self.show_notice(f"Saved {record.display_name}. {rewards}".strip())
        self._announce(record.id)
        if rewards:  # vouchers or points were given: the other pages should show them
            self.context.hub.activity_changed.emit(0)
        return True

    def _show_row(self, record: ContactRecord) -> None:
        row = self.model.upsert(row_for(record))
        self._reverting = True
        self._select_row(row)
        self._reverting = False

    def on_archive_or_restore(self) -> None:
        contact_id = self.editor.contact_id
        if contact_id is None:
            return
        name = self.editor.title.text()
        current = self.table.currentIndex().row()
        try:
            if self.model.showing_archived:
                contacts.restore_contact(contact_id)
            else:
                contacts.archive_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self, "Could not archive", str(exc))
            return
        self.model.remove(contact_id)
        self.editor.dirty = False
        self.editor.load(None)
        if self.model.showing_archived:
            self._undo_id = None
            self.show_notice(f"Restored {name}. They are back in the book.")
        else:
            self._undo_id = contact_id
            self.show_notice(f"Archived {name}.", undo=True)
        self._announce(contact_id)
        if self.model.rowCount():
            self._select_row(min(max(current, 0), self.model.rowCount() - 1))
            self.table.setFocus()
        self._update_actions()

    def on_undo(self) -> None:
        """Bring back the contact archived last."""
        contact_id, self._undo_id = self._undo_id, None
        if contact_id is None:
            return
        if not self._confirm_leave():
            self._undo_id = contact_id
            return
        try:
            contacts.restore_contact(contact_id)
            record = contacts.get_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self, "Could not undo", str(exc))
            return
        if not self.model.showing_archived:
            self._show_row(record)
        self.editor.load(record)
        self._update_actions()
        self.show_notice(f"{record.display_name} is back in the book.")
        self._announce(contact_id)

    def show_notice(self, text: str, *, undo: bool = False) -> None:
        self.notice.setText(text)
        self.undo_button.setVisible(undo)
        self.notice_bar.show()
        self._notice_timer.start()

    # -- duplicates ---------------------------------------------------------------------

    def on_editor_changed(self) -> None:
        if self.editor.is_new:
            self.banner.schedule()

    def _draft_for_duplicates(self) -> ContactInput | None:
        if not self.editor.is_new:
            return None
        return self.editor.lenient_input()

    def on_open_duplicate(self, contact_id: int) -> None:
        self.open_contact(contact_id)

    # -- other pages --------------------------------------------------------------------

    def _announce(self, contact_id: int) -> None:
        self._announcing = True
        try:
            self.hub.contact_changed.emit(contact_id)
        finally:
            self._announcing = False

    def on_contact_changed(self, contact_id: int) -> None:
        """Another page changed a contact: refresh its line, and its card if it is shown
        and has no unsaved typing."""
        if self._announcing:
            return
        if contact_id == 0:  # many changed at once (an import, a restore): read it all again
            self.model.reload()
            if self._card is None or self.editor.contact_id is None:
                return
            contact_id = self.editor.contact_id
        try:
            record = contacts.get_contact(contact_id)
        except RelbookError:
            record = None
        row = self.model.row_of(contact_id)
        if row is not None:
            current = self.table.currentIndex().row() == row
            self._reverting = True  # the card follows below, not via the selection
            try:
                if record is None or record.archived != self.model.showing_archived:
                    self.model.remove(contact_id)
                else:
                    row = self.model.upsert(row_for(record))
                    if current:
                        self._select_row(row)
            finally:
                self._reverting = False
        if self._card is None:
            return  # the card is not built yet: it opens the current row when it is
        if contact_id == self.editor.contact_id and not self.editor.dirty:
            self.editor.load(record)
            self._update_actions()

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key == "contacts" and contact_id:
            self.open_contact(contact_id)

    def on_settings_changed(self) -> None:
        """The shop's country may have changed: phones are read and shown for it."""
        region = settings.phone_region()
        if region == self.editor.region:
            return
        self.editor.set_region(region)
        self.model.reload()  # the list shows phones in the new country's format
        contact_id = self.editor.contact_id
        if contact_id is None:
            return
        row = self.model.row_of(contact_id)
        if row is not None:
            self._reverting = True
            self._select_row(row)
            self._reverting = False
        if not self.editor.dirty:
            self._load(contact_id)


PAGE = PageSpec(
    key="contacts",
    title="Contacts",
    shortcut="F3",
    order=20,
    # tests put a ScriptedMessenger in context.extras["messenger"] to answer questions
    factory=lambda context: ContactsPage(context, context.extras.get("messenger")),  # type: ignore[arg-type]
)
