"""Recording a sale at the counter: the amount (and an optional note), a live "earns N
points" hint while typing, Enter records it.

Double Enter and bouncing scanners: after a sale focus returns to the (empty) customer
input, an identical sale within REPEAT_SECONDS is ignored, and each attempt carries a
client token the service records once. A loyalty card or a voucher scanned into the
amount field is handed on as a scan, never read as an amount.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from relbook.errors import RelbookError, ValidationError
from relbook.services import loyalty
from relbook.services.codes import looks_like_card_code, looks_like_voucher_code
from relbook.services.counter import sales
from relbook.services.loyalty.rules import LoyaltyRules, earn
from relbook.services.money import Money
from relbook.ui.context import AppContext
from relbook.ui.counter.amount_entry import AmountEntry
from relbook.ui.counter.customer_card import CardView

REPEAT_SECONDS = 1.5


class SaleEntry(QObject):
    """The amount field for the customer shown (``customer()``: their id and card, or
    None). ``money()`` and ``rules()`` are the shop's as they are now."""

    #: what to tell the cashier, and how ("ok", "error")
    said = Signal(str, str)
    #: a sale was recorded for this contact
    recorded = Signal(int)
    #: a loyalty card or a voucher was scanned into the amount field
    card_scanned = Signal(str)
    voucher_scanned = Signal(str)

    def __init__(
        self,
        context: AppContext,
        customer: Callable[[], tuple[int, CardView] | None],
        money: Callable[[], Money],
        rules: Callable[[], LoyaltyRules],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customer = customer
        self.money = money
        self.rules = rules
        self.amount = AmountEntry()
        self._token: str | None = None
        self._last_sale: tuple[int | None, int, float] | None = None
        self.amount.input.textEdited.connect(self.on_amount_edited)
        self.amount.input.returnPressed.connect(self.on_amount_entered)
        self.amount.note.returnPressed.connect(self.on_amount_entered)

    def reset(self) -> None:
        """A new customer: an empty amount and a new attempt."""
        self._token = None
        self.amount.clear()

    def update_hint(self) -> None:
        """The customer's points changed: say again what the amount typed earns."""
        self.on_amount_edited(self.amount.input.text(), keep_token=True)

    def on_amount_edited(self, text: str, keep_token: bool = False) -> None:
        """Live: what the typed amount will earn."""
        if not keep_token:
            self._token = None
        shown = self.customer()
        if shown is None:
            return
        money, rules = self.money(), self.rules()
        try:
            minor = money.parse(text)
        except ValidationError as exc:
            # mid-typing ("12.") says nothing; a finished-looking mistake says why at once
            self.amount.set_hint(str(exc) if text.strip()[-1:].isdigit() else "")
            return
        if minor > rules.max_sale_minor:
            self.amount.set_hint(f"More than {money.format(rules.max_sale_minor)}?")
            return
        s = shown[1].summary
        earning = earn(
            rules,
            minor,
            digits=money.digits,
            day=loyalty.local_day(),
            tier=s.tier,
            birthday_due=s.birthday_bonus_due,
        )
        hint = f"Earns {earning.points} point{'s' if earning.points != 1 else ''}"
        for reason, extra in earning.bonuses:
            hint += f"  + {extra} {reason.lower()}"
        if minor < rules.min_spend_minor:
            hint = f"No points below {money.format(rules.min_spend_minor)}"
        self.amount.set_hint(hint + "  —  Enter records the sale")

    def _amount(self, text: str) -> int:
        """The typed amount in minor units, or ValidationError in the shop's words."""
        money, rules = self.money(), self.rules()
        minor = money.parse(text)
        if minor > rules.max_sale_minor:
            raise ValidationError(
                "amount",
                f"Amount: {money.format(minor)} is more than the most a sale may be "
                f"({money.format(rules.max_sale_minor)}). Check the amount.",
            )
        if minor == 0:
            raise ValidationError("amount", "Amount must be more than zero.")
        return minor

    def on_amount_entered(self) -> None:
        text = self.amount.input.text().strip()
        recent = (
            self._last_sale is not None and time.monotonic() - self._last_sale[2] < REPEAT_SECONDS
        )
        if looks_like_card_code(text):  # a scan landed here: switch customer
            self.amount.input.clear()
            self.card_scanned.emit(text)
            return
        if looks_like_voucher_code(text):  # a voucher scanned while a customer is shown
            self.amount.input.clear()
            self.voucher_scanned.emit(text)
            return
        if not text:
            if not recent:
                self.said.emit("Amount: type the amount, then Enter.", "error")
            return
        try:
            minor = self._amount(text)
        except ValidationError as exc:
            self.said.emit(str(exc), "error")
            self.amount.input.selectAll()
            return
        shown = self.customer()
        contact_id = shown[0] if shown else None
        if recent and self._last_sale[:2] == (contact_id, minor):  # type: ignore[index]
            return
        if self._token is None:
            self._token = uuid.uuid4().hex
        self.amount.input.setEnabled(False)
        try:
            result = sales.record_sale(
                contact_id,
                minor,
                staff_id=self.context.staff_id,
                note=self.amount.note.text(),
                client_token=self._token,
            )
        except RelbookError as exc:
            self.said.emit(str(exc), "error")
            return
        finally:
            self.amount.input.setEnabled(True)
        self._last_sale = (contact_id, minor, time.monotonic())
        self._token = None
        self.amount.clear()
        money = self.money()
        text = f"Recorded {money.format(minor)}"
        if result.duplicate:
            text = f"Already recorded: {money.format(minor)}"
        text += f"  ·  +{result.points + result.bonus_points} points  ·  balance {result.balance}"
        for extra in result.messages:
            text += f"\n{extra}"
        self.said.emit(text, "ok")
        self.recorded.emit(result.contact_id or 0)
