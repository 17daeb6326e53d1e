"""Conversation cues: one to three short lines that help the cashier be personal.

"Goes by Mai", "Birthday on Friday", "Ask about Mia — started university", "Usually: oat
flat white", "Last visit 3 weeks ago". Drawn from personal details and the sales history; the most
timely first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from relbook.services.contacts import names
from relbook.services.dates import PartialDate
from relbook.services.display import shop_display
from relbook.services.loyalty import ledger
from relbook.store.models import Contact, PersonalDetail, Sale

MAX_CUES = 3
SOON_DAYS = 7


def cues(contact_id: int, today: dt.date | None = None, *, limit: int = MAX_CUES) -> list[str]:
    today = today or dt.date.today()
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return []
    details = list(
        PersonalDetail.select()
        .where(PersonalDetail.contact == contact_id)
        .order_by(PersonalDetail.created_at.desc(), PersonalDetail.position)
    )
    found: list[str] = [greeting_cue(contact)]
    found += _birthdays(contact, details, today)
    for d in details:
        if d.kind == "family" and d.name and d.text:
            found.append(f"Ask about {d.name} — {_lower_first(d.text)}")
        elif d.kind == "milestone" and d.text:
            found.append(f"Ask about {_lower_first(d.text)}")
    found += [f"Usually: {d.text}" for d in details if d.kind == "preference" and d.text][:1]
    if not any(c.startswith("Usually:") for c in found):
        habit = _usual_order(contact_id)
        if habit:
            found.append(f"Usually: {habit}")
    found.append(last_visit_cue(contact_id, today))
    found += [f"Into {_lower_first(d.text)}" for d in details if d.kind == "interest" and d.text][
        :1
    ]
    return list(dict.fromkeys(c for c in found if c))[:limit]


def greeting_cue(contact: Contact) -> str:
    """ "Goes by Mai" when the name to greet is not the first word of the name shown
    (Nguyễn Thị Mai, a nickname); "" when it is (Anna Schmidt is greeted as Anna)."""
    name = names.goes_by(contact)
    shown = contact.display_name.split()
    return "" if shown and name == shown[0] else f"Goes by {name}"


def last_visit_cue(contact_id: int, today: dt.date) -> str:
    account = ledger.account_for(contact_id, create=False)
    if account is None or account.last_visit_at is None:
        return "First visit — welcome them"
    last = account.last_visit_at.replace(tzinfo=dt.UTC).astimezone().date()
    return f"Last visit {ago(last, today)}"


def ago(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        return f"{days // 30} months ago"
    return "over a year ago"


def when_phrase(day: dt.date, today: dt.date) -> str:
    """ "today", "tomorrow", "on Friday", "on Dec 27" (the shop's way, ``Display``)."""
    shown = shop_display().relative(day, today=today)
    return shown if (day - today).days in (0, 1) else f"on {shown}"


def _birthdays(contact: Contact, details: list[PersonalDetail], today: dt.date) -> list[str]:
    out: list[str] = []
    own = _next(contact.birthday_month, contact.birthday_day, today)
    if own is not None:
        out.append(f"Birthday {when_phrase(own, today)}")
    for d in details:
        if d.kind == "family" and d.name:
            day = _next(d.birthday_month, d.birthday_day, today)
            if day is not None:
                out.append(f"{d.name}'s birthday {when_phrase(day, today)}")
    return out


def _next(month: int | None, day: int | None, today: dt.date) -> dt.date | None:
    if not month or not day:
        return None
    try:
        upcoming = PartialDate(month, day).next_occurrence(today)
    except ValueError:
        return None
    return upcoming if (upcoming - today).days <= SOON_DAYS else None


def _usual_order(contact_id: int) -> str:
    notes = [
        n.strip().lower()
        for (n,) in Sale.select(Sale.note)
        .where((Sale.contact == contact_id) & (Sale.note != "") & Sale.refund_of.is_null())
        .order_by(Sale.created_at.desc())
        .limit(20)
        .tuples()
    ]
    if not notes:
        return ""
    note, count = Counter(notes).most_common(1)[0]
    return note if count >= 2 else ""


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
