"""The customer card: big name and balance, tier, last visit and conversation cues."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from relbook.services.loyalty import Summary
from relbook.services.money import Money


@dataclass(frozen=True, slots=True)
class CardView:
    """Plain data the card shows (built by the page from the services)."""

    name: str
    card_code: str
    summary: Summary
    cues: tuple[str, ...]


class CustomerCard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        self.name.setObjectName("customerName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier = QLabel()
        self.tier.setObjectName("tierBadge")
        self.balance = QLabel()
        self.balance.setObjectName("customerBalance")
        unit = QLabel("points")
        unit.setObjectName("balanceUnit")
        self.meta = QLabel()
        self.meta.setObjectName("customerMeta")
        self.meta.setWordWrap(True)
        self.cue_labels = [QLabel() for _ in range(3)]
        for label in self.cue_labels:
            label.setObjectName("cueLine")
            label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.tier, 0, Qt.AlignmentFlag.AlignVCenter)
        points = QHBoxLayout()
        points.setSpacing(8)
        points.addWidget(self.balance, 0, Qt.AlignmentFlag.AlignBaseline)
        points.addWidget(unit, 0, Qt.AlignmentFlag.AlignBaseline)
        points.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(points)
        layout.addWidget(self.meta)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.NoFrame)
        line.setFixedHeight(4)
        layout.addWidget(line)
        for label in self.cue_labels:
            layout.addWidget(label)

    def show_customer(self, view: CardView, money: Money) -> None:
        s = view.summary
        self.name.setText(view.name)
        self.balance.setText(f"{s.balance:,}")
        self.tier.setText(s.tier.name if s.tier else "")
        self.tier.setVisible(s.tier is not None)
        parts = [f"Card {view.card_code}"] if view.card_code else []
        parts.append(f"{s.visits} visit{'s' if s.visits != 1 else ''}")
        parts.append(f"{money.format(s.spend_12m_minor)} in 12 months")
        if s.next_tier is not None:
            gap = s.next_tier.min_spend_minor - s.spend_12m_minor
            parts.append(f"{money.format(gap)} more to {s.next_tier.name}")
        self.meta.setText("  ·  ".join(parts))
        for label, cue in zip(self.cue_labels, [*view.cues, "", "", ""], strict=False):
            label.setText(cue)
            label.setVisible(bool(cue))

    def cues_shown(self) -> list[str]:
        return [label.text() for label in self.cue_labels if label.isVisibleTo(self)]
