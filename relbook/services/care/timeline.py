"""A contact's timeline: what happened between the shop and a person, and when.

Entries (calls, messages, meetings, notes, cards sent, feedback, touches, visits) live in
``timeline_entry`` with a LOCAL ``happened_at``. Sales live in the counter's ``sale`` table
and printed notes in the notes' ``sent_note`` table (both naive UTC); they are read in
alongside as "sale" and "note_sent" lines, so nothing is stored twice. Visit helpers used by
care, segments and the review combine both sources: a day with a sale or a "visit" entry
is a visit day.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services.contacts.mentions import render_all
from relbook.services.typed import clean_block
from relbook.store import models
from relbook.store.models import Contact, Staff
from relbook.store.models.care import TIMELINE_KINDS, TimelineEntry
from relbook.store.models.contacts import joined_active
from relbook.store.models.notes import SentNote

KIND_LABELS = {
    "visit": "Visit",
    "sale": "Sale",
    "note_sent": "Card or note sent",
    "call": "Call",
    "message": "Message",
    "meeting": "Meeting",
    "note": "Note",
    "feedback": "Feedback",
    "touch": "Touch",
}
#: kinds that count as being in touch with a person (a private note does not)
TOUCH_KINDS = ("visit", "sale", "note_sent", "call", "message", "meeting", "feedback", "touch")
#: kinds a person adds by hand (sales come from the till, feedback from its own form)
ADDABLE_KINDS = ("note", "call", "message", "meeting", "visit", "note_sent", "touch")
MAX_TEXT = 2000
#: how a printed note reads on the timeline, by its occasion (relbook.printing.templates)
OCCASION_WORDS = {"purchase": "Thank-you note", "referral": "Referral thank-you",
                  "birthday": "Birthday card", "welcome": "Welcome card",
                  "milestone": "Loyalty milestone card", "sympathy": "Get-well card",
                  "custom": "Card"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One line of a timeline. ``entry_id`` is None for a sale or a printed note (they
    belong to the till and the notes; they are changed there, not here)."""

    contact_id: int
    kind: str
    text: str
    happened_at: dt.datetime  # local
    staff_name: str
    entry_id: int | None = None
    amount_minor: int | None = None
    staff_id: int | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def local_now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def utc_to_local(stamp: dt.datetime) -> dt.datetime:
    """Naive UTC (how the till stores sales) to naive local wall-clock time.

    The zone's offset is looked up once per quarter hour (clocks change on a quarter hour
    everywhere), so reading two years of sales stays quick."""
    slot = stamp.replace(minute=stamp.minute - stamp.minute % 15, second=0, microsecond=0)
    return stamp + _utc_offset(slot)


@functools.lru_cache(maxsize=200_000)
def _utc_offset(slot: dt.datetime) -> dt.timedelta:
    return slot.replace(tzinfo=dt.UTC).astimezone().utcoffset() or dt.timedelta()


def local_to_utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.astimezone(dt.UTC).replace(tzinfo=None)


# -- writing --------------------------------------------------------------------------------


def add_entry(
    contact_id: int,
    kind: str,
    text: str = "",
    *,
    staff_id: int | None = None,
    happened_at: dt.datetime | None = None,
) -> int:
    """Record something that happened with a contact; returns the entry id."""
    if kind not in TIMELINE_KINDS:
        raise ValidationError("kind", f"Kind: “{kind}” is not one relbook knows.")
    if kind == "sale":
        raise ValidationError("kind", "Kind: sales are recorded at the counter, not here.")
    text = clean_block(text)
    if len(text) > MAX_TEXT:
        raise ValidationError("text", f"Text is too long (at most {MAX_TEXT} characters).")
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise NotFoundError(f"There is no contact number {contact_id}.")
    if staff_id is not None and not Staff.select().where(Staff.id == staff_id).exists():
        staff_id = None
    when = (happened_at or local_now()).replace(microsecond=0)
    entry = TimelineEntry.create(
        contact=contact_id, kind=kind, text=text, staff=staff_id, happened_at=when
    )
    return int(entry.id)


