"""Runs the real app start-up (``relbook.app.run_gui``) in a child process and acts in
it like a person: waits for the recovery dialog, presses a key, waits for the main
window and its start-up backup, closes it. Prints what it saw as JSON, with the message
boxes start-up showed (noted, not waited on: there is no one to click them).

A child process, because ``run_gui`` runs and quits the application's own event loop,
which must not happen inside the test process's shared QApplication.

    python -m tests.ui.data.startup_driver BOOK KEY   (KEY: "return" or "escape")
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


def main(book: str, key: str) -> int:
    from relbook import app
    from relbook.store.models import Contact
    from relbook.ui.data import prompts
    from relbook.ui.data.recovery_dialog import RecoveryDialog
    from relbook.ui.main_window import MainWindow

    QApplication.instance() or QApplication([])
    seen: dict[str, object] = {"told": []}
    prompts.tell = lambda _parent, _title, text: seen["told"].append(text)  # type: ignore
    timers: list[QTimer] = []

    def when(ready, action) -> None:
        timer = QTimer()

        def poll() -> None:
            found = ready()
            if found is not None:
                timer.stop()
                action(found)

        timer.timeout.connect(poll)
        timer.start(50)
        timers.append(timer)

    def recovery() -> RecoveryDialog | None:
        dialog = QApplication.activeModalWidget()
        return dialog if isinstance(dialog, RecoveryDialog) and dialog.isVisible() else None

    def window() -> MainWindow | None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        ready = [w for w in shown if w.isVisible() and w.auto_backup is not None]
        return ready[0] if ready and ready[0].auto_backup.last_result is not None else None

    def on_dialog(dialog: RecoveryDialog) -> None:
        seen["rows"] = dialog.table.model().rowCount()
        chosen = dialog.selected()
        seen["selected"] = str(chosen.path) if chosen else None
        seen["headline"] = dialog.findChild(type(dialog.status), "recoveryHeadline").text()
        QTest.keyClick(dialog, Qt.Key.Key_Return if key == "return" else Qt.Key.Key_Escape)

    def on_window(win: MainWindow) -> None:
        seen["contacts"] = Contact.select().count()
        seen["start_backup"] = str(win.auto_backup.last_result.path)
        win.close()

    def box(kind: str):
        """A message box the start-up shows, noted instead of waiting for a click."""

        def show(_parent, title, text, *_args, **_kwargs):
            seen.setdefault("boxes", []).append([kind, title, text])
            return QMessageBox.StandardButton.Ok

        return show

    QMessageBox.critical = box("critical")  # type: ignore[method-assign]
    QMessageBox.warning = box("warning")  # type: ignore[method-assign]
    when(recovery, on_dialog)
    when(window, on_window)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)
    guard.start(60_000)
    seen["status"] = app.run_gui(book)
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
