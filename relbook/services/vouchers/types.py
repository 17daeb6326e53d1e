"""Plain data for vouchers: a value, a row to show, and the problems a counter can meet.

Kept apart from ``vouchers`` so the GUI, the command line and printing share them
without pulling in the database code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from relbook.errors import RelbookError, ValidationError
from relbook.services.typed import clean_line

KIND_LABELS = {
    "referral": "Referral reward",
    "welcome": "Welcome",
    "birthday": "Birthday",
    "goodwill": "Goodwill",
}
STATE_LABELS = {
    "issued": "Issued",
    "printed": "Printed",
    "redeemed": "Redeemed",
    "void": "Void",
    "expired": "Expired",
}


@dataclass(frozen=True, slots=True)
class VoucherValue:
    """What a voucher is worth: one of an amount off, a percentage, a free item, points."""

    kind: str  # "amount_off" | "percent_off" | "free_item" | "points"
    amount_minor: int | None = None
    percent: int | None = None
    free_item: str = ""
    points: int | None = None

    @classmethod
    def amount(cls, minor: int) -> VoucherValue:
        return cls("amount_off", amount_minor=minor)

    @classmethod
    def percent_off(cls, percent: int) -> VoucherValue:
        return cls("percent_off", percent=percent)

    @classmethod
    def item(cls, text: str) -> VoucherValue:
        return cls("free_item", free_item=text)

    @classmethod
    def points_of(cls, points: int) -> VoucherValue:
        return cls("points", points=points)

    def validate(self, field_name: str = "value") -> VoucherValue:
        """Return a cleaned copy, or raise a ValidationError naming the field."""
        if self.kind == "amount_off":
            if not self.amount_minor or self.amount_minor <= 0:
                raise ValidationError(field_name, "Value: the amount off must be above zero.")
            return VoucherValue.amount(int(self.amount_minor))
        if self.kind == "percent_off":
            if not self.percent or not 1 <= self.percent <= 100:
                raise ValidationError(field_name, "Value: the percentage must be 1 to 100.")
            return VoucherValue.percent_off(int(self.percent))
        if self.kind == "free_item":
            text = " ".join(clean_line(self.free_item).split())
            if not text:
                raise ValidationError(field_name, "Value: name the free item.")
            if len(text) > 120:
                raise ValidationError(field_name, "Value: the free item's name is too long.")
            return VoucherValue.item(text)
        if self.kind == "points":
            if not self.points or self.points <= 0:
                raise ValidationError(field_name, "Value: the points must be above zero.")
            return VoucherValue.points_of(int(self.points))
        raise ValidationError(field_name, f"Value: “{self.kind}” is not a kind of value.")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "amount_off":
            out["amount_minor"] = self.amount_minor
        elif self.kind == "percent_off":
            out["percent"] = self.percent
        elif self.kind == "free_item":
            out["free_item"] = self.free_item
        else:
            out["points"] = self.points
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoucherValue:
        return cls(
            str(data.get("kind", "")),
            amount_minor=data.get("amount_minor"),
            percent=data.get("percent"),
            free_item=str(data.get("free_item") or ""),
            points=data.get("points"),
        )


@dataclass(frozen=True, slots=True)
class VoucherView:
    """One voucher as people see it (the code grouped, names and texts filled in)."""

    id: int
    code: str  # grouped, e.g. 7K9Q-X3M2-ABCD
    kind: str
    value: VoucherValue
    value_text: str  # "$5.00 off", "10% off", "Free: Flat white", "50 points"
    currency: str
    beneficiary_id: int | None
    beneficiary_name: str
    note: str
    issued_at: dt.datetime
    issued_by: str
    expires_on: dt.date | None
    state: str  # effective: an open voucher past its date shows as "expired"
    printed_at: dt.datetime | None
    redeemed_at: dt.datetime | None
    redeemed_by: str
    voided_at: dt.datetime | None
    void_reason: str

    @property
    def redeemable(self) -> bool:
        return self.state in ("issued", "printed")

    def to_json(self) -> dict[str, Any]:
        def iso(value: dt.date | dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "code": self.code,
            "kind": self.kind,
            "value": self.value.to_dict(),
            "value_text": self.value_text,
            "currency": self.currency,
            "beneficiary_id": self.beneficiary_id,
            "beneficiary": self.beneficiary_name,
            "note": self.note,
            "issued_at": iso(self.issued_at),
            "issued_by": self.issued_by,
            "expires_on": iso(self.expires_on),
            "state": self.state,
            "printed_at": iso(self.printed_at),
            "redeemed_at": iso(self.redeemed_at),
            "redeemed_by": self.redeemed_by,
            "void_reason": self.void_reason,
        }


class VoucherProblem(RelbookError):
    """A code that cannot be redeemed, with why and what to offer instead.

    ``reason`` is "format", "unknown", "check", "redeemed", "void" or "expired";
    ``voucher`` is the stored voucher when there is one; ``suggestions`` are existing
    codes one typo away ("did you mean …?").
    """

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        voucher: VoucherView | None = None,
        suggestions: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.voucher = voucher
        self.suggestions = list(suggestions or [])


@dataclass(frozen=True, slots=True)
class Filters:
    """What the voucher list shows. ``state`` is an effective state or None for all."""

    state: str | None = None
    kind: str | None = None
    text: str = ""
    contact_id: int | None = None
    states: tuple[str, ...] = field(default_factory=tuple)
