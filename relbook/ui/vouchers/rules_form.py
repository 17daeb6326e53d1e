"""The reward rules as one form: the referral programme and the birthday vouchers.

Used by the Settings page's "Referrals" section and by the "Reward rules" dialog of the
Vouchers page, so both always offer the same fields. The form follows the settings
section contract: ``reload()`` shows what is stored, ``has_changes()`` says whether the
person changed anything, ``save()`` checks everything through the services and stores
it, or raises a ``RelbookError`` in plain words having stored nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from relbook.services import referrals, vouchers
from relbook.services.money import shop_money
from relbook.services.referrals import Programme
from relbook.services.vouchers.types import VoucherValue
from relbook.ui.vouchers.value_editor import ValueEditor

CAP_PERIODS = (("month", "per month"), ("quarter", "per quarter"), ("year", "per year"))


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class RulesForm(QWidget):
    """Referral programme and birthday vouchers; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = shop_money()
        self._loading = False
        self._stored: tuple[Any, ...] | None = None
        self._build()
        self._connect_signals()
        self.reload()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
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
        for key, label in CAP_PERIODS:
            self.cap_period.addItem(label, key)
        cap = QHBoxLayout()
        cap.addWidget(self.cap_count)
        cap.addWidget(self.cap_period)
        cap.addStretch(1)
        self.bday_on = QCheckBox("Issue a birthday voucher before each customer's birthday")
        self.bday_days = QSpinBox()
        self.bday_days.setRange(0, 60)
        self.bday_days.setSuffix(" days before")
        self.bday_value = ValueEditor(field="birthday")
        self.bday_validity = QSpinBox()
        self.bday_validity.setRange(1, 365)
        self.bday_validity.setSuffix(" days after the birthday")
        for spin in (self.validity, self.cap_count, self.bday_days, self.bday_validity):
            spin.setMaximumWidth(240)
        self.min_purchase.setMaximumWidth(240)

        # One form for both parts, so the labels line up.
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_title("Referral programme"))
        form.addRow(
            _hint(
                "Vouchers are issued with the qualifying sale and wait in the print queue "
                "(Vouchers page, “Issued”). Points go straight to the referrer's balance."
            )
        )
        form.addRow(self.enabled)
        form.addRow("The referrer gets", self.reward)
        form.addRow("When", self.trigger)
        form.addRow("First purchase of at least", self.min_purchase)
        form.addRow(self.welcome_on)
        form.addRow("Welcome voucher", self.welcome)
        form.addRow("Vouchers valid for", self.validity)
        form.addRow("At most, per referrer", cap)
        form.addRow(_title("Birthday vouchers"))
        form.addRow(
            _hint(
                "Issued when relbook starts and each new day, N days before the birthday; "
                "they wait in the print queue."
            )
        )
        form.addRow(self.bday_on)
        form.addRow("Issue it", self.bday_days)
        form.addRow("Worth", self.bday_value)
        form.addRow("Valid until", self.bday_validity)

    def _connect_signals(self) -> None:
        self.welcome_on.toggled.connect(self.welcome.setEnabled)
        self.trigger.currentIndexChanged.connect(self.on_trigger_changed)
        self.enabled.toggled.connect(self.on_enabled_changed)
        for check in (self.enabled, self.welcome_on, self.bday_on):
            check.toggled.connect(self.on_edited)
        for combo in (self.trigger, self.cap_period):
            combo.currentIndexChanged.connect(self.on_edited)
        for spin in (self.validity, self.cap_count, self.bday_days, self.bday_validity):
            spin.valueChanged.connect(self.on_edited)
        self.min_purchase.textChanged.connect(self.on_edited)
        for editor in (self.reward, self.welcome, self.bday_value):
            editor.kind.currentIndexChanged.connect(self.on_edited)
            editor.amount.textChanged.connect(self.on_edited)
            editor.item.textChanged.connect(self.on_edited)
            editor.percent.valueChanged.connect(self.on_edited)
            editor.points.valueChanged.connect(self.on_edited)

    # -- the section contract ------------------------------------------------------------

    def reload(self) -> None:
        """Show what is stored."""
        self._loading = True
        try:
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
            self.on_enabled_changed(prog.enabled)
        finally:
            self._loading = False
        self._stored = self._snapshot()

    def has_changes(self) -> bool:
        return self._snapshot() != self._stored

    def programme(self) -> Programme:
        """The programme as typed; raises ValidationError on a bad amount."""
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

    def save(self) -> int:
        """Check and store both parts; returns how many birthday vouchers became due.

        Everything is checked before anything is written, so a mistake stores nothing.
        """
        prog = self.programme().validate()
        bday_value = self.bday_value.value()
        vouchers.check_birthday_settings(
            days_before=self.bday_days.value(), validity_days=self.bday_validity.value()
        )
        referrals.save_programme(prog)
        vouchers.save_birthday_settings(
            enabled=self.bday_on.isChecked(),
            days_before=self.bday_days.value(),
            value=bday_value,
            validity_days=self.bday_validity.value(),
        )
        self._stored = self._snapshot()
        return len(vouchers.issue_birthday_vouchers())

    # -- slots -----------------------------------------------------------------------------

    def on_edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def on_trigger_changed(self, *_args: object) -> None:
        self.min_purchase.setEnabled(
            self.enabled.isChecked() and self.trigger.currentData() == "first_purchase"
        )

    def on_enabled_changed(self, on: bool) -> None:
        for widget in (self.reward, self.trigger, self.welcome_on, self.validity):
            widget.setEnabled(on)
        self.cap_count.setEnabled(on)
        self.cap_period.setEnabled(on)
        self.welcome.setEnabled(on and self.welcome_on.isChecked())
        self.on_trigger_changed()

    def _snapshot(self) -> tuple[Any, ...]:
        """Everything typed, raw (no parsing), to tell whether anything changed."""

        def value(editor: ValueEditor) -> tuple[Any, ...]:
            return (
                editor.kind.currentData(),
                editor.amount.text().strip(),
                editor.percent.value(),
                editor.item.text().strip(),
                editor.points.value(),
            )

        return (
            self.enabled.isChecked(),
            value(self.reward),
            self.trigger.currentData(),
            self.min_purchase.text().strip(),
            self.welcome_on.isChecked(),
            value(self.welcome),
            self.validity.value(),
            self.cap_count.value(),
            self.cap_period.currentData(),
            self.bday_on.isChecked(),
            self.bday_days.value(),
            value(self.bday_value),
            self.bday_validity.value(),
        )
