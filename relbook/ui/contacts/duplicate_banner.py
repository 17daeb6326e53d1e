"""A quiet "already in the book?" banner while a new contact is typed.

It never blocks typing: checks run 300 ms after the last keystroke, and the person can
open the existing contact with one click or carry on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from relbook.services import contacts
from relbook.services.contacts.inputs import ContactInput, DuplicateMatch

DEBOUNCE_MS = 300
MAX_SHOWN = 3


class DuplicateBanner(QFrame):
    """Shows contacts that share a phone, an email, or name and birthday with the draft."""

    open_requested = Signal(int)

    def __init__(
        self, draft: Callable[[], ContactInput | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateBanner")
        self._draft = draft
        self.matches: list[DuplicateMatch] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.on_timeout)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(4)
        self.hide()

    def schedule(self) -> None:
        """Check again once typing pauses."""
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self.show_matches([])

    def on_timeout(self) -> None:
        data = self._draft()
        self.show_matches(contacts.find_duplicates(data) if data is not None else [])

    def show_matches(self, matches: list[DuplicateMatch]) -> None:
        self.matches = matches
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not matches:
            self.hide()
            return
        head = QLabel("Already in the book? This looks like someone you have:")
        head.setObjectName("bannerTitle")
        self._layout.addWidget(head)
        for match in matches[:MAX_SHOWN]:
            line = self._line(match)
            self._layout.addWidget(line)
            line.show()
        if len(matches) > MAX_SHOWN:
            self._layout.addWidget(QLabel(f"…and {len(matches) - MAX_SHOWN} more."))
        self.show()

    def _line(self, match: DuplicateMatch) -> QWidget:
        line = QWidget()
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        text = QLabel(f"<b>{_escape(match.display_name)}</b> — {match.reason}")
        button = QPushButton(f"Open {match.display_name}")
        button.setObjectName("bannerButton")
        button.clicked.connect(lambda: self.open_requested.emit(match.contact_id))
        layout.addWidget(text, 1)
        layout.addWidget(button)
        return line


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
