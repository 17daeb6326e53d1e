"""Rewards the customer can take, and partial redemption of any number of points."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from relbook.services.loyalty import RewardOption


class RedeemPanel(QWidget):
    reward_chosen = Signal(str)  # reward name
    points_chosen = Signal(str)  # the typed text (validated by the page)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        partial = QHBoxLayout()
        take_off = QLabel("Or take off")
        take_off.setObjectName("plainLabel")
        partial.addWidget(take_off)
        partial.addWidget(self.points)
        partial.addWidget(self.redeem_button)
        self.value_hint = QLabel()
        self.value_hint.setObjectName("customerMeta")
        partial.addWidget(self.value_hint)
        partial.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addLayout(self.rewards_row)
        layout.addLayout(partial)
        self.points.returnPressed.connect(self._on_points)
        self.redeem_button.clicked.connect(self._on_points)

    def show_rewards(self, options: tuple[RewardOption, ...]) -> None:
        """Buttons for the catalogue; only rewards the balance covers are enabled."""
        labels = [f"{o.reward.name}  ·  {o.reward.cost} pts" for o in options]
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
                button.clicked.connect(lambda _=False, n=name: self.reward_chosen.emit(n))
                self.rewards_row.addWidget(button)
                self.buttons.append(button)
            self.rewards_row.addStretch(1)
        for option, button in zip(options, self.buttons, strict=True):
            button.setEnabled(option.affordable)
            button.setToolTip("Click to redeem" if option.affordable else "Not enough points yet")

    def set_value_hint(self, text: str) -> None:
        """What the typed points are worth ("= $0.50 off")."""
        self.value_hint.setText(text)

    def _on_points(self) -> None:
        self.points_chosen.emit(self.points.text())
