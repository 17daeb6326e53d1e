"""Run something just after a widget's first paint.

Start-up draws the little a person needs first (the window, the contact list) and builds
the rest a moment later: work scheduled here runs once the widget is on screen, in the
next turn of the event loop, so it never delays that first picture.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Calls back once, just after the watched widget's first paint."""

    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self._callback = callback
        self._fired = False

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
        if widget.isVisible():
            widget.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._fired:
            self._fired = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._callback)  # dropped if the watcher is gone
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> FirstPaint:
    """Call ``callback`` right after ``widget`` has painted for the first time."""
    watcher = FirstPaint(widget, callback)
    watcher.watch(widget)
    return watcher
