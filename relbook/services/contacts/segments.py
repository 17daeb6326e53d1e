"""Saved segments: named filters over the customer book ("tier 1 regulars who love
tulips", "no visit since June"), used by the contact list, batch notes and exports.

A filter is plain JSON so it survives upgrades and can be edited by hand:

    {"tags": ["tulips"], "tags_mode": "any", "tiers": [1, 2],
     "last_visit_before": "2026-06-01", "last_visit_after": "2026-01-01",
     "spend_min": 5000, "spend_max": null, "spend_days": 365,
     "birthday_month": 3, "has_referred": true, "consent": "mail"}

Every key is optional; an empty filter means every active contact. ``evaluate`` returns
contact ids in book order (by name).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import care
from relbook.services.care import timeline
from relbook.services.typed import clean_line
from relbook.store.models import Contact, ContactTag, Tag, utcnow
from relbook.store.models.care import Segment

CONSENT = ("mail", "email", "phone", "any")


@dataclass(slots=True)
class SegmentFilter:
    tags: list[str] = field(default_factory=list)
    tags_mode: str = "any"  # "any" | "all"
    tiers: list[int] = field(default_factory=list)
    last_visit_before: dt.date | None = None  # never-visited contacts count as "before"
    last_visit_after: dt.date | None = None
    spend_min: int | None = None  # minor units, over the last ``spend_days`` days
    spend_max: int | None = None
    spend_days: int | None = None  # None: all time
    birthday_month: int | None = None
    has_referred: bool | None = None
    consent: str | None = None  # mail | email | phone | any

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("last_visit_before", "last_visit_after"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return {k: v for k, v in data.items() if v not in (None, [], "any") or
                (k == "consent" and v == "any")}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SegmentFilter:
        def day(key: str) -> dt.date | None:
            value = data.get(key)
            if not value:
                return None
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(key, f"{key.replace('_', ' ').capitalize()}: "
                                      f"“{value}” is not a date.") from None  # fmt: skip

        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            first = sorted(unknown)[0]
            raise ValidationError("filter", f"Segment filter: unknown setting {first}.")
        result = cls(
            tags=[str(t) for t in data.get("tags") or []],
            tags_mode=str(data.get("tags_mode") or "any"),
            tiers=[int(t) for t in data.get("tiers") or []],
            last_visit_before=day("last_visit_before"),
            last_visit_after=day("last_visit_after"),
            spend_min=_opt_int(data.get("spend_min")),
            spend_max=_opt_int(data.get("spend_max")),
            spend_days=_opt_int(data.get("spend_days")),
            birthday_month=_opt_int(data.get("birthday_month")),
            has_referred=data.get("has_referred"),
            consent=data.get("consent"),
        )
        result.validate()
        return result

    def validate(self) -> None:
        if self.tags_mode not in ("any", "all"):
            raise ValidationError("tags_mode", "Tags: choose “any” or “all”.")
        if any(t not in care.TIERS for t in self.tiers):
            raise ValidationError("tiers", "Care tier must be 1, 2 or 3.")
        if self.birthday_month is not None and not 1 <= self.birthday_month <= 12:
            raise ValidationError("birthday_month", "Birthday month must be 1 to 12.")
        if self.consent is not None and self.consent not in CONSENT:
            raise ValidationError("consent", "Consent must be mail, email, phone or any.")
        if (self.spend_min is not None and self.spend_max is not None
                and self.spend_min > self.spend_max):  # fmt: skip
            raise ValidationError("spend_max", "Spend: the most is less than the least.")
        if (self.last_visit_before and self.last_visit_after
                and self.last_visit_after > self.last_visit_before):  # fmt: skip
            raise ValidationError("last_visit_after", "Last visit: “after” is later than “before”.")


def _opt_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError("filter", f"Segment filter: “{value}” is not a number.") from None


@dataclass(frozen=True, slots=True)
class SavedSegment:
    id: int
    name: str
    filter: SegmentFilter


# -- saving ---------------------------------------------------------------------------------


def list_segments() -> list[SavedSegment]:
    return [
        SavedSegment(s.id, s.name, SegmentFilter.from_json(json.loads(s.filter)))
        for s in Segment.select().order_by(Segment.name)
    ]


def save_segment(name: str, flt: SegmentFilter | Mapping[str, Any]) -> int:
    """Create or replace the segment called ``name``; returns its id."""
    name = " ".join(clean_line(name).split())
    if not name:
        raise ValidationError("name", "Please give the segment a name.")
    if len(name) > 80:
        raise ValidationError("name", "Segment name is too long (at most 80 characters).")
    flt = flt if isinstance(flt, SegmentFilter) else SegmentFilter.from_json(flt)
    flt.validate()
    payload = json.dumps(flt.to_json(), sort_keys=True)
    row = Segment.get_or_none(Segment.name == name)
    if row is None:
        return int(Segment.create(name=name, filter=payload).id)
    Segment.update(filter=payload, updated_at=utcnow()).where(Segment.id == row.id).execute()
    return int(row.id)


def delete_segment(segment_id: int) -> None:
    if not Segment.delete().where(Segment.id == segment_id).execute():
        raise NotFoundError(f"There is no segment number {segment_id}.")


def get_segment(key: int | str) -> SavedSegment:
    row = Segment.get_or_none(Segment.id == key if isinstance(key, int) else Segment.name == key)
    if row is None:
        raise NotFoundError(f"There is no segment called {key}.")
    return SavedSegment(row.id, row.name, SegmentFilter.from_json(json.loads(row.filter)))


# -- evaluating -----------------------------------------------------------------------------


def evaluate(
    segment: SavedSegment | SegmentFilter | Mapping[str, Any] | int | str,
    *,
    today: dt.date | None = None,
) -> list[int]:
    """Active contact ids matching a segment (saved, by id or name, or a bare filter)."""
    if isinstance(segment, int | str):
        flt = get_segment(segment).filter
    elif isinstance(segment, SavedSegment):
        flt = segment.filter
    elif isinstance(segment, SegmentFilter):
        flt = segment
    else:
        flt = SegmentFilter.from_json(segment)
    flt.validate()
    today = today or dt.date.today()
    query = Contact.select(Contact.id).where(Contact.archived_at.is_null())
    if flt.tags:
        names = [t.strip().lower() for t in flt.tags]
        tagged = (
            ContactTag.select(ContactTag.contact)
            .join(Tag)
            .where(peewee.fn.LOWER(Tag.name).in_(names))
            .group_by(ContactTag.contact)
        )
        if flt.tags_mode == "all":
            tagged = tagged.having(peewee.fn.COUNT(peewee.fn.DISTINCT(Tag.id)) >= len(set(names)))
        query = query.where(Contact.id.in_(tagged))
    if flt.birthday_month:
        query = query.where(Contact.birthday_month == flt.birthday_month)
    if flt.consent:
        cols = [Contact.consent_mail, Contact.consent_email, Contact.consent_phone]
        if flt.consent != "any":
            cols = [getattr(Contact, f"consent_{flt.consent}")]
        cond = cols[0].is_null(False)
        for col in cols[1:]:
            cond |= col.is_null(False)
        query = query.where(cond)
    if flt.has_referred is not None:
        referrers = Contact.select(Contact.referred_by).where(Contact.referred_by.is_null(False))
        referrer_ids = {r for (r,) in referrers.tuples()}
        query = query.where(
            Contact.id.in_(list(referrer_ids)) if flt.has_referred
            else Contact.id.not_in(list(referrer_ids))
        )  # fmt: skip
    ids = [cid for (cid,) in query.order_by(Contact.sort_name, Contact.id).tuples()]
    if flt.tiers:
        tiers = care.tiers_of(ids)
        ids = [cid for cid in ids if tiers.get(cid) in flt.tiers]
    if flt.last_visit_before or flt.last_visit_after:
        last = timeline.last_visits(ids)
        if flt.last_visit_after:
            ids = [c for c in ids if c in last and last[c] >= flt.last_visit_after]
        if flt.last_visit_before:
            ids = [c for c in ids if c not in last or last[c] < flt.last_visit_before]
    if flt.spend_min is not None or flt.spend_max is not None:
        since = today - dt.timedelta(days=flt.spend_days) if flt.spend_days else None
        spend = timeline.spend_by_contact(ids, since=since)
        lo = flt.spend_min if flt.spend_min is not None else -(2**62)
        hi = flt.spend_max if flt.spend_max is not None else 2**62
        ids = [c for c in ids if lo <= spend.get(c, 0) <= hi]
    return ids
