"""What the shop should know today: the Today panel's sections and the daily counter sheet.

Sections come from *providers*, small functions ``(today) -> list[TodayItem]`` kept in a
registry, so other capabilities plug in without this module importing them::

    from relbook.services import today
    today.register_provider("my_key", "What it lists", my_func, order=60, page="vouchers")

``page`` names the page that shows the whole list (the panel links to it when it shows
only the first few). Built in: birthdays today, birthdays this week, touches due,
rewards about to expire (vouchers and points, ``relbook.services.loyalty.expiring``) and
thank-you notes waiting (``relbook.services.notes.queue``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from relbook.printing.counter_sheet import CounterSheetData, SheetLine
from relbook.services import care, settings
from relbook.services.care import reminders, timeline
from relbook.store.models import Contact, PersonalDetail

log = logging.getLogger(__name__)
REGULAR_WEEKS = 12  # look back this many weeks for a weekday pattern
REGULAR_MIN_HITS = 3  # seen on this weekday in at least this many of them


@dataclass(frozen=True, slots=True)
class TodayItem:
    contact_id: int | None
    title: str  # usually the person's name
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Provider:
    key: str
    title: str
    func: Callable[[dt.date], list[TodayItem]]
    order: int = 50
    page: str = ""  # the page with the whole list ("care", "notes", …), "" for none


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: list[TodayItem] = field(default_factory=list)
    error: str = ""  # a provider that failed says so plainly instead of hiding the panel
    page: str = ""


_providers: dict[str, Provider] = {}


def register_provider(
    key: str,
    title: str,
    func: Callable[[dt.date], list[TodayItem]],
    *,
    order: int = 50,
    page: str = "",
) -> None:
    """Add (or replace) a Today section. Keys in use: birthdays_today (10),
    birthdays_week (20), touches_due (30), rewards_expiring (40), notes_waiting (50)."""
    _providers[key] = Provider(key, title, func, order, page)


def unregister_provider(key: str) -> None:
    _providers.pop(key, None)


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def sections(today: dt.date | None = None) -> list[Section]:
    today = today or dt.date.today()
    result = []
    for p in providers():
        try:
            result.append(Section(p.key, p.title, list(p.func(today)), page=p.page))
        except Exception as exc:  # a plug-in must never blank the whole panel
            log.exception("Today provider %s failed", p.key)
            result.append(
                Section(p.key, p.title, [], f"Could not load this list ({exc}).", page=p.page)
            )
    return result


# -- built-in providers -----------------------------------------------------------------------


def _reminder_item(r: reminders.Reminder, today: dt.date) -> TodayItem:
    when = ("" if r.days_away == 0 else "tomorrow" if r.days_away == 1
            else f"{r.on:%A} {r.on.day} {r.on:%b}")  # fmt: skip
    return TodayItem(r.contact_id, r.describe(), when)


def birthdays_today(today: dt.date) -> list[TodayItem]:
    return [_reminder_item(r, today) for r in reminders.upcoming(0, today=today)]


def birthdays_week(today: dt.date) -> list[TodayItem]:
    return [_reminder_item(r, today) for r in reminders.upcoming(7, today=today)
            if r.days_away > 0]  # fmt: skip


def touches_due(today: dt.date) -> list[TodayItem]:
    return [TodayItem(d.contact_id, d.name, describe_due(d)) for d in care.due_list(today)]


def describe_due(d: care.DueItem) -> str:
    late = ("due today" if d.days_overdue == 0 else
            f"{d.days_overdue} day{'s' if d.days_overdue != 1 else ''} overdue")  # fmt: skip
    last = f"last touch {d.last_touch:%d %b %Y}" if d.last_touch else "never touched"
    return f"tier {d.tier} · {late} · {last}"


def rewards_expiring(today: dt.date) -> list[TodayItem]:
    """Vouchers and points that run out soon: worth a word at the counter."""
    from relbook.services.loyalty import expiring

    items = []
    for e in expiring.expiring(today):
        days = (e.on - today).days
        if e.kind == "points":  # gone on e.on: the last day to use them is the day before
            last = e.on - dt.timedelta(days=1)
            when = "use them today" if last <= today else f"use by {last:%a} {last.day} {last:%b}"
        else:
            when = ("expires today" if days == 0 else "expires tomorrow" if days == 1
                    else f"expires {e.on:%a} {e.on.day} {e.on:%b}")  # fmt: skip
        items.append(TodayItem(e.contact_id, e.name, f"{e.what} · {when}"))
    return items


def notes_waiting(today: dt.date) -> list[TodayItem]:
    """Thank-you notes suggested and not yet printed (the notes work may replace this)."""
    from relbook.services import notes

    return [TodayItem(s.contact_id, s.display_name, s.reason) for s in notes.queue(today)]


register_provider("birthdays_today", "Birthdays today", birthdays_today, order=10)
register_provider("birthdays_week", "Birthdays this week", birthdays_week, order=20, page="care")
register_provider("touches_due", "Touches due", touches_due, order=30, page="care")
register_provider("rewards_expiring", "Rewards about to expire", rewards_expiring, order=40,
                  page="vouchers")  # fmt: skip
if importlib.util.find_spec("relbook.services.notes") is not None:
    register_provider("notes_waiting", "Thank-you notes waiting", notes_waiting, order=50,
                      page="notes")  # fmt: skip


# -- regulars likely in today and talking points ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Regular:
    contact_id: int
    name: str
    hits: int  # weeks (of REGULAR_WEEKS) they came on this weekday


def regulars_likely(today: dt.date | None = None, *, limit: int = 15) -> list[Regular]:
    """People who came on today's weekday in several of the last weeks (sales and visit
    entries), most regular first."""
    today = today or dt.date.today()
    same_days = [today - dt.timedelta(weeks=w) for w in range(1, REGULAR_WEEKS + 1)]
    hits = [(cid, len(seen)) for cid, seen in timeline.visits_on(same_days).items()
            if len(seen) >= REGULAR_MIN_HITS]  # fmt: skip
    if not hits:
        return []
    names = dict(
        Contact.select(Contact.id, Contact.display_name)
        .where(Contact.id.in_([c for c, _ in hits]) & Contact.archived_at.is_null())
        .tuples()
    )
    found = [Regular(c, names[c], n) for c, n in hits if c in names]
    found.sort(key=lambda r: (-r.hits, r.name.lower()))
    return found[:limit]


def talking_points(contact_ids: list[int], *, per_person: int = 2) -> dict[int, list[str]]:
    """A few personal details to start a conversation with (interests, preferences,
    milestones, family), newest first."""
    points: dict[int, list[str]] = {}
    if not contact_ids:
        return points
    query = (
        PersonalDetail.select()
        .where(PersonalDetail.contact.in_(contact_ids))
        .order_by(PersonalDetail.contact, PersonalDetail.position)
    )
    for d in query:
        bucket = points.setdefault(d.contact_id, [])
        if len(bucket) >= per_person:
            continue
        if d.kind == "family":
            text = " ".join(p for p in (d.relation.strip(), d.name.strip()) if p)
            text = text + (f": {d.text.strip()}" if d.text.strip() else "")
        else:
            text = d.text.strip()
        if text:
            bucket.append(text)
    return {k: v for k, v in points.items() if v}


SHEET_PAPER_KEY = "care.sheet_paper"


def sheet_paper() -> str:
    """The shop's paper for the counter sheet: "a4" or "letter" as chosen in the Care
    settings; otherwise Letter for a shop in the US or Canada and A4 elsewhere."""
    chosen = settings.get(SHEET_PAPER_KEY)
    if chosen in ("a4", "letter"):
        return str(chosen)
    region = str(settings.get("shop.phone_region") or "").upper()
    return "letter" if region in ("US", "CA") else "a4"


def _birthday_line(r: reminders.Reminder, points: str) -> SheetLine:
    """A family member's day leads with their name; whose family they are goes below."""
    if not r.is_family:
        return SheetLine(r.describe(), "", points)
    what = ("anniversary" if r.kind == "anniversary" else
            f"turns {r.turning}" if r.turning else "birthday")  # fmt: skip
    rest = "; ".join(p for p in points.split("; ") if p and r.person not in p)
    return SheetLine(f"{r.person} {what}", f"{r.contact_name}'s {r.relation}", rest)


