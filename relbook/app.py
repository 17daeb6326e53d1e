"""Starting the desktop app: open the store, start Qt, show the main window.

Errors a person can act on (a damaged or missing database, a wrong page name) are shown
as one plain message; anything unexpected is logged with its traceback to a file in the
data folder and shown as a friendly dialog, never as a raw traceback.

``RELBOOK_FIRST_PAINT_FILE=path`` writes the moment (``time.time()``) the first page has
painted into that file: how long a start takes on a given PC, without a profiler
(tests/benchmarks/bench_gui_startup.py uses it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from relbook.errors import RelbookError

if TYPE_CHECKING:
    from relbook.ui.main_window import MainWindow

ERROR_LOG = "relbook-errors.log"


def error_log_path() -> Path:
    from relbook.store.db import data_dir

    return data_dir() / ERROR_LOG


def log_exception(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> Path:  # fmt: skip
    """Append the traceback to the error log and return where it went."""
    path = error_log_path()
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n{text}\n")
    return path


def make_excepthook(show: Callable[[str, str], None]) -> Callable[..., None]:
    """An excepthook that logs the traceback and tells the person in plain words."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:  # fmt: skip
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, RelbookError):
            show("relbook", str(exc))
            return
        from relbook.errors import BookDamagedError
        from relbook.store.faults import explain

        fault = explain(exc)
        if fault is not None:  # the disk, the lock or the server: say which, in plain words
            with contextlib.suppress(OSError):  # the log is a courtesy here
                log_exception(exc_type, exc, tb)
            damaged = isinstance(fault, BookDamagedError)
            show("The customer book is damaged" if damaged else "relbook", str(fault))
            return
        try:
            where = f"The details were saved to {log_exception(exc_type, exc, tb)}."
        except OSError:
            where = "The details could not be saved."
        show(
            "Something went wrong",
            "relbook ran into a problem it did not expect. Your saved data is safe; the "
            f"last action may not have finished.\n\n{where} Please send that file to "
            "whoever looks after this computer.",
        )

    return hook


