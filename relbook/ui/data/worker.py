"""Running long work (reading, importing, exporting, backing up) off the GUI thread.

The work is a plain function; it gets a ``progress(done, total) -> bool`` callback that
returns False once the person pressed Cancel. The worker never touches widgets: it only
emits signals, which Qt delivers on the GUI thread. Each worker thread closes its own
database connection when done (peewee keeps one connection per thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from relbook.errors import RelbookError
from relbook.store.db import database

Work = Callable[[Callable[[int, int], bool]], Any]


class Worker(QThread):
    #: done, total
    progressed = Signal(int, int)
    #: the work's return value
    succeeded = Signal(object)
    #: a RelbookError's plain message
    failed = Signal(str)

    def __init__(self, work: Work, parent=None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        ok, value = False, None
        try:
            value, ok = self._work(self._progress), True
        except RelbookError as exc:
            value = str(exc)
        except Exception as exc:  # a fault of the disk or a bug: plain words either way
            from relbook.store.faults import explain

            fault = explain(exc)
            if fault is not None:
                value = str(fault)
            else:
                import logging

                logging.getLogger(__name__).exception("background work failed")
                value = f"Something went wrong and nothing was finished ({exc})."
        finally:
            try:
                if not database.is_closed():
                    database.close()  # this thread's own connection
            except Exception:
                pass
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)


def run_and_wait(parent: QWidget | None, label: str, work: Callable[[], Any]) -> Any:
    """Run ``work`` on a worker thread behind a modal "busy" dialog and return its result
    (or raise its RelbookError): for work that must finish before the caller goes on —
    erasing a person compacts the whole book file — without freezing the window."""
    worker = Worker(lambda _progress: work(), parent)
    busy = QProgressDialog(label, "", 0, 0, parent)
    busy.setCancelButton(None)  # half an erasure is not an option: it finishes or fails
    busy.setWindowModality(Qt.WindowModality.ApplicationModal)
    busy.setMinimumDuration(300)
    outcome: dict[str, Any] = {}
    worker.succeeded.connect(lambda value: outcome.setdefault("value", value))
    worker.failed.connect(lambda message: outcome.setdefault("error", message))
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    busy.close()
    busy.deleteLater()
    if "error" in outcome:
        raise RelbookError(outcome["error"])
    return outcome.get("value")
