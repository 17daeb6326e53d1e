"""A damaged book found at start-up: say so plainly and offer the newest good backup.

Nothing happens without the owner's word: the dialog lists the book's backups (newest
good one selected), restores only when "Restore this backup" is pressed, and then puts
the damaged file aside under a new name — it is never overwritten or deleted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import backup
from relbook.ui.data import prompts
from relbook.ui.data.backup_table import BackupTable, when_text


class RecoveryDialog(QDialog):
    """Accepted once a backup was put in place of the damaged book (``restored``)."""

    def __init__(self, db_path: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle("relbook: the customer book is damaged")
        self.backups = backup.backups_of(db_path)
        #: where the damaged file was put aside, once restored
        self.aside: Path | None = None
        layout = QVBoxLayout(self)
        empty = "empty (0 bytes)" in problem
        headline = QLabel(
            self.tr("<b>The customer book cannot be opened: it is empty (0 bytes).</b>")
            if empty
            else "<b>The customer book cannot be opened: it is damaged.</b>"
        )
        headline.setObjectName("recoveryHeadline")
        layout.addWidget(headline)
        explain = QLabel(
            f"{db_path}<br>SQLite's check says: <i>{problem[:200]}</i><br><br>"
            "Choose a backup to bring the book back. The damaged file is kept beside it "
            "under a new name; nothing is deleted. Sales and changes made after the "
            "backup was taken are not in it."
        )
        explain.setWordWrap(True)
        explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(explain)
        self.table = BackupTable()
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("recoveryStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton("Restore this backup")
        self.restore_button.setObjectName("primaryButton")
        self.restore_button.setDefault(True)
        self.file_button = QPushButton("Another backup file…")
        self.quit_button = QPushButton("Quit")
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.on_restore)
        self.file_button.clicked.connect(self.on_choose_file)
        self.quit_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self._fill()
        self.resize(700, 420)

    def _fill(self) -> None:
        self.table.show_backups(self.backups)
        good = next((i for i, info in enumerate(self.backups) if info.ok), None)
        if good is not None:
            self.table.selectRow(good)
            self.table.setFocus()
        else:
            self.status.setText(
                "No good backup of this book was found. If a backup is on a USB stick or "
                "another disk, choose it with “Another backup file…”."
            )
        self._update()

    def selected(self) -> backup.BackupInfo | None:
        return self.table.selected()

    def _update(self, *_: object) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok)

    def on_choose_file(self) -> None:
        path = prompts.open_file(
            self, "Choose a relbook backup", "", "relbook backups (*.sqlite3);;All files (*)"
        )
        if not path:
            return
        info = backup.inspect(Path(path), strict=False)
        self.backups.insert(0, info)
        self._fill()
        self.table.selectRow(0)
        if not info.ok:
            self.status.setText(f"{info.path.name} cannot be restored: {info.problem}.")

    def on_restore(self) -> None:
        info = self.selected()
        if info is None or not info.ok:
            return
        try:
            self.aside = backup.recover_from(info.path, self.db_path)
        except (RelbookError, OSError) as exc:
            prompts.error(self, "Restore", f"The backup could not be put in place: {exc}")
            return
        kept = (
            self.tr("\n\nThe damaged file is kept as {0} in {1}.").format(
                self.aside.name, self.aside.parent
            )
            if self.aside is not None
            else ""
        )
        prompts.tell(
            self,
            "Book restored",
            f"The book was brought back from the backup of {when_text(info)} "
            f"({info.contacts:,} contacts, {info.sales:,} sales).{kept}",
        )
        self.accept()


def offer_recovery(db_path: Path, parent: QWidget | None = None) -> bool:
    """At start-up, before the book is opened: True when it is fine (or was restored),
    False when it is damaged and the owner chose to quit."""
    check = backup.check_at_start(db_path)
    if check.ok:
        return True
    dialog = RecoveryDialog(db_path, check.problem, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
