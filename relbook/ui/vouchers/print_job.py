"""Render voucher PDFs off the GUI thread (500 vouchers take several seconds).

The database is read on the GUI thread (quick: plain ``VoucherPrint`` objects come out);
only the ReportLab drawing, which knows no database and no Qt, runs in the pool. The
worker never touches widgets: it hands the run (the PDF of the vouchers that fit and the
ones left out) or an error message back through a signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relbook.errors import ValidationError
from relbook.printing.vouchers import VoucherLayoutError, VoucherPrint, render_voucher_batch
from relbook.services.vouchers import printing
from relbook.services.vouchers.printing import VoucherRun


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(str)


class _Render(QRunnable):
    def __init__(
        self, ids: list[int], data: list[VoucherPrint], size: str, signals: _Signals
    ) -> None:
        super().__init__()
        self.ids = ids
        self.data = data
        self.size = size
        self.signals = signals

    def run(self) -> None:
        try:
            run = printing.outcome(self.ids, self.data, render_voucher_batch(self.data, self.size))
        except (VoucherLayoutError, ValueError) as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:  # the GUI must hear about any failure, in plain words
            self.signals.failed.emit(f"The vouchers could not be drawn ({exc}).")
            return
        if run.pdf is None:
            self.signals.failed.emit(str(printing.nothing_printed(run)))
            return
        self.signals.finished.emit(run)


class PdfJob(QObject):
    """One background render. Connect ``finished(VoucherRun)`` / ``failed(str)``, then
    start."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, voucher_ids: Sequence[int], size: str, parent: QObject | None = None):
        super().__init__(parent)
        self.voucher_ids = list(voucher_ids)
        self.size = size
        self.cancelled = False
        self._signals = _Signals(self)
        self._signals.finished.connect(self.on_done)
        self._signals.failed.connect(self.on_failed)

    def start(self) -> None:
        try:
            size = printing.check_size(self.size)
            data = printing.print_data(self.voucher_ids)
        except ValidationError as exc:
            self.failed.emit(str(exc))
            return
        QThreadPool.globalInstance().start(_Render(self.voucher_ids, data, size, self._signals))

    def cancel(self) -> None:
        """ReportLab cannot be interrupted; a cancelled job's result is simply dropped."""
        self.cancelled = True

    def on_done(self, run: VoucherRun) -> None:
        if not self.cancelled:
            self.finished.emit(run)

    def on_failed(self, message: str) -> None:
        if not self.cancelled:
            self.failed.emit(message)
