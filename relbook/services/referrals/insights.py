"""What referrals bring the shop: top referrers, a referrer's referees and what they spent.

Read-only figures for the Referrals view, the command line and reports. Spend is sales
net of refunds (a refund is a negative sale). Everything is computed by the database in
a few grouped queries, so a book of 100,000 contacts answers at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.store.models import Contact, Sale
from relbook.store.models.vouchers import ReferralReward, Voucher

RANKINGS = ("count", "spend")


@dataclass(frozen=True, slots=True)
class TopReferrer:
    contact_id: int
    display_name: str
    referrals: int  # customers they referred directly
    referee_spend_minor: int  # what those customers spent, net of refunds
    rewards: int  # rewards they received for it (vouchers or points; capped ones not)


@dataclass(frozen=True, slots=True)
class Referee:
    """One customer a referrer brought in."""

    contact_id: int
    display_name: str
    joined: dt.datetime
    spend_minor: int
    referred: int  # how many they in turn referred
    archived: bool


@dataclass(frozen=True, slots=True)
class Summary:
    referred_customers: int
    referrers: int
    referee_spend_minor: int
    reward_vouchers: int
    reward_vouchers_redeemed: int


def _spend_by_referrer() -> dict[int, int]:
    Ref = Contact.alias("referee")
    query = (
        Sale.select(
            Ref.referred_by.alias("referrer_id"),
            peewee.fn.COALESCE(peewee.fn.SUM(Sale.amount_minor), 0).alias("spend"),
        )
        .join(Ref, on=(Sale.contact == Ref.id))
        .where(Ref.referred_by.is_null(False))
        .group_by(Ref.referred_by)
    )
    return {row.referrer_id: int(row.spend) for row in query.objects()}


def _rewards_by_referrer() -> dict[int, int]:
    query = (
        ReferralReward.select(
            ReferralReward.referrer.alias("referrer_id"), peewee.fn.COUNT(ReferralReward.id)
        )
        .where(
            (ReferralReward.role == "referrer")
            & (ReferralReward.outcome != "capped")
            & ReferralReward.referrer.is_null(False)
        )
        .group_by(ReferralReward.referrer)
        .tuples()
    )
    return {referrer: int(n) for referrer, n in query}


def top_referrers(*, by: str = "count", limit: int = 10) -> list[TopReferrer]:
    """Referrers ranked by how many they referred ("count") or what those spent ("spend")."""
    if by not in RANKINGS:
        raise ValidationError("by", "Rank by “count” or “spend”.")
    Ref = Contact.alias("referee")
    counts = (
        Contact.select(Contact.id, Contact.display_name, peewee.fn.COUNT(Ref.id).alias("n"))
        .join(Ref, on=(Ref.referred_by == Contact.id))
        .group_by(Contact.id, Contact.display_name)
        .tuples()
    )
    spend = _spend_by_referrer()
    rewards = _rewards_by_referrer()
    rows = [
        TopReferrer(cid, name, int(n), spend.get(cid, 0), rewards.get(cid, 0))
        for cid, name, n in counts
    ]
    if by == "count":
        rows.sort(key=lambda r: (-r.referrals, -r.referee_spend_minor, r.display_name))
    else:
        rows.sort(key=lambda r: (-r.referee_spend_minor, -r.referrals, r.display_name))
    return rows[:limit]


def referees(referrer_id: int) -> list[Referee]:
    """Everyone ``referrer_id`` referred directly, oldest first, with what each spent."""
    if not Contact.select().where(Contact.id == referrer_id).exists():
        raise NotFoundError(f"There is no contact number {referrer_id}.")
    Below = Contact.alias("below")
    spend = Sale.select(peewee.fn.COALESCE(peewee.fn.SUM(Sale.amount_minor), 0)).where(
        Sale.contact == Contact.id
    )
    referred = Below.select(peewee.fn.COUNT(Below.id)).where(Below.referred_by == Contact.id)
    query = (
        Contact.select(
            Contact.id,
            Contact.display_name,
            Contact.created_at,
            Contact.archived_at,
            spend.alias("spend"),
            referred.alias("referred"),
        )
        .where(Contact.referred_by == referrer_id)
        .order_by(Contact.created_at, Contact.id)
        .tuples()
    )
    return [
        Referee(cid, name, created, int(total or 0), int(n or 0), archived is not None)
        for cid, name, created, archived, total, n in query
    ]


def summary() -> Summary:
    """The programme at a glance: who came through a referral and what it gave."""
    referred = Contact.select().where(Contact.referred_by.is_null(False))
    referrers = (
        Contact.select(Contact.referred_by)
        .where(Contact.referred_by.is_null(False))
        .distinct()
        .count()
    )
    rewards = Voucher.select().where(Voucher.kind == "referral")
    return Summary(
        referred_customers=referred.count(),
        referrers=referrers,
        referee_spend_minor=sum(_spend_by_referrer().values()),
        reward_vouchers=rewards.count(),
        reward_vouchers_redeemed=rewards.where(Voucher.state == "redeemed").count(),
    )
