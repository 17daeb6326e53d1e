"""The right side of the Contacts page: the card editor and the buttons about the card.

It is the heaviest part of the page (every field of a contact, the duplicate banner,
the Story and Privacy buttons), so the page builds it right after the contact list has
painted: the list and the search box are on screen at once, the card a moment later.
The page keeps all the logic; this only builds and lays out the widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from relbook.services.contacts.inputs import ContactInput, ContactRecord
from relbook.ui.care.story import story_button
from relbook.ui.contacts.duplicate_banner import DuplicateBanner
from relbook.ui.contacts.editor import ContactEditor
from relbook.ui.context import AppContext
from relbook.ui.data.privacy_actions import privacy_button


class ContactCard(QWidget):
    """The editor with New, Archive and Save below it, Story and Privacy beside the name.

    ``page`` owns the shortcuts of the Story button (Ctrl+T works anywhere on the page);
    ``contact_id`` tells the Story and Privacy buttons whom the card shows; ``record`` is
    the contact shown first (None: an empty card)."""

    def __init__(
        self,
        page: QWidget,
        context: AppContext,
        region: str,
        draft: Callable[[], ContactInput | None],
        contact_id: Callable[[], int | None],
        record: ContactRecord | None = None,
    ) -> None:
        super().__init__()
        self.editor = ContactEditor(region, record=record)
        self.banner = DuplicateBanner(draft)
        self.editor.banner_slot.addWidget(self.banner)
        self.new_button = QPushButton("New  (Ctrl+N)")
        self.save_button = QPushButton("Save  (Ctrl+S)")
        self.save_button.setObjectName("primaryButton")
        self.archive_button = QPushButton("Archive  (Del)")
        buttons = QHBoxLayout()  # editing the card: below it
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.save_button)
        # about the person shown: beside their name
        # the customer's story (relbook.ui.care): timeline, care tier, family — Ctrl+T
        self.story_button = story_button(page, context, contact_id)
        self.editor.header_actions.addWidget(self.story_button)
        # Data (relbook.ui.data): export everything we hold / erase, for the shown contact
        self.privacy_button = privacy_button(page, context, contact_id)
        self.editor.header_actions.addWidget(self.privacy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
