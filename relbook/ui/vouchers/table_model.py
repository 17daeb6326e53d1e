"""The voucher list: plain ``VoucherView`` rows through the shared table, newest first,
read a page at a time as the list scrolls (``VoucherPages``)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from relbook.services import vouchers
from relbook.services.vouchers.types import KIND_LABELS, STATE_LABELS, Filters, VoucherView
from relbook.ui.widgets.table import Column, TableModel

PAGE = 200
STATE_COLOURS = {
    "issued": "#2f6f5e",
    "printed": "#1f5c58",
    "redeemed": "#66737a",
    "void": "#8c1d18",
    "expired": "#8a5a00",
}


def _void_reason(v: VoucherView) -> str | None:
    return f"Voided: {v.void_reason}" if v.state == "void" and v.void_reason else None


COLUMNS: tuple[Column[VoucherView], ...] = (
    Column("Code", lambda v: v.code, tooltip=_void_reason),
    Column("For", lambda v: v.beneficiary_name, tooltip=_void_reason),
    Column("Value", lambda v: v.value_text, tooltip=_void_reason),
    Column("Kind", lambda v: KIND_LABELS.get(v.kind, v.kind), tooltip=_void_reason),
    Column(
        "State",
        lambda v: STATE_LABELS.get(v.state, v.state),
        tooltip=_void_reason,
        colour=lambda v: STATE_COLOURS.get(v.state, "#1f2a30"),
    ),
    Column(
        "Valid until",
        lambda v: vouchers.show_date(v.expires_on),
        tooltip=_void_reason,
        sort_key=lambda v: v.expires_on,
    ),
    Column(
        "Issued",
        lambda v: vouchers.show_date(v.issued_at),
        tooltip=_void_reason,
        sort_key=lambda v: v.issued_at,
    ),
)


class VoucherPages:
    """The vouchers a filter picks, ``PAGE`` at a time (a shop keeps every voucher)."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self.total = 0
        self._read = 0

    @property
    def done(self) -> bool:
        return self._read >= self.total

    def first(self) -> list[VoucherView]:
        self.total = vouchers.count_vouchers(self.filters)
        self._read = 0
        return self.more()

    def more(self) -> list[VoucherView]:
        batch = vouchers.list_vouchers(self.filters, limit=PAGE, offset=self._read)
        self._read += len(batch)
        if not batch:
            self.total = self._read  # fewer than counted: some changed meanwhile
        return batch


def voucher_model(parent: QObject | None = None) -> TableModel[VoucherView]:
    return TableModel(COLUMNS, key=lambda v: v.id, parent=parent)
