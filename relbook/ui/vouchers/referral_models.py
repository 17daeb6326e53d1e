"""Table models of the Referrals view: top referrers, and one referrer's referees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from relbook.services import settings
from relbook.services.money import Money
from relbook.services.referrals import insights
from relbook.services.referrals.insights import Referee, TopReferrer

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOP_LIMIT = 200


class _PlainTable(QAbstractTableModel):
    """A read-only table over a list of rows; subclasses say how a row reads."""

    columns: Sequence[str] = ()
    numeric: frozenset[int] = frozenset()

    def __init__(self, money: Money, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.numeric:
            return RIGHT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row(), row)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return RIGHT
        if role == ID_ROLE:
            return row.contact_id
        return None

    def cells(self, position: int, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def contact_id(self, row: int) -> int | None:
        return self.rows[row].contact_id if 0 <= row < len(self.rows) else None


class TopReferrersModel(_PlainTable):
    """Who brought in the most customers, or the customers who spent the most."""

    columns = ("", "Referrer", "Referred", "What they spent", "Rewards")
    numeric = frozenset({0, 2, 3, 4})

    def reload(self, by: str) -> None:
        self.set_rows(insights.top_referrers(by=by, limit=TOP_LIMIT))

    def cells(self, position: int, row: TopReferrer) -> tuple[str, ...]:
        return (
            f"{position + 1}.",
            row.display_name,
            str(row.referrals),
            self.money.format(row.referee_spend_minor),
            str(row.rewards) if row.rewards else "–",
        )


class RefereesModel(_PlainTable):
    """The customers one referrer brought in, oldest first."""

    columns = ("Customer", "With us since", "Spent", "Referred in turn")
    numeric = frozenset({2, 3})

    locale = "en_US"

    def reload(self, referrer_id: int | None) -> None:
        self.locale = str(settings.get("shop.locale") or "en_US")
        self.set_rows(insights.referees(referrer_id) if referrer_id else [])

    def cells(self, position: int, row: Referee) -> tuple[str, ...]:
        name = f"{row.display_name} (archived)" if row.archived else row.display_name
        return (
            name,
            format_date(row.joined.date(), "MMM y", locale=self.locale),
            self.money.format(row.spend_minor),
            str(row.referred) if row.referred else "–",
        )
