"""Reading lists off the GUI thread, so a 100,000-contact book never freezes the counter.

``Loader.start(work)`` runs ``work()`` (a plain read: Today's sections, the monthly
review) on a thread of the loader's own pool; its result comes back on the GUI thread
through ``done``. A newer request makes an older one's result stale: only the latest is
delivered. Each worker thread closes its own database connection when done (peewee keeps
one connection per thread). The pool waits for a running read when the loader goes away,
so nothing outlives its widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relbook.errors import RelbookError
from relbook.store.db import database

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a result from the worker thread back to the GUI thread (queued)."""

    result = Signal(int, bool, object)  # generation, ok, value (or a message)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], generation: int, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.work, self.generation, self.relay = work, generation, relay

    def run(self) -> None:
        ok, value = False, None
        try:
            value, ok = self.work(), True
        except RelbookError as exc:
            value = str(exc)
        except Exception as exc:  # a bug: say so plainly, details in the log
            log.exception("background read failed")
            value = f"This list could not be read ({exc})."
        finally:
            try:
                if not database.is_closed():
                    database.close()  # this thread's own connection
            except Exception:
                pass
        try:
            self.relay.result.emit(self.generation, ok, value)
        except RuntimeError:  # the window closed meanwhile (app quitting): nobody to tell
            log.debug("background read finished after its loader went away")


class Loader(QObject):
    #: the latest request's result, on the GUI thread
    done = Signal(object)
    #: the latest request failed: a plain message
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._generation = 0
        self._relays: dict[int, _Relay] = {}

    def start(self, work: Callable[[], object]) -> None:
        self._generation += 1
        relay = _Relay()
        relay.result.connect(self._on_result)
        self._relays[self._generation] = relay
        self.pool.start(_Job(work, self._generation, relay))

    def busy(self) -> bool:
        """True while the latest request has not come back yet."""
        return self._generation in self._relays

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)

    def _on_result(self, generation: int, ok: bool, value: object) -> None:
        self._relays.pop(generation, None)
        if generation != self._generation:
            return  # an older request: a newer one is on its way
        if ok:
            self.done.emit(value)
        else:
            self.failed.emit(str(value))