def counter_sheet_data(
    today: dt.date | None = None, *, paper: str | None = None
) -> CounterSheetData:
    """Everything the daily counter sheet shows, as plain data for the printer: each
    person with a talking point from their personal details where there is one."""
    today = today or dt.date.today()
    week = reminders.upcoming(7, today=today)
    todays = [r for r in week if r.days_away == 0]
    regulars = regulars_likely(today)
    due = care.due_list(today)
    people = {r.contact_id for r in todays} | {r.contact_id for r in regulars}
    people |= {d.contact_id for d in due}
    points = talking_points(sorted(people))

    def talk(contact_id: int) -> str:
        return "; ".join(dict.fromkeys(points.get(contact_id, [])))

    def late(d: care.DueItem) -> str:
        when = "due today" if d.days_overdue == 0 else f"{d.days_overdue} days overdue"
        last = (f"last in touch {d.last_touch.day} {d.last_touch:%b}" if d.last_touch
                else "never in touch yet")  # fmt: skip
        return f"{when} · {last}"

    return CounterSheetData(
        shop_name=str(settings.get("shop.name") or ""),
        day=today,
        birthdays=[_birthday_line(r, talk(r.contact_id)) for r in todays],
        coming_up=[
            SheetLine(r.describe(), aside=f"{r.on:%a} {r.on.day} {r.on:%b}")
            for r in week
            if r.days_away
        ],
        regulars=[
            SheetLine(
                r.name, "", talk(r.contact_id), aside=f"{r.hits} of {REGULAR_WEEKS} {today:%A}s"
            )
            for r in regulars
        ],
        touches=[
            SheetLine(d.name, late(d), talk(d.contact_id), aside=f"tier {d.tier}") for d in due
        ],
        paper=paper or sheet_paper(),
    )
