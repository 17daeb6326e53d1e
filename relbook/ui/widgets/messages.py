"""Asking and telling the person at the till, behind one small face.

Pages hold a ``Messenger`` instead of calling ``QMessageBox`` directly, so tests can
answer questions without a dialog popping up (pass a ``ScriptedMessenger``).
"""

from __future__ import annotations

from collections import deque
from enum import Enum
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Messenger(Protocol):
    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def ask_unsaved(self, parent: QWidget | None, name: str) -> Answer: ...


class DialogMessenger:
    """The real thing: plain message boxes."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def ask_unsaved(self, parent: QWidget | None, name: str) -> Answer:
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        choice = QMessageBox.question(
            parent,
            "Unsaved changes",
            f"You changed {name or 'this contact'} but did not save. Save the changes?",
            buttons,
            QMessageBox.StandardButton.Save,
        )
        if choice == QMessageBox.StandardButton.Save:
            return Answer.SAVE
        if choice == QMessageBox.StandardButton.Discard:
            return Answer.DISCARD
        return Answer.CANCEL


class ScriptedMessenger:
    """Answers questions from a script and records what it was told (for tests)."""

    def __init__(self, *answers: Answer) -> None:
        self.answers: deque[Answer] = deque(answers)
        self.errors: list[tuple[str, str]] = []
        self.questions: list[str] = []

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors.append((title, text))

    def ask_unsaved(self, parent: QWidget | None, name: str) -> Answer:
        self.questions.append(name)
        return self.answers.popleft() if self.answers else Answer.CANCEL
