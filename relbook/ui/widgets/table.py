"""One read-only table for every list of the app: a model over plain rows described by
column specs, and the view that shows it.

Each list used to repeat a dozen lines of ``QTableView`` set-up and count its rows in a
model of its own. Now a list says what its columns are (``Column``) and how its rows are
told apart (``key``); the model and the view do the rest the same way everywhere. A list
that may be long reads its rows a batch at a time through a ``Pager`` as the view
scrolls, so a book of 100,000 customers opens at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from PySide6.QtCore import (
    SIGNAL,
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: a row's key (a contact id, a voucher id …), as ``key`` gives it
ID_ROLE = Qt.ItemDataRole.UserRole
#: what a column sorts by: its ``sort_key``, or else its text
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: its title, how a row reads in it, and how that looks."""

    header: str
    text: Callable[[R], str]
    #: the cells' alignment (RIGHT for figures); None: the style's own
    align: Qt.AlignmentFlag | None = None
    #: the title's alignment, when it differs from the view's (LEFT)
    header_align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[R], str | None] | None = None
    #: the text's colour for a row, as "#rrggbb"; None: the usual colour
    colour: Callable[[R], str | None] | None = None
    #: what the column sorts by when it is not its text (dates, amounts)
    sort_key: Callable[[R], Any] | None = None


class Pager(Protocol[R]):
    """Where a long list reads its rows: the first batch, then the next ones on demand."""

    @property
    def done(self) -> bool:
        """Every row has been read."""
        ...

    def first(self) -> list[R]:
        """Start again from the top and read the first batch."""
        ...

    def more(self) -> list[R]:
        """The next batch; an empty list once there is no more."""
        ...


class TableModel(QAbstractTableModel, Generic[R]):
    """Plain rows shown through ``columns``; never talks to widgets, never edits.

    ``key`` tells rows apart (shown in ``ID_ROLE``, found with ``row_of``): a row whose
    key is already shown is not added twice when the next batch is read.
    """

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        key: Callable[[R], Hashable] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._key = key
        self._rows: list[R] = []
        self._pager: Pager[R] | None = None
        self._colours: dict[str, QColor] = {}

    # -- what is shown ------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[R]:
        """The rows read so far, in the order shown."""
        return self._rows

    def set_rows(self, rows: Iterable[R]) -> None:
        """Show these rows, all of them, instead of what was shown."""
        self.beginResetModel()
        self._pager = None
        self._rows = list(rows)
        self.endResetModel()

    def set_pager(self, pager: Pager[R]) -> None:
        """Show what ``pager`` reads: its first batch now, more as the view scrolls."""
        self.beginResetModel()
        self._pager = pager
        self._rows = list(pager.first())
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def key_at(self, row: int) -> Hashable | None:
        found = self.row_at(row)
        return None if found is None or self._key is None else self._key(found)

    def row_of(self, key: Hashable) -> int | None:
        """Where the row with this key is shown, or None."""
        if self._key is None:
            return None
        return next((i for i, r in enumerate(self._rows) if self._key(r) == key), None)

    # -- changing single rows -----------------------------------------------------------

    def replace_row(self, row: int, new: R) -> None:
        """Show ``new`` in place of the row at ``row``."""
        self._rows[row] = new
        self.refresh_row(row)

    def refresh_row(self, row: int) -> None:
        """The row object at ``row`` changed in place: draw its cells again."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def insert_row(self, row: int, new: R) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, new)
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    # -- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole and column.header_align is not None:
            return int(column.header_align)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align) if column.align is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.colour(row) if column.colour is not None else None
            return self._colour(colour) if colour else None
        if role == ID_ROLE:
            return self._key(row) if self._key is not None else None
        if role == SORT_ROLE:
            return (column.sort_key or column.text)(row)
        return None

    def _colour(self, name: str) -> QColor:
        if name not in self._colours:
            self._colours[name] = QColor(name)
        return self._colours[name]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._pager is not None and not self._pager.done

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._pager is not None
        batch = self._pager.more()
        if self._key is not None:  # e.g. a row a page put in place before it was read
            key = self._key
            shown = {key(r) for r in self._rows}
            batch = [r for r in batch if key(r) not in shown]
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows read so far by a column (a view with sorting switched on)."""
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        by = spec.sort_key or spec.text
        self.layoutAboutToBeChanged.emit()
        order_now = sorted(
            range(len(self._rows)),
            key=lambda i: by(self._rows[i]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        moved_to = {old: new for new, old in enumerate(order_now)}
        self._rows = [self._rows[i] for i in order_now]
        before = self.persistentIndexList()
        after = [self.index(moved_to[i.row()], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


Sizing = Literal["interactive", "fit", "even"]


class TableView(QTableView):
    """How every list of the app looks and behaves: whole rows are selected, nothing is
    edited in place, rows alternate in colour without a grid, one line per row, titles
    on the left; Return or Enter in the table is ``entered`` (when it is connected).

    ``sizing``: "interactive" (the person drags the widths, ``widths`` to start from),
    "fit" (each column as wide as its contents) or "even" (all share the width alike);
    ``stretch`` names the column that takes the width left over. ``model`` is a
    ``TableModel``, or a proxy over one (a filter).
    """

    #: Return or Enter pressed while the table has focus
    entered = Signal()

    def __init__(
        self,
        model: QAbstractItemModel,
        name: str,
        *,
        extended: bool = False,
        sizing: Sizing = "interactive",
        stretch: int | None = None,
        widths: Sequence[int] = (),
        row_height: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if extended
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.hide()
        if row_height is not None:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setDefaultSectionSize(row_height)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(LEFT)
        header.setStretchLastSection(False)
        mode = {
            "interactive": QHeaderView.ResizeMode.Interactive,
            "fit": QHeaderView.ResizeMode.ResizeToContents,
            "even": QHeaderView.ResizeMode.Stretch,
        }[sizing]
        header.setSectionResizeMode(mode)
        if sizing == "fit":
            header.setMinimumSectionSize(40)
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int:
        """The row with the keyboard cursor, or -1."""
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def selected_rows(self) -> list[int]:
        """The selected rows, top to bottom."""
        return sorted({i.row() for i in self.selectionModel().selectedRows()})

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # only when someone listens: else Enter goes on to the dialog's default button
        if event.key() in ENTER_KEYS and self.receivers(SIGNAL("entered()")) > 0:
            self.entered.emit()
            return
        super().keyPressEvent(event)
