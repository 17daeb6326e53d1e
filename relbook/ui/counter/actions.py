"""The counter's less frequent actions for the customer shown: history (refunds, CSV),
adjusting points with a reason, and printing their loyalty card.

Each opens a dialog; when it changed something the counter reloads the customer and the
other pages hear it through ``hub.activity_changed``. Printing also works with nobody
selected: then it offers the batches (everyone without a printed card, new customers).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget

from relbook.services.counter import undo
from relbook.services.loyalty import ledger
from relbook.services.money import Money
from relbook.ui import printing as qt_printing
from relbook.ui.context import AppContext
from relbook.ui.counter.adjust_dialog import AdjustPointsDialog
from relbook.ui.counter.card_print_dialog import CardPrintDialog
from relbook.ui.counter.history_dialog import HistoryDialog

HISTORY_KEYS = "F9"
ADJUST_KEYS = "Ctrl+Shift+A"
PRINT_KEYS = "Ctrl+L"  # L for loyalty card; Ctrl+P prints the Today sheet


class CustomerActions(QObject):
    """Buttons and dialogs; ``customer()`` gives (contact id, name) or None."""

    def __init__(
        self,
        parent: QWidget,
        context: AppContext,
        customer: Callable[[], tuple[int, str] | None],
        money: Callable[[], Money],
        after_change: Callable[[str], None],
        *,
        printer: ModuleType = qt_printing,
        visit: Callable[[], undo.Visit | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.context = context
        self.customer = customer
        self.money = money
        self.after_change = after_change
        self.printer = printer
        self.visit = visit  # the customer's visit at the till (for undo without an owner)
        self.history_button = QPushButton(f"History ({HISTORY_KEYS})")
        self.adjust_button = QPushButton(f"Adjust points ({ADJUST_KEYS})")
        self.print_button = QPushButton(f"Print card ({PRINT_KEYS})")
        for button, tip in (
            (self.history_button, "Sales and points, refunds, CSV export"),
            (self.adjust_button, "Add or take off points, with a reason"),
            (
                self.print_button,
                "Print this customer's loyalty card, or a batch of cards when nobody is selected",
            ),
        ):
            button.setToolTip(tip)
        self.history_button.clicked.connect(self.on_history)
        self.adjust_button.clicked.connect(self.on_adjust)
        self.print_button.clicked.connect(self.on_print_card)
        #: the dialog opened last (tests drive it)
        self.history_dialog: HistoryDialog | None = None
        self.adjust_dialog: AdjustPointsDialog | None = None
        self.print_dialog: CardPrintDialog | None = None

    def buttons(self) -> list[QPushButton]:
        return [self.history_button, self.adjust_button, self.print_button]

    # -- history ------------------------------------------------------------------------

    def on_history(self) -> None:
        shown = self.customer()
        if shown is None:
            return
        contact_id, name = shown
        dialog = HistoryDialog(
            contact_id,
            name,
            self.money(),
            staff_id=self.context.staff_id,
            parent=self.parent_widget,
            visit=self.visit(),
        )
        self.history_dialog = dialog
        dialog.finished.connect(self.on_history_closed)
        dialog.open()

    def on_history_closed(self, _result: int) -> None:
        dialog = self.history_dialog
        if dialog is not None and dialog.changed:
            self.after_change("")

    # -- adjusting ----------------------------------------------------------------------

    def on_adjust(self) -> None:
        shown = self.customer()
        if shown is None:
            return
        contact_id, name = shown
        dialog = AdjustPointsDialog(
            contact_id,
            name,
            ledger.balance(contact_id),
            staff_id=self.context.staff_id,
            parent=self.parent_widget,
        )
        self.adjust_dialog = dialog
        dialog.accepted.connect(self.on_adjusted)
        dialog.open()

    def on_adjusted(self) -> None:
        dialog = self.adjust_dialog
        if dialog is None or dialog.new_balance is None:
            return
        reason = dialog.reason.text().strip()
        self.after_change(
            f"Points adjusted by {dialog.points_changed:+d} ({reason})  ·  "
            f"balance {dialog.new_balance}"
        )

    # -- printing -----------------------------------------------------------------------

    def on_print_card(self) -> None:
        shown = self.customer()
        contact_id, name = shown if shown is not None else (None, "")
        dialog = CardPrintDialog(
            contact_id=contact_id,
            name=name,
            staff_id=self.context.staff_id,
            printer=self.printer,
            parent=self.parent_widget,
        )
        self.print_dialog = dialog
        dialog.finished.connect(self.on_print_closed)
        dialog.open()

    def on_print_closed(self, _result: int) -> None:
        dialog = self.print_dialog
        if dialog is not None and dialog.outcome:
            self.after_change(dialog.outcome if self.customer() is not None else "")
