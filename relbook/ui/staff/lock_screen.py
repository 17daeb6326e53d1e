"""The lock screen: who are you, and your PIN.

Shown over the main window when staff roles are on: at start, after the till was idle
for the chosen minutes, on "Lock the till", and (cancellable) on "Switch user" (F12).
Wrong PINs are throttled by the service; its message says how long to wait.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.staff import access, team
from relbook.ui.staff.dialogs import pin_field

STYLE = """
#lockScreen QLabel#lockTitle { font-size: 24px; font-weight: 600; }
#lockScreen QListWidget#whoList { font-size: 18px; }
#lockScreen QListWidget#whoList::item { padding: 8px 10px; }
#lockScreen QLineEdit#lockPin { font-size: 24px; min-height: 44px; letter-spacing: 6px; }
#lockScreen QLabel#lockMessage { font-size: 15px; color: #8a2615; }
"""


#: ``exec``/``finished`` result when the person chose to close relbook instead
QUIT = 2


class LockScreen(QDialog):
    """Accepted with ``signed_in`` set once a person gave their PIN; finished with
    ``QUIT`` when a locked till is closed instead."""

    def __init__(
        self,
        *,
        required: bool,
        preselect: int | None = None,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setStyleSheet(STYLE)
        self.setWindowTitle("relbook: who is at the till?")
        #: True: the till is locked and stays so until someone signs in
        self.required = required
        self.signed_in: int | None = None
        #: said after signing in: the owner's PIN is shorter than owners' PINs now are
        self.advice = ""
        title = QLabel("Who is at the till?")
        title.setObjectName("lockTitle")
        self.reason = QLabel(reason)
        self.reason.setObjectName("lockReason")
        self.reason.setWordWrap(True)
        self.who = QListWidget()
        self.who.setObjectName("whoList")
        for m in team.members(include_inactive=False):
            item = QListWidgetItem(f"{m.name}  ·  {m.role_text}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.who.addItem(item)
        self.pin = pin_field("lockPin")
        self.pin.setPlaceholderText("PIN")
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.sign_in = QPushButton("Sign in")
        self.sign_in.setObjectName("primaryButton")
        self.sign_in.setDefault(True)
        self.cancel = QPushButton("Cancel")
        self.cancel.setVisible(not required)
        self.quit_button = QPushButton("Close relbook")
        self.quit_button.setVisible(required)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.sign_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(title)
        layout.addWidget(self.reason)
        layout.addWidget(self.who, 1)
        layout.addWidget(QLabel("PIN"))
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.sign_in.clicked.connect(self.on_sign_in)
        self.cancel.clicked.connect(self.reject)
        self.quit_button.clicked.connect(lambda: self.done(QUIT))
        self.pin.returnPressed.connect(self.on_sign_in)
        self.pin.installEventFilter(self)  # Up/Down in the PIN box move through the names
        self.who.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.who.currentRowChanged.connect(lambda _row: self.message.clear())
        row = 0
        for i in range(self.who.count()):
            if self.who.item(i).data(Qt.ItemDataRole.UserRole) == preselect:
                row = i
        self.who.setCurrentRow(row)
        self.pin.setFocus()
        self.resize(440, 480)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pin and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                row = min(max(self.who.currentRow() + step, 0), self.who.count() - 1)
                self.who.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> int | None:
        item = self.who.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def on_sign_in(self) -> None:
        staff_id = self.chosen()
        if staff_id is None:
            self.message.setText("Pick your name first.")
            return
        try:
            self.signed_in = access.switch_user(staff_id, self.pin.text())
        except RelbookError as exc:
            self.message.setText(str(exc))
            self.pin.clear()
            self.pin.setFocus()
            return
        if access.roles_enabled() and access.pin_too_short(staff_id, self.pin.text()):
            self.advice = self.tr(
                "Your owner PIN has fewer than 6 digits; please choose a longer one "
                "(Settings → Staff)."
            )
        self.accept()

    def reject(self) -> None:
        if not self.required:  # a locked till stays locked: Escape does nothing
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.required and self.signed_in is None:
            event.ignore()
            return
        super().closeEvent(event)
