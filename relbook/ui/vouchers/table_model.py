"""The voucher list: one table model over plain ``VoucherView`` rows, fetched in pages."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from relbook.services import vouchers
from relbook.services.vouchers.types import KIND_LABELS, STATE_LABELS, Filters, VoucherView

COLUMNS = ("Code", "For", "Value", "Kind", "State", "Valid until", "Issued")
PAGE = 200
STATE_COLOURS = {
    "issued": "#2f6f5e",
    "printed": "#1f5c58",
    "redeemed": "#66737a",
    "void": "#8c1d18",
    "expired": "#8a5a00",
}

_Index = QModelIndex | QPersistentModelIndex


class VoucherTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self.rows: list[VoucherView] = []
        self.total = 0

    # -- loading ---------------------------------------------------------------------------

    def reload(self, filters: Filters | None = None) -> None:
        if filters is not None:
            self.filters = filters
        self.beginResetModel()
        self.total = vouchers.count_vouchers(self.filters)
        self.rows = vouchers.list_vouchers(self.filters, limit=PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = vouchers.list_vouchers(self.filters, limit=PAGE, offset=len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def voucher(self, row: int) -> VoucherView | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, voucher_id: int) -> int:
        for i, v in enumerate(self.rows):
            if v.id == voucher_id:
                return i
        return -1

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        v = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(v, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QColor(STATE_COLOURS.get(v.state, "#1f2a30"))
        if role == Qt.ItemDataRole.ToolTipRole and v.state == "void" and v.void_reason:
            return f"Voided: {v.void_reason}"
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        return None

    @staticmethod
    def _text(v: VoucherView, col: int) -> str:
        if col == 0:
            return v.code
        if col == 1:
            return v.beneficiary_name
        if col == 2:
            return v.value_text
        if col == 3:
            return KIND_LABELS.get(v.kind, v.kind)
        if col == 4:
            return STATE_LABELS.get(v.state, v.state)
        if col == 5:
            return vouchers.show_date(v.expires_on)
        return vouchers.show_date(v.issued_at)
