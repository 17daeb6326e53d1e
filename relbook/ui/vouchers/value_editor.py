"""What a voucher is worth, as one widget: amount off, percent off, a free item, points."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from relbook.services.money import Money, shop_money
from relbook.services.vouchers.types import VoucherValue

VALUE_KINDS = (
    ("amount_off", "Amount off"),
    ("percent_off", "Percent off"),
    ("free_item", "A free item"),
    ("points", "Bonus points"),
)


class ValueEditor(QWidget):
    """A kind picker and the one field that kind needs; ``value()`` parses and checks."""

    def __init__(self, parent: QWidget | None = None, *, field: str = "value") -> None:
        super().__init__(parent)
        self.field = field
        self.money: Money = shop_money()
        self.kind = QComboBox()
        for key, label in VALUE_KINDS:
            self.kind.addItem(label, key)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(f"e.g. {self.money.plain(500)}  ({self.money.symbol})")
        self.percent = QSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(10)
        self.percent.setSuffix(" %")
        self.item = QLineEdit()
        self.item.setPlaceholderText("e.g. Flat white")
        self.points = QSpinBox()
        self.points.setRange(1, 100_000)
        self.points.setValue(50)
        self.stack = QStackedWidget()
        for widget in (self.amount, self.percent, self.item, self.points):
            self.stack.addWidget(widget)
        # a stacked widget wants to grow tall in a form; one line is all it needs
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.stack.setFixedHeight(self.amount.sizeHint().height())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.stack, 1)
        self.kind.currentIndexChanged.connect(self.stack.setCurrentIndex)

    def value(self) -> VoucherValue:
        """The value typed; raises ValidationError (naming ``field``) if it is not one."""
        key = self.kind.currentData()
        if key == "amount_off":
            value = VoucherValue.amount(self.money.parse(self.amount.text(), field=self.field))
        elif key == "percent_off":
            value = VoucherValue.percent_off(self.percent.value())
        elif key == "free_item":
            value = VoucherValue.item(self.item.text())
        else:
            value = VoucherValue.points_of(self.points.value())
        return value.validate(self.field)

    def set_value(self, value: VoucherValue) -> None:
        index = max(0, self.kind.findData(value.kind))
        self.kind.setCurrentIndex(index)
        if value.kind == "amount_off" and value.amount_minor:
            self.amount.setText(self.money.plain(value.amount_minor))
        elif value.kind == "percent_off" and value.percent:
            self.percent.setValue(value.percent)
        elif value.kind == "free_item":
            self.item.setText(value.free_item)
        elif value.kind == "points" and value.points:
            self.points.setValue(value.points)

    def field_widget(self) -> QWidget:
        return self.stack.currentWidget()
