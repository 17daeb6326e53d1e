"""The Vouchers page's dialogs: issue a goodwill voucher (Ctrl+N), void the selected one
with a reason (Delete), and the referral reward rules (from the Referrals tab).

Each opens a dialog and, when it changed something, says so (``said``) and tells the
page which voucher to show (``issued`` / ``voided``) and the other pages whose
vouchers changed (``hub.activity_changed``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from relbook.services.vouchers.types import VoucherView
from relbook.ui.context import AppContext
from relbook.ui.vouchers.dialogs import IssueDialog, VoidDialog
from relbook.ui.vouchers.redeem_panel import till_staff
from relbook.ui.vouchers.referrals_dialog import RulesDialog

VOIDABLE = ("issued", "printed", "expired")


class VoucherActions(QObject):
    """The Issue and Void buttons and their dialogs; ``selected()`` gives the chosen
    vouchers, ``contact()`` the customer the list is narrowed to (or None)."""

    said = Signal(str, str)
    #: a voucher was issued (its id): the page shows it
    issued = Signal(int)
    #: a voucher was voided (its id), or the dialog was closed without (0)
    voided = Signal(int)
    #: the reward rules dialog closed
    rules_closed = Signal()

    def __init__(
        self,
        parent: QWidget,
        context: AppContext,
        selected: Callable[[], list[VoucherView]],
        contact: Callable[[], int | None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.context = context
        self.selected = selected
        self.contact = contact
        #: the dialog opened last (tests drive it)
        self.dialog: IssueDialog | VoidDialog | RulesDialog | None = None
        self.issue_button = QPushButton("New goodwill voucher…  (Ctrl+N)")
        self.void_button = QPushButton("Void…  (Del)")
        self.issue_button.clicked.connect(self.on_issue)
        self.void_button.clicked.connect(self.on_void)

    def update_buttons(self) -> None:
        chosen = self.selected()
        self.void_button.setEnabled(len(chosen) == 1 and chosen[0].state in VOIDABLE)

    # -- issuing ----------------------------------------------------------------------------

    def on_issue(self) -> None:
        self.dialog = IssueDialog(till_staff(self.context), self.contact(), self.parent_widget)
        self.dialog.finished.connect(self.on_issue_finished)
        self.dialog.open()

    def on_issue_finished(self, _result: int) -> None:
        dialog = self.dialog
        if isinstance(dialog, IssueDialog) and dialog.issued is not None:
            v = dialog.issued
            self.said.emit(f"Issued {v.code}: {v.value_text} for {v.beneficiary_name}.", "ok")
            self.context.hub.activity_changed.emit(v.beneficiary_id or 0)
            self.issued.emit(v.id)
        else:
            self.issued.emit(0)

    # -- voiding ----------------------------------------------------------------------------

    def on_void(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].state not in VOIDABLE:
            self.said.emit("Void: select one voucher that has not been redeemed.", "error")
            return
        self.dialog = VoidDialog(chosen[0], till_staff(self.context), self.parent_widget)
        self.dialog.finished.connect(self.on_void_finished)
        self.dialog.open()

    def on_void_finished(self, _result: int) -> None:
        dialog = self.dialog
        if isinstance(dialog, VoidDialog) and dialog.voided is not None:
            v = dialog.voided
            self.said.emit(f"Voided {v.code}: {v.void_reason}.", "ok")
            self.context.hub.activity_changed.emit(v.beneficiary_id or 0)
            self.voided.emit(v.id)
        else:
            self.voided.emit(0)

    # -- the referral reward rules ----------------------------------------------------------

    def on_rules(self) -> None:
        self.dialog = RulesDialog(self.context.hub, self.context.staff_id, self.parent_widget)
        self.dialog.finished.connect(self.rules_closed)
        self.dialog.open()
