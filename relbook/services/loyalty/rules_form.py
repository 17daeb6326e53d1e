"""The loyalty programme as a form: plain text fields in, checked ``LoyaltyRules`` out.

The Settings page (and ``relbook settings``) fills a ``LoyaltyForm`` with what the person
typed; ``to_rules`` reads every number the shop's way ("1,5" or "1.5" points, "12,50"
or "12.50" as money), checks it and names the first mistake in plain words as
``ValidationError(field, message)`` — the field is "points_per_unit" or, inside a list,
"rewards.2.cost" — so the page can show it beside the right box. ``save`` writes the
rules in one transaction, keeping the till's largest sale (a Shop setting) as stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction

from relbook.errors import ValidationError
from relbook.services import loyalty, typed
from relbook.services.loyalty.rules import (
    EXPIRY,
    MODES,
    REWARD_KINDS,
    ROUNDING,
    LoyaltyRules,
    Promotion,
    Reward,
    Tier,
    earn,
)
from relbook.services.money import Money, shop_money
from relbook.store.db import database

MAX_POINTS_PER_UNIT = 1_000
MAX_MULTIPLIER = 10
MAX_POINTS = 1_000_000
MAX_MONTHS = 120

_DECIMAL = re.compile(r"^\s*([0-9]{1,9})(?:[.,]([0-9]{1,6}))?\s*$")


@dataclass
class RewardRow:
    name: str = ""
    cost: str = ""
    kind: str = "free_item"
    value: str = ""  # amount off (money), for "amount_off"


@dataclass
class TierRow:
    name: str = ""
    min_spend: str = ""  # money
    multiplier: str = "1"


@dataclass
class PromotionRow:
    name: str = ""
    start: str = ""  # ISO date
    end: str = ""
    multiplier: str = "1"
    bonus: str = "0"


@dataclass
class LoyaltyForm:
    """Every box of the Loyalty section as text (what the person sees)."""

    mode: str = "per_unit"
    points_per_unit: str = "1"
    rounding: str = "down"
    points_per_visit: str = "10"
    min_spend: str = ""
    point_value: str = ""
    birthday_bonus: str = "0"
    expiry_mode: str = "none"
    expiry_months: str = "12"
    rewards: list[RewardRow] = field(default_factory=list)
    tiers: list[TierRow] = field(default_factory=list)
    promotions: list[PromotionRow] = field(default_factory=list)

    def copy(self) -> LoyaltyForm:
        return dataclasses.replace(
            self,
            rewards=[dataclasses.replace(r) for r in self.rewards],
            tiers=[dataclasses.replace(t) for t in self.tiers],
            promotions=[dataclasses.replace(p) for p in self.promotions],
        )


# -- rules → form ----------------------------------------------------------------------------


def _number(value: float) -> str:
    """1.0 → "1", 1.25 → "1.25" (at most three decimals, as a person types them)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def to_form(rules: LoyaltyRules, money: Money | None = None) -> LoyaltyForm:
    money = money or shop_money()
    return LoyaltyForm(
        mode=rules.mode,
        points_per_unit=_number(rules.points_per_unit),
        rounding=rules.rounding,
        points_per_visit=str(rules.points_per_visit),
        min_spend=money.plain(rules.min_spend_minor),
        point_value=money.plain(rules.point_value_minor),
        birthday_bonus=str(rules.birthday_bonus),
        expiry_mode=rules.expiry_mode,
        expiry_months=str(rules.expiry_months),
        rewards=[
            RewardRow(
                r.name,
                str(r.cost),
                r.kind,
                money.plain(r.value_minor) if r.kind == "amount_off" else "",
            )
            for r in rules.rewards
        ],
        tiers=[
            TierRow(t.name, money.plain(t.min_spend_minor), _number(t.multiplier))
            for t in sorted(rules.tiers, key=lambda t: t.min_spend_minor)
        ],
        promotions=[
            PromotionRow(p.name, p.start, p.end, _number(p.multiplier), str(p.bonus))
            for p in rules.promotions
        ],
    )


