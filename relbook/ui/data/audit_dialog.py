"""The audit log: every change to points, vouchers, merges, erasures, restores and
settings — what, who, when, before and after. Read-only, filterable, exportable."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.display import Display, shop_display
from relbook.services.staff import audit
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.widgets.table import Column, TableModel, TableView

#: action prefixes for the filter, with words a shop owner uses
KINDS = (
    ("", "Everything"),
    ("points", "Points"),
    ("voucher", "Vouchers"),
    ("merge", "Merges"),
    ("erase", "Erasures"),
    ("restore", "Restores"),
    ("setting", "Settings"),
    ("staff", "Staff"),
)


def local_time(at: dt.datetime | str, show: Display | None = None) -> str:
    """A stored (UTC) moment the shop's way, to the second: "Dec 7, 2026, 3:07:45 PM"."""
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError:
            return at
    return (show or Display()).datetime_short(at, utc=True, seconds=True, year=True)


def values_text(values: dict) -> str:
    if not values:
        return ""
    return ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())


def what_text(action: str) -> str:
    return audit.describe_action(action)


def _values(side: str) -> Callable[[audit.AuditRow], str]:
    def text(row: audit.AuditRow) -> str:
        if row.redacted:
            return "(erased)"
        return values_text(row.before if side == "before" else row.after)

    return text


def _column(header: str, text: Callable[[audit.AuditRow], str]) -> Column[audit.AuditRow]:
    """A column whose tooltip is its whole text (the values are often long)."""
    return Column(header, text, tooltip=text)


def columns(show: Display) -> tuple[Column[audit.AuditRow], ...]:
    """The log's columns, its times written the shop's way."""
    return (
        _column("When", lambda r: local_time(r.at, show)),
        _column("Who", lambda r: r.staff or "—"),
        _column("What", lambda r: what_text(r.action)),
        _column("About", lambda r: r.subject),
        _column("Before", _values("before")),
        _column("After", _values("after")),
    )


def audit_model(
    parent: QWidget | None = None, show: Display | None = None
) -> TableModel[audit.AuditRow]:
    return TableModel(columns(show or Display()), parent=parent)


class AuditDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Audit log")
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        self.kind = QComboBox()
        for key, title in KINDS:
            self.kind.addItem(title, key)
        filters.addWidget(self.kind)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by name, staff, voucher code, reason…")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)
        self.model = audit_model(self, shop_display())
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = TableView(
            self.proxy, "auditTable", widths=(160, 100, 140, 140, 200), stretch=5
        )
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        self.export_button = QPushButton("Export CSV…")
        self.close_button = QPushButton("Close")
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self._connect_signals()
        self.refresh()
        self.resize(980, 560)
        self.search.setFocus()

    def _connect_signals(self) -> None:
        self.kind.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.on_search_changed)
        self.export_button.clicked.connect(self.on_export)
        self.close_button.clicked.connect(self.reject)

    def refresh(self) -> None:
        self.model.set_rows(audit.entries(action=self.kind.currentData() or None, limit=5000))
        self._show_count()

    def on_search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = f"{total:,} entr{'ies' if total != 1 else 'y'}, newest first"
        if shown != total:
            text = f"{shown:,} of {text}"
        self.count.setText(text)

    def visible_rows(self) -> list[audit.AuditRow]:
        return [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]

    def on_export(self) -> None:
        name = f"relbook-audit-{dt.date.today():%Y-%m-%d}.csv"
        target = prompts.save_file(self, "Export the audit log", name, "CSV (*.csv)")
        if not target:
            return
        try:
            Path(target).write_text(audit.to_csv(self.visible_rows()), encoding="utf-8-sig")
        except (OSError, RelbookError) as exc:
            message = str(exc) if isinstance(exc, RelbookError) else exc.strerror
            prompts.error(self, "Export", f"{target} could not be written ({message}).")
            return
        self.count.setText(f"Exported {self.proxy.rowCount():,} entries to {target}.")
