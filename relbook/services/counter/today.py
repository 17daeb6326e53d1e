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
from relbook.services.display import Display, shop_display
from relbook.store.models import PersonalDetail

log = logging.getLogger(__name__)
REGULAR_WEEKS = 12  # look back this many weeks for a weekday pattern
REGULAR_MIN_HITS = 3  # seen on this weekday in at least this many of them


@dataclass(frozen=True, slots=True)
class TodayItem:
    contact_id: int | None
    title: str  # usually the person's name
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Listing:
    """The first few items of a list and how many there are in all ("and 412 more")."""

    items: list[TodayItem]
    total: int


#: a provider: ``(today) -> list[TodayItem]``, or with ``limited=True`` at registration
#: ``(today, limit) -> Listing`` (limit None: everything), which reads only what is shown
ProviderFunc = Callable[..., "list[TodayItem] | Listing"]


@dataclass(frozen=True, slots=True)
class Provider:
    key: str
    title: str
    func: ProviderFunc
    order: int = 50
    page: str = ""  # the page with the whole list ("care", "notes", …), "" for none
    limited: bool = False  # func takes a limit and returns a Listing


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: list[TodayItem] = field(default_factory=list)
    error: str = ""  # a provider that failed says so plainly instead of hiding the panel
    page: str = ""
    total: int = 0  # how many in all; ``items`` may be only the first few of them

    @property
    def more(self) -> int:
        """How many are not in ``items``."""
        return max(0, self.total - len(self.items))


_providers: dict[str, Provider] = {}


def register_provider(
    key: str,
    title: str,
    func: ProviderFunc,
    *,
    order: int = 50,
    page: str = "",
    limited: bool = False,
) -> None:
    """Add (or replace) a Today section. Keys in use: birthdays_today (10),
    birthdays_week (20), touches_due (30), rewards_expiring (40), notes_waiting (50)."""
    _providers[key] = Provider(key, title, func, order, page, limited)


def unregister_provider(key: str) -> None:
    _providers.pop(key, None)


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def sections(today: dt.date | None = None, *, limit: int | None = None) -> list[Section]:
    """Every section for ``today``: with ``limit``, the first ``limit`` items of each and
    its total (what the cashier can act on now, and how many more there are)."""
    today = today or dt.date.today()
    result = []
    for p in providers():
        try:
            listing = _listing(p, today, limit)
            result.append(Section(p.key, p.title, listing.items, page=p.page, total=listing.total))
        except Exception as exc:  # a plug-in must never blank the whole panel
            log.exception("Today provider %s failed", p.key)
            result.append(
                Section(p.key, p.title, [], f"Could not load this list ({exc}).", page=p.page)
            )
    return result


def _listing(p: Provider, today: dt.date, limit: int | None) -> Listing:
    if p.limited:
        return p.func(today, limit)
    items = list(p.func(today))
    return Listing(items[:limit], len(items))  # [:None] is everything


# -- built-in providers -----------------------------------------------------------------------


def _reminder_item(r: reminders.Reminder, today: dt.date, show: Display) -> TodayItem:
    when = "" if r.days_away == 0 else show.relative(r.on, today=today)
    return TodayItem(r.contact_id, r.describe(), when)


def _reminders(today: dt.date, limit: int | None, *, start: int, days: int) -> Listing:
    found, total = reminders.upcoming_page(days, today=today, start=start, limit=limit)
    show = shop_display()
    return Listing([_reminder_item(r, today, show) for r in found], total)


def birthdays_today(today: dt.date, limit: int | None = None) -> Listing:
    return _reminders(today, limit, start=0, days=0)


def birthdays_week(today: dt.date, limit: int | None = None) -> Listing:
    return _reminders(today, limit, start=1, days=7)


def touches_due(today: dt.date, limit: int | None = None) -> Listing:
    if limit is None:
        due = care.due_list(today)
        total = len(due)
    else:
        due, total = care.due_page(today, limit=limit)
    show = shop_display()
    return Listing(
        [TodayItem(d.contact_id, d.name, describe_due(d, show, today)) for d in due], total
    )


