"""A customer's sales and points rows with who, when and why; CSV export; refunds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import sales
from relbook.services.money import Money
from relbook.services.sales import HistoryRow

Index = QModelIndex | QPersistentModelIndex
KIND_LABELS = {
    "sale": "Sale", "refund": "Refund", "earn": "Points earned", "redeem": "Redeemed",
    "adjust": "Adjustment", "expire": "Expired", "bonus": "Bonus", "referral": "Referral",
}  # fmt: skip


class HistoryModel(QAbstractTableModel):
    HEADERS = ("When", "What", "Amount", "Points", "Why", "Staff")

    def __init__(self, money: Money, parent=None) -> None:
        super().__init__(parent)
        self.money = money
        self.rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            local = row.when.replace(tzinfo=dt.UTC).astimezone()
            values = (
                local.strftime("%Y-%m-%d %H:%M"),
                KIND_LABELS.get(row.what, row.what),
                self.money.format(row.amount_minor) if row.amount_minor is not None else "",
                f"{row.points:+d}" if row.points is not None else "",
                row.reason,
                row.staff,
            )
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


Confirm = Callable[[QWidget, str], bool]


def ask(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, "Refund", text)
    return answer == QMessageBox.StandardButton.Yes


class HistoryDialog(QDialog):
    def __init__(self, contact_id: int, name: str, money: Money, *, staff_id: int | None,
                 confirm: Confirm = ask, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.contact_id = contact_id
        self.staff_id = staff_id
        self.confirm = confirm
        self.refunded = False
        self.setWindowTitle(f"History — {name}")
        self.resize(860, 520)
        self.model = HistoryModel(money, self)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.refund_button = QPushButton("Refund this sale…")
        self.export_button = QPushButton("Export CSV…")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refund_button.clicked.connect(self.on_refund)
        self.export_button.clicked.connect(self.on_export)
        close.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(sales.history(self.contact_id))
        self.on_current_changed(self.table.currentIndex())

    def selected_row(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def on_current_changed(self, *_: object) -> None:
        row = self.selected_row()
        self.refund_button.setEnabled(row is not None and row.what == "sale")

    def on_refund(self) -> None:
        row = self.selected_row()
        if row is None or row.what != "sale" or row.sale_id is None:
            return
        amount = self.model.money.format(row.amount_minor or 0)
        if not self.confirm(
            self, f"Refund sale {row.sale_id} ({amount}) and take its points back?"
        ):
            return
        try:
            result = sales.refund_sale(row.sale_id, staff_id=self.staff_id)
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.refunded = True
        self.message.setText(
            f"Refunded {amount}; {result.points_reversed} points taken back. "
            f"Balance {result.balance}."
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
            count = sales.history_csv(self.contact_id, path, self.model.money)
        except OSError as exc:
            self.message.setText(f"Could not write {path}: {exc.strerror or exc}")
            return 0
        self.message.setText(f"Saved {count} rows to {path}.")
        return count
