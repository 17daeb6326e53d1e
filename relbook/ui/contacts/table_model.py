"""The contact list: a lazily fetched table over plain ``ContactRow`` tuples.

Browsing the whole book pages through ``contacts.list_contacts`` with keyset paging:
100 rows first (more than the tallest screen shows), then 200 at a time as the view
scrolls, so a 100,000-contact book opens instantly.
With search text the model shows ``search.find`` results instead, best match first.
``set_only`` narrows either to the people of a saved segment (relbook.ui.care).
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from relbook.services import contacts
from relbook.services.contacts import search
from relbook.services.contacts.inputs import ContactRecord, ContactRow
from relbook.store.textfold import sort_key

#: rows read first: more than fit on a tall screen (rows are 30 px), and only those
FIRST_BATCH = 100
#: rows read each time the view scrolls near the end of what is there
BATCH = 200
SEARCH_LIMIT = 200
COLUMNS = ("Name", "Phone", "Email")
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def row_for(record: ContactRecord) -> ContactRow:
    """The list line for a stored contact."""
    data = record.data
    return ContactRow(
        record.id,
        record.display_name,
        record.phones[0].shown if record.phones else "",
        data.emails[0].address if data.emails else "",
        data.city,
        sort_key(data.family_name, data.given_name, record.display_name),
    )


def _key(row: ContactRow) -> tuple[str, int]:
    return (row.sort_name, row.id)


class ContactTableModel(QAbstractTableModel):
    """Rows of the contact list; never talks to widgets."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactRow] = []
        self._text = ""
        self._archived = False
        self._exhausted = False
        self._after: tuple[str, int] | None = None
        self._only: list[int] | None = None  # a segment's people, in book order
        self._only_pos = 0

    # -- what is shown ------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._text

    @property
    def showing_archived(self) -> bool:
        return self._archived

    def set_search(self, text: str) -> None:
        """Show search results for ``text``, or the whole book when it is blank."""
        self._text = text.strip()
        self.reload()

    def set_only(self, contact_ids: list[int] | None) -> None:
        """Show only these contacts (a saved segment's), or everyone again with None."""
        self._only = None if contact_ids is None else list(contact_ids)
        self.reload()

    @property
    def showing_only(self) -> bool:
        return self._only is not None

    def set_archived(self, archived: bool) -> None:
        """Show the archived contacts (to find and restore them) instead of the active."""
        self._archived = archived
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._after = None
        self._exhausted = False
        self._only_pos = 0
        if self._text:
            self._rows = self._search_rows()
            self._exhausted = True
        self.endResetModel()
        if not self._text:
            self.fetchMore()  # the first page at once: the list is never blank while loading

    def _search_rows(self) -> list[ContactRow]:
        hits = search.find(self._text, limit=SEARCH_LIMIT, include_archived=self._archived)
        only = set(self._only or ())
        return [
            ContactRow(
                h.contact_id,
                h.display_name,
                h.phones[0] if h.phones else "",
                h.emails[0] if h.emails else "",
                "",
                "",
            )
            for h in hits
            if h.archived == self._archived and (self._only is None or h.contact_id in only)
        ]

    # -- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.display_name, row.phone, row.email)[index.column()]
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        if self._only is not None:
            self._fetch_only()
            return
        limit = BATCH if self._rows or self._after is not None else FIRST_BATCH
        batch = contacts.list_contacts(after=self._after, limit=limit, archived=self._archived)
        if len(batch) < limit:
            self._exhausted = True
        if batch:
            self._after = _key(batch[-1])
        present = {r.id for r in self._rows}
        batch = [r for r in batch if r.id not in present]  # a row pinned by upsert()
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def _fetch_only(self) -> None:
        from relbook.services.contacts.segment_uses import contact_rows

        assert self._only is not None
        ids = self._only[self._only_pos : self._only_pos + BATCH]
        self._only_pos += len(ids)
        self._exhausted = self._only_pos >= len(self._only) or self._archived
        present = {r.id for r in self._rows}
        batch = [r for r in contact_rows(ids) if r.id not in present] if not self._archived else []
        if batch:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()

    # -- rows by contact ----------------------------------------------------------------

    def contact_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, contact_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == contact_id:
                return i
        return None

    def row_data(self, row: int) -> ContactRow:
        return self._rows[row]

    def remove(self, contact_id: int) -> None:
        """Drop a contact that no longer belongs here (archived or restored)."""
        row = self.row_of(contact_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def upsert(self, new: ContactRow) -> int:
        """Show a saved contact in its place and return its row.

        While browsing it goes where the name sorts; if that lies beyond the rows fetched
        so far it is pinned at the end until the list is reloaded. Search results keep
        their order, and a contact that no longer matches stays on top until the next
        search so the person sees what they just saved.
        """
        old = self.row_of(new.id)
        if self._text:
            if old is not None:
                self._rows[old] = new
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(COLUMNS) - 1))
                return old
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._rows.insert(0, new)
            self.endInsertRows()
            return 0
        keys = [_key(r) for r in self._rows if r.id != new.id]
        pos = bisect.bisect_left(keys, _key(new))
        if old is not None:
            if pos == old:  # same place: change the line where it stands
                self._rows[old] = new
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(COLUMNS) - 1))
                return old
            self.remove(new.id)
        # beyond what is fetched so far, the row is pinned at the end until a reload
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, new)
        self.endInsertRows()
        return pos
