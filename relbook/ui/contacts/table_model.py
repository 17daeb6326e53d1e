"""The contact list: a lazily fetched table over plain ``ContactRow`` tuples.

Browsing the whole book pages through ``contacts.list_contacts`` with keyset paging:
100 rows first (more than the tallest screen shows), then 200 at a time as the view
scrolls, so a 100,000-contact book opens instantly.
With search text the model shows ``search.find`` results instead, best match first.
``set_only`` narrows either to the people of a saved segment (relbook.ui.care).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from relbook.services import contacts
from relbook.services.contacts import search
from relbook.services.contacts.inputs import ContactRecord, ContactRow
from relbook.store.textfold import sort_key
from relbook.ui.widgets.table import Column, TableModel

#: rows read first: more than fit on a tall screen (rows are 30 px), and only those
FIRST_BATCH = 100
#: rows read each time the view scrolls near the end of what is there
BATCH = 200
SEARCH_LIMIT = 200

COLUMNS: tuple[Column[ContactRow], ...] = (
    Column("Name", lambda r: r.display_name, tooltip=lambda r: r.display_name),
    Column("Phone", lambda r: r.phone, tooltip=lambda r: r.phone),
    Column("Email", lambda r: r.email, tooltip=lambda r: r.email),
)


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


@dataclass
class ContactPages:
    """Where the list's rows come from: search results (best match first, all at once),
    a segment's people in book order, or the whole book by name, a batch at a time."""

    text: str = ""
    archived: bool = False
    only: list[int] | None = None  # a segment's people, in book order
    _after: tuple[str, int] | None = field(default=None, init=False)
    _only_pos: int = field(default=0, init=False)
    _done: bool = field(default=False, init=False)

    @property
    def done(self) -> bool:
        return self._done

    def first(self) -> list[ContactRow]:
        self._after, self._only_pos, self._done = None, 0, False
        if self.text:
            self._done = True
            return self._search_rows()
        return self.more()

    def more(self) -> list[ContactRow]:
        if self._done:
            return []
        if self.only is not None:
            return self._more_of_segment(self.only)
        limit = BATCH if self._after is not None else FIRST_BATCH
        batch = contacts.list_contacts(after=self._after, limit=limit, archived=self.archived)
        self._done = len(batch) < limit
        if batch:
            self._after = _key(batch[-1])
        return batch

    def _more_of_segment(self, only: list[int]) -> list[ContactRow]:
        from relbook.services.contacts.segment_uses import contact_rows

        ids = only[self._only_pos : self._only_pos + BATCH]
        self._only_pos += len(ids)
        self._done = self._only_pos >= len(only) or self.archived
        return contact_rows(ids) if not self.archived else []

    def _search_rows(self) -> list[ContactRow]:
        hits = search.find(self.text, limit=SEARCH_LIMIT, include_archived=self.archived)
        only = set(self.only or ())
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
            if h.archived == self.archived and (self.only is None or h.contact_id in only)
        ]


class ContactTableModel(TableModel[ContactRow]):
    """Rows of the contact list; never talks to widgets."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, key=lambda r: r.id, parent=parent)
        self._pages = ContactPages()

    # -- what is shown ------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._pages.text

    @property
    def showing_archived(self) -> bool:
        return self._pages.archived

    @property
    def showing_only(self) -> bool:
        return self._pages.only is not None

    def set_search(self, text: str) -> None:
        """Show search results for ``text``, or the whole book when it is blank."""
        self._pages.text = text.strip()
        self.reload()

    def set_only(self, contact_ids: list[int] | None) -> None:
        """Show only these contacts (a saved segment's), or everyone again with None."""
        self._pages.only = None if contact_ids is None else list(contact_ids)
        self.reload()

    def set_archived(self, archived: bool) -> None:
        """Show the archived contacts (to find and restore them) instead of the active."""
        self._pages.archived = archived
        self.reload()

    def reload(self) -> None:
        """Read from the top again; the first batch at once, never a blank list."""
        self.set_pager(self._pages)

    # -- rows by contact ----------------------------------------------------------------

    def contact_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def remove(self, contact_id: int) -> None:
        """Drop a contact that no longer belongs here (archived or restored)."""
        row = self.row_of(contact_id)
        if row is not None:
            self.remove_row(row)

    def upsert(self, new: ContactRow) -> int:
        """Show a saved contact in its place and return its row.

        While browsing it goes where the name sorts; if that lies beyond the rows fetched
        so far it is pinned at the end until the list is reloaded. Search results keep
        their order, and a contact that no longer matches stays on top until the next
        search so the person sees what they just saved.
        """
        old = self.row_of(new.id)
        if self.search_text:
            if old is not None:
                self.replace_row(old, new)
                return old
            self.insert_row(0, new)
            return 0
        keys = [_key(r) for r in self.rows if r.id != new.id]
        pos = bisect.bisect_left(keys, _key(new))
        if old is not None:
            if pos == old:  # same place: change the line where it stands
                self.replace_row(old, new)
                return old
            self.remove_row(old)
        # beyond what is fetched so far, the row is pinned at the end until a reload
        self.insert_row(pos, new)
        return pos
