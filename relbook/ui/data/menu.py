"""The "Data" menu of the main window, and vCard/CSV files dropped onto the window.

``install_data_menu`` is the one hook the main window calls; everything else about
import, export, backups, duplicates and the audit log lives in this package.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from relbook.errors import RelbookError
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.worker import Worker

IMPORTABLE = (".vcf", ".vcard", ".csv", ".json")


def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Local .vcf/.csv/.json files in a drag, or nothing."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if Path(p).suffix.lower() in IMPORTABLE]


class DataMenu(QObject):
    """Owns the Data actions and the drop filter of one main window."""

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        #: the dialog opened last (tests and the drop handler look at it)
        self.dialog: QDialog | None = None
        menu = window.menuBar().addMenu("&Data")
        menu.setObjectName("dataMenu")
        self.actions: dict[str, QAction] = {}
        for key, text, keys, slot in (
            ("import", "&Import contacts…", QKeySequence("Ctrl+I"), self.on_import),
            ("export", "&Export contacts…", None, self.on_export),
            ("backups", "&Backups…", None, self.on_backups),
            ("duplicates", "Find &duplicates…", None, self.on_duplicates),
            ("quiet", "Customers without a &visit…", None, self.on_quiet),
            ("audit", "&Audit log…", None, self.on_audit),
        ):
            action = QAction(text, window)
            if keys is not None:
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            window.addAction(action)  # shortcuts work with the menu bar hidden too
            self.actions[key] = action
            if key == "export":
                menu.addSeparator()
        self.menu = menu
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- dialogs ------------------------------------------------------------------------

    def _open(self, build: Callable[[], QDialog]) -> QDialog | None:
        try:
            dialog = build()
        except RelbookError as exc:
            prompts.error(self.window, "relbook", str(exc))
            return None
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result, d=dialog: self._dispose(d))
        dialog.show()
        self.dialog = dialog
        return dialog

    @staticmethod
    def _dispose(dialog: QDialog) -> None:
        """Free a closed dialog, once its background work (if any) has ended."""
        for worker in dialog.findChildren(Worker):
            worker.wait()
        dialog.deleteLater()

    def open_import(self, paths: list[str] | None = None) -> QDialog | None:
        from relbook.ui.data.import_dialog import ImportDialog

        return self._open(lambda: ImportDialog(self.context, paths, self.window))

    def on_import(self) -> None:
        self.open_import()

    def on_export(self) -> None:
        from relbook.services.staff import access
        from relbook.ui.data.export_dialog import ExportDialog

        def build() -> QDialog:
            # the whole customer book leaves the shop in that file: an owner's decision
            access.require_owner(self.context.staff_id, "export the customer book")
            return ExportDialog(self.context, self.window)

        self._open(build)

    def on_backups(self) -> None:
        from relbook.ui.data.backups_dialog import BackupsDialog

        self._open(lambda: BackupsDialog(self.context, self.window))

    def on_duplicates(self) -> None:
        from relbook.ui.data.duplicates_dialog import DuplicatesDialog

        self._open(lambda: DuplicatesDialog(self.context, self.window))

    def on_quiet(self) -> None:
        from relbook.ui.data.quiet_dialog import QuietDialog

        self._open(lambda: QuietDialog(self.context, self.window))

    def on_audit(self) -> None:
        from relbook.ui.data.audit_dialog import AuditDialog

        self._open(lambda: AuditDialog(self.context, self.window))

    # -- drag and drop ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_files(event):  # type: ignore[arg-type]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop:
            paths = dropped_files(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.open_import(paths)
                return True
        return False


def install_data_menu(window: QMainWindow) -> None:
    """Add the Data menu (Import… Ctrl+I, Export…, Backups…, Find duplicates…, Audit log…),
    let .vcf/.csv/.json files dropped onto the window open the import, start the
    automatic backups (at start and daily) when the app asked for them, and keep track
    of who is signed in at the till (the Staff menu, lock screen, idle lock)."""
    window.data_menu = DataMenu(window, window.context)  # type: ignore[attr-defined]
    from relbook.ui.data.auto_backup import install_auto_backup

    window.auto_backup = install_auto_backup(window, window.context)  # type: ignore[attr-defined]
    from relbook.ui.staff.session import install_staff_session

    # who is at the till: lock screen, switch user, idle lock (relbook.ui.staff)
    window.staff_session = install_staff_session(window, window.context)  # type: ignore[attr-defined]
