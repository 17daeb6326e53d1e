"""Feedback: a comment and a 0-10 "would you recommend us?" score, and the shop's Net
Promoter Score (promoters 9-10 minus detractors 0-6, in percent of all answers), overall
and per LOCAL calendar month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services.care import timeline
from relbook.services.typed import clean_block
from relbook.store.db import database
from relbook.store.models import Contact, utcnow
from relbook.store.models.care import Feedback

MAX_COMMENT = 2000


@dataclass(frozen=True, slots=True)
class Nps:
    responses: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> int | None:
        """-100 … 100, rounded; None when nobody answered."""
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses)


@dataclass(frozen=True, slots=True)
class MonthNps:
    month: str  # "2026-11"
    nps: Nps


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    id: int
    contact_id: int | None
    contact_name: str
    score: int
    comment: str
    given_at: dt.datetime  # local


def record(
    score: int,
    comment: str = "",
    *,
    contact_id: int | None = None,
    staff_id: int | None = None,
    when: dt.datetime | None = None,
) -> int:
    """Store feedback (and, for a known customer, a line on their timeline)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise ValidationError("score", "Score must be a whole number from 0 to 10.")
    comment = clean_block(comment)
    if len(comment) > MAX_COMMENT:
        raise ValidationError("comment", f"Comment is too long (at most {MAX_COMMENT} characters).")
    if contact_id is not None and not Contact.select().where(Contact.id == contact_id).exists():
        raise NotFoundError(f"There is no contact number {contact_id}.")
    local = (when or timeline.local_now()).replace(microsecond=0)
    with database.atomic():
        row = Feedback.create(
            contact=contact_id,
            score=score,
            comment=comment,
            staff=staff_id,
            created_at=timeline.local_to_utc(local) if when else utcnow(),
        )
        if contact_id is not None:
            text = f"Would recommend us: {score}/10" + (f" — {comment}" if comment else "")
            timeline.add_entry(contact_id, "feedback", text, staff_id=staff_id,
                               happened_at=local)  # fmt: skip
    return int(row.id)


def _tally(scores: Iterable[int]) -> Nps:
    p = n = d = total = 0
    for s in scores:
        total += 1
        if s >= 9:
            p += 1
        elif s >= 7:
            n += 1
        else:
            d += 1
    return Nps(total, p, n, d)


def nps(*, since: dt.date | None = None, until: dt.date | None = None) -> Nps:
    """NPS over all feedback, or between two local dates (inclusive)."""
    return _tally(r.score for r in recent(since=since, until=until, limit=None))


def nps_by_month(*, months: int = 12, today: dt.date | None = None) -> list[MonthNps]:
    """One entry per local month for the last ``months`` months, oldest first (empty
    months included so a chart has no holes)."""
    today = today or dt.date.today()
    keys: list[str] = []
    y, m = today.year, today.month
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    keys.reverse()
    start = dt.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    scores: dict[str, list[int]] = defaultdict(list)
    for row in recent(since=start, limit=None):
        scores[row.given_at.strftime("%Y-%m")].append(row.score)
    return [MonthNps(k, _tally(scores.get(k, []))) for k in keys]


def recent(
    *, since: dt.date | None = None, until: dt.date | None = None, limit: int | None = 100
) -> list[FeedbackRow]:
    """Feedback newest first, with local times."""
    query = (
        Feedback.select(Feedback, Contact.display_name)
        .join(Contact, peewee.JOIN.LEFT_OUTER)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
    )
    if since is not None:
        query = query.where(
            Feedback.created_at >= timeline.local_to_utc(dt.datetime.combine(since, dt.time()))
        )
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        query = query.where(Feedback.created_at < timeline.local_to_utc(end))
    if limit:
        query = query.limit(limit)
    return [
        FeedbackRow(r.id, r.contact_id, getattr(r, "display_name", None) or "", r.score,
                    r.comment, timeline.utc_to_local(timeline.as_datetime(r.created_at)))
        for r in query.objects()
    ]  # fmt: skip
