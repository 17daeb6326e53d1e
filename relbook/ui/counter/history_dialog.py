"""A customer's sales, points rows and redeemed vouchers with who, when and why; CSV
export; refunds, adjustments and undo (Refund takes the sale's points back; Adjust and
Undo ask for a reason). Undo (Alt+U) takes back a redemption, a voucher redemption or a
sale: the person at the till during the customer's visit, an owner at any time
(``relbook.services.counter.undo``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.counter import sales, undo
from relbook.services.counter.sales import HistoryRow
from relbook.services.display import Display
from relbook.services.loyalty import ledger
from relbook.services.money import Money
from relbook.ui.counter.adjust_dialog import AdjustPointsDialog
from relbook.ui.widgets.table import RIGHT, Column, TableModel, TableView

KIND_LABELS = {
    "sale": "Sale",
    "refund": "Refund",
    "earn": "Points earned",
    "redeem": "Redeemed",
    "adjust": "Adjustment",
    "expire": "Expired",
    "bonus": "Bonus",
    "referral": "Referral",
    "undo": "Undone",
    "voucher": "Voucher redeemed",
}
UNDO_KEYS = "Alt+U"  # not Ctrl+Z: that is the reason field's own undo of typing


def history_columns(money: Money) -> tuple[Column[HistoryRow], ...]:
    """When, what, amount (in the shop's money), points, why, who."""

    show = Display(money.locale, money.currency)

    def when(row: HistoryRow) -> str:
        return show.datetime_short(row.when, utc=True)

    def what(row: HistoryRow) -> str:
        label = KIND_LABELS.get(row.what, row.what)
        if row.refunded:
            return f"{label} (refunded)"
        return f"{label} (undone)" if row.undone else label

    return (
        Column("When", when, sort_key=lambda r: r.when),
        Column("What", what),
        Column(
            "Amount",
            lambda r: money.format(r.amount_minor) if r.amount_minor is not None else "",
            align=RIGHT,
            header_align=RIGHT,
            sort_key=lambda r: r.amount_minor or 0,
        ),
        Column(
            "Points",
            lambda r: f"{r.points:+d}" if r.points is not None else "",
            align=RIGHT,
            header_align=RIGHT,
            sort_key=lambda r: r.points or 0,
        ),
        Column("Why", lambda r: r.reason),
        Column("Staff", lambda r: r.staff),
    )


Confirm = Callable[[QWidget, str], bool]


def ask(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, parent.tr("Please confirm"), text)
    return answer == QMessageBox.StandardButton.Yes


class HistoryDialog(QDialog):
    def __init__(
        self,
        contact_id: int,
        name: str,
        money: Money,
        *,
        staff_id: int | None,
        confirm: Confirm = ask,
        parent: QWidget | None = None,
        visit: undo.Visit | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.name = name
        #: the adjust dialog while it is open (tests type into it)
        self.adjust_dialog: AdjustPointsDialog | None = None
        self.contact_id = contact_id
        self.staff_id = staff_id
        #: the customer's visit at the till, if this is them: they may undo without an owner
        self.visit = visit
        self.confirm = confirm
        #: something was refunded or adjusted (the counter then reloads the customer)
        self.changed = False
        self.setWindowTitle(f"History — {name}")
        self.resize(860, 520)
        self.money = money
        self.model: TableModel[HistoryRow] = TableModel(history_columns(money), parent=self)
        self.table = TableView(self.model, "historyTable", sizing="fit", stretch=4)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.refund_reason = QLineEdit()
        self.refund_reason.setObjectName("refundReason")
        self.refund_reason.setPlaceholderText(
            self.tr("Why (needed to undo, optional for a refund), e.g. wrong customer")
        )
        self.refund_reason.setMaxLength(200)
        self.refund_button = QPushButton("Refund this sale…")
        self.undo_button = QPushButton(self.tr("Undo… ({keys})").format(keys=UNDO_KEYS))
        self.undo_button.setObjectName("undoButton")
        self.adjust_button = QPushButton("Adjust points…")
        self.export_button = QPushButton("Export CSV…")
        close = QPushButton("Close")
        refund_row = QHBoxLayout()
        refund_row.addWidget(self.refund_button)
        refund_row.addWidget(self.undo_button)
        refund_row.addWidget(self.refund_reason, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.adjust_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(refund_row)
        layout.addLayout(buttons)
        self.refund_button.clicked.connect(self.on_refund)
        self.undo_button.clicked.connect(self.on_undo)
        undo_key = QShortcut(QKeySequence(UNDO_KEYS), self)
        undo_key.activated.connect(self.on_undo)
        self.adjust_button.clicked.connect(self.on_adjust)
        self.export_button.clicked.connect(self.on_export)
        close.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(sales.history(self.contact_id))
        self.on_current_changed(self.table.currentIndex())

    def selected_row(self) -> HistoryRow | None:
        return self.model.row_at(self.table.current_row())

    def on_current_changed(self, *_: object) -> None:
        row = self.selected_row()
        can = row is not None and row.what == "sale" and not row.refunded
        self.refund_button.setEnabled(can)
        if row is not None and row.refunded:
            self.refund_button.setToolTip("This sale has been refunded already.")
        else:
            self.refund_button.setToolTip("Give the money back and take the sale's points back")
        self.undo_button.setEnabled(row is not None and row.undo_target is not None)
        self.undo_button.setToolTip(
            self.tr("Take back this redemption, voucher or sale (type why first)")
        )

    def on_refund(self) -> None:
        row = self.selected_row()
        if row is None or row.what != "sale" or row.sale_id is None or row.refunded:
            return
        amount = self.money.format(row.amount_minor or 0)
        if not self.confirm(
            self, f"Refund sale {row.sale_id} ({amount}) and take its points back?"
        ):
            return
        try:
            result = sales.refund_sale(
                row.sale_id, staff_id=self.staff_id, reason=self.refund_reason.text()
            )
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.changed = True
        self.refund_reason.clear()
        self.message.setText(
            f"Refunded {amount}; {result.points_reversed} points taken back. "
            f"Balance {result.balance}."
        )
        self.reload()

    def on_undo(self) -> None:
        """Undo the selected redemption, voucher redemption or sale, after one question."""
        row = self.selected_row()
        target = row.undo_target if row is not None else None
        if row is None or target is None:
            return
        why = self.refund_reason.text().strip()
        if not why:
            self.message.setText(self.tr("Type why in the box first, e.g. wrong customer."))
            self.refund_reason.setFocus()
            return
        what = row.reason or KIND_LABELS.get(row.what, row.what)
        if row.what == "sale":
            what = self.tr("sale of {amount}").format(
                amount=self.money.format(row.amount_minor or 0)
            )
        question = self.tr("Undo “{what}” for {name}? ({why})").format(
            what=what, name=self.name, why=why
        )
        if not self.confirm(self, question):
            return
        try:
            result = undo.undo(target[0], target[1], why, staff_id=self.staff_id, visit=self.visit)
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.changed = True
        self.refund_reason.clear()
        self.message.setText(result.message)
        self.reload()

    def on_adjust(self) -> None:
        """Open the adjust dialog; the table shows the new row once it is done."""
        balance = ledger.balance(self.contact_id)
        dialog = AdjustPointsDialog(
            self.contact_id, self.name, balance, staff_id=self.staff_id, parent=self
        )
        self.adjust_dialog = dialog
        dialog.accepted.connect(self.on_adjusted)
        dialog.open()

    def on_adjusted(self) -> None:
        dialog = self.adjust_dialog
        if dialog is not None and dialog.new_balance is not None:
            self.changed = True
            self.message.setText(
                f"Points adjusted by {dialog.points_changed:+d}. Balance {dialog.new_balance}."
            )
            self.reload()

    def on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export history", f"history-{self.contact_id}.csv", "CSV files (*.csv)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        try:
            count = sales.history_csv(self.contact_id, path, self.money)
        except OSError as exc:
            self.message.setText(f"Could not write {path}: {exc.strerror or exc}")
            return 0
        self.message.setText(f"Saved {count} rows to {path}.")
        return count