# -- form → rules ----------------------------------------------------------------------------


def _whole(text: str, fld: str, label: str, low: int, high: int) -> int:
    return typed.whole_number(text, field=fld, label=label, low=low, high=high)


def _decimal(text: str, fld: str, label: str, low: float, high: float) -> float:
    match = _DECIMAL.match(text or "")
    if not match:
        raise ValidationError(fld, f"{label}: type a number such as 1 or 1.5.")
    whole, frac = match.groups()
    value = float(Fraction(f"{whole}.{frac or '0'}"))
    if not low <= value <= high:
        raise ValidationError(fld, f"{label}: a number from {low:g} to {high:g}.")
    return value


def _amount(text: str, fld: str, label: str, money: Money, *, required: bool = False) -> int:
    if not (text or "").strip():
        if required:
            raise ValidationError(fld, f"{label}: type an amount.")
        return 0
    try:
        return money.parse(text, field="amount")
    except ValidationError as exc:  # "Amount: … is not an amount" → "Minimum spend: …"
        rest = exc.message.removeprefix("Amount")
        raise ValidationError(fld, f"{label}{rest}") from None


def _date(text: str, fld: str, label: str) -> str:
    try:
        return dt.date.fromisoformat((text or "").strip()).isoformat()
    except ValueError:
        raise ValidationError(fld, f"{label}: choose a date.") from None


def to_rules(
    form: LoyaltyForm, money: Money | None = None, keep: LoyaltyRules | None = None
) -> LoyaltyRules:
    """Check the form and build the rules; ``keep`` supplies what the form does not edit."""
    money = money or shop_money()
    keep = keep or loyalty.get_rules()
    if form.mode not in MODES:
        raise ValidationError("mode", "Earning: choose per amount spent or per visit.")
    if form.rounding not in ROUNDING:
        raise ValidationError("rounding", "Rounding: choose down, to the nearest or up.")
    per_unit = _decimal(
        form.points_per_unit,
        "points_per_unit",
        "Points per " + money.symbol,
        0,
        MAX_POINTS_PER_UNIT,
    )
    per_visit = _whole(form.points_per_visit, "points_per_visit", "Points per visit", 0, 100_000)
    if form.mode == "per_unit" and per_unit == 0:
        raise ValidationError("points_per_unit", f"Points per {money.symbol}: more than 0.")
    if form.mode == "per_visit" and per_visit == 0:
        raise ValidationError("points_per_visit", "Points per visit: more than 0.")
    rules = LoyaltyRules(
        mode=form.mode,
        points_per_unit=per_unit,
        rounding=form.rounding,
        points_per_visit=per_visit,
        min_spend_minor=_amount(form.min_spend, "min_spend", "Minimum spend", money),
        max_sale_minor=keep.max_sale_minor,
        point_value_minor=_amount(form.point_value, "point_value", "Value of a point", money),
        birthday_bonus=_whole(
            form.birthday_bonus, "birthday_bonus", "Birthday bonus", 0, MAX_POINTS
        ),
        promotions=[_promotion(i, p) for i, p in enumerate(form.promotions)],
        rewards=[_reward(i, r, money) for i, r in enumerate(form.rewards)],
        tiers=[_tier(i, t, money) for i, t in enumerate(form.tiers)],
        expiry_mode=form.expiry_mode,
        expiry_months=keep.expiry_months,
    )
    if form.expiry_mode not in EXPIRY:
        raise ValidationError("expiry_mode", "Expiry: choose never, after earning or no visit.")
    if form.expiry_mode != "none":
        rules.expiry_months = _whole(
            form.expiry_months, "expiry_months", "Expire after", 1, MAX_MONTHS
        )
    _unique([r.name for r in rules.rewards], "rewards", "reward")
    _unique([t.name for t in rules.tiers], "tiers", "tier")
    spends = [t.min_spend_minor for t in rules.tiers]
    if len(set(spends)) != len(spends):
        raise ValidationError("tiers", "Tiers: two tiers start at the same spend.")
    rules.validate()
    return rules


