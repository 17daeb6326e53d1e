"""Which note the Notes page has open, and what was typed for each note not printed
yet: moving to the next person and back keeps the personal line written for them.

Plain Python (no Qt): the page and its printing share one ``NoteDrafts``.
"""

from __future__ import annotations

from relbook.services import notes
from relbook.services.notes import PreparedNote, Suggestion


class NoteDrafts:
    def __init__(self) -> None:
        #: the queue row the open note answers (None: a note of the owner's own)
        self.current: Suggestion | None = None
        #: whom the open note is for (None: nothing open)
        self.contact_id: int | None = None
        self._texts: dict[str, str] = {}  # personalised text per event (or contact)

    @property
    def is_open(self) -> bool:
        return self.contact_id is not None

    def open(self, contact_id: int, suggestion: Suggestion | None) -> str | None:
        """Open the note for this person (and queue row); returns what was typed for it
        before, or None."""
        self.current, self.contact_id = suggestion, contact_id
        return self._texts.get(self.key())

    def close(self) -> None:
        self.current, self.contact_id = None, None

    def key(self) -> str:
        return self.current.event_key if self.current else f"contact:{self.contact_id}"

    def remember(self, text: str) -> None:
        """What is typed in the open note, kept until it is printed."""
        self._texts[self.key()] = text

    def texts(self) -> dict[str, str]:
        """Typed texts by queue event key (and "contact:<id>" for notes of one's own)."""
        return dict(self._texts)

    def forget(self, suggestion: Suggestion | None, contact_id: int) -> None:
        """A note went on record: its typed text is no longer needed."""
        self._texts.pop(suggestion.event_key if suggestion else f"contact:{contact_id}", None)

    def prepare(
        self, text: str, suggestion: Suggestion | None = None, contact_id: int | None = None
    ) -> PreparedNote:
        """``text`` with its fields filled for the open note, or for ``contact_id`` (and
        ``suggestion``) when given."""
        suggestion = suggestion if contact_id is not None else self.current
        cid = contact_id if contact_id is not None else self.contact_id
        assert cid is not None
        return notes.prepare(
            cid,
            text,
            event_key=suggestion.event_key if suggestion else None,
            referee_id=suggestion.referee_id if suggestion else None,
        )
