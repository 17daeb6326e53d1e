"""Where saved segments are used: the contact list shows a segment's people, the Notes page
queues a note for each of them (a batch), and exports take their ids
(``segments.evaluate``). Plain data out, so each page stays thin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from relbook.services import contacts
from relbook.services.contacts import consent, segments
from relbook.services.contacts.inputs import ContactRow
from relbook.services.notes import Suggestion
from relbook.store.models import Contact
from relbook.store.models.notes import SentNote

CHUNK = 500  # ids per IN (…) query, well under SQLite's variable limit


def contact_rows(contact_ids: Sequence[int]) -> list[ContactRow]:
    """Contact-list lines for these contacts, in the order given."""
    ids = list(contact_ids)
    found: dict[int, ContactRow] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        phones, emails = contacts.first_phone_and_email(part)
        for cid, name, city, key in (
            Contact.select(Contact.id, Contact.display_name, Contact.city, Contact.sort_name)
            .where(Contact.id.in_(part))
            .tuples()
        ):
            found[cid] = ContactRow(cid, name, phones.get(cid, ""), emails.get(cid, ""),
                                    city or "", key or "")  # fmt: skip
    return [found[cid] for cid in ids if cid in found]


def event_key(segment_id: int, contact_id: int, day: dt.date) -> str:
    """One note per person per segment per day: printing twice by mistake is refused."""
    return f"segment:{segment_id}:{day:%Y%m%d}:{contact_id}"


def note_suggestions(
    segment: int | str, today: dt.date | None = None, *, occasion: str = "custom"
) -> list[Suggestion]:
    """A note for everyone in a saved segment who agreed to be written to by post, for
    the Notes page's batch, leaving out those already written to for it today."""
    today = today or dt.date.today()
    saved = segments.get_segment(segment)
    ids = list(consent.split(segments.evaluate(saved, today=today), "mail").allowed)
    keys = {cid: event_key(saved.id, cid, today) for cid in ids}
    done: set[str] = set()
    values = list(keys.values())
    for start in range(0, len(values), CHUNK):
        query = SentNote.select(SentNote.event_key).where(
            SentNote.event_key.in_(values[start : start + CHUNK])
        )
        done |= {k for (k,) in query.tuples()}
    reason = f"In the segment “{saved.name}”"
    return [
        Suggestion(keys[row.id], row.id, row.display_name, occasion, reason, today)
        for row in contact_rows(ids)
        if keys[row.id] not in done
    ]


def left_out_by_post(segment: int | str, today: dt.date | None = None) -> str:
    """ "3 left out: no consent to post." for a segment's notes ("" when nobody is)."""
    saved = segments.get_segment(segment)
    ids = segments.evaluate(saved, today=today or dt.date.today())
    return consent.split(ids, "mail").describe()
