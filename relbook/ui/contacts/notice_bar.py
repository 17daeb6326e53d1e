"""The line under the contact list that says what just happened ("Archived Anna
Schmidt.") and offers Undo where there is one; it goes away after a while."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

NOTICE_MS = 12_000


class NoticeBar(QFrame):
    #: the person pressed Undo
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.notice = QLabel()
        self.notice.setObjectName("noticeText")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setObjectName("linkButton")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.undo_button)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.undo_button.clicked.connect(self.undo_requested)

    def say(self, text: str, *, undo: bool = False) -> None:
        """Show ``text`` (with the Undo button when ``undo``) for a while."""
        self.notice.setText(text)
        self.undo_button.setVisible(undo)
        self.show()
        self._timer.start()
