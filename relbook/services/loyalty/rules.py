"""The loyalty programme's rules: a plain dataclass stored as JSON in settings.

Pure: no database. ``earn`` works out what a sale earns from the rules, the customer's
tier and the day, so the till can show the points live while the amount is typed.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from relbook.errors import ValidationError

ROUNDING = ("down", "nearest", "up")
MODES = ("per_unit", "per_visit")
EXPIRY = ("none", "after_earning", "inactivity")
REWARD_KINDS = ("amount_off", "free_item")


@dataclass(slots=True)
class Promotion:
    """Between two local dates (inclusive), earn × ``multiplier`` plus ``bonus`` per sale."""

    name: str
    start: str  # ISO date
    end: str  # ISO date
    multiplier: float = 1.0
    bonus: int = 0

    def active(self, day: dt.date) -> bool:
        return dt.date.fromisoformat(self.start) <= day <= dt.date.fromisoformat(self.end)


@dataclass(slots=True)
class Reward:
    name: str
    cost: int  # points
    kind: str = "free_item"  # "amount_off" | "free_item"
    value_minor: int = 0  # for amount_off

    def label(self, money: Callable[[int], str]) -> str:
        """What the cashier reads, with the currency: an amount-off reward named only by
        its number ("5.00 off", the default) reads "$5.00 off"; a named one keeps its
        name and says what it is worth ("Birthday treat ($5.00 off)"). ``money`` formats
        minor units the shop's way (``Display.money``)."""
        if self.kind != "amount_off" or not self.value_minor:
            return self.name
        worth = f"{money(self.value_minor)} off"
        return worth if _only_an_amount(self.name) else f"{self.name} ({worth})"


def _only_an_amount(name: str) -> bool:
    """ "5.00 off", "$5 off", "5,00 €": digits, marks and currency signs, nothing else."""
    rest = name.casefold().replace("off", "")
    return not any(
        ch.isalpha() or (not ch.isspace() and unicodedata.category(ch) not in _AMOUNT_MARKS)
        for ch in rest
        if not ch.isdigit()
    )


_AMOUNT_MARKS = frozenset({"Sc", "Po", "Pd", "Zs"})  # currency, . , ' - and spaces


@dataclass(slots=True)
class Tier:
    name: str
    min_spend_minor: int  # rolling 12-month spend needed
    multiplier: float = 1.0


