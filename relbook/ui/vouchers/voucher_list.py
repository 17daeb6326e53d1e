"""The list on the Vouchers page: the scan-or-search box, the state filters with their
counts (Alt+1…6 on the page), the kind, the "only this customer" chip, and the vouchers
newest first (``table_model``). The page lays these widgets out; this keeps what they
show.

Type to search by name or code; a whole code is not a filter (Enter looks it up, on
the page). Down goes from the box into the list, Esc clears the box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from relbook.services import codes
from relbook.services.vouchers.types import KIND_LABELS, STATE_LABELS, Filters, VoucherView
from relbook.ui.vouchers.table_model import VoucherPages, voucher_model
from relbook.ui.widgets.table import TableView

FILTERS: tuple[str | None, ...] = (None, "issued", "printed", "redeemed", "expired", "void")


class VoucherList(QObject):
    """``filters_changed``: the person changed what to show (the page reads it all again);
    ``escaped``: Esc cleared the box."""

    filters_changed = Signal()
    escaped = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: only this customer's vouchers ("Their vouchers", a card's voucher link)
        self.contact_filter: int | None = None
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Scan a voucher, or search by name or code…")
        self.search.setClearButtonEnabled(True)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        #: the filter buttons, the kind and the chip in a row
        self.filters_bar = QWidget()
        filters = QHBoxLayout(self.filters_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(4)
        for i, state in enumerate(FILTERS):
            button = QPushButton(STATE_LABELS.get(state or "", "All"))
            button.setObjectName("filterButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"Alt+{i + 1}")
            self.filter_group.addButton(button, i)
            filters.addWidget(button)
        self.filter_group.button(0).setChecked(True)
        filters.addStretch(1)
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem("Every kind", None)
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        filters.addWidget(self.kind)
        self.contact_chip = QPushButton()
        self.contact_chip.setObjectName("linkButton")
        self.contact_chip.hide()
        filters.addWidget(self.contact_chip)
        self.model = voucher_model(self)
        self.table = TableView(
            self.model,
            "voucherTable",
            extended=True,
            widths=(140, 150, 165, 128, 82, 100, 100),
            stretch=1,
            row_height=30,
        )
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("muted")
        self.empty_hint.setWordWrap(True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.on_search_changed)
        self.filter_group.idClicked.connect(self.on_filter)
        self.kind.currentIndexChanged.connect(self.on_filter_kind)
        self.contact_chip.clicked.connect(self.on_clear_contact)

    # -- what is shown ----------------------------------------------------------------------

    def filters(self) -> Filters:
        state = FILTERS[max(0, self.filter_group.checkedId())]
        text = self.search.text().strip()
        if codes.looks_like_voucher_code(text):
            text = ""  # a whole code is looked up with Enter, not used as a filter
        kind = self.kind.currentData()
        return Filters(state=state, kind=kind, text=text, contact_id=self.contact_filter)

    def reload(self, counts: dict[str, int], keep: int | None = None) -> None:
        """Read the vouchers again; ``counts`` by state label the filter buttons."""
        self.model.set_pager(VoucherPages(self.filters()))
        for i, state in enumerate(FILTERS):
            label = STATE_LABELS.get(state or "", "All")
            if state:
                label += f"  {counts.get(state, 0)}"
            self.filter_group.button(i).setText(label)
        empty = self.model.rowCount() == 0
        self.empty_hint.setVisible(empty)
        if empty:
            narrowed = self.search.text().strip() or self.contact_filter or self.kind.currentData()
            self.empty_hint.setText(
                "No vouchers match."
                if narrowed
                else "No vouchers here yet. Ctrl+N issues a goodwill voucher."
            )
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)

    def selected(self) -> list[VoucherView]:
        return [v for r in self.table.selected_rows() if (v := self.model.row_at(r)) is not None]

    def show_contact(self, contact_id: int | None, name: str) -> None:
        """Only this customer's vouchers (None: everyone's again)."""
        self.contact_filter = contact_id
        self.contact_chip.setText(f"Only {name}  ✕" if contact_id else "")
        self.contact_chip.setVisible(contact_id is not None)

    def select_first(self) -> None:
        """Into the list, on its first voucher."""
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    # -- slots ------------------------------------------------------------------------------

    def on_search_changed(self, _text: str) -> None:
        self.filters_changed.emit()

    def on_filter(self, index: int, from_key: bool = False) -> None:
        if from_key:
            self.filter_group.button(index).setChecked(True)
        self.filters_changed.emit()

    def on_filter_kind(self, _index: int) -> None:
        self.filters_changed.emit()

    def on_clear_contact(self) -> None:
        self.show_contact(None, "")
        self.filters_changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.search.clear()
                self.escaped.emit()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.select_first()
                return True
        return super().eventFilter(watched, event)
