"""The amount field with the live "earns N points" hint, and an optional note beside it.

Amount + Enter records the sale; Tab goes to the note ("oat flat white"), whose Enter
records it too. The note suggests what this customer had before, so "Usually: …" cues
come from what was typed here.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


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
        self.note = QLineEdit()
        self.note.setObjectName("saleNote")
        self.note.setPlaceholderText("Note (optional), e.g. oat flat white")
        self.note.setMaxLength(500)
        self._notes = QStringListModel(self)
        completer = QCompleter(self._notes, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.note.setCompleter(completer)
        self.hint = QLabel()
        self.hint.setObjectName("earnHint")
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.currency)
        row.addWidget(self.input, 3)
        row.addWidget(self.note, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.setTabOrder(self.input, self.note)

    def set_currency(self, symbol: str, example: str) -> None:
        self.currency.setText(symbol)
        self.input.setPlaceholderText(example)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)

    def set_suggestions(self, notes: list[str]) -> None:
        """What this customer had before, for the note's completer."""
        self._notes.setStringList(list(dict.fromkeys(n for n in notes if n.strip())))

    def clear(self) -> None:
        self.input.clear()
        self.note.clear()
        self.hint.clear()
