"""The card side of the Contacts page: which contact the card shows, and New, Save,
Archive or Restore, Undo — asking first when typing would be lost.

The card (``ContactCard``, every field of a contact) is the heaviest part of the page,
so it is built on first use: the page asks for it right after the list has painted.
Until then a row chosen in the list simply waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from relbook.errors import RelbookError, ValidationError
from relbook.services import contacts, settings
from relbook.services.contacts.inputs import ContactInput, ContactRecord
from relbook.store.models import utcnow
from relbook.store.textfold import digits
from relbook.ui.contacts.contact_list import ContactList
from relbook.ui.contacts.notice_bar import NoticeBar
from relbook.ui.context import AppContext
from relbook.ui.widgets.messages import Answer, Messenger

if TYPE_CHECKING:
    from relbook.ui.contacts.card import ContactCard
    from relbook.ui.contacts.editor import ContactEditor


class CardEditing(QObject):
    """Keeps the card and the list in step. ``card_area`` is where the card goes."""

    def __init__(
        self,
        page: QWidget,
        context: AppContext,
        contact_list: ContactList,
        card_area: QWidget,
        notice: NoticeBar,
        messenger: Messenger,
    ) -> None:
        super().__init__(page)
        self.page = page
        self.context = context
        self.list = contact_list
        self.notice = notice
        self.messenger = messenger
        self._card_layout = QVBoxLayout(card_area)
        self._card_layout.setContentsMargins(12, 0, 0, 0)
        self._card: ContactCard | None = None
        self._undo_id: int | None = None
        self._quiet = False  # a row chosen by the program: the card follows on its own
        self._announcing = False

    # -- the card, built on first use --------------------------------------------------------

    @property
    def card(self) -> ContactCard:
        """The card editor and its buttons, built on first use."""
        if self._card is None:
            self._build_card()
        assert self._card is not None
        return self._card

    @property
    def built(self) -> bool:
        return self._card is not None

    @property
    def editor(self) -> ContactEditor:
        return self.card.editor

    def _build_card(self) -> None:
        from relbook.ui.contacts.card import ContactCard

        contact_id = self.list.current_contact()  # the row chosen before the card was there
        record = self._read(contact_id) if contact_id is not None else None
        card = ContactCard(
            self.page,
            self.context,
            settings.phone_region(),
            self._draft_for_duplicates,
            lambda: self.editor.contact_id,
            record,
        )
        self._card = card
        self._card_layout.addWidget(card)
        card.show()  # at once, not in the next turn of the event loop: it may be used now
        card.editor.changed.connect(self.on_editor_changed)
        card.banner.open_requested.connect(self.open_contact)
        card.new_button.clicked.connect(self.on_new)
        card.save_button.clicked.connect(self.on_save)
        card.archive_button.clicked.connect(self.on_archive_or_restore)
        if self.list.model.showing_archived:
            card.archive_button.setText("Restore")
        self._update_actions()

    # -- which contact is shown --------------------------------------------------------------

    def select_quietly(self, row: int) -> None:
        """Put the list's cursor on ``row`` without loading it (the card shows it already)."""
        self._quiet = True
        try:
            self.list.select_row(row)
        finally:
            self._quiet = False

    def on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet or not current.isValid() or self._card is None:
            return  # (a card built later opens the current row itself)
        contact_id = self.list.model.contact_id(current.row())
        if contact_id is None or contact_id == self.editor.contact_id:
            return
        if not self.confirm_leave():
            self._quiet = True
            self.list.table.setCurrentIndex(previous)
            self._quiet = False
            return
        self._load(contact_id)

    def _read(self, contact_id: int) -> ContactRecord | None:
        """The stored contact, or None after telling the person why it cannot be opened."""
        try:
            return contacts.get_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self.page, "Cannot open contact", str(exc))
            return None

    def _load(self, contact_id: int) -> None:
        record = self._read(contact_id)
        if record is None:
            return
        self.card.banner.cancel()
        self.editor.load(record)
        self._update_actions()

    def open_contact(self, contact_id: int) -> None:
        """Show one contact, selecting its row when it is in the list."""
        if not self.confirm_leave():
            return
        row = self.list.model.row_of(contact_id)
        self.editor.dirty = False
        self._load(contact_id)
        if row is not None:
            self.list.select_row(row)
        else:
            self.list.table.clearSelection()

    def confirm_leave(self) -> bool:
        """May the editor's content be replaced? Asks when there are unsaved changes."""
        if self._card is None or not self.editor.dirty:
            return True
        answer = self.messenger.ask_unsaved(self.page, self.editor.title.text())
        if answer is Answer.SAVE:
            return self.on_save()
        if answer is Answer.DISCARD:
            self.editor.dirty = False
            return True
        return False

    def _update_actions(self) -> None:
        has_contact = self.editor.contact_id is not None
        self.card.archive_button.setEnabled(has_contact)
        for button in (self.card.privacy_button, self.card.story_button):  # a stored person
            button.setEnabled(has_contact)
            button.setVisible(has_contact)  # a new card's header stays calm

    def on_show_archived(self, checked: bool) -> bool:
        """Show the archived contacts or the active ones; False if the person stayed."""
        if not self.confirm_leave():
            return False
        self.list.model.set_archived(checked)
        self.card.archive_button.setText("Restore" if checked else "Archive  (Del)")
        self.editor.load(None)
        self._update_actions()
        return True

    # -- new, save, archive, undo -------------------------------------------------------------

    def on_new(self) -> None:
        if not self.confirm_leave():
            return
        self.list.table.clearSelection()
        self.list.table.setCurrentIndex(QModelIndex())
        self.editor.load(None)
        self._prefill_from_search()
        self._update_actions()
        self.editor.focus_first_field()

    def _prefill_from_search(self) -> None:
        """Searched for "Anna Meier" or "0171 555" and found nobody? Start from that."""
        text = self.list.search.text().strip()
        if not text or self.list.model.rowCount() > 0:
            return
        if len(digits(text)) >= 5 and not any(c.isalpha() for c in text):
            self.editor.phones.rows[0].number.setText(text)  # type: ignore[attr-defined]
        elif "@" in text:
            self.editor.emails.rows[0].address.setText(text)  # type: ignore[attr-defined]
        else:
            given, _, family = text.partition(" ")
            given = given.strip()
            self.editor.fields["given_name"].setText(given.title() if given.islower() else given)
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
            self.messenger.error(self.page, "Could not save", str(exc))
            return False
        record = contacts.get_contact(result.contact_id)
        self.card.banner.cancel()
        self.editor.load(record)
        self.editor.show_warnings(result.warnings)
        if record.archived == self.list.model.showing_archived:
            self.select_quietly(self.list.put(record))
        self._update_actions()
        from relbook.services import referrals

        rewards = " ".join(referrals.reward_messages(record.id, since=started))
        self.notice.say(f"Saved {record.display_name}. {rewards}".strip())
        self._announce(record.id)
        if rewards:  # vouchers or points were given: the other pages should show them
            self.context.hub.activity_changed.emit(0)
        return True

    def on_archive_or_restore(self) -> None:
        contact_id = self.editor.contact_id
        if contact_id is None:
            return
        name = self.editor.title.text()
        current = self.list.table.current_row()
        archived_list = self.list.model.showing_archived
        try:
            if archived_list:
                contacts.restore_contact(contact_id)
            else:
                contacts.archive_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self.page, "Could not archive", str(exc))
            return
        self.list.model.remove(contact_id)
        self.editor.dirty = False
        self.editor.load(None)
        if archived_list:
            self._undo_id = None
            self.notice.say(f"Restored {name}. They are back in the book.")
        else:
            self._undo_id = contact_id
            self.notice.say(f"Archived {name}.", undo=True)
        self._announce(contact_id)
        if self.list.model.rowCount():
            self.list.select_row(min(max(current, 0), self.list.model.rowCount() - 1))
            self.list.table.setFocus()
        self._update_actions()

    def on_undo(self) -> None:
        """Bring back the contact archived last."""
        contact_id, self._undo_id = self._undo_id, None
        if contact_id is None:
            return
        if not self.confirm_leave():
            self._undo_id = contact_id
            return
        try:
            contacts.restore_contact(contact_id)
            record = contacts.get_contact(contact_id)
        except RelbookError as exc:
            self.messenger.error(self.page, "Could not undo", str(exc))
            return
        if not self.list.model.showing_archived:
            self.select_quietly(self.list.put(record))
        self.editor.load(record)
        self._update_actions()
        self.notice.say(f"{record.display_name} is back in the book.")
        self._announce(contact_id)

    # -- duplicates ---------------------------------------------------------------------------

    def on_editor_changed(self) -> None:
        if self.editor.is_new:
            self.card.banner.schedule()

    def _draft_for_duplicates(self) -> ContactInput | None:
        if not self.editor.is_new:
            return None
        return self.editor.lenient_input()

    # -- other pages ---------------------------------------------------------------------------

    def _announce(self, contact_id: int) -> None:
        """Tell the other pages; this page's own ``on_contact_changed`` ignores it."""
        self._announcing = True
        try:
            self.context.hub.contact_changed.emit(contact_id)
        finally:
            self._announcing = False

    def on_contact_changed(self, contact_id: int) -> None:
        """Another page changed a contact: refresh its line, and its card if it is shown
        and has no unsaved typing."""
        if self._announcing:
            return
        model = self.list.model
        if contact_id == 0:  # many changed at once (an import, a restore): read it all again
            model.reload()
            if self._card is None or self.editor.contact_id is None:
                return
            contact_id = self.editor.contact_id
        try:
            record = contacts.get_contact(contact_id)
        except RelbookError:
            record = None
        row = model.row_of(contact_id)
        if row is not None:
            current = self.list.table.current_row() == row
            self._quiet = True  # the card follows below, not via the selection
            try:
                if record is None or record.archived != model.showing_archived:
                    model.remove(contact_id)
                else:
                    row = self.list.put(record)
                    if current:
                        self.list.select_row(row)
            finally:
                self._quiet = False
        if self._card is None:
            return  # the card is not built yet: it opens the current row when it is
        if contact_id == self.editor.contact_id and not self.editor.dirty:
            self.editor.load(record)
            self._update_actions()

    def on_settings_changed(self) -> None:
        """The shop's country may have changed: phones are read and shown for it."""
        region = settings.phone_region()
        if region == self.editor.region:
            return
        self.editor.set_region(region)
        self.list.model.reload()  # the list shows phones in the new country's format
        contact_id = self.editor.contact_id
        if contact_id is None:
            return
        row = self.list.model.row_of(contact_id)
        if row is not None:
            self.select_quietly(row)
        if not self.editor.dirty:
            self._load(contact_id)