@dataclass(slots=True)
class LoyaltyRules:
    mode: str = "per_unit"
    points_per_unit: float = 1.0  # per whole currency unit (1 point per $1)
    rounding: str = "down"
    points_per_visit: int = 10
    min_spend_minor: int = 0
    max_sale_minor: int = 100_000  # larger amounts are refused as typing mistakes
    point_value_minor: int = 1  # what one point is worth when redeemed partially
    birthday_bonus: int = 50  # once, on the first sale in the birthday month (0: off)
    promotions: list[Promotion] = field(default_factory=list)
    rewards: list[Reward] = field(
        default_factory=lambda: [
            Reward("Free coffee", 100, "free_item"),
            Reward("5.00 off", 250, "amount_off", 500),
            Reward("Cake and coffee", 400, "free_item"),
        ]
    )
    tiers: list[Tier] = field(
        default_factory=lambda: [
            Tier("Bronze", 0, 1.0),
            Tier("Silver", 25_000, 1.25),
            Tier("Gold", 75_000, 1.5),
        ]
    )
    expiry_mode: str = "none"
    expiry_months: int = 12

    # -- (de)serialising -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> LoyaltyRules:
        data = dict(data or {})
        known = {f for f in cls.__dataclass_fields__}
        plain = {k: v for k, v in data.items() if k in known}
        if "promotions" in plain:
            plain["promotions"] = [Promotion(**p) for p in plain["promotions"]]
        if "rewards" in plain:
            plain["rewards"] = [Reward(**r) for r in plain["rewards"]]
        if "tiers" in plain:
            plain["tiers"] = [Tier(**t) for t in plain["tiers"]]
        rules = cls(**plain)
        rules.validate()
        return rules

    def validate(self) -> None:
        """Raise ValidationError naming the first setting that cannot work."""
        if self.mode not in MODES:
            raise ValidationError("mode", "Earning: choose per currency unit or per visit.")
        if self.rounding not in ROUNDING:
            raise ValidationError("rounding", "Rounding: choose down, nearest or up.")
        if self.expiry_mode not in EXPIRY:
            raise ValidationError(
                "expiry_mode", "Expiry: choose none, after earning or inactivity."
            )
        if self.points_per_unit < 0 or self.points_per_visit < 0:
            raise ValidationError("points_per_unit", "Points per sale cannot be negative.")
        if self.min_spend_minor < 0 or self.max_sale_minor <= 0:
            raise ValidationError("max_sale_minor", "Minimum and maximum sale must be positive.")
        if self.expiry_mode != "none" and self.expiry_months < 1:
            raise ValidationError("expiry_months", "Expiry: give at least one month.")
        for reward in self.rewards:
            if reward.cost <= 0 or not reward.name.strip():
                raise ValidationError("rewards", f"Reward “{reward.name}” needs a name and a cost.")
            if reward.kind not in REWARD_KINDS:
                raise ValidationError("rewards", f"Reward “{reward.name}” has an unknown kind.")
        for tier in self.tiers:
            if not tier.name.strip() or tier.min_spend_minor < 0 or tier.multiplier <= 0:
                raise ValidationError(
                    "tiers", f"Tier “{tier.name}” needs a name, a spend and a multiplier."
                )
        for promo in self.promotions:
            try:
                if dt.date.fromisoformat(promo.start) > dt.date.fromisoformat(promo.end):
                    raise ValidationError(
                        "promotions", f"Promotion “{promo.name}” ends before it starts."
                    )
            except ValueError as exc:
                raise ValidationError(
                    "promotions", f"Promotion “{promo.name}” has a bad date."
                ) from exc
            if promo.multiplier < 0 or promo.bonus < 0:
                raise ValidationError("promotions", f"Promotion “{promo.name}” cannot take points.")

    # -- working things out ----------------------------------------------------------------

    def tier_for(self, spend_minor: int) -> Tier | None:
        """The highest tier whose threshold the rolling 12-month spend reaches."""
        reached = [t for t in self.tiers if spend_minor >= t.min_spend_minor]
        return max(reached, key=lambda t: t.min_spend_minor) if reached else None

    def next_tier(self, spend_minor: int) -> Tier | None:
        ahead = [t for t in self.tiers if spend_minor < t.min_spend_minor]
        return min(ahead, key=lambda t: t.min_spend_minor) if ahead else None

    def round_points(self, raw: Fraction) -> int:
        if self.rounding == "up":
            return math.ceil(raw)
        if self.rounding == "nearest":
            return math.floor(raw + Fraction(1, 2))
        return math.floor(raw)


@dataclass(frozen=True, slots=True)
class Earning:
    """What a sale earns: base points (tier and promotion multipliers applied) and bonuses."""

    points: int
    bonuses: tuple[tuple[str, int], ...] = ()  # (reason, points)

    @property
    def total(self) -> int:
        return self.points + sum(p for _, p in self.bonuses)


def earn(
    rules: LoyaltyRules,
    amount_minor: int,
    *,
    digits: int,
    day: dt.date,
    tier: Tier | None = None,
    birthday_due: bool = False,
) -> Earning:
    """Points for a sale of ``amount_minor`` on ``day`` (nothing below the minimum spend)."""
    if amount_minor <= 0 or amount_minor < rules.min_spend_minor:
        return Earning(0)
    active = [p for p in rules.promotions if p.active(day)]
    multiplier = Fraction(str(tier.multiplier)) if tier else Fraction(1)
    best = max((Fraction(str(p.multiplier)) for p in active), default=Fraction(1))
    multiplier *= max(best, Fraction(1)) if active else Fraction(1)
    if rules.mode == "per_visit":
        raw = Fraction(rules.points_per_visit) * multiplier
    else:
        raw = Fraction(amount_minor, 10**digits) * Fraction(str(rules.points_per_unit)) * multiplier
    bonuses = [(f"Promotion: {p.name}", p.bonus) for p in active if p.bonus > 0]
    if birthday_due and rules.birthday_bonus > 0:
        bonuses.append(("Birthday month bonus", rules.birthday_bonus))
    return Earning(rules.round_points(raw), tuple(bonuses))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
