"""A short list of rows edited in place: a table to pick a row, the row's boxes beneath it,
Add and Remove. The Loyalty section uses it for rewards, tiers and promotions.

Rows are plain dataclasses of strings (``relbook.services.loyalty.rules_form``); every box
writes straight into the selected row, and nothing is checked here — the service checks
the whole form on Save and names the row and field at fault (``mark_error``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.ui.widgets.table import Column as TableColumn
from relbook.ui.widgets.table import TableModel, TableView


@dataclass(frozen=True)
class Column:
    """One field of a row: ``kind`` is "text", "choice" (``choices``: value → label) or
    "date" (ISO text)."""

    key: str
    header: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""
    label: str = ""  # the box's label when it differs from the short column header
    shown: Callable[[Any], str] | None = None  # how the table shows the row's value


def _cell_text(column: Column) -> Callable[[Any], str]:
    """How the table shows a row's value for ``column``."""
    if column.shown is not None:
        return column.shown
    if column.kind == "choice":
        labels = dict(column.choices)
        return lambda row: labels.get(getattr(row, column.key), getattr(row, column.key))
    return lambda row: getattr(row, column.key)


def rows_model(columns: list[Column], parent: QWidget | None = None) -> TableModel[Any]:
    """The rows as a read-only table (editing happens in the boxes below it)."""
    return TableModel([TableColumn(c.header, _cell_text(c)) for c in columns], parent=parent)


class ListEditor(QWidget):
    """``edited`` fires on every change; ``rows()`` gives the rows as now shown."""

    edited = Signal()

    def __init__(
        self,
        name: str,
        columns: list[Column],
        new_row: Callable[[], Any],
        *,
        add_text: str,
        empty_text: str = "None yet.",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.columns = columns
        self.new_row = new_row
        self.model = rows_model(columns, self)
        self.table = TableView(self.model, f"{name}Table", sizing="even")
        self.table.setMaximumHeight(150)
        self.boxes: dict[str, QWidget] = {}
        form = QFormLayout()
        for column in columns:
            box = self._box(column)
            box.setObjectName(f"{name}_{column.key}")
            self.boxes[column.key] = box
            form.addRow(column.label or column.header, box)
        self.form = QWidget()
        self.form.setLayout(form)
        self.form.setMaximumWidth(600)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("muted")
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName("addRow")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.on_add)
        self.remove_button.clicked.connect(self.on_remove)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self._loading = False
        self.on_current_changed()

    def _box(self, column: Column) -> QWidget:
        if column.kind == "choice":
            combo = QComboBox()
            for value, label in column.choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _=0, c=column: self.on_box_edited(c))
            return combo
        if column.kind == "date":
            date = QDateEdit()
            date.setCalendarPopup(True)
            date.setDisplayFormat("yyyy-MM-dd")
            date.dateChanged.connect(lambda _=None, c=column: self.on_box_edited(c))
            return date
        line = QLineEdit()
        line.setPlaceholderText(column.placeholder)
        line.textEdited.connect(lambda _="", c=column: self.on_box_edited(c))
        return line

    # -- rows ---------------------------------------------------------------------------

    def set_rows(self, rows: list[Any]) -> None:
        self.model.set_rows([dataclasses.replace(r) for r in rows])
        if rows:
            self.table.selectRow(0)
        self.on_current_changed()

    def rows(self) -> list[Any]:
        return [dataclasses.replace(r) for r in self.model.rows]

    def current_row(self) -> int:
        return self.table.current_row()

    def on_current_changed(self, *_: object) -> None:
        row = self.current_row()
        has_row = 0 <= row < len(self.model.rows)
        self.form.setVisible(has_row)
        self.table.setVisible(bool(self.model.rows))
        self.empty.setVisible(not self.model.rows)
        self.remove_button.setEnabled(has_row)
        self._loading = True
        try:
            for column in self.columns:
                box = self.boxes[column.key]
                box.setProperty("invalid", False)
                box.style().polish(box)
                value = getattr(self.model.rows[row], column.key) if has_row else ""
                self._show(box, column, value)
        finally:
            self._loading = False

    def _show(self, box: QWidget, column: Column, value: str) -> None:
        if isinstance(box, QComboBox):
            box.setCurrentIndex(max(0, box.findData(value)))
        elif isinstance(box, QDateEdit):
            date = QDate.fromString(value, "yyyy-MM-dd")
            box.setDate(date if date.isValid() else QDate.currentDate())
        elif isinstance(box, QLineEdit):
            box.setText(value)

    def _read(self, box: QWidget) -> str:
        if isinstance(box, QComboBox):
            return str(box.currentData())
        if isinstance(box, QDateEdit):
            return box.date().toString("yyyy-MM-dd")
        return box.text() if isinstance(box, QLineEdit) else ""

    def on_box_edited(self, column: Column) -> None:
        if self._loading:
            return
        row = self.current_row()
        if not 0 <= row < len(self.model.rows):
            return
        setattr(self.model.rows[row], column.key, self._read(self.boxes[column.key]))
        self.model.refresh_row(row)
        self.edited.emit()

    def on_add(self) -> None:
        row = len(self.model.rows)
        self.model.insert_row(row, self.new_row())
        self.table.selectRow(row)
        self.on_current_changed()
        first = self.boxes[self.columns[0].key]
        first.setFocus()
        self.edited.emit()

    def on_remove(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self.model.rows):
            return
        self.model.remove_row(row)
        if self.model.rows:
            self.table.selectRow(min(row, len(self.model.rows) - 1))
        self.on_current_changed()
        self.edited.emit()

    def mark_error(self, row: int, key: str) -> None:
        """Select the row at fault and put the cursor in its box."""
        if not 0 <= row < len(self.model.rows):
            return
        self.table.selectRow(row)
        self.on_current_changed()
        box = self.boxes.get(key) or self.boxes[self.columns[0].key]
        box.setProperty("invalid", True)
        box.style().polish(box)
        box.setFocus()
