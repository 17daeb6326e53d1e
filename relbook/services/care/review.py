"""The monthly review: a guided look at the relationships that carry the shop.

Three lists for a month:
- *most valuable*: spend over the last 12 months plus what the people they referred spent;
- *cooling down*: regulars whose present gap since their last visit has grown well past
  their own usual gap between visits (their rhythm, not the shop's average);
- *new*: people added, or seen for the first time, that month.
The owner marks an action for each (thank, call, card, invite, nothing); marks are kept
per month so the review can be resumed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from relbook.errors import ValidationError
from relbook.services.care import timeline
from relbook.services.display import shop_display
from relbook.store.db import database
from relbook.store.models import Contact
from relbook.store.models.care import ReviewMark

SECTIONS = ("valuable", "cooling", "new")
ACTIONS = ("thank", "call", "card", "invite", "nothing")
ACTION_LABELS = {"thank": "Say thank you", "call": "Call", "card": "Send a card",
                 "invite": "Invite", "nothing": "No action"}  # fmt: skip
MIN_VISITS_FOR_RHYTHM = 4  # at least three gaps before a rhythm means anything


@dataclass(frozen=True, slots=True)
class ReviewItem:
    contact_id: int
    name: str
    section: str
    reason: str  # one plain line shown to the owner
    spend_minor: int = 0
    referrals: int = 0
    usual_gap_days: int | None = None
    current_gap_days: int | None = None
    action: str | None = None


@dataclass(frozen=True, slots=True)
class Review:
    month: str
    valuable: list[ReviewItem]
    cooling: list[ReviewItem]
    new: list[ReviewItem]

    def all_items(self) -> list[ReviewItem]:
        return [*self.valuable, *self.cooling, *self.new]


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def cooling_down(
    visit_days: dict[int, list[dt.date]], today: dt.date
) -> list[tuple[int, int, int]]:
    """(contact, usual gap, current gap) for people overdue against their own rhythm,
    longest-overdue (by ratio) first. Pure so it is easy to test."""
    found: list[tuple[float, int, int, int]] = []
    for cid, days in visit_days.items():
        if len(days) < MIN_VISITS_FOR_RHYTHM:
            continue
        recent = days[-11:]
        gaps = [(b - a).days for a, b in itertools.pairwise(recent)]
        usual = max(1, round(statistics.median(gaps)))
        current = (today - days[-1]).days
        if current > 1.5 * usual and current - usual >= 7:
            found.append((current / usual, cid, usual, current))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(cid, usual, current) for _, cid, usual, current in found]


def build(
    today: dt.date | None = None,
    *,
    limit: int = 10,
    money_format: Callable[[int], str] | None = None,
) -> Review:
    """The review for the month containing ``today`` (local)."""
    today = today or dt.date.today()
    month = month_key(today)
    start = today.replace(day=1)
    fmt = money_format or _money()
    active = {cid: name for cid, name in
              Contact.select(Contact.id, Contact.display_name)
              .where(Contact.archived_at.is_null()).tuples()}  # fmt: skip
    marks = {
        (m.contact_id, m.section): m.action
        for m in ReviewMark.select().where(ReviewMark.month == month)
    }
    year_ago = today - dt.timedelta(days=365)
    spend = timeline.spend_by_contact(since=year_ago)
    referred: dict[int, list[int]] = {}
    for cid, ref in (
        Contact.select(Contact.id, Contact.referred_by)
        .where(Contact.referred_by.is_null(False))
        .tuples()
    ):
        referred.setdefault(ref, []).append(cid)

    valuable: list[ReviewItem] = []
    scored = []
    for cid in active:
        own = spend.get(cid, 0)
        brought = sum(spend.get(r, 0) for r in referred.get(cid, []))
        count = len(referred.get(cid, []))
        if own > 0 or count:
            scored.append((own + brought, count, cid, own, brought))
    scored.sort(key=lambda t: (-t[0], -t[1], active[t[2]].lower()))
    for _total, count, cid, own, brought in scored[:limit]:
        parts = [f"spent {fmt(own)} in 12 months"] if own else []
        if count:
            people = "person" if count == 1 else "people"
            parts.append(f"referred {count} {people}" + (f" who spent {fmt(brought)}"
                                                          if brought else ""))  # fmt: skip
        valuable.append(ReviewItem(cid, active[cid], "valuable", ", ".join(parts), own, count,
                                   action=marks.get((cid, "valuable"))))  # fmt: skip

    # everyone's visits (no list of 100,000 ids to send): archived people are skipped below
    days = {cid: d for cid, d in
            timeline.visit_days(None, since=today - dt.timedelta(days=730)).items()
            if cid in active}  # fmt: skip
    cooling = [
        ReviewItem(cid, active[cid], "cooling",
                   f"came every {usual} days; last visit {current} days ago",
                   usual_gap_days=usual, current_gap_days=current,
                   action=marks.get((cid, "cooling")))
        for cid, usual, current in cooling_down(days, today)[:limit]
    ]  # fmt: skip

    new: list[ReviewItem] = []
    show = shop_display()
    month_end = (start + dt.timedelta(days=32)).replace(day=1)
    for cid, created in (
        Contact.select(Contact.id, Contact.created_at).where(Contact.archived_at.is_null()).tuples()
    ):
        added = timeline.utc_to_local(timeline.as_datetime(created)).date()
        first = days.get(cid, [None])[0]
        when = min(d for d in (added, first) if d is not None)
        if start <= when < month_end:
            seen = f"first seen {show.date_short(when)}"
            new.append(ReviewItem(cid, active[cid], "new", seen,
                                  action=marks.get((cid, "new"))))  # fmt: skip
    new.sort(key=lambda i: i.name.lower())
    return Review(month, valuable, cooling, new[: limit * 3])


def mark(month: str, contact_id: int, section: str, action: str | None) -> None:
    """Remember (or clear, with None) the owner's action for a contact in a review."""
    if section not in SECTIONS:
        raise ValidationError("section", f"Section: “{section}” is not part of the review.")
    if action is not None and action not in ACTIONS:
        raise ValidationError("action", f"Action: “{action}” is not one relbook knows.")
    with database.atomic():
        ReviewMark.delete().where(
            (ReviewMark.month == month) & (ReviewMark.contact == contact_id)
            & (ReviewMark.section == section)
        ).execute()  # fmt: skip
        if action is not None:
            ReviewMark.create(month=month, contact=contact_id, section=section, action=action)


def unmarked(review: Review) -> Sequence[ReviewItem]:
    return [i for i in review.all_items() if i.action is None]


def _money() -> Callable[[int], str]:
    from relbook.services.money import shop_money

    return shop_money().format