def delete_entry(entry_id: int) -> None:
    """Take back an entry made by mistake."""
    if not TimelineEntry.delete().where(TimelineEntry.id == entry_id).execute():
        raise NotFoundError(f"There is no timeline entry number {entry_id}.")


# -- reading --------------------------------------------------------------------------------


def list_entries(
    contact_id: int, *, kinds: Sequence[str] | None = None, limit: int = 500
) -> list[TimelineItem]:
    """A contact's timeline, newest first; ``kinds`` filters (``"sale"`` included)."""
    return list_for_contacts([contact_id], kinds=kinds, limit=limit)


def list_for_contacts(
    contact_ids: Sequence[int], *, kinds: Sequence[str] | None = None, limit: int = 500
) -> list[TimelineItem]:
    """Several contacts' timelines merged, newest first (a household's visits together)."""
    ids = list(contact_ids)
    if not ids:
        return []
    items: list[TimelineItem] = []
    entry_kinds = [k for k in (kinds or TIMELINE_KINDS) if k != "sale"]
    if entry_kinds:
        query = (
            TimelineEntry.select(TimelineEntry, Staff.name)
            .join(Staff, peewee.JOIN.LEFT_OUTER)
            .where(TimelineEntry.contact.in_(ids) & TimelineEntry.kind.in_(entry_kinds))
            .order_by(TimelineEntry.happened_at.desc(), TimelineEntry.id.desc())
            .limit(limit)
        )
        for row in query.objects():
            items.append(
                TimelineItem(row.contact_id, row.kind, row.text, as_datetime(row.happened_at),
                             getattr(row, "name", None) or "", entry_id=row.id,
                             staff_id=row.staff_id)
            )  # fmt: skip
    if kinds is None or "sale" in kinds:
        items.extend(_sale_items(ids, limit))
    if kinds is None or "note_sent" in kinds:
        items.extend(_note_items(ids, limit))
    items.sort(key=lambda i: (i.happened_at, i.entry_id or 0), reverse=True)
    return items[:limit]


def sales_available() -> bool:
    """True once the counter's Sale model exists (it lands separately)."""
    return getattr(models, "Sale", None) is not None


def _sale_items(ids: Sequence[int], limit: int) -> list[TimelineItem]:
    if not sales_available():
        return []
    from relbook.services.money import shop_money

    sale = models.Sale
    money = shop_money()
    query = (
        sale.select(sale.id, sale.contact, sale.amount_minor, sale.note, sale.created_at,
                    Staff.name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(sale.staff == Staff.id))
        .where(sale.contact.in_(list(ids)))
        .order_by(sale.created_at.desc())
        .limit(limit)
        .tuples()
    )  # fmt: skip
    items = []
    for _sid, cid, amount, note, created, staff in query:
        shown = f"Refund {money.format(-amount)}" if amount < 0 else money.format(amount)
        text = shown + (f" — {note}" if note else "")
        items.append(
            TimelineItem(cid, "sale", text, utc_to_local(created), staff or "",
                         amount_minor=amount)
        )  # fmt: skip
    return items


def _note_items(ids: Sequence[int], limit: int) -> list[TimelineItem]:
    """Notes and cards printed on the Notes page (skipped ones are not contact)."""
    query = (
        SentNote.select(SentNote.contact, SentNote.occasion, SentNote.reason, SentNote.text,
                        SentNote.created_at, Staff.name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(SentNote.staff == Staff.id))
        .where(SentNote.contact.in_(list(ids)) & (SentNote.status == "printed"))
        .order_by(SentNote.created_at.desc())
        .limit(limit)
        .tuples()
    )  # fmt: skip
    rows = list(query)
    reasons = render_all(r[2] for r in rows)  # another customer named by id, shown now
    items = []
    for (cid, occasion, _, text, created, staff), reason in zip(rows, reasons, strict=True):
        what = OCCASION_WORDS.get(occasion, occasion.replace("_", " ").capitalize() or "Card")
        first = " ".join(text.split())[:120]
        line = f"{what} printed" + (f" ({reason})" if reason else "")
        items.append(
            TimelineItem(cid, "note_sent", line + (f" — “{first}”" if first else ""),
                         utc_to_local(as_datetime(created)), staff or "")
        )  # fmt: skip
    return items


