"""Adjust a customer's points by hand: a number (minus takes off) and a reason, always.

The ledger is append-only, so a mistake is put right by a new, reasoned row. With staff
roles on only an owner may adjust; the service says so in plain words and the dialog
shows it inline, storing nothing.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError, ValidationError
from relbook.services import loyalty
from relbook.ui.counter.style import MESSAGE_STYLE, set_tone

_POINTS = re.compile(r"^\s*([+\-−]?)\s*(\d+)\s*$")


def parse_points(text: str) -> int:
    """ "+20", "20", "-15", "−15" → a signed whole number of points."""
    match = _POINTS.match(text or "")
    if not match:
        raise ValidationError("points", "Points: type a whole number, e.g. 20 or -15.")
    sign, digits = match.groups()
    return -int(digits) if sign in ("-", "−") else int(digits)


class AdjustPointsDialog(QDialog):
    """``new_balance`` holds the balance after a successful adjustment."""

    def __init__(
        self,
        contact_id: int,
        name: str,
        balance: int,
        *,
        staff_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adjustDialog")
        self.setStyleSheet(MESSAGE_STYLE)
        self.contact_id = contact_id
        self.staff_id = staff_id
        self.new_balance: int | None = None
        self.points_changed = 0
        self.setWindowTitle(f"Adjust points — {name}")
        self.setMinimumWidth(440)
        intro = QLabel(f"{name} has <b>{balance:,}</b> points now.")
        self.points = QLineEdit()
        self.points.setObjectName("adjustPoints")
        self.points.setPlaceholderText("e.g. 20, or -15 to take off")
        self.points.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[+\-−]?\d{0,6}"), self)
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("adjustReason")
        self.reason.setPlaceholderText("Why? e.g. Sorry for the wait")
        self.reason.setMaxLength(200)
        suggestions = loyalty.recent_adjust_reasons()
        if suggestions:
            completer = QCompleter(suggestions, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.reason.setCompleter(completer)
        self.message = QLabel()
        self.message.setObjectName("counterMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow("Points", self.points)
        form.addRow("Reason", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Adjust")
        buttons.accepted.connect(self.on_adjust)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.points.setFocus()

    def on_adjust(self) -> None:
        try:
            points = parse_points(self.points.text())
            self.new_balance = loyalty.adjust(
                self.contact_id, points, self.reason.text(), staff_id=self.staff_id
            )
        except RelbookError as exc:
            self.say(str(exc))
            field = getattr(exc, "field", "")
            (self.reason if field == "reason" else self.points).setFocus()
            return
        self.points_changed = points
        self.accept()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_tone(self.message, "error")
