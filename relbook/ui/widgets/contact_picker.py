"""Pick a contact by typing: search-as-you-type over ``relbook.services.contacts.search.find``.

Used for "Referred by" in the contact editor and at the counter's quick-add, and for the
beneficiary of a goodwill voucher. Type a few letters or phone digits, ↓ to choose,
Enter to take it; Enter with exactly one match takes that one. Editing the text after a
pick un-picks, so what is shown is always what will be stored.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from relbook.services.contacts.search import find
from relbook.store.models import Contact

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
LIMIT = 8


class _KeepAll(QSortFilterProxyModel):
    """The search already filtered; the completer must not filter again by prefix."""

    def filterAcceptsRow(self, _row: int, _parent: QModelIndex) -> bool:
        return True


class ContactPicker(QLineEdit):
    """A line edit that resolves to one contact id (or None)."""

    #: a contact was picked (its id) or the pick was cleared (0)
    contact_picked = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("contactPicker")
        self.setPlaceholderText(placeholder or "Type a name or phone number…")
        self.setClearButtonEnabled(True)
        self._id: int | None = None
        self._exclude: set[int] = set()
        self._setting = False
        self._model = QStandardItemModel(self)
        self._proxy = _KeepAll(self)
        self._proxy.setSourceModel(self._model)
        self._completer = QCompleter(self)
        self._completer.setModel(self._proxy)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.textEdited.connect(self.on_text_edited)
        self.returnPressed.connect(self.on_return)
        self._completer.activated[QModelIndex].connect(self.on_activated)

    # -- what the caller uses -----------------------------------------------------------

    def contact_id(self) -> int | None:
        return self._id

    def set_contact(self, contact_id: int | None) -> None:
        """Show a stored choice (or none) without emitting ``contact_picked``."""
        name = ""
        if contact_id:
            row = Contact.get_or_none(Contact.id == contact_id)
            name = row.display_name if row else ""
            contact_id = contact_id if row else None
        self._id = contact_id or None
        self._setting = True
        self.setText(name)
        self._setting = False

    def exclude(self, *contact_ids: int | None) -> None:
        """Never offer these (e.g. the contact being edited cannot refer themselves)."""
        self._exclude = {i for i in contact_ids if i}

    def matches(self) -> list[tuple[int, str]]:
        """The offered contacts as (id, shown text), best first."""
        return [
            (int(self._model.item(r).data(ID_ROLE)), self._model.item(r).text())
            for r in range(self._model.rowCount())
        ]

    # -- slots --------------------------------------------------------------------------

    def on_text_edited(self, text: str) -> None:
        if self._id is not None:
            self._id = None
            self.contact_picked.emit(0)
        self._model.clear()
        query = text.strip()
        if not query:
            self._completer.popup().hide()
            return
        for hit in find(query, limit=LIMIT + len(self._exclude)):
            if hit.contact_id in self._exclude:
                continue
            shown = hit.display_name + (f"  ·  {hit.phones[0]}" if hit.phones else "")
            item = QStandardItem(shown)
            item.setData(hit.contact_id, ID_ROLE)
            item.setData(hit.display_name, NAME_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
            if self._model.rowCount() >= LIMIT:
                break
        if self._model.rowCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def on_activated(self, index: QModelIndex) -> None:
        source = self._proxy.mapToSource(index)
        item = self._model.itemFromIndex(source)
        if item is not None:
            self._pick(int(item.data(ID_ROLE)), str(item.data(NAME_ROLE)))

    def on_return(self) -> None:
        if self._id is None and self._model.rowCount() == 1:
            item = self._model.item(0)
            self._pick(int(item.data(ID_ROLE)), str(item.data(NAME_ROLE)))

    def _pick(self, contact_id: int, name: str) -> None:
        self._id = contact_id
        self._completer.popup().hide()
        self._setting = True
        self.setText(name)
        self._setting = False
        self.contact_picked.emit(contact_id)
