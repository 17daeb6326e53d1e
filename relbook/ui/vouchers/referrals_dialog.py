"""Referrals at a glance and the reward rules: top referrers, programme, birthday vouchers.

Three tabs. *Top referrers* ranks who brought in the most customers, or the customers
who spent the most. *Referral programme* sets what a referrer gets and when, the welcome
voucher, validity and the cap. *Birthday vouchers* sets the voucher issued N days before
a birthday. Saving checks everything through the services and says plainly what is wrong.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import referrals, vouchers
from relbook.services.money import Money, shop_money
from relbook.services.referrals import Programme, TopReferrer
from relbook.services.voucher_types import VoucherValue
from relbook.ui.context import Hub
from relbook.ui.vouchers.value_editor import ValueEditor

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Referrer", "Referred", "What they spent")


class TopReferrersModel(QAbstractTableModel):
    def __init__(self, money: Money, parent=None) -> None:
        super().__init__(parent)
        self.money = money
        self.rows: list[TopReferrer] = []

    def reload(self, by: str) -> None:
        self.beginResetModel()
        self.rows = referrals.top_referrers(by=by, limit=50)
        self.endResetModel()

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
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.display_name,
                str(row.referrals),
                self.money.format(row.referee_spend_minor),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.contact_id
        return None


class ReferralsDialog(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Referrals and reward rules")
        self.resize(620, 520)
        self.hub = hub
        self.money = shop_money()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._top_tab(), "Top referrers")
        self.tabs.addTab(self._programme_tab(), "Referral programme")
        self.tabs.addTab(self._birthday_tab(), "Birthday vouchers")
        self.error = QLabel()
        self.error.setObjectName("errorBanner")
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel()
        self.notice.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self.load()

    # -- building ------------------------------------------------------------------------

    def _top_tab(self) -> QWidget:
        self.rank = QComboBox()
        self.rank.addItem("Most customers referred", "count")
        self.rank.addItem("Most spent by the customers they referred", "spend")
        self.top_model = TopReferrersModel(self.money, self)
        self.top = QTableView()
        self.top.setModel(self.top_model)
        self.top.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.top.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top.verticalHeader().hide()
        self.top.setShowGrid(False)
        self.top.horizontalHeader().setStretchLastSection(True)
        self.top.setColumnWidth(0, 240)
        self.top_hint = QLabel("Double-click a name to open their card.")
        self.top_hint.setObjectName("muted")
        box = QWidget()
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Rank by"))
        row.addWidget(self.rank, 1)
        layout.addLayout(row)
        layout.addWidget(self.top, 1)
        layout.addWidget(self.top_hint)
        return box

    def _programme_tab(self) -> QWidget:
        self.enabled = QCheckBox("Reward customers who bring in new customers")
        self.reward = ValueEditor(field="reward")
        self.trigger = QComboBox()
        self.trigger.addItem("on the new customer's first purchase", "first_purchase")
        self.trigger.addItem("as soon as the referral is recorded", "at_once")
        self.min_purchase = QLineEdit()
        self.min_purchase.setPlaceholderText(f"e.g. {self.money.plain(1000)} (empty: any)")
        self.welcome_on = QCheckBox("Give the new customer a welcome voucher too")
        self.welcome = ValueEditor(field="welcome")
        self.validity = QSpinBox()
        self.validity.setRange(1, 3650)
        self.validity.setSuffix(" days")
        self.cap_count = QSpinBox()
        self.cap_count.setRange(0, 1000)
        self.cap_count.setSpecialValueText("no cap")
        self.cap_period = QComboBox()
        for key, label in (
            ("month", "per month"),
            ("quarter", "per quarter"),
            ("year", "per year"),
        ):
            self.cap_period.addItem(label, key)
        cap = QHBoxLayout()
        cap.addWidget(self.cap_count)
        cap.addWidget(self.cap_period, 1)
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(self.enabled)
        form.addRow("The referrer gets", self.reward)
        form.addRow("When", self.trigger)
        form.addRow("First purchase of at least", self.min_purchase)
        form.addRow(self.welcome_on)
        form.addRow("Welcome voucher", self.welcome)
        form.addRow("Vouchers valid for", self.validity)
        form.addRow("At most, per referrer", cap)
        return box

    def _birthday_tab(self) -> QWidget:
        self.bday_on = QCheckBox("Issue a birthday voucher before each customer's birthday")
        self.bday_days = QSpinBox()
        self.bday_days.setRange(0, 60)
        self.bday_days.setSuffix(" days before")
        self.bday_value = ValueEditor(field="birthday")
        self.bday_validity = QSpinBox()
        self.bday_validity.setRange(1, 365)
        self.bday_validity.setSuffix(" days after the birthday")
        hint = QLabel("New birthday vouchers wait in the print queue (Vouchers page, “Issued”).")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(self.bday_on)
        form.addRow("Issue it", self.bday_days)
        form.addRow("Worth", self.bday_value)
        form.addRow("Valid until", self.bday_validity)
        form.addRow(hint)
        return box

    def _connect_signals(self) -> None:
        self.rank.currentIndexChanged.connect(self.on_rank_changed)
        self.top.doubleClicked.connect(self.on_open_referrer)
        self.welcome_on.toggled.connect(self.welcome.setEnabled)
        self.trigger.currentIndexChanged.connect(self.on_trigger_changed)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)

    # -- loading and saving ----------------------------------------------------------------

    def load(self) -> None:
        self.top_model.reload(self.rank.currentData())
        prog = referrals.programme()
        self.enabled.setChecked(prog.enabled)
        self.reward.set_value(prog.reward)
        self.trigger.setCurrentIndex(max(0, self.trigger.findData(prog.trigger)))
        self.min_purchase.setText(
            self.money.plain(prog.min_purchase_minor) if prog.min_purchase_minor else ""
        )
        self.welcome_on.setChecked(prog.welcome is not None)
        self.welcome.set_value(prog.welcome or VoucherValue.amount(300))
        self.welcome.setEnabled(prog.welcome is not None)
        self.validity.setValue(prog.validity_days)
        self.cap_count.setValue(prog.cap_count)
        self.cap_period.setCurrentIndex(max(0, self.cap_period.findData(prog.cap_period)))
        bday = vouchers.birthday_settings()
        self.bday_on.setChecked(bool(bday.get("enabled")))
        self.bday_days.setValue(int(bday.get("days_before", 7)))
        self.bday_value.set_value(VoucherValue.from_dict(bday.get("value") or {}))
        self.bday_validity.setValue(int(bday.get("validity_days", 30)))
        self.on_trigger_changed()
        self.on_tab_changed(self.tabs.currentIndex())

    def programme(self) -> Programme:
        text = self.min_purchase.text().strip()
        minimum = self.money.parse(text, field="min_purchase") if text else 0
        return Programme(
            enabled=self.enabled.isChecked(),
            reward=self.reward.value(),
            trigger=str(self.trigger.currentData()),
            min_purchase_minor=minimum,
            welcome=self.welcome.value() if self.welcome_on.isChecked() else None,
            validity_days=self.validity.value(),
            cap_count=self.cap_count.value(),
            cap_period=str(self.cap_period.currentData()),
        )

    def on_save(self) -> None:
        try:
            referrals.save_programme(self.programme())
            vouchers.save_birthday_settings(
                enabled=self.bday_on.isChecked(),
                days_before=self.bday_days.value(),
                value=self.bday_value.value(),
                validity_days=self.bday_validity.value(),
            )
            issued = vouchers.daily_pass()["birthday_issued"]
        except RelbookError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        extra = f" {issued} birthday voucher(s) issued." if issued else ""
        self.notice.setText("Saved." + extra)
        self.hub.settings_changed.emit()
        if issued:
            self.hub.activity_changed.emit(0)

    # -- slots -----------------------------------------------------------------------------

    def on_rank_changed(self, _index: int) -> None:
        self.top_model.reload(self.rank.currentData())

    def on_trigger_changed(self, *_args: object) -> None:
        self.min_purchase.setEnabled(self.trigger.currentData() == "first_purchase")

    def on_tab_changed(self, index: int) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setVisible(index != 0)

    def on_open_referrer(self, index: QModelIndex) -> None:
        contact_id = self.top_model.data(index, Qt.ItemDataRole.UserRole)
        if contact_id:
            self.hub.show_page.emit("contacts", int(contact_id))
            self.accept()