def describe_due(d: care.DueItem, show: Display | None = None, today: dt.date | None = None) -> str:
    """ "tier 1 · 3 days overdue · last touch Oct 15"."""
    show = show or shop_display()
    late = ("due today" if d.days_overdue == 0 else
            f"{d.days_overdue} day{'s' if d.days_overdue != 1 else ''} overdue")  # fmt: skip
    last = (
        f"last touch {show.date_short(d.last_touch, today=today)}"
        if d.last_touch
        else ("never touched")
    )
    return f"tier {d.tier} · {late} · {last}"


def rewards_expiring(today: dt.date, limit: int | None = None) -> Listing:
    """Vouchers and points that run out soon: worth a word at the counter."""
    from relbook.services.loyalty import expiring

    if limit is None:
        found = expiring.expiring(today)
        total = len(found)
    else:
        found, total = expiring.expiring_page(today, limit)
    show = shop_display()
    items = []
    for e in found:
        if e.kind == "points":  # gone on e.on: the last day to use them is the day before
            last = e.on - dt.timedelta(days=1)
            when = (
                "use them today" if last <= today else f"use by {show.relative(last, today=today)}"
            )
        else:
            when = f"expires {show.relative(e.on, today=today)}"
        items.append(TodayItem(e.contact_id, e.name, f"{e.what} · {when}"))
    return Listing(items, total)


def notes_waiting(today: dt.date, limit: int | None = None) -> Listing:
    """Thank-you notes suggested and not yet printed (the notes work may replace this)."""
    from relbook.services import notes

    if limit is None:
        found = notes.queue(today)
        total = len(found)
    else:
        found, total = notes.queue_page(today, limit=limit)
    return Listing([TodayItem(s.contact_id, s.display_name, s.reason) for s in found], total)


register_provider(
    "birthdays_today", "Birthdays today", birthdays_today, order=10, page="care", limited=True
)
register_provider(
    "birthdays_week", "Birthdays this week", birthdays_week, order=20, page="care", limited=True
)
register_provider("touches_due", "Touches due", touches_due, order=30, page="care", limited=True)
register_provider(
    "rewards_expiring",
    "Rewards about to expire",
    rewards_expiring,
    order=40,
    page="vouchers",
    limited=True,
)
if importlib.util.find_spec("relbook.services.notes") is not None:
    register_provider(
        "notes_waiting",
        "Thank-you notes waiting",
        notes_waiting,
        order=50,
        page="notes",
        limited=True,
    )


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
    found = timeline.regular_visitors(same_days, min_days=REGULAR_MIN_HITS, limit=limit)
    return [Regular(cid, name, hits) for cid, name, hits in found]


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
#: people per section of the counter sheet at most (a page holds fewer; the sheet says
#: "… and N more" with the real total)
SHEET_LINES = 40


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
    todays, todays_total = reminders.upcoming_page(0, today=today, limit=SHEET_LINES)
    week, week_total = reminders.upcoming_page(7, today=today, start=1, limit=SHEET_LINES)
    regulars = regulars_likely(today)
    due, due_total = care.due_page(today, limit=SHEET_LINES)
    people = {r.contact_id for r in todays} | {r.contact_id for r in regulars}
    people |= {d.contact_id for d in due}
    points = talking_points(sorted(people))
    show = shop_display()

    def talk(contact_id: int) -> str:
        return "; ".join(dict.fromkeys(points.get(contact_id, [])))

    def late(d: care.DueItem) -> str:
        when = "due today" if d.days_overdue == 0 else f"{d.days_overdue} days overdue"
        last = (f"last in touch {show.date_short(d.last_touch, today=today)}" if d.last_touch
                else "never in touch yet")  # fmt: skip
        return f"{when} · {last}"

    return CounterSheetData(
        shop_name=str(settings.get("shop.name") or ""),
        day=today,
        birthdays=[_birthday_line(r, talk(r.contact_id)) for r in todays],
        heading=show.date_full(today),
        coming_up=[
            SheetLine(r.describe(), aside=show.date_short(r.on, today=today, weekday=True))
            for r in week
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
        totals={"birthdays": todays_total, "coming_up": week_total, "touches": due_total},
    )
