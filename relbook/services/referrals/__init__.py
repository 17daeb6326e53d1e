"""Referrals: who sent whom, the chain, and the reward programme (figures: referral_insights).

Rewards are decided inside the writer's transaction: a qualifying sale (via the
``SALE_RECORDED`` event) or, with the "at once" rule, recording the referral itself. One
``referral_reward`` row per referee and role, made unique by the database, means a
referrer is rewarded once per referee even if two tills record a first sale together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services import events, settings
from relbook.services.contacts.mentions import mention
from relbook.services.vouchers.types import VoucherValue
from relbook.store.concurrency import hold
from relbook.store.db import database
from relbook.store.models import Contact, utcnow
from relbook.store.models.vouchers import ReferralReward, Voucher

SETTINGS_KEY = "referrals.programme"
TRIGGERS = ("first_purchase", "at_once")
CAP_PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True, slots=True)
class Programme:
    """The referral programme as the owner set it up (stored as JSON in settings)."""

    enabled: bool = True
    reward: VoucherValue = field(default_factory=lambda: VoucherValue.amount(500))
    trigger: str = "first_purchase"
    min_purchase_minor: int = 0
    welcome: VoucherValue | None = None
    validity_days: int = 90
    cap_count: int = 0  # 0: no cap
    cap_period: str = "month"

    def validate(self) -> Programme:
        self.reward.validate("reward")
        if self.welcome is not None:
            self.welcome.validate("welcome")
        if self.trigger not in TRIGGERS:
            raise ValidationError("trigger", "When: choose “first purchase” or “at once”.")
        if self.min_purchase_minor < 0:
            raise ValidationError("min_purchase", "Minimum purchase cannot be negative.")
        if self.validity_days < 1:
            raise ValidationError("validity_days", "Valid for: at least one day.")
        if self.cap_count < 0:
            raise ValidationError("cap_count", "Cap: use 0 for no cap, or a positive number.")
        if self.cap_period not in CAP_PERIODS:
            raise ValidationError("cap_period", "Cap period: month, quarter or year.")
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "reward": self.reward.to_dict(),
            "trigger": self.trigger,
            "min_purchase_minor": self.min_purchase_minor,
            "welcome": self.welcome.to_dict() if self.welcome else None,
            "validity_days": self.validity_days,
            "cap": {"count": self.cap_count, "period": self.cap_period},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Programme:
        base = cls()
        cap = data.get("cap") or {}
        welcome = data.get("welcome")
        return cls(
            enabled=bool(data.get("enabled", base.enabled)),
            reward=VoucherValue.from_dict(data["reward"]) if data.get("reward") else base.reward,
            trigger=str(data.get("trigger", base.trigger)),
            min_purchase_minor=int(data.get("min_purchase_minor", 0) or 0),
            welcome=VoucherValue.from_dict(welcome) if welcome else None,
            validity_days=int(data.get("validity_days", base.validity_days) or 0),
            cap_count=int(cap.get("count", 0) or 0),
            cap_period=str(cap.get("period", base.cap_period)),
        )


def programme() -> Programme:
    stored = settings.get(SETTINGS_KEY)
    return Programme.from_dict(stored) if isinstance(stored, dict) else Programme()


def save_programme(prog: Programme) -> None:
    settings.set_value(SETTINGS_KEY, prog.validate().to_dict())


# -- who referred whom --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    display_name: str
    joined: dt.datetime
    archived: bool = False


@dataclass(frozen=True, slots=True)
class Chain:
    """Who referred this contact (nearest first, up the chain) and whom they referred."""

    contact: Person
    referred_by: tuple[Person, ...]  # the referrer, their referrer, …
    referred: tuple[Person, ...]  # direct referees, oldest first
    referred_total: int  # everyone below, at any depth


def _person(c: Contact) -> Person:
    return Person(c.id, c.display_name, c.created_at, c.archived_at is not None)


def _require(contact_id: int, label: str = "contact") -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"There is no {label} number {contact_id}.")
    return contact


def set_referrer(
    contact_id: int, referrer_id: int | None, *, staff_id: int | None = None
) -> list[str]:
    """Record (or clear, with None) who referred a contact; returns messages for the till.

    Refuses a contact referring themselves and a loop (A referred B referred A). With the
    "at once" rule the referrer's reward is issued now; a welcome voucher for the new
    customer is issued if the programme has one.
    """
    with database.atomic():
        _require(contact_id)
        validate_referrer(contact_id, referrer_id)
        Contact.update(referred_by=referrer_id, updated_at=utcnow()).where(
            Contact.id == contact_id
        ).execute()
        if referrer_id is None:
            return []
        return on_referral_recorded(contact_id, staff_id=staff_id)


def validate_referrer(contact_id: int | None, referrer_id: int | None) -> None:
    """Refuse an unknown referrer, a contact referring themselves, and loops.

    The contact editor can call this before saving ``ContactInput.referred_by``.
    """
    if referrer_id is None:
        return
    _require(referrer_id, "referrer (contact)")
    if contact_id is None:
        return  # a new contact cannot close a loop
    contact = _require(contact_id)
    if referrer_id == contact_id:
        raise ValidationError("referred_by", "Referred by: a customer cannot refer themselves.")
    ancestor: int | None = referrer_id
    seen: set[int] = set()
    while ancestor is not None and ancestor not in seen:
        if ancestor == contact_id:
            raise ValidationError(
                "referred_by",
                "Referred by: that would make a loop — "
                f"{contact.display_name} already (indirectly) referred them.",
            )
        seen.add(ancestor)
        ancestor = Contact.select(Contact.referred_by).where(Contact.id == ancestor).scalar()


def clear_referrer(contact_id: int) -> None:
    set_referrer(contact_id, None)


def chain(contact_id: int) -> Chain:
    contact = _require(contact_id)
    up: list[Person] = []
    seen = {contact.id}
    cur = contact.referred_by_id
    while cur is not None and cur not in seen:
        row = Contact.get_or_none(Contact.id == cur)
        if row is None:
            break
        up.append(_person(row))
        seen.add(cur)
        cur = row.referred_by_id
    direct = list(
        Contact.select().where(Contact.referred_by == contact_id).order_by(Contact.created_at)
    )
    total, frontier, below = 0, [contact_id], {contact_id}
    while frontier:
        ids = [
            r.id
            for r in Contact.select(Contact.id).where(Contact.referred_by.in_(frontier))
            if r.id not in below
        ]
        below.update(ids)
        total += len(ids)
        frontier = ids
    return Chain(_person(contact), tuple(up), tuple(_person(c) for c in direct), total)


# -- rewards ------------------------------------------------------------------------------


def _period_start(period: str, on: dt.date) -> dt.datetime:
    if period == "year":
        start = dt.date(on.year, 1, 1)
    elif period == "quarter":
        start = dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
    else:
        start = dt.date(on.year, on.month, 1)
    return dt.datetime.combine(start, dt.time())


def rewards_in_period(referrer_id: int, prog: Programme, on: dt.date) -> int:
    return (
        ReferralReward.select()
        .where(
            (ReferralReward.referrer == referrer_id)
            & (ReferralReward.role == "referrer")
            & (ReferralReward.outcome != "capped")
            & (ReferralReward.created_at >= _period_start(prog.cap_period, on))
        )
        .count()
    )


def _claim(
    referee_id: int, referrer_id: int | None, role: str, outcome: str, sale_id: int | None
) -> ReferralReward | None:
    """Insert the one reward row for (referee, role); None if one exists already."""
    if (
        ReferralReward.select()
        .where((ReferralReward.referee == referee_id) & (ReferralReward.role == role))
        .exists()
    ):
        return None
    try:
        with database.atomic():
            return ReferralReward.create(
                referrer=referrer_id,
                referee=referee_id,
                role=role,
                outcome=outcome,
                sale_id=sale_id,
                created_at=utcnow(),
            )
    except peewee.IntegrityError:
        return None  # another till claimed it a moment ago


def _reward_referrer(
    referee: Contact, prog: Programme, *, staff_id: int | None, sale_id: int | None, on: dt.date
) -> int | str | None:
    """Reward the referrer once: a voucher (its id) or points (a message); None if capped."""
    referrer_id = referee.referred_by_id
    if referrer_id is None:
        return None
    with database.atomic():  # two referees' first sales at once: counted one after the other
        hold("referral-rewards", referrer_id)
        return _reward(referee, referrer_id, prog, staff_id=staff_id, sale_id=sale_id, on=on)


def _reward(
    referee: Contact,
    referrer_id: int,
    prog: Programme,
    *,
    staff_id: int | None,
    sale_id: int | None,
    on: dt.date,
) -> int | str | None:
    capped = prog.cap_count > 0 and rewards_in_period(referrer_id, prog, on) >= prog.cap_count
    outcome = "capped" if capped else ("points" if prog.reward.kind == "points" else "voucher")
    claim = _claim(referee.id, referrer_id, "referrer", outcome, sale_id)
    if claim is None or capped:
        return None
    if outcome == "points":
        from relbook.services.loyalty import ledger

        points = prog.reward.points or 0
        ledger.append(
            referrer_id,
            points,
            "referral",
            staff_id=staff_id,
            sale_id=sale_id,
            reason=f"Referred {mention(referee.id)}",  # by id: see contacts.mentions
        )
        ReferralReward.update(points=points).where(ReferralReward.id == claim.id).execute()
        name = Contact.get_by_id(referrer_id).display_name
        return f"{name} earns {points} referral points for referring {referee.display_name}."
    from relbook.services import vouchers

    row = vouchers._issue_row(
        referrer_id,
        "referral",
        prog.reward,
        staff_id=staff_id,
        valid_days=prog.validity_days,
        referral_id=claim.id,
        note=f"Thank you for referring {mention(referee.id)}",
        on=on,
    )
    return row.id


def _welcome(referee: Contact, prog: Programme, *, staff_id: int | None, on: dt.date) -> int | None:
    if prog.welcome is None or referee.referred_by_id is None:
        return None
    claim = _claim(referee.id, referee.referred_by_id, "welcome", "voucher", None)
    if claim is None:
        return None
    from relbook.services import vouchers

    row = vouchers._issue_row(
        referee.id,
        "welcome",
        prog.welcome,
        staff_id=staff_id,
        valid_days=prog.validity_days,
        referral_id=claim.id,
        note="Welcome!",
        on=on,
    )
    return row.id


def _messages(voucher_ids: list[int | None], points_to: str = "") -> list[str]:
    from relbook.services import vouchers

    out = []
    for vid in voucher_ids:
        if vid:
            v = vouchers.get(vid)
            label = "welcome voucher" if v.kind == "welcome" else "referral voucher"
            out.append(f"{v.beneficiary_name} gets a {label}: {v.value_text} ({v.code}).")
    if points_to:
        out.append(points_to)
    return out


def on_referral_recorded(
    contact_id: int, *, staff_id: int | None = None, on: dt.date | None = None
) -> list[str]:
    """A referral was recorded: the welcome voucher, and the reward if it is "at once".

    Returns messages for the person at the till ("Anna gets a referral voucher: …").
    """
    prog = programme()
    if not prog.enabled:
        return []
    on = on or dt.date.today()
    referee = _require(contact_id)
    issued = [_welcome(referee, prog, staff_id=staff_id, on=on)]
    points = ""
    if prog.trigger == "at_once":
        got = _reward_referrer(referee, prog, staff_id=staff_id, sale_id=None, on=on)
        issued.append(got if isinstance(got, int) else None)
        points = got if isinstance(got, str) else ""
    return _messages(issued, points)


def on_sale_recorded(
    sale_id: int,
    contact_id: int | None,
    amount_minor: int,
    staff_id: int | None,
    when: dt.datetime | None = None,
    **_: Any,
) -> str | None:
    """SALE_RECORDED listener: the referee's first qualifying purchase rewards the referrer.

    Runs inside the sale's transaction, so the sale and the reward land together. Returns
    a message for the till, or None.
    """
    if not contact_id or amount_minor <= 0:
        return None
    referee = Contact.get_or_none(Contact.id == contact_id)
    if referee is None or referee.referred_by_id is None:
        return None
    prog = programme()
    if not prog.enabled:
        return None
    on = dt.date.today()
    issued = [_welcome(referee, prog, staff_id=staff_id, on=on)]
    points = ""
    if prog.trigger == "first_purchase" and amount_minor >= prog.min_purchase_minor:
        got = _reward_referrer(referee, prog, staff_id=staff_id, sale_id=sale_id, on=on)
        issued.append(got if isinstance(got, int) else None)
        points = got if isinstance(got, str) else ""
    return " ".join(_messages(issued, points)) or None


def on_contact_created(contact_id: int, **_: Any) -> list[str]:
    """CONTACT_CREATED listener: a contact created with "referred by" set counts as a referral."""
    referrer = Contact.select(Contact.referred_by).where(Contact.id == contact_id).scalar()
    if referrer is None:
        return []
    return on_referral_recorded(contact_id)


def on_contacts_created(contact_ids: list[int]) -> list[str]:
    """``on_contact_created`` for many new contacts at once (an import)."""
    out: list[str] = []
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        wanted = set(chunk)
        referred = (
            Contact.select(Contact.id)
            .where(Contact.id.between(min(chunk), max(chunk)) & Contact.referred_by.is_null(False))
            .order_by(Contact.id)
            .tuples()
        )
        for (cid,) in referred:
            if cid in wanted:
                out += on_referral_recorded(cid)
    return out


def on_referrer_changed(contact_id: int, referrer_id: int | None, **_: Any) -> list[str]:
    """REFERRER_CHANGED listener (a contact card saved with another "referred by").

    Runs inside the save's transaction: a loop or a self-referral raises and nothing is
    saved; a new referrer counts as a referral (welcome voucher, "at once" reward).
    """
    validate_referrer(contact_id, referrer_id)
    if referrer_id is None:
        return []
    return on_referral_recorded(contact_id)


def reward_messages(referee_id: int, since: dt.datetime | None = None) -> list[str]:
    """What the referral of ``referee_id`` gave (since ``since``), in words for the till.

    The contact services return no listener messages, so a page that just saved a contact
    with "referred by" asks here: "Anna gets a referral voucher: $5.00 off (…)."
    """
    query = ReferralReward.select().where(ReferralReward.referee == referee_id)
    if since is not None:
        query = query.where(ReferralReward.created_at >= since)
    out: list[str] = []
    for reward in query.order_by(ReferralReward.role, ReferralReward.id):
        if reward.outcome == "capped" and reward.referrer_id:
            name = Contact.get_by_id(reward.referrer_id).display_name
            out.append(f"{name} has had the most referral rewards allowed this period; none now.")
        elif reward.outcome == "points" and reward.referrer_id:
            name = Contact.get_by_id(reward.referrer_id).display_name
            out.append(f"{name} earns {reward.points} referral points.")
        else:
            ids = [v.id for v in Voucher.select(Voucher.id).where(Voucher.referral == reward.id)]
            out.extend(_messages(list(ids)))
    return out


def rewards_for(contact_id: int) -> list[Voucher]:
    """Vouchers this contact received for referring others."""
    return list(
        Voucher.select()
        .where((Voucher.beneficiary == contact_id) & (Voucher.kind == "referral"))
        .order_by(Voucher.issued_at.desc())
    )


def install() -> None:
    """Subscribe the listeners (idempotent); called when this module is imported."""
    events.subscribe(events.SALE_RECORDED, on_sale_recorded)
    events.subscribe(events.CONTACT_CREATED, on_contact_created)
    events.subscribe_batch(on_contact_created, on_contacts_created)
    events.subscribe(events.REFERRER_CHANGED, on_referrer_changed)


install()
