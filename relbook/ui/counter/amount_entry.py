"""The amount field with the live "earns N points" hint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class AmountEntry(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Amount")
        self.label.setObjectName("amountLabel")
        self.input = QLineEdit()
        self.input.setObjectName("amountInput")
        self.input.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.input.setMaxLength(24)
        self.currency = QLabel()
        self.currency.setObjectName("amountLabel")
        self.hint = QLabel()
        self.hint.setObjectName("earnHint")
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.currency)
        row.addWidget(self.input, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.hint)

    def set_currency(self, symbol: str, example: str) -> None:
        self.currency.setText(symbol)
        self.input.setPlaceholderText(example)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
