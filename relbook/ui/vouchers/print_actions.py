"""Printing on the Vouchers page: the paper, print the selection (Ctrl+P), print every
unprinted voucher (Ctrl+Shift+P), save as PDF (Ctrl+S).

The PDF is drawn off the GUI thread (``PdfJob``), then previewed and printed through Qt
or saved; only vouchers that went to the printer or into a file are marked printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QProgressDialog, QPushButton, QWidget

from relbook.errors import RelbookError
from relbook.printing.vouchers import SIZES
from relbook.services import vouchers
from relbook.services.vouchers import printing as voucher_printing
from relbook.services.vouchers.printing import VoucherRun
from relbook.services.vouchers.types import VoucherView
from relbook.ui import printing
from relbook.ui.vouchers.print_job import PdfJob


class VoucherPrinting(QObject):
    """The paper box and the print buttons; ``selected()`` gives the chosen vouchers.

    ``said(text, tone)`` reports what happened; ``printed`` fires once vouchers were
    marked printed (the page then reads the list again).
    """

    said = Signal(str, str)
    printed = Signal()

    def __init__(self, parent: QWidget, selected: Callable[[], list[VoucherView]]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.selected = selected
        self.job: PdfJob | None = None
        self.progress: QProgressDialog | None = None
        self.print_button = QPushButton("Print selected…  (Ctrl+P)")
        self.print_all_button = QPushButton("Print all unprinted  (Ctrl+Shift+P)")
        self.print_all_button.setObjectName("primaryButton")
        self.save_button = QPushButton("Save as PDF…  (Ctrl+S)")
        self.size = QComboBox()
        for key in SIZES:
            self.size.addItem(voucher_printing.SIZE_LABELS.get(key, key), key)
        self.size.setCurrentIndex(max(0, self.size.findData(voucher_printing.default_size())))
        self.print_button.clicked.connect(self.on_print_selected)
        self.print_all_button.clicked.connect(self.on_print_unprinted)
        self.save_button.clicked.connect(self.on_save_pdf)
        self.size.currentIndexChanged.connect(self.on_size_changed)

    def paper(self) -> str:
        return str(self.size.currentData() or "dl")

    def on_size_changed(self, _index: int) -> None:
        from relbook.services import settings

        settings.set_value(voucher_printing.SIZE_KEY, self.paper())

    # -- what to print ----------------------------------------------------------------------

    def on_print_selected(self) -> None:
        chosen = [v.id for v in self.selected()]
        if not chosen:
            self.said.emit(
                "Print: select the vouchers to print first (or print all unprinted).", "error"
            )
            return
        self._render(chosen, self.on_pdf_to_printer)

    def on_print_unprinted(self) -> None:
        ids = vouchers.unprinted_ids()
        if not ids:
            self.said.emit("Every voucher has been printed already.", "ok")
            return
        self._render(ids, self.on_pdf_to_printer)

    def on_save_pdf(self) -> None:
        ids = [v.id for v in self.selected()] or vouchers.unprinted_ids()
        if not ids:
            self.said.emit("Save as PDF: select vouchers first.", "error")
            return
        self._render(ids, self.on_pdf_to_file)

    # -- drawing off the GUI thread ---------------------------------------------------------

    def _render(self, ids: list[int], then: Callable[[VoucherRun], None]) -> None:
        if self.job is not None:
            return  # one print at a time
        self.job = PdfJob(ids, self.paper(), self)
        self.job.finished.connect(lambda run: self.on_job_done(run, then))
        self.job.failed.connect(self.on_job_failed)
        self.progress = QProgressDialog(
            f"Preparing {len(ids)} voucher{'s' if len(ids) != 1 else ''}…",
            "Cancel",
            0,
            0,
            self.parent_widget,
        )
        self.progress.setWindowTitle("Vouchers")
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self.on_job_cancelled)
        self.job.start()

    def _end_job(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.on_job_cancelled)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.job = None

    def on_job_cancelled(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self._end_job()
        self.said.emit("Printing cancelled; nothing was marked printed.", "ok")

    def on_job_failed(self, message: str) -> None:
        self._end_job()
        self.said.emit(message, "error")

    def on_job_done(self, run: VoucherRun, then: Callable[[VoucherRun], None]) -> None:
        self._end_job()
        if run.skipped:  # said before the print dialog, so the owner knows what is missing
            self.said.emit(run.skipped_message(), "error")
        then(run)

    # -- to the printer or a file -----------------------------------------------------------

    def on_pdf_to_printer(self, run: VoucherRun) -> None:
        assert run.pdf is not None
        if printing.preview_and_print(self.parent_widget, run.pdf, "Vouchers"):
            self._mark_printed(run, "Printed")
        else:
            self.said.emit("Not printed; the vouchers stay in the print queue.", "ok")

    def on_pdf_to_file(self, run: VoucherRun) -> None:
        assert run.pdf is not None
        name = f"vouchers-{dt.date.today().isoformat()}.pdf"
        path = printing.save_pdf(self.parent_widget, run.pdf, name)
        if path is not None:
            self._mark_printed(run, f"Saved to {path.name}:")

    def _mark_printed(self, run: VoucherRun, what: str) -> None:
        ids = run.printed_ids
        try:
            vouchers.mark_printed(ids)
        except RelbookError as exc:
            self.said.emit(str(exc), "error")
            return
        done = f"{what} {len(ids)} voucher{'s' if len(ids) != 1 else ''}."
        if run.skipped:
            self.said.emit(done + " " + run.skipped_message(), "error")
        else:
            self.said.emit(done, "ok")
        self.printed.emit()