# -- visits (sales and "visit" entries) ------------------------------------------------------


def visit_days(
    contact_ids: Iterable[int] | None = None, *, since: dt.date | None = None
) -> dict[int, list[dt.date]]:
    """Each contact's distinct LOCAL visit days, oldest first.

    A day with a sale (not a refund) or a "visit" timeline entry is a visit day.
    """
    ids = list(contact_ids) if contact_ids is not None else None
    days: dict[int, set[dt.date]] = defaultdict(set)
    query = TimelineEntry.select(TimelineEntry.contact, TimelineEntry.happened_at).where(
        TimelineEntry.kind == "visit"
    )
    if ids is not None:
        query = query.where(TimelineEntry.contact.in_(ids))
    if since is not None:
        query = query.where(TimelineEntry.happened_at >= dt.datetime.combine(since, dt.time()))
    for cid, when in query.tuples():
        days[cid].add(as_datetime(when).date())
    for cid, when in _sale_times(ids, since):
        days[cid].add(when.date())
    return {cid: sorted(d) for cid, d in days.items()}


def regular_visitors(
    days: Sequence[dt.date], *, min_days: int, limit: int
) -> list[tuple[int, str, int]]:
    """``(contact id, name, days seen)`` of the active people who came on at least
    ``min_days`` of these LOCAL days (a sale or a "visit" entry), most days first, then
    by name: the weekday pattern of the counter sheet.

    Counted by the database: each day is one indexed range of sales (UTC) and one of
    visit entries (local), all in one UNION ALL; only the top ``limit`` come back."""
    if not days:
        return []
    midnight = dt.time()
    local = [
        (dt.datetime.combine(d, midnight), dt.datetime.combine(d + dt.timedelta(days=1), midnight))
        for d in days
    ]
    entry = TimelineEntry
    parts = [
        entry.select(entry.contact.alias("cid"), peewee.Value(i).alias("d")).where(
            (entry.kind == "visit") & (entry.happened_at >= start) & (entry.happened_at < end)
        )
        for i, (start, end) in enumerate(local)
    ]
    if sales_available():
        sale = models.Sale
        visit = sale.contact.is_null(False) & (sale.amount_minor > 0)
        for i, (start, end) in enumerate(local):
            since, until = local_to_utc(start), local_to_utc(end)
            parts.append(
                sale.select(sale.contact.alias("cid"), peewee.Value(i).alias("d")).where(
                    visit & (sale.created_at >= since) & (sale.created_at < until)
                )
            )
    seen = functools.reduce(operator.add, parts).alias("seen")  # UNION ALL
    days_seen = peewee.fn.COUNT(seen.c.d.distinct())
    regular = (
        peewee.Select([seen], [seen.c.cid, days_seen.alias("n")])
        .group_by(seen.c.cid)
        .having(days_seen >= min_days)
        .alias("regular")
    )
    query = (
        Contact.select(Contact.id, Contact.display_name, regular.c.n)
        .join(regular, on=(Contact.id == regular.c.cid))
        .where(joined_active())
        .order_by(regular.c.n.desc(), peewee.fn.LOWER(Contact.display_name), Contact.id)
        .limit(limit)
    )
    return [(cid, name, int(n)) for cid, name, n in query.tuples()]


def _sale_times(ids: list[int] | None, since: dt.date | None) -> Iterable[tuple[int, dt.datetime]]:
    """(contact, local time) of every sale; empty until the Sale model exists."""
    if not sales_available():
        return []
    sale = models.Sale
    query = sale.select(sale.contact, sale.created_at).where(
        sale.contact.is_null(False) & (sale.amount_minor > 0)
    )
    if ids is not None:
        query = query.where(sale.contact.in_(ids))
    if since is not None:
        query = query.where(sale.created_at >= local_to_utc(dt.datetime.combine(since, dt.time())))
    return [(cid, utc_to_local(as_datetime(when))) for cid, when in query.tuples()]


