"""Backups: see them (date, size, counts), take one now, choose where they go (a USB
stick), and restore one — after a preview and a safety copy of the current book."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import backup, settings
from relbook.services.display import shop_display
from relbook.services.staff import access
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.backup_table import BackupTable, size_text, when_text
from relbook.ui.data.worker import Worker


class BackupsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Backups")
        self.backups: list[backup.BackupInfo] = []
        self._worker: Worker | None = None
        layout = QVBoxLayout(self)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Choose folder…")
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)
        self.privacy_note = QLabel(
            self.tr(
                "A backup is a full copy of the book: every customer's personal data and the "
                "staff PIN hashes too. Keep backups where only you can read them."
            )
        )
        self.privacy_note.setObjectName("backupPrivacyNote")
        self.privacy_note.setWordWrap(True)
        layout.addWidget(self.privacy_note)
        self.table = BackupTable(show=shop_display())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Back up now")
        self.backup_button.setObjectName("primaryButton")
        self.restore_button = QPushButton("Restore…")
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._connect_signals()
        self.refresh()
        self.resize(680, 420)

    def _connect_signals(self) -> None:
        self.folder_button.clicked.connect(self.on_choose_folder)
        self.backup_button.clicked.connect(self.on_backup_now)
        self.restore_button.clicked.connect(self.on_restore)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def refresh(self) -> None:
        folder = backup.backup_folder()
        self.folder_label.setText(f"Backups are kept in <b>{folder}</b>")
        self.backups = backup.list_backups(folder)
        self.table.show_backups(self.backups)
        if self.backups:
            self.table.selectRow(0)
        else:
            self.status.setText("No backup in this folder yet. Press Back up now to take one.")
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok and not self.busy())
        self.backup_button.setEnabled(not self.busy())

    def selected(self) -> backup.BackupInfo | None:
        return self.table.selected()

    # -- actions ------------------------------------------------------------------------

    def on_choose_folder(self) -> None:
        try:  # backups hold every customer: where they go is the owner's choice
            access.require_owner(self.context.staff_id, "choose where backups go")
        except RelbookError as exc:
            prompts.error(self, "Backup folder", str(exc))
            return
        folder = prompts.choose_folder(
            self, "Where should backups go?", str(backup.backup_folder())
        )
        if not folder:
            return
        try:
            settings.set_value("backup.folder", folder)
        except RelbookError as exc:
            prompts.error(self, "Backup folder", str(exc))
            return
        self.context.hub.settings_changed.emit()
        self.status.setText(f"From now on backups go to {folder}.")
        self.refresh()

    def on_backup_now(self) -> None:
        self.status.setText("Backing up…")
        worker = Worker(lambda _progress: backup.backup_now(), self)
        worker.succeeded.connect(self.on_backup_done)
        worker.failed.connect(self.on_failed)
        self._worker = worker
        self._update_buttons()
        worker.start()

    def on_backup_done(self, result: backup.BackupResult) -> None:
        self._worker = None
        self.refresh()
        self.status.setText(f"Backed up to {result.path.name} ({size_text(result.size)}).")

    def on_failed(self, message: str) -> None:
        self._worker = None
        self._update_buttons()
        self.status.setText("")
        prompts.error(self, "Backup", message)

    def on_restore(self) -> None:
        info = self.selected()
        if info is None:
            return
        try:
            access.require_owner(self.context.staff_id, "restore a backup")
            fresh = backup.inspect(info.path)
        except RelbookError as exc:
            prompts.error(self, "Restore", str(exc))
            return
        text = (
            f"Restore the backup taken {when_text(fresh, self.table.display)}?\n\n"
            f"It holds {fresh.contacts:,} contacts and {fresh.sales:,} sales.\n\n"
            "Everything in the book now is replaced by this backup. A safety copy of the "
            "current database is made first, so this can be undone by restoring that copy."
        )
        if not prompts.confirm(self, "Restore a backup", text, "Restore"):
            return
        try:
            result = backup.restore(info.path, staff_id=self.context.staff_id)
        except RelbookError as exc:
            prompts.error(self, "Restore", str(exc))
            return
        hub = self.context.hub
        hub.contact_changed.emit(0)
        hub.activity_changed.emit(0)
        hub.settings_changed.emit()
        self.refresh()
        self.status.setText(
            f"Restored the backup of {when_text(fresh, self.table.display)}. The book as it was is "
            f"kept in {Path(result.safety_copy).name}."
        )

    def busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def done(self, result: int) -> None:
        if self._worker is not None:
            self._worker.wait()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._worker is not None:
            self._worker.wait()  # a backup or export is never cut off half-written
        super().closeEvent(event)
