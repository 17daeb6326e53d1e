"""Rewards the customer can take, and partial redemption of any number of points.

The panel redeems through ``relbook.services.loyalty`` for the customer it was shown and
says what happened with ``redeemed(message)`` (the counter reloads the card) or
``failed(message)`` (the balance is shown when there are too few points). While points
are typed it shows what they are worth ("= $2.50 off").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from relbook.errors import RelbookError, ValidationError
from relbook.services import loyalty, typed
from relbook.services.loyalty import RewardOption
from relbook.services.loyalty.rules import LoyaltyRules
from relbook.services.money import Money


class RedeemPanel(QWidget):
    redeemed = Signal(str)  # what to tell the cashier ("Free coffee redeemed")
    failed = Signal(str)

    def __init__(
        self, staff_id: Callable[[], int | None] = lambda: None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.staff_id = staff_id
        self.contact_id: int | None = None
        self.balance = 0
        self.money = Money()
        self.rules = LoyaltyRules()
        title = QLabel("Rewards")
        title.setObjectName("sectionTitle")
        self.rewards_row = QHBoxLayout()
        self.rewards_row.setSpacing(8)
        self.buttons: list[QPushButton] = []
        self.points = QLineEdit()
        self.points.setObjectName("redeemPoints")
        self.points.setPlaceholderText("points")
        self.points.setValidator(QIntValidator(0, 10_000_000, self))
        self.points.setMaximumWidth(120)
        self.redeem_button = QPushButton("Redeem points  (Ctrl+R)")
        self.redeem_button.setObjectName("redeemButton")
        self.value_hint = QLabel()
        self.value_hint.setObjectName("customerMeta")
        partial = QHBoxLayout()
        take_off = QLabel("Or take off")
        take_off.setObjectName("plainLabel")
        partial.addWidget(take_off)
        partial.addWidget(self.points)
        partial.addWidget(self.redeem_button)
        partial.addWidget(self.value_hint)
        partial.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addLayout(self.rewards_row)
        layout.addLayout(partial)
        self.points.returnPressed.connect(self.on_redeem_points)
        self.redeem_button.clicked.connect(self.on_redeem_points)
        self.points.textEdited.connect(self.on_points_typed)

    def show_customer(
        self,
        contact_id: int,
        balance: int,
        options: tuple[RewardOption, ...],
        money: Money,
        rules: LoyaltyRules,
    ) -> None:
        self.contact_id, self.balance, self.money, self.rules = contact_id, balance, money, rules
        self.show_rewards(options)
        self.on_points_typed(self.points.text())

    def clear(self) -> None:
        self.contact_id = None
        self.points.clear()
        self.value_hint.clear()

    def show_rewards(self, options: tuple[RewardOption, ...]) -> None:
        """Buttons for the catalogue; only rewards the balance covers are enabled."""
        labels = [f"{o.reward.label(self.money.format)}  ·  {o.reward.cost} pts" for o in options]
        if labels != [b.text() for b in self.buttons]:
            while self.rewards_row.count():
                item = self.rewards_row.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            self.buttons = []
            for option, label in zip(options, labels, strict=True):
                button = QPushButton(label)
                button.setObjectName("rewardButton")
                name = option.reward.name
                button.clicked.connect(lambda _=False, n=name: self.on_reward(n))
                self.rewards_row.addWidget(button)
                self.buttons.append(button)
            self.rewards_row.addStretch(1)
        for option, button in zip(options, self.buttons, strict=True):
            button.setEnabled(option.affordable)
            button.setToolTip("Click to redeem" if option.affordable else "Not enough points yet")

    def on_points_typed(self, text: str) -> None:
        """Live: what the typed points are worth when taken off a sale."""
        points = _points(text) or 0
        if points <= 0:
            self.value_hint.setText("")
        elif points > self.balance:
            self.value_hint.setText(f"Only {self.balance:,} available")
        else:
            value = self.money.format(points * self.rules.point_value_minor)
            self.value_hint.setText(f"= {value} off")

    def on_reward(self, name: str) -> None:
        if self.contact_id is None:
            return
        try:
            loyalty.redeem_reward(self.contact_id, name, staff_id=self.staff_id())
        except RelbookError as exc:
            self.failed.emit(str(exc))
            return
        reward = next((r for r in self.rules.rewards if r.name == name), None)
        shown = reward.label(self.money.format) if reward is not None else name
        if reward is not None and reward.kind == "amount_off" and reward.value_minor:
            value = self.money.format(reward.value_minor)
            self.redeemed.emit(f"{shown} redeemed — take {value} off the sale")
        else:
            self.redeemed.emit(f"{shown} redeemed")

    def on_redeem_points(self) -> None:
        if self.contact_id is None:
            return
        points = _points(self.points.text())
        if points is None:
            self.failed.emit("Points to redeem: type how many points to take off.")
            return
        try:
            loyalty.redeem_points(self.contact_id, points, staff_id=self.staff_id())
        except RelbookError as exc:
            self.failed.emit(str(exc))
            return
        self.points.clear()
        self.value_hint.clear()
        value = self.money.format(points * self.rules.point_value_minor)
        self.redeemed.emit(f"{points} points redeemed — take {value} off the sale")


def _points(text: str) -> int | None:
    """Points typed (1 to 10,000,000, digits 0–9), or None."""
    try:
        return typed.whole_number(text, field="points", label="Points", low=1, high=10_000_000)
    except ValidationError:
        return None
