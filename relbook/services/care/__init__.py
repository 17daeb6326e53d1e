"""Care tiers: keep in touch with the people who matter on a rhythm.

Tier 1 is touched monthly, tier 2 quarterly, tier 3 yearly (days configurable in the
``care.intervals_days`` setting); no tier means no reminders. A contact is *due* when
the last touch (a touch, call, message, meeting, card, feedback, visit or sale) is older
than its interval; never-touched people are due from the day their tier was set. The
due list is ordered by how overdue each person is, most overdue first. Snoozing hides a
person until a date; marking a touch logs it on the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from relbook.errors import NotFoundError, ValidationError
from relbook.services import events, settings
from relbook.services.care import due, timeline
from relbook.store.db import database
from relbook.store.models import Contact
from relbook.store.models.care import CarePlan

INTERVALS_KEY = "care.intervals_days"
TIERS = (1, 2, 3)
TIER_LABELS = {1: "Tier 1 · monthly", 2: "Tier 2 · quarterly", 3: "Tier 3 · yearly"}
_FALLBACK = {1: 30, 2: 91, 3: 365}


@dataclass(frozen=True, slots=True)
class DueItem:
    contact_id: int
    name: str
    tier: int
    last_touch: dt.date | None
    due_on: dt.date
    days_overdue: int  # 0 = due today

    def as_dict(self) -> dict[str, object]:
        return {
            "contact_id": self.contact_id, "name": self.name, "tier": self.tier,
            "last_touch": self.last_touch.isoformat() if self.last_touch else None,
            "due_on": self.due_on.isoformat(), "days_overdue": self.days_overdue,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlanInfo:
    contact_id: int
    tier: int
    snoozed_until: dt.date | None
    last_touch_at: dt.datetime | None


def intervals() -> dict[int, int]:
    """Days between touches for each tier, from settings (bad values fall back)."""
    raw = settings.get(INTERVALS_KEY) or {}
    result = dict(_FALLBACK)
    for tier in TIERS:
        try:
            days = int(raw.get(str(tier), raw.get(tier, result[tier])))
        except (TypeError, ValueError, AttributeError):
            continue
        if days >= 1:
            result[tier] = days
    return result


def set_intervals(days: dict[int, int]) -> None:
    for tier, value in days.items():
        if tier not in TIERS:
            raise ValidationError("tier", f"Tier {tier} does not exist (use 1, 2 or 3).")
        if not isinstance(value, int) or not 1 <= value <= 3650:
            raise ValidationError(
                f"tier{tier}", f"Tier {tier}: days between touches must be 1 to 3650."
            )
    merged = intervals() | days
    settings.set_value(INTERVALS_KEY, {str(k): v for k, v in merged.items()})


def _plan(contact_id: int) -> CarePlan | None:
    return (
        CarePlan.select().where(CarePlan.contact == contact_id).order_by(CarePlan.id.desc()).first()
    )


def get_plan(contact_id: int) -> PlanInfo | None:
    row = _plan(contact_id)
    if row is None:
        return None
    return PlanInfo(contact_id, row.tier, row.snoozed_until, row.last_touch_at)


def set_tier(contact_id: int, tier: int | None) -> None:
    """Put a contact on tier 1, 2 or 3, or take them off care reminders (None or 0)."""
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise NotFoundError(f"There is no contact number {contact_id}.")
    with database.atomic():
        if not tier:
            CarePlan.delete().where(CarePlan.contact == contact_id).execute()
            return
        if tier not in TIERS:
            raise ValidationError("tier", "Care tier must be 1, 2, 3 or none.")
        row = _plan(contact_id)
        if row is None:
            CarePlan.create(contact=contact_id, tier=tier)
        else:
            CarePlan.update(tier=tier).where(CarePlan.id == row.id).execute()


def snooze(contact_id: int, until: dt.date, *, today: dt.date | None = None) -> None:
    """Hide a contact from the due list until ``until`` (they reappear that day)."""
    today = today or dt.date.today()
    if until <= today:
        raise ValidationError("until", "Snooze until: pick a day after today.")
    row = _plan(contact_id)
    if row is None:
        raise ValidationError("tier", "This contact has no care tier, so nothing to snooze.")
    CarePlan.update(snoozed_until=until).where(CarePlan.id == row.id).execute()


def mark_touched(
    contact_id: int,
    text: str = "",
    *,
    kind: str = "touch",
    staff_id: int | None = None,
    when: dt.datetime | None = None,
) -> int:
    """Log a touch on the timeline, remember it on the plan and lift any snooze."""
    when = (when or timeline.local_now()).replace(microsecond=0)
    with database.atomic():
        entry = timeline.add_entry(
            contact_id, kind, text or "Got in touch", staff_id=staff_id, happened_at=when
        )
        row = _plan(contact_id)
        if row is not None:
            last = row.last_touch_at
            newest = when if last is None or when > timeline.as_datetime(last) else last
            CarePlan.update(last_touch_at=newest, snoozed_until=None).where(
                CarePlan.id == row.id
            ).execute()
    return entry


def due_list(
    today: dt.date | None = None, *, include_snoozed: bool = False, horizon_days: int = 0
) -> list[DueItem]:
    """Contacts due for a touch (on or before ``today + horizon_days``), most overdue first.

    The database finds the due plans (``relbook.services.care.due``); only they are read.
    """
    today = today or dt.date.today()
    days = intervals()
    rows = due.due_rows(days, today, horizon_days=horizon_days, include_snoozed=include_snoozed)
    return _sorted_items(rows, days, today)


def due_page(today: dt.date | None = None, *, limit: int = 5) -> tuple[list[DueItem], int]:
    """The ``limit`` most overdue contacts and how many are due in all: what Today and
    the counter sheet show."""
    items = due_list(today)  # the due plans only: a tenth of a big book's plans, or less
    return items[:limit], len(items)


def _sorted_items(rows: list[due.DueRow], days: dict[int, int], today: dt.date) -> list[DueItem]:
    """Exact due dates in local time, most overdue first."""
    items = []
    for r in rows:
        utc = [timeline.utc_to_local(timeline.as_datetime(s)) for s in (r.sale, r.note) if s]
        last = _latest(r.entry, r.plan_touch, *utc)
        if last is not None:
            due_on = last.date() + dt.timedelta(days=days.get(r.tier, _FALLBACK[3]))
        else:
            due_on = timeline.utc_to_local(timeline.as_datetime(r.created_at)).date()
        items.append(DueItem(r.contact_id, r.name, r.tier, last.date() if last else None,
                             due_on, (today - due_on).days))  # fmt: skip
    items.sort(key=lambda i: (-i.days_overdue, i.tier, i.name.lower()))
    return items


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    return dt.date.fromisoformat(str(value)[:10])


def _latest(*stamps: object) -> dt.datetime | None:
    found = [timeline.as_datetime(s) for s in stamps if s is not None]
    return max(found) if found else None


def tiers_of(contact_ids: Iterable[int]) -> dict[int, int]:
    result: dict[int, int] = {}
    for cid, tier in (
        CarePlan.select(CarePlan.contact, CarePlan.tier)
        .where(CarePlan.contact.in_(list(contact_ids)))
        .order_by(CarePlan.id)
        .tuples()
    ):
        result[cid] = tier
    return result


def _on_contacts_merged(kept_id: int, merged_id: int, **_: object) -> None:
    """After a merge keep one care plan per contact (the newest)."""
    for cid in (kept_id, merged_id):
        rows = list(CarePlan.select().where(CarePlan.contact == cid).order_by(CarePlan.id.desc()))
        for extra in rows[1:]:
            extra.delete_instance()


events.subscribe(events.CONTACTS_MERGED, _on_contacts_merged)