def _unique(names: list[str], fld: str, what: str) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        key = name.casefold()
        if key in seen:
            raise ValidationError(f"{fld}.{i}.name", f"There are two {what}s called “{name}”.")
        seen.add(key)


def _reward(i: int, row: RewardRow, money: Money) -> Reward:
    label = f"Reward {i + 1}"
    name = " ".join(row.name.split())
    if not name:
        raise ValidationError(f"rewards.{i}.name", f"{label}: give it a name.")
    label = f"Reward “{name}”"
    cost = _whole(row.cost, f"rewards.{i}.cost", f"{label}, points", 1, MAX_POINTS)
    if row.kind not in REWARD_KINDS:
        raise ValidationError(f"rewards.{i}.kind", f"{label}: choose a free item or money off.")
    value = 0
    if row.kind == "amount_off":
        value = _amount(
            row.value, f"rewards.{i}.value", f"{label}, money off", money, required=True
        )
        if value <= 0:
            raise ValidationError(f"rewards.{i}.value", f"{label}: money off above zero.")
    return Reward(name, cost, row.kind, value)


def _tier(i: int, row: TierRow, money: Money) -> Tier:
    name = " ".join(row.name.split())
    if not name:
        raise ValidationError(f"tiers.{i}.name", f"Tier {i + 1}: give it a name.")
    label = f"Tier “{name}”"
    spend = _amount(row.min_spend, f"tiers.{i}.min_spend", f"{label}, 12-month spend", money)
    mult = _decimal(
        row.multiplier, f"tiers.{i}.multiplier", f"{label}, points ×", 0.1, MAX_MULTIPLIER
    )
    return Tier(name, spend, mult)


def _promotion(i: int, row: PromotionRow) -> Promotion:
    name = " ".join(row.name.split())
    if not name:
        raise ValidationError(f"promotions.{i}.name", f"Promotion {i + 1}: give it a name.")
    label = f"Promotion “{name}”"
    start = _date(row.start, f"promotions.{i}.start", f"{label}, first day")
    end = _date(row.end, f"promotions.{i}.end", f"{label}, last day")
    if end < start:
        raise ValidationError(f"promotions.{i}.end", f"{label}: ends before it starts.")
    mult = _decimal(
        row.multiplier, f"promotions.{i}.multiplier", f"{label}, points ×", 1, MAX_MULTIPLIER
    )
    bonus = _whole(
        row.bonus or "0", f"promotions.{i}.bonus", f"{label}, bonus points", 0, MAX_POINTS
    )
    if mult == 1 and bonus == 0:
        raise ValidationError(
            f"promotions.{i}.multiplier",
            f"{label}: give a points multiplier above 1 or some bonus points.",
        )
    return Promotion(name, start, end, mult, bonus)


# -- saving and explaining -------------------------------------------------------------------


def save(form: LoyaltyForm, money: Money | None = None) -> LoyaltyRules:
    """Check and store the rules in one transaction; returns what was stored."""
    with database.atomic():
        rules = to_rules(form, money, loyalty.get_rules())
        loyalty.save_rules(rules)
    return rules


def example(
    rules: LoyaltyRules, money: Money, amount_minor: int, day: dt.date | None = None
) -> str:
    """ "A sale of $12.50 earns 12 points (Silver 15, Gold 18)." — for the page."""
    day = day or dt.date.today()
    base = earn(rules, amount_minor, digits=money.digits, day=day)
    text = f"A sale of {money.format(amount_minor)} earns {base.points} point"
    text += "" if base.points == 1 else "s"
    tiers = sorted(rules.tiers, key=lambda t: t.min_spend_minor)
    extra = [
        f"{t.name} {earn(rules, amount_minor, digits=money.digits, day=day, tier=t).points}"
        for t in tiers
        if t.multiplier != 1
    ]
    if extra:
        text += f" ({', '.join(extra)})"
    if amount_minor < rules.min_spend_minor:
        text = f"A sale of {money.format(amount_minor)} is below the minimum spend: no points"
    return text + "."
