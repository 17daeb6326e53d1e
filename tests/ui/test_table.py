"""The shared table (relbook.ui.widgets.table): the model's contract over realistic rows,
lazy batches, sorting, and how the view behaves under the keyboard."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QPushButton, QVBoxLayout

from relbook.ui.widgets.table import ID_ROLE, RIGHT, SORT_ROLE, Column, TableModel, TableView

LONG_NAME = "Maximilian-Alexander " + "von und zu Hohenzollern-Sigmaringen " * 8


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    phone: str
    spend_minor: int
    active: bool = True


COLUMNS: tuple[Column[Customer], ...] = (
    Column("Name", lambda c: c.name, tooltip=lambda c: c.name),
    Column("Phone", lambda c: c.phone),
    Column(
        "Spent",
        lambda c: f"${c.spend_minor / 100:,.2f}",
        align=RIGHT,
        header_align=RIGHT,
        sort_key=lambda c: c.spend_minor,
    ),
    Column(
        "Active",
        lambda c: "yes" if c.active else "no (left)",
        colour=lambda c: None if c.active else "#8a8578",
    ),
)


def customers(n: int = 6) -> list[Customer]:
    """Believable rows: two people of the same name, one very long name, a gone one."""
    rows = [
        Customer(1, "Anna Schmidt", "0171 555 0101", 12_50),
        Customer(2, "Anna Schmidt", "0171 555 0202", 3_00),  # a namesake, not a copy
        Customer(3, LONG_NAME, "", 990_00),
        Customer(4, "Émile Zola", "+33 1 23 45 67 89", 0, active=False),
    ]
    rows += [Customer(10 + i, f"Guest {i}", f"555 {i:04d}", i * 100) for i in range(n - 4)]
    return rows


def model_of(rows: list[Customer]) -> TableModel[Customer]:
    model = TableModel(COLUMNS, key=lambda c: c.id)
    model.set_rows(rows)
    return model


def test_model_passes_the_model_tester_with_namesakes_and_a_long_name(qtmodeltester) -> None:
    model = model_of(customers())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 6 and model.columnCount() == 4
    assert [model.index(r, 0).data() for r in range(2)] == ["Anna Schmidt", "Anna Schmidt"]
    assert [model.index(r, 0).data(ID_ROLE) for r in range(2)] == [1, 2]
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) == LONG_NAME
    assert model.index(0, 2).data() == "$12.50"
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Spent"
    assert model.index(3, 3).data(Qt.ItemDataRole.ForegroundRole).name() == "#8a8578"
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(9, 0).data() is None  # no such row


def test_single_rows_change_and_are_found_by_key(qtmodeltester) -> None:
    model = model_of(customers())
    assert model.row_of(3) == 2 and model.row_of(99) is None
    model.replace_row(0, Customer(1, "Anna Schmidt-Berg", "", 0))
    model.insert_row(1, Customer(50, "Bea Berg", "", 0))
    model.remove_row(model.row_of(4))  # type: ignore[arg-type]
    assert [model.key_at(r) for r in range(model.rowCount())] == [1, 50, 2, 3, 10, 11]
    assert model.row_at(0).name == "Anna Schmidt-Berg"  # type: ignore[union-attr]
    assert model.row_at(6) is None
    qtmodeltester.check(model, force_py=True)


class Batches:
    """A pager over a list, ``size`` rows at a time, as a service's paging would read."""

    def __init__(self, rows: list[Customer], size: int) -> None:
        self.rows, self.size, self.pos, self.reads = rows, size, 0, 0

    @property
    def done(self) -> bool:
        return self.pos >= len(self.rows)

    def first(self) -> list[Customer]:
        self.pos = 0
        return self.more()

    def more(self) -> list[Customer]:
        self.reads += 1
        batch = self.rows[self.pos : self.pos + self.size]
        self.pos += len(batch)
        return batch


def test_a_long_list_is_read_in_batches_as_the_view_scrolls(qtbot, qtmodeltester) -> None:
    rows = customers(500)
    pager = Batches(rows, 50)
    model = TableModel(COLUMNS, key=lambda c: c.id)
    model.set_pager(pager)
    assert model.rowCount() == 50 and model.canFetchMore()
    view = TableView(model, "customers", row_height=30)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 50)
    assert model.rowCount() % 50 == 0 and model.rowCount() < 500  # only what was needed
    model.insert_row(0, rows[-1])  # a row put in place before its batch was read
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 500  # … is not shown twice
    assert len({model.key_at(r) for r in range(500)}) == 500
    qtmodeltester.check(model, force_py=True)
    model.set_rows(rows[:3])  # plain rows again: nothing more to read
    assert not model.canFetchMore()


def test_sorting_uses_the_sort_key_and_keeps_the_selection(qtbot) -> None:
    model = model_of(customers(8))
    view = TableView(model, "customers")
    qtbot.addWidget(view)
    view.selectRow(model.row_of(3))  # type: ignore[arg-type]
    kept = QPersistentModelIndex(model.index(model.row_of(3), 0))  # type: ignore[arg-type]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    spends = [model.index(r, 2).data(SORT_ROLE) for r in range(model.rowCount())]
    assert spends == sorted(spends, reverse=True)  # by amount, not by the text "$990.00"
    assert model.key_at(0) == 3 and kept.row() == 0
    assert view.selected_rows() == [0]
    model.sort(0)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names)


@pytest.mark.parametrize("extended", [False, True])
def test_the_view_selects_whole_rows_and_edits_nothing(qtbot, extended: bool) -> None:
    model = model_of(customers())
    view = TableView(model, "customers", extended=extended, sizing="fit", stretch=0)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_row() == 1
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_rows() == ([1, 2] if extended else [2])
    assert len(view.selectionModel().selectedIndexes()) == len(view.selected_rows()) * 4
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    qtbot.keyClick(view, Qt.Key.Key_F2)  # the usual "edit" key opens no editor
    assert view.state() != QAbstractItemView.State.EditingState


def test_enter_is_the_tables_when_asked_for_else_the_dialogs(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    view = TableView(model_of(customers()), "customers")
    ok = QPushButton("OK")
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(ok)
    dialog.show()
    qtbot.waitExposed(dialog)
    view.setFocus()
    view.selectRow(1)
    entered: list[int] = []
    view.entered.connect(lambda: entered.append(view.current_row()))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert entered == [1] and dialog.isVisible()
    view.entered.disconnect()
    with qtbot.wait_signal(dialog.accepted, timeout=2000):
        qtbot.keyClick(view, Qt.Key.Key_Return)  # nobody listens: the default button
