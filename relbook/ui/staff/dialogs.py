"""Small dialogs for the team: a new member (name, role, PIN), a new name, a new PIN.

PINs are typed twice, masked, digits only; mistakes are said under the fields and the
dialog stays open. The dialog only gathers; the Staff section does the change.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

_DIGITS = QRegularExpression(r"[0-9]{0,12}")


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(_DIGITS, field))
    field.setMaxLength(12)
    field.setPlaceholderText(QCoreApplication.translate("pin_field", "4–8 digits, owners 6–12"))
    return field


class _TeamDialog(QDialog):
    """What both dialogs share: a problem line under the fields, OK/Cancel, and the check
    that the PIN was typed the same twice."""

    pin: QLineEdit
    again: QLineEdit

    def _problem_and_buttons(self) -> QDialogButtonBox:
        self.problem = QLabel()
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8a2615;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        return buttons

    def _pins_match(self) -> bool:
        if self.pin.text() == self.again.text():
            return True
        self.problem.setText("The two PINs are not the same; type them again.")
        self.pin.clear()
        self.again.clear()
        self.pin.setFocus()
        return False

    def on_ok(self) -> None:
        if self._pins_match():
            self.accept()

    def say(self, text: str) -> None:
        """A problem found when the change was made (the dialog stays open)."""
        self.problem.setText(text)


class MemberDialog(_TeamDialog):
    """Name (and, for a new member, role and an optional PIN)."""

    def __init__(
        self,
        title: str,
        *,
        name: str = "",
        with_role: bool = True,
        with_pin: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("memberName")
        self.name.setMaxLength(80)
        form.addRow("Name", self.name)
        self.role = QComboBox()
        self.role.setObjectName("memberRole")
        self.role.addItem("Staff: counter work", "staff")
        self.role.addItem("Owner: everything", "owner")
        self.pin = pin_field("memberPin")
        self.again = pin_field("memberPinAgain")
        if with_role:
            form.addRow("Role", self.role)
        if with_pin:
            form.addRow("PIN (optional)", self.pin)
            form.addRow("PIN again", self.again)
        buttons = self._problem_and_buttons()
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.setFocus()

    def on_ok(self) -> None:
        if not " ".join(self.name.text().split()):
            self.problem.setText("Type the staff member's name.")
            return
        if self._pins_match():
            self.accept()


class PinDialog(_TeamDialog):
    """A new PIN for one person, typed twice."""

    def __init__(self, person: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"PIN for {person}")
        form = QFormLayout()
        self.pin = pin_field("newPin")
        self.again = pin_field("newPinAgain")
        form.addRow("New PIN", self.pin)
        form.addRow("Again", self.again)
        buttons = self._problem_and_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{person} types this PIN to sign in at the till."))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.pin.setFocus()