def _show_dialog(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(None, title, text)


def missing_book(db_target: str | os.PathLike[str] | None) -> Path | None:
    """The file a ``--db`` names when it does not exist yet (None for the default book,
    which is simply made on first start, and for server URLs)."""
    if db_target is None:
        return None
    from relbook.store.db import parse_target

    target = parse_target(db_target)
    if target.kind == "sqlite" and target.path is not None and not target.path.exists():
        return target.path
    return None


def _ask_new_book(path: Path) -> bool:
    """A mistyped ``--db`` must not quietly open an empty book that looks like lost data."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        None,
        "Start a new customer book?",
        f"There is no customer book at {path}.\n\nStart a new, empty book there? "
        "(If you expected your customers here, choose No and check the name.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _quiet_offscreen_noise(_mode: object, _context: object, message: str) -> None:
    """The offscreen platform complains about every window's size limits; say the rest."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _recover_damaged(db_target: str | os.PathLike[str] | None) -> bool | None:
    """A SQLite book that failed to open because it is damaged: offer its newest good
    backup (relbook.ui.data.recovery_dialog). None when the failure is something else;
    otherwise whether a backup was put in its place."""
    from relbook.services import backup
    from relbook.store.db import parse_target

    try:
        target = parse_target(db_target)
    except RelbookError:
        return None
    if target.kind != "sqlite" or target.path is None or not Path(target.path).is_file():
        return None
    if backup.check_at_start(Path(target.path)).ok:
        return None
    from relbook.ui.data.recovery_dialog import offer_recovery

    return offer_recovery(Path(target.path))


def _warn_if_read_only() -> None:
    """A book that may not be written is said at once, not at the first sale."""
    from relbook.store.db import database, is_read_only
    from relbook.store.faults import read_only_message

    if not is_read_only():
        return
    from PySide6.QtWidgets import QMessageBox

    text = read_only_message(str(database.obj.database), nothing="nothing can be saved")
    QMessageBox.warning(None, "The customer book is read-only", text)


def _note_first_paint(window: MainWindow) -> None:
    """Write when the first page has painted, if ``RELBOOK_FIRST_PAINT_FILE`` asks for it.

    Watched last, so this runs first of the work waiting for that paint."""
    path = os.environ.get("RELBOOK_FIRST_PAINT_FILE")
    if not path:
        return
    import time

    def note() -> None:
        with contextlib.suppress(OSError):  # a diagnostic must never stop the app
            Path(path).write_text(f"{time.time():.6f}\n", encoding="utf-8")

    window.after_first_paint(note)


def _import_core_before_qt() -> None:
    """Import the Qt-free core of the first screen before PySide6.

    PySide6 reads the source of every Python module imported after it (to see whether
    the module switches on one of its ``__feature__`` options). For the store, the
    contacts and segments services and their libraries (peewee, phonenumbers' metadata:
    some 150 modules) that is start-up time spent for nothing."""
    import importlib

    # the store, the models, phones and search; the contact list's segment filter
    for name in ("relbook.services.contacts", "relbook.services.contacts.segments"):
        importlib.import_module(name)


def run_gui(db_target: str | os.PathLike[str] | None, *, screenshot: Path | None = None,
            page: str | None = None, find: str | None = None) -> int:  # fmt: skip
    """Run the app until its window closes; with ``screenshot``, render one PNG and exit.

    Returns the process exit status (2 when the database cannot be opened).
    """
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _import_core_before_qt()
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMessageBox

    if screenshot is not None:
        qInstallMessageHandler(_quiet_offscreen_noise)

    from relbook.store.db import close_database, open_database
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.widgets.theme import apply_theme

    existing = QApplication.instance()
    # Fusion asked for at creation: setStyle() would hand PySide6 a QStyle to wrap (and
    # set up its enum types) before anything is on screen
    app = existing or QApplication([*sys.argv[:1], "-style", "Fusion"])
    assert isinstance(app, QApplication)
    app.setApplicationName("relbook")
    app.setOrganizationName("relbook")
    apply_theme(app, set_style=existing is not None)

    def fail(title: str, text: str) -> int:
        if screenshot is not None:
            print(f"relbook: {text}", file=sys.stderr)
        else:
            QMessageBox.critical(None, title, text)
        return 2

    try:
        missing = missing_book(db_target)
        if missing is not None:
            if screenshot is not None:
                return fail("relbook", f"There is no database at {missing}.")
            if not _ask_new_book(missing):
                return 2
        open_database(db_target)
    except RelbookError as exc:
        recovered = None if screenshot is not None else _recover_damaged(db_target)
        if recovered is None:
            return fail("relbook cannot open the database", str(exc))
        if not recovered:
            return 2  # damaged, and the owner chose to quit: nothing was changed
        try:
            open_database(db_target)
        except RelbookError as again:
            return fail("relbook cannot open the database", str(again))
    if screenshot is None:
        _warn_if_read_only()
    # The feature listeners (card codes, referral rewards, …) are loaded by the window
    # right after its first paint, before its daily jobs and before a person can type.
    from relbook.ui.main_window import MainWindow

    previous_hook = sys.excepthook
    if screenshot is None:
        sys.excepthook = make_excepthook(_show_dialog)
    try:
        try:
            window = MainWindow(
                # automatic backups (at start, then daily) only for a real session
                AppContext(Hub(), extras={"auto_backup": screenshot is None}),
                start_page=page,
                remember_layout=screenshot is None,
                background_work=screenshot is None,  # a screenshot changes nothing stored
            )
            if find is not None:
                window.search_current_page(find)
        except RelbookError as exc:
            return fail("relbook", str(exc))
        if screenshot is None:
            window.show()
            _note_first_paint(window)
            return app.exec()
        result: list[bool] = []

        def done(ok: bool) -> None:
            result.append(ok)
            app.quit()

        window.resize(1280, 800)
        window.show()
        window.screenshot_after_first_paint(Path(screenshot), done)
        _note_first_paint(window)
        QTimer.singleShot(30_000, app.quit)  # never hang a script
        app.exec()
        window.close()
        if not result or not result[0]:
            print(f"relbook: could not write the screenshot {screenshot}.", file=sys.stderr)
            return 1
        return 0
    finally:
        sys.excepthook = previous_hook
        close_database()
