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
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relbook.services import settings
from relbook.services.money import shop_money
from relbook.services.referrals import insights
from relbook.ui.context import Hub
from relbook.ui.vouchers.referral_field import chain_text
from relbook.ui.vouchers.referral_models import (
    REFEREE_COLUMNS,
    TOP_COLUMNS,
    RankedReferrer,
    RefereeLine,
    referee_lines,
    top_lines,
)
from relbook.ui.widgets.table import TableModel, TableView

EMPTY = (
    "Nobody has referred anyone yet. Ask new customers “who sent you?” and set "
    "“Referred by” on their card, or when adding them at the counter."
)


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
        self.top_model: TableModel[RankedReferrer] = TableModel(
            TOP_COLUMNS, key=lambda r: r.referrer.contact_id, parent=self
        )
        self.referees_model: TableModel[RefereeLine] = TableModel(
            REFEREE_COLUMNS, key=lambda r: r.referee.contact_id, parent=self
        )
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

        self.top = TableView(self.top_model, "topReferrers", sizing="fit", stretch=1, row_height=28)
        self.top.installEventFilter(self)
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
        self.referees = TableView(
            self.referees_model, "refereeTable", sizing="fit", stretch=0, row_height=28
        )
        self.referees.installEventFilter(self)
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
        self.top.entered.connect(self.on_open)
        self.referees.doubleClicked.connect(self.on_open_referee)
        self.referees.entered.connect(self.on_open_referee)
        self.open_button.clicked.connect(self.on_open)
        self.vouchers_button.clicked.connect(self.on_their_vouchers)
        self.rules_button.clicked.connect(self.rules_requested)

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the figures again, keeping the selected referrer when still listed."""
        keep = self.selected_id()
        self.money = shop_money()
        total = insights.summary()
        self.summary.setText(self._summary_text(total))
        self.top_model.set_rows(top_lines(str(self.rank.currentData()), self.money))
        empty = self.top_model.rowCount() == 0
        self.empty.setVisible(empty)
        self.top.setVisible(not empty)
        if empty:
            self.show_referrer(None)
            return
        row = self.top_model.row_of(keep) if keep is not None else None
        self.top.selectRow(row if row is not None else 0)

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
        line = self.top_model.row_at(self.top.current_row())
        return line.referrer.contact_id if line else None

    def show_referrer(self, contact_id: int | None) -> None:
        found = self.top_model.row_of(contact_id) if contact_id is not None else None
        line = self.top_model.row_at(found) if found is not None else None
        row = line.referrer if line else None
        self.person.setText(row.display_name if row else "")
        self.figures.setText(self._figures_text(row) if row else "")
        chain = chain_text(contact_id, up_only=True) if contact_id else ""
        self.chain.setText(chain)
        self.chain.setVisible(bool(chain))
        locale = str(settings.get("shop.locale") or "en_US")
        self.referees_model.set_rows(referee_lines(contact_id, self.money, locale))
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
        line = self.referees_model.row_at(self.referees.current_row())
        contact_id = line.referee.contact_id if line else None
        if contact_id:
            self.hub.show_page.emit("contacts", contact_id)

    def on_their_vouchers(self) -> None:
        contact_id = self.selected_id()
        if contact_id:
            self.hub.show_page.emit("vouchers", contact_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]
            and watched in (self.top, self.referees)
        ):
            self.back.emit()
            return True
        return super().eventFilter(watched, event)