def last_visits(contact_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """Each contact's most recent visit day (sales and visit entries)."""
    ids = list(contact_ids) if contact_ids is not None else None
    last: dict[int, dt.date] = {}

    def keep(cid: int, when: object) -> None:
        day = as_datetime(when).date()
        if cid not in last or day > last[cid]:
            last[cid] = day

    query = TimelineEntry.select(TimelineEntry.contact, peewee.fn.MAX(TimelineEntry.happened_at))
    query = query.where(TimelineEntry.kind == "visit")
    if ids is not None:
        query = query.where(TimelineEntry.contact.in_(ids))
    for cid, when in query.group_by(TimelineEntry.contact).tuples():
        keep(cid, when)
    if sales_available():
        sale = models.Sale
        q = sale.select(sale.contact, peewee.fn.MAX(sale.created_at)).where(
            sale.contact.is_null(False) & (sale.amount_minor > 0)
        )
        if ids is not None:
            q = q.where(sale.contact.in_(ids))
        for cid, when in q.group_by(sale.contact).tuples():
            keep(cid, utc_to_local(as_datetime(when)))
    return last


def last_touches(
    contact_ids: Iterable[int] | peewee.SelectQuery | None = None,
) -> dict[int, dt.datetime]:
    """Each contact's most recent moment of contact (any touch kind, a sale or a printed
    note), local. ``contact_ids`` may be a sub-query of ids (no long IN lists)."""
    ids = _ids(contact_ids)
    last: dict[int, dt.datetime] = {}
    query = TimelineEntry.select(TimelineEntry.contact, peewee.fn.MAX(TimelineEntry.happened_at))
    query = query.where(TimelineEntry.kind.in_(TOUCH_KINDS))
    if ids is not None:
        query = query.where(TimelineEntry.contact.in_(ids))
    for cid, when in query.group_by(TimelineEntry.contact).tuples():
        last[cid] = as_datetime(when)
    if sales_available():
        sale = models.Sale
        q = sale.select(sale.contact, peewee.fn.MAX(sale.created_at)).where(
            sale.contact.is_null(False)
        )
        if ids is not None:
            q = q.where(sale.contact.in_(ids))
        for cid, when in q.group_by(sale.contact).tuples():
            local = utc_to_local(as_datetime(when))
            if cid not in last or local > last[cid]:
                last[cid] = local
    notes = SentNote.select(SentNote.contact, peewee.fn.MAX(SentNote.created_at)).where(
        SentNote.status == "printed"
    )
    if ids is not None:
        notes = notes.where(SentNote.contact.in_(ids))
    for cid, when in notes.group_by(SentNote.contact).tuples():
        local = utc_to_local(as_datetime(when))
        if cid not in last or local > last[cid]:
            last[cid] = local
    return last


def _ids(contact_ids: object) -> list[int] | peewee.SelectQuery | None:
    if contact_ids is None or isinstance(contact_ids, peewee.SelectQuery):
        return contact_ids  # type: ignore[return-value]
    return list(contact_ids)  # type: ignore[call-overload]


def spend_by_contact(
    contact_ids: Iterable[int] | None = None, *, since: dt.date | None = None
) -> dict[int, int]:
    """Net spend (sales minus refunds) per contact in minor units; empty without sales."""
    if not sales_available():
        return {}
    sale = models.Sale
    query = sale.select(sale.contact, peewee.fn.SUM(sale.amount_minor)).where(
        sale.contact.is_null(False)
    )
    if contact_ids is not None:
        query = query.where(sale.contact.in_(list(contact_ids)))
    if since is not None:
        query = query.where(sale.created_at >= local_to_utc(dt.datetime.combine(since, dt.time())))
    return {cid: int(total or 0) for cid, total in query.group_by(sale.contact).tuples()}


def as_datetime(value: object) -> dt.datetime:
    """SQLite may hand back text for aggregated datetimes."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.fromisoformat(str(value))
