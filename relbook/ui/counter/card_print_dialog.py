"""Print loyalty cards: one customer's card, or a batch ten to a sheet, with a preview.

Who gets a card: the customer at the counter, everyone whose card has not been printed
yet, or the customers added since a date. The first sheet is previewed here; Print…
opens Qt's print preview and printer dialog, Save as PDF… writes the file. Only a card
that was printed or saved counts as printed. A lost card gets a new code here (the old
card stops working at once).

The customers are read on the GUI thread (quick); ReportLab draws the PDF in the thread
pool, so a batch of hundreds of cards never freezes the window.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from types import ModuleType

from PySide6.QtCore import QDate, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_card_batch
from relbook.services import loyalty
from relbook.services.loyalty import cards as card_printing
from relbook.services.print_runs import PrintRun
from relbook.ui import printing as qt_printing
from relbook.ui.counter.style import MESSAGE_STYLE, show_message

PREVIEW_WIDTH = 420
Confirm = Callable[[QWidget, str], bool]


def _ask(parent: QWidget, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, "New card code", text)
    return answer == QMessageBox.StandardButton.Yes


class _Signals(QObject):
    done = Signal(int, object)  # request number, PrintRun
    failed = Signal(int, str)


class _Render(QRunnable):
    """Draws the PDF off the GUI thread; touches no widget and no database."""

    def __init__(
        self,
        number: int,
        ids: list[int],
        cards: list[LoyaltyCardPrint],
        sheet: str,
        start_at: int,
        signals: _Signals,
    ) -> None:
        super().__init__()
        self.number, self.cards, self.sheet, self.signals = number, cards, sheet, signals
        self.ids = ids
        self.start_at = start_at

    def run(self) -> None:
        try:
            batch = render_card_batch(self.cards, self.sheet, start_at=self.start_at)
        except (RelbookError, ValueError) as exc:
            self._emit(self.signals.failed, str(exc))
            return
        run = card_printing.outcome(self.ids, self.cards, batch)
        if run.pdf is None:
            self._emit(self.signals.failed, str(run.nothing_printed()))
            return
        self._emit(self.signals.done, run)

    def _emit(self, signal, payload: object) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog closed while drawing
            signal.emit(self.number, payload)


class CardPrintDialog(QDialog):
    """``contact_id`` preselects that customer; without one the dialog offers batches."""

    def __init__(
        self,
        *,
        contact_id: int | None = None,
        name: str = "",
        staff_id: int | None = None,
        printer: ModuleType = qt_printing,
        confirm: Confirm = _ask,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cardPrintDialog")
        self.setStyleSheet(MESSAGE_STYLE)
        self.setWindowTitle("Print loyalty cards")
        self.contact_id = contact_id
        self.name = name
        self.staff_id = staff_id
        self._printer = printer
        self._confirm = confirm
        self.ids: list[int] = []
        self.printed_ids: list[int] = []  # of ``ids``, those whose card is in ``pdf``
        self.pdf: bytes | None = None
        self._request = 0
        self._signals = _Signals(self)
        self._signals.done.connect(self.on_rendered)
        self._signals.failed.connect(self.on_render_failed)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.on_prepare)
        #: what happened, for the caller's status line ("Printed 12 cards.")
        self.outcome = ""
        self._build()
        self._connect_signals()
        self.on_choice_changed()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.only_one = QRadioButton(f"{self.name or 'This customer'}'s card")
        self.only_one.setObjectName("cardsOne")
        self.unprinted = QRadioButton()
        self.unprinted.setObjectName("cardsUnprinted")
        self.since = QRadioButton("Customers added since")
        self.since.setObjectName("cardsSince")
        self.since_date = QDateEdit(QDate.currentDate().addDays(-30))
        self.since_date.setObjectName("cardsSinceDate")
        self.since_date.setCalendarPopup(True)
        self.since_date.setDisplayFormat("yyyy-MM-dd")
        self.group = QButtonGroup(self)
        for button in (self.only_one, self.unprinted, self.since):
            self.group.addButton(button)
        self.only_one.setVisible(self.contact_id is not None)
        (self.only_one if self.contact_id is not None else self.unprinted).setChecked(True)
        self.sheet = QComboBox()
        self.sheet.setObjectName("cardSheet")
        for key, label in card_printing.SHEET_LABELS.items():
            self.sheet.addItem(label, key)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(card_printing.default_sheet())))
        self.start_at = QSpinBox()
        self.start_at.setObjectName("cardStartAt")
        self.start_at.setRange(1, card_printing.PER_SHEET)
        self.start_at.setValue(card_printing.next_position())
        self.start_at.setToolTip(
            "On a partly used sheet of card stock: the first free card (counted left to "
            "right, top to bottom)"
        )
        self.start_label = QLabel("Start at card")
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_label)
        start_row.addWidget(self.start_at)
        start_row.addStretch(1)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since)
        since_row.addWidget(self.since_date)
        since_row.addStretch(1)
        who = QVBoxLayout()
        who.addWidget(self.only_one)
        who.addWidget(self.unprinted)
        who.addLayout(since_row)
        self.count_label = QLabel()
        self.count_label.setObjectName("customerMeta")
        self.preview = QLabel("Preparing the preview…")
        self.preview.setObjectName("cardPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 1.1))
        self.preview.setStyleSheet("background: #e9e6df; border-radius: 6px;")
        self.message = QLabel()
        self.message.setObjectName("counterMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.new_code_button = QPushButton("Card lost? Give a new code…")
        self.new_code_button.setVisible(self.contact_id is not None)
        self.save_button = QPushButton("Save as PDF…")
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("primaryButton")
        self.print_button.setDefault(True)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_code_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        grid = QGridLayout()
        grid.addWidget(_title("Who gets a card"), 0, 0)
        grid.addLayout(who, 1, 0)
        grid.addWidget(_title("Paper"), 2, 0)
        grid.addWidget(self.sheet, 3, 0)
        grid.addLayout(start_row, 4, 0)
        grid.addWidget(self.count_label, 5, 0)
        grid.setRowStretch(6, 1)
        grid.addWidget(self.preview, 0, 1, 7, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.group.buttonToggled.connect(lambda *_: self.on_choice_changed())
        self.since_date.dateChanged.connect(lambda *_: self.on_choice_changed())
        self.sheet.currentIndexChanged.connect(lambda *_: self.on_choice_changed())
        self.start_at.valueChanged.connect(lambda *_: self.on_choice_changed())
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save)
        self.new_code_button.clicked.connect(self.on_new_code)

    # -- choosing -----------------------------------------------------------------------

    def chosen_ids(self) -> list[int]:
        if self.only_one.isChecked() and self.contact_id is not None:
            return [self.contact_id]
        if self.since.isChecked():
            return card_printing.added_since_ids(self.since_date.date().toPython())
        return card_printing.unprinted_ids()

    def on_choice_changed(self) -> None:
        waiting = len(card_printing.unprinted_ids())
        self.unprinted.setText(f"Everyone without a printed card ({waiting:,})")
        self.ids = self.chosen_ids()
        self.new_code_button.setVisible(self.only_one.isChecked())
        self.pdf = None
        self._set_ready(False)
        if not self.ids:
            self.count_label.setText("")
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Nobody to print a card for.")
            return
        sheet = self.sheet.currentData()
        n_up = sheet != "single"
        self.start_at.setVisible(n_up)
        self.start_label.setVisible(n_up)
        cards = len(self.ids)
        text = f"{cards:,} card{'s' if cards != 1 else ''}"
        if n_up:
            per = card_printing.PER_SHEET
            sheets = (self.start_at.value() - 1 + cards + per - 1) // per
            text += f" on {sheets:,} sheet{'s' if sheets != 1 else ''}"
        self.count_label.setText(text)
        self.preview.setText("Preparing the preview…")
        self._timer.start()

    def on_prepare(self) -> None:
        self._request += 1
        try:
            cards = card_printing.print_data(self.ids)
        except RelbookError as exc:
            self.on_render_failed(self._request, str(exc))
            return
        ids = list(dict.fromkeys(self.ids))
        sheet = str(self.sheet.currentData())
        job = _Render(self._request, ids, cards, sheet, self._start(), self._signals)
        QThreadPool.globalInstance().start(job)

    def on_rendered(self, number: int, run: PrintRun) -> None:
        if number != self._request:
            return  # the choice changed meanwhile; a newer preview is on its way
        pdf = self.pdf = run.pdf
        self.printed_ids = run.printed_ids
        if run.skipped:  # the rest print; the owner hears who is left out and why
            self.say(run.skipped_message(), "error")
        try:
            pages = qt_printing.PdfPages(pdf)
            image = pages.render(0, 110)
        except ValueError as exc:
            self.on_render_failed(number, str(exc))
            return
        pixmap = QPixmap.fromImage(_on_paper(image)).scaled(
            self.preview.size() * 0.96,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)
        self._set_ready(True)

    def on_render_failed(self, number: int, message: str) -> None:
        if number == self._request:
            self.preview.setText("No preview.")
            self.say(message, "error")

    def _start(self) -> int:
        return self.start_at.value() if self.sheet.currentData() != "single" else 1

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def wait_until_ready(self) -> bool:
        """True once the PDF for the current choice is rendered (tests, scripts)."""
        return self.pdf is not None

    # -- output -------------------------------------------------------------------------

    def on_print(self) -> None:
        if self.pdf is None:
            return
        if self._printer.preview_and_print(self, self.pdf, "Loyalty cards"):
            self._mark("Printed")
        else:
            self.say("Not printed; nothing was marked as printed.", "info")

    def on_save(self) -> None:
        if self.pdf is None:
            return
        name = f"loyalty-cards-{dt.date.today().isoformat()}.pdf"
        if len(self.ids) == 1 and self.name:
            name = f"loyalty-card-{'-'.join(self.name.split())}.pdf"
        path = self._printer.save_pdf(self, self.pdf, name)
        if path is not None:
            self._mark(f"Saved to {path.name}:")

    def _mark(self, what: str) -> None:
        try:
            count = card_printing.mark_printed(
                self.printed_ids,
                staff_id=self.staff_id,
                sheet=str(self.sheet.currentData()),
                start_at=self._start(),
            )
        except RelbookError as exc:
            self.say(str(exc), "error")
            return
        self.outcome = f"{what} {count} loyalty card{'s' if count != 1 else ''}."
        self.say(self.outcome, "ok")
        self.start_at.blockSignals(True)
        self.start_at.setValue(card_printing.next_position())
        self.start_at.blockSignals(False)
        waiting = len(card_printing.unprinted_ids())
        self.unprinted.setText(f"Everyone without a printed card ({waiting:,})")

    def on_new_code(self) -> None:
        if self.contact_id is None:
            return
        if not self._confirm(
            self,
            f"Give {self.name or 'this customer'} a new card code? The old card will no "
            "longer work; their points stay.",
        ):
            return
        try:
            code = loyalty.replace_card_code(self.contact_id)
        except RelbookError as exc:
            self.say(str(exc), "error")
            return
        self.only_one.setChecked(True)
        self.on_choice_changed()
        self.say(f"New card code {code}. Print the new card now.", "ok")
        self.outcome = f"New card code {code}."

    def say(self, text: str, tone: str) -> None:
        show_message(self.message, text, tone)


def _on_paper(image: QImage) -> QImage:
    """QtPdf renders a transparent page: put it on white paper with a thin edge."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.setPen(QColor("#c9c3b6"))
    painter.drawRect(0, 0, paper.width() - 1, paper.height() - 1)
    painter.end()
    return paper


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label
