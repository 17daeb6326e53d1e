"""Automatic backups while the app runs: one at start, then one a day.

The copy runs on a worker thread (SQLite's online backup is consistent while the till
keeps selling). Success shows in the status bar; a failure (a full disk, a USB stick
that was pulled) is said once in a message and then kept in the status bar, so the
owner knows without being interrupted every hour.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from relbook.services import backup
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.worker import Worker

#: how often the running app asks whether the daily backup is due
CHECK_EVERY_MS = 30 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self._worker: Worker | None = None
        #: problems already told in a message (each is said once per session)
        self._told: set[str] = set()
        self.last_result: backup.BackupResult | None = None
        self.last_problem = ""
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.on_daily)

    def start(self) -> None:
        """The start-up backup now, then the daily check every half hour."""
        self._run(lambda _progress: backup.on_start())
        self.timer.start()

    def on_daily(self) -> None:
        self._run(lambda _progress: backup.backup_if_due())

    def busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def _run(self, work) -> None:
        if self.busy():
            return
        worker = Worker(work, self)
        worker.succeeded.connect(self.on_done)
        worker.failed.connect(self.on_failed)
        self._worker = worker
        worker.start()

    def on_done(self, result: backup.BackupResult | None) -> None:
        if result is None:
            return  # not due yet (or a PostgreSQL book, backed up by its server)
        self.last_result, self.last_problem = result, ""
        self.window.statusBar().showMessage(
            f"Backed up to {result.path.parent} ({result.path.name}).", 15_000
        )

    def on_failed(self, message: str) -> None:
        self.last_problem = message
        self.window.statusBar().showMessage(f"Automatic backup failed: {message}")
        if message not in self._told:
            self._told.add(message)
            prompts.error(self.window, "Automatic backup", message)

    def stop(self) -> None:
        self.timer.stop()
        if self._worker is not None:
            self._worker.wait()


def install_auto_backup(window: QMainWindow, context: AppContext) -> AutoBackup | None:
    """Start automatic backups when the app asked for them (not for screenshots/tests)."""
    if not context.extras.get("auto_backup"):
        return None
    auto = AutoBackup(window, context)
    app = QCoreApplication.instance()
    if app is not None:  # a backup still running finishes before the book is closed
        app.aboutToQuit.connect(auto.stop)
    auto.start()
    return auto
