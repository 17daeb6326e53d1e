"""Referrals at a glance: who brings in new customers, and what those customers spent.

The second tab of the Vouchers page (Ctrl+R). A line of figures on top; the top
referrers ranked by how many customers they brought in or by what those spent; for the
selected referrer the chain (who referred them) and everyone they referred, with spend.
Enter opens the selected person's card; "Their vouchers" lists the vouchers they got.
"Reward rules…" opens the programme settings (the same form as Settings → Referrals).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relbook.services.money import shop_money
from relbook.services.referrals import insights
from relbook.ui.context import Hub
from relbook.ui.vouchers.referral_field import chain_text
from relbook.ui.vouchers.referral_models import RefereesModel, TopReferrersModel

EMPTY = (
    "Nobody has referred anyone yet. Ask new customers “who sent you?” and set "
    "“Referred by” on their card, or when adding them at the counter."
)


def _table(model: TopReferrersModel | RefereesModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def _fit_columns(table: QTableView, stretch: int) -> None:
    """One column takes the spare width, the others fit their contents and headers."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)


class ReferralsView(QWidget):
    """Top referrers and one referrer's referees. ``rules_requested`` asks for the rules."""

    rules_requested = Signal()
    #: Esc: back to the vouchers
    back = Signal()

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralsView")
        self.hub = hub
        self.money = shop_money()
        self.top_model = TopReferrersModel(self.money, self)
        self.referees_model = RefereesModel(self.money, self)
        self._build()
        self.setFocusProxy(self.top)
        self._connect_signals()

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("referralSummary")
        self.summary.setWordWrap(True)
        self.rank = QComboBox()
        self.rank.addItem("Most customers referred", "count")
        self.rank.addItem("Most spent by the customers they referred", "spend")
        self.rules_button = QPushButton("Reward rules…")
        rank_label = QLabel("Rank by")
        rank_label.setObjectName("fieldLabel")
        row = QHBoxLayout()
        row.addWidget(rank_label)
        row.addWidget(self.rank)
        row.addStretch(1)
        row.addWidget(self.rules_button)

        self.top = _table(self.top_model)
        self.top.setObjectName("topReferrers")
        self.top.installEventFilter(self)
        _fit_columns(self.top, stretch=1)
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)

        self.person = QLabel()
        self.person.setObjectName("cardTitle")
        self.figures = QLabel()
        self.figures.setObjectName("referrerFigures")
        self.chain = QLabel()
        self.chain.setObjectName("muted")
        self.chain.setWordWrap(True)
        self.referees = _table(self.referees_model)
        self.referees.setObjectName("refereeTable")
        self.referees.installEventFilter(self)
        _fit_columns(self.referees, stretch=0)
        self.open_button = QPushButton("Open card  (Enter)")
        self.vouchers_button = QPushButton("Their vouchers")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.vouchers_button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.top, 1)
        left_layout.addWidget(self.empty)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(10, 0, 0, 0)
        right_layout.addWidget(self.person)
        right_layout.addWidget(self.figures)
        right_layout.addWidget(self.chain)
        referred = QLabel("Customers they brought in")
        referred.setObjectName("sectionTitle")
        right_layout.addWidget(referred)
        right_layout.addWidget(self.referees, 1)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.rank.currentIndexChanged.connect(self.on_rank_changed)
        self.top.selectionModel().currentRowChanged.connect(self.on_referrer_changed)
        self.top.doubleClicked.connect(self.on_open)
        self.referees.doubleClicked.connect(self.on_open_referee)
        self.open_button.clicked.connect(self.on_open)
        self.vouchers_button.clicked.connect(self.on_their_vouchers)
        self.rules_button.clicked.connect(self.rules_requested)

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the figures again, keeping the selected referrer when still listed."""
        keep = self.selected_id()
        self.money = shop_money()
        self.top_model.money = self.referees_model.money = self.money
        total = insights.summary()
        self.summary.setText(self._summary_text(total))
        self.top_model.reload(str(self.rank.currentData()))
        empty = self.top_model.rowCount() == 0
        self.empty.setVisible(empty)
        self.top.setVisible(not empty)
        rows = [self.top_model.contact_id(r) for r in range(self.top_model.rowCount())]
        if rows:
            self.top.selectRow(rows.index(keep) if keep in rows else 0)
        else:
            self.show_referrer(None)

    def _summary_text(self, total: insights.Summary) -> str:
        if not total.referred_customers:
            return "Word of mouth at a glance: nobody has been referred yet."
        people = total.referred_customers
        text = (
            f"{people} customer{'s' if people != 1 else ''} came through a referral, from "
            f"{total.referrers} referrer{'s' if total.referrers != 1 else ''}. "
            f"Together they have spent {self.money.format(total.referee_spend_minor)}."
        )
        if total.reward_vouchers:
            text += (
                f" {total.reward_vouchers} thank-you voucher"
                f"{'s' if total.reward_vouchers != 1 else ''} given, "
                f"{total.reward_vouchers_redeemed} redeemed."
            )
        return text

    def _figures_text(self, row: insights.TopReferrer) -> str:
        n = row.referrals
        text = (
            f"Brought in {n} customer{'s' if n != 1 else ''}, who spent "
            f"{self.money.format(row.referee_spend_minor)}"
        )
        if row.rewards:
            text += f"  ·  thanked {row.rewards} time{'s' if row.rewards != 1 else ''}"
        return text

    def selected_id(self) -> int | None:
        index = self.top.currentIndex()
        return self.top_model.contact_id(index.row()) if index.isValid() else None

    def show_referrer(self, contact_id: int | None) -> None:
        row = next((r for r in self.top_model.rows if r.contact_id == contact_id), None)
        self.person.setText(row.display_name if row else "")
        self.figures.setText(self._figures_text(row) if row else "")
        chain = chain_text(contact_id, up_only=True) if contact_id else ""
        self.chain.setText(chain)
        self.chain.setVisible(bool(chain))
        self.referees_model.reload(contact_id)
        for button in (self.open_button, self.vouchers_button):
            button.setEnabled(contact_id is not None)

    # -- slots -----------------------------------------------------------------------------

    def on_rank_changed(self, _index: int) -> None:
        self.reload()
        self.top.selectRow(0)

    def on_referrer_changed(self, *_args: object) -> None:
        self.show_referrer(self.selected_id())

    def on_open(self, *_args: object) -> None:
        contact_id = self.selected_id()
        if contact_id:
            self.hub.show_page.emit("contacts", contact_id)

    def on_open_referee(self, *_args: object) -> None:
        index = self.referees.currentIndex()
        contact_id = self.referees_model.contact_id(index.row()) if index.isValid() else None
        if contact_id:
            self.hub.show_page.emit("contacts", contact_id)

    def on_their_vouchers(self) -> None:
        contact_id = self.selected_id()
        if contact_id:
            self.hub.show_page.emit("vouchers", contact_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()  # type: ignore[attr-defined]
        if key == Qt.Key.Key_Escape and watched in (self.top, self.referees):
            self.back.emit()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.top:
                self.on_open()
                return True
            if watched is self.referees:
                self.on_open_referee()
                return True
        return super().eventFilter(watched, event)
