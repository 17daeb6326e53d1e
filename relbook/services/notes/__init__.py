"""Thank-you notes: templates, the "who to thank" queue, and the record of notes sent.

The queue is worked out from what already happened (a big sale, a referral, a coming
birthday, a visit milestone); each suggestion carries an ``event_key`` and a printed or
skipped note keeps that key, so nobody is thanked twice for the same event.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.printing.fonts import DEFAULT_FONT
from relbook.printing.templates import render_template
from relbook.services import settings
from relbook.services.contacts.mentions import mention, render_all
from relbook.services.dates import PartialDate
from relbook.services.display import Display, shop_display
from relbook.services.notes import fields as note_fields
from relbook.services.typed import clean_block, clean_line
from relbook.store.db import database
from relbook.store.models import Contact, utcnow
from relbook.store.models.contacts import joined_active
from relbook.store.models.notes import SentNote

settings.DEFAULTS.update(
    {
        "notes.big_sale_minor": 10_000,  # thank for a sale of at least this much
        "notes.lookback_days": 21,  # how far back sales and referrals are suggested
        "notes.birthday_days": 14,  # birthdays this many days ahead
        "notes.milestones": [10, 25, 50, 100],  # visit counts worth a card
        "notes.font": DEFAULT_FONT,  # the most legible natural hand
        "notes.ink": "blue",
        "notes.variation": 0.5,
        "notes.size": "a6",
        "notes.signature": "",  # how notes are signed ("" = the owner's name)
        "notes.signature_font": "",  # "" = the note's own font
        "notes.signature_png": "",  # a scan of the owner's signature instead of writing it
        "notes.flourish": True,  # a pen stroke under a written signature
        "notes.show_logo": False,  # the shop logo (shop.logo_path) at the top of a card
        "notes.footer": "",  # a small printed line at the bottom, e.g. the address
        "notes.envelope_size": "c6",
    }
)
DEFAULTS_REGISTERED = True  # for modules that only read notes.* settings
#: event keys looked up per query (a database allows only so many parameters in one)
_KEYS_PER_QUERY = 500


@dataclass(frozen=True, slots=True)
class Suggestion:
    event_key: str
    contact_id: int
    display_name: str
    occasion: str
    reason: str
    when: dt.date
    referee_id: int | None = None

    @property
    def reason_to_store(self) -> str:
        """The reason as kept on the record: the customer they sent us named by id, so
        erasing that customer reaches this row too (``contacts.mentions``)."""
        if self.occasion == "referral" and self.referee_id is not None:
            return f"Sent us {mention(self.referee_id)}"
        return self.reason


@dataclass(frozen=True, slots=True)
class SentNoteRow:
    id: int
    occasion: str
    reason: str
    text: str
    status: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PreparedNote:
    """A note ready to print: the final text, or the fields that could not be filled."""

    contact_id: int
    text: str
    missing: tuple[str, ...]
    seed: int

    @property
    def ok(self) -> bool:
        return not self.missing


def seed_for(contact_id: int, event_key: str | None) -> int:
    """Stable per note, so a reprint is identical and two notes differ."""
    return zlib.crc32(f"{contact_id}:{event_key or ''}".encode()) & 0x7FFFFFFF


# -- the queue ----------------------------------------------------------------------------


def queue(today: dt.date | None = None) -> list[Suggestion]:
    """Suggestions not yet printed or skipped, soonest/most recent first."""
    today = today or dt.date.today()
    found = [s for source in (_big_sales, _referrals, _birthdays, _milestones)
             for s in source(today)]  # fmt: skip
    pending = _pending(found)
    return sorted(pending, key=lambda s: (s.occasion != "birthday", abs((s.when - today).days)))


def queue_page(today: dt.date | None = None, *, limit: int = 5) -> tuple[list[Suggestion], int]:
    """The first ``limit`` of ``queue`` and how long it is, for Today: the coming birthdays
    (most of a big book's queue) are counted and picked by the database, the rest — a
    few weeks of big sales, referrals and milestones — read as ``queue`` reads them."""
    today = today or dt.date.today()
    birthdays, total = _pending_birthdays(today, limit)
    rest = _pending([s for source in (_big_sales, _referrals, _milestones)
                     for s in source(today)])  # fmt: skip
    rest.sort(key=lambda s: abs((s.when - today).days))
    return (birthdays + rest)[:limit], total + len(rest)


def _pending_birthdays(today: dt.date, limit: int) -> tuple[list[Suggestion], int]:
    """The soonest ``limit`` birthdays nobody has written or skipped a card for, and how
    many there are: each one's event key built and looked up by the database."""
    from relbook.services.care import reminders

    last = today + dt.timedelta(days=int(settings.get("notes.birthday_days")))
    query, year = reminders.birthdays_in(today, last)
    key = (
        peewee.Value("birthday:")
        .concat(peewee.Cast(Contact.id, "TEXT"))
        .concat(":")
        .concat(peewee.Cast(year, "TEXT"))
    )
    done = SentNote.select(SentNote.id).where(SentNote.event_key == key)
    pending = query.where(~peewee.fn.EXISTS(done))
    total = pending.order_by().count()
    show = shop_display()
    found = []
    for cid, name, _, _, born, month, day in pending.limit(limit).tuples():
        when = PartialDate(month, day, born).next_occurrence(today)
        found.append(Suggestion(f"birthday:{cid}:{when.year}", cid, name, "birthday",
                                f"Birthday {_when(when, today, show)}", when))  # fmt: skip
    return found, total


def _pending(found: list[Suggestion]) -> list[Suggestion]:
    """The suggestions nobody has written or skipped a card for (by their event keys)."""
    keys = list(dict.fromkeys(s.event_key for s in found))
    handled = {
        key
        for i in range(0, len(keys), _KEYS_PER_QUERY)
        for (key,) in SentNote.select(SentNote.event_key)
        .where(SentNote.event_key.in_(keys[i : i + _KEYS_PER_QUERY]))
        .tuples()
    }
    seen: set[str] = set()
    out = []
    for s in found:
        if s.event_key not in handled and s.event_key not in seen:
            seen.add(s.event_key)
            out.append(s)
    return out


def _sale_model():
    try:
        from relbook.store.models.loyalty import Sale
    except ImportError:  # counter not installed in this build
        return None
    return Sale


def _big_sales(today: dt.date) -> Iterable[Suggestion]:
    sale = _sale_model()
    if sale is None:
        return []
    threshold = int(settings.get("notes.big_sale_minor"))
    since = dt.datetime.combine(
        today - dt.timedelta(days=int(settings.get("notes.lookback_days"))), dt.time()
    )
    refunded = sale.select(sale.refund_of).where(sale.refund_of.is_null(False))
    rows = (
        sale.select(sale.id, sale.contact, sale.amount_minor, sale.created_at, Contact.display_name)
        .join(Contact)
        .where(
            (sale.amount_minor >= threshold)
            & (sale.created_at >= since)
            & sale.refund_of.is_null()
            & sale.id.not_in(refunded)
            & joined_active()
        )
        .tuples()
    )
    show = shop_display()
    return [
        Suggestion(
            f"sale:{sid}",
            cid,
            name,
            "purchase",
            f"Bought {show.money(amount)} on {show.date_short(created, today=today)}",
            created.date(),
        )
        for sid, cid, amount, created, name in rows
    ]


def _referrals(today: dt.date) -> Iterable[Suggestion]:
    since = dt.datetime.combine(
        today - dt.timedelta(days=int(settings.get("notes.lookback_days"))), dt.time()
    )
    referee = Contact.alias()
    rows = (
        referee.select(
            referee.id, referee.display_name, referee.created_at, Contact.id, Contact.display_name
        )
        .join(Contact, on=(referee.referred_by == Contact.id))
        .where(referee.referred_by.is_null(False) & (referee.created_at >= since) & joined_active())
        .tuples()
    )
    return [
        Suggestion(
            f"referral:{rid}",
            cid,
            cname,
            "referral",
            f"Sent us {rname}",
            created.date(),
            referee_id=rid,
        )
        for rid, rname, created, cid, cname in rows
    ]


def _birthdays(today: dt.date) -> Iterable[Suggestion]:
    """Customers' birthdays in the next few days: the window read by index."""
    from relbook.services.care import reminders

    days = int(settings.get("notes.birthday_days"))
    show = shop_display()
    found, _ = reminders.upcoming_page(days, today=today, include_family=False, kinds=("birthday",))
    return [
        Suggestion(
            f"birthday:{r.contact_id}:{r.on.year}",
            r.contact_id,
            r.contact_name,
            "birthday",
            f"Birthday {_when(r.on, today, show)}",
            r.on,
        )
        for r in found
    ]


def _milestones(today: dt.date) -> Iterable[Suggestion]:
    """Visits (sales) that reached a milestone lately: the 10th visit last week, not
    every regular who passed 10 visits years ago.

    Counted by the database over the look-back window only: each recent sale's number
    is its place among the person's recent sales plus their earlier visits (an
    index-only count), and only the sales that hit a milestone come back."""
    sale = _sale_model()
    if sale is None:
        return []
    marks = sorted({int(m) for m in settings.get("notes.milestones") if int(m) > 0})
    if not marks:
        return []
    since = dt.datetime.combine(
        today - dt.timedelta(days=int(settings.get("notes.lookback_days"))), dt.time()
    )
    # a visit is a sale of a known customer; refunds are negative, so amount > 0 is enough
    visit = sale.contact.is_null(False) & (sale.amount_minor > 0)
    place = peewee.fn.ROW_NUMBER().over(
        partition_by=[sale.contact], order_by=[sale.created_at, sale.id]
    )
    recent = (
        sale.select(sale.contact, sale.created_at, place.alias("k"))
        .where(visit & (sale.created_at >= since))
        .alias("recent")
    )
    people = sale.select(sale.contact).where(visit & (sale.created_at >= since))
    earlier = (
        sale.select(sale.contact, peewee.fn.COUNT(sale.id).alias("c"))
        .where(visit & (sale.created_at < since) & sale.contact.in_(people))
        .group_by(sale.contact)
        .alias("earlier")
    )
    reached = recent.c.k + peewee.fn.COALESCE(earlier.c.c, 0)
    rows = (
        Contact.select(Contact.id, Contact.display_name, reached, recent.c.created_at)
        .from_(recent)
        .join(Contact, on=(Contact.id == recent.c.contact_id))
        .join(earlier, peewee.JOIN.LEFT_OUTER, on=(earlier.c.contact_id == recent.c.contact_id))
        .where(reached.in_(marks) & joined_active())
        .tuples()
    )
    show = shop_display()
    out = []
    for cid, name, n, created in rows:
        when = _as_datetime(created)
        out.append(
            Suggestion(
                f"milestone:{cid}:{n}",
                cid,
                name,
                "milestone",
                f"{ordinal(n)} visit on {show.date_short(when, today=today)}",
                when.date(),
            )
        )
    return out


def _as_datetime(value: object) -> dt.datetime:
    """SQLite hands a column of a sub-select back as text."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _when(day: dt.date, today: dt.date, show: Display) -> str:
    """ "today", "tomorrow", "on Friday", "on Dec 27"."""
    said = show.relative(day, today=today)
    return said if (day - today).days in (0, 1) else f"on {said}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- preparing and recording --------------------------------------------------------------


def prepare(
    contact_id: int,
    template_text: str,
    *,
    event_key: str | None = None,
    referee_id: int | None = None,
) -> PreparedNote:
    """Fill a template for one person; ``missing`` lists fields that cannot be filled."""
    fields = note_fields.fields_for(contact_id, referee_id=referee_id)
    result = render_template(template_text, fields)
    return PreparedNote(
        contact_id, result.text, tuple(result.missing), seed_for(contact_id, event_key)
    )


def record_printed(
    contact_id: int,
    *,
    occasion: str,
    text: str,
    reason: str = "",
    template_name: str = "",
    event_key: str | None = None,
    seed: int = 0,
    staff_id: int | None = None,
    status: str = "printed",
) -> int:
    """Put a printed (or deliberately skipped) note on the contact's record."""
    if status not in ("printed", "skipped"):
        raise ValueError(status)
    text, reason = clean_block(text), clean_line(reason)
    if "{" in text and status == "printed":
        check = render_template(text, {})
        if check.missing:
            raise ValidationError(
                "text",
                "The note still has fields that are not filled in: " + ", ".join(check.missing),
            )
    if Contact.get_or_none(Contact.id == contact_id) is None:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    with database.atomic():
        if event_key and SentNote.select().where(SentNote.event_key == event_key).exists():
            raise ValidationError(
                "event", "This has already been thanked for; it is on the contact's record."
            )
        note = SentNote.create(
            contact=contact_id,
            occasion=occasion,
            reason=reason,
            text=text,
            template_name=template_name,
            event_key=event_key,
            seed=seed,
            staff=staff_id,
            status=status,
            created_at=utcnow(),
        )
    return note.id


def skip(suggestion: Suggestion, staff_id: int | None = None) -> int:
    return record_printed(
        suggestion.contact_id,
        occasion=suggestion.occasion,
        text="",
        reason=suggestion.reason_to_store,
        event_key=suggestion.event_key,
        staff_id=staff_id,
        status="skipped",
    )


def history(contact_id: int) -> list[SentNoteRow]:
    rows = (
        SentNote.select()
        .where(SentNote.contact == contact_id)
        .order_by(SentNote.created_at.desc(), SentNote.id.desc())
    )
    rows = list(rows)
    reasons = render_all(n.reason for n in rows)
    return [
        SentNoteRow(n.id, n.occasion, reason, n.text, n.status, n.created_at)
        for n, reason in zip(rows, reasons, strict=True)
    ]


__all__ = [
    "PreparedNote",
    "SentNoteRow",
    "Suggestion",
    "history",
    "prepare",
    "queue",
    "record_printed",
    "seed_for",
    "skip",
]
