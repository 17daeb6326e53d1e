"""The "Loyalty" section of the Settings page: how customers earn points, what they can
take for them, tiers, promotions, the birthday bonus and expiry — and printing cards.

Every box is plain text; ``relbook.services.loyalty.rules_form`` checks the whole form on
Save, names the first mistake in plain words and stores nothing until all is right.
The line under Earning shows, live, what a sale would earn under the rules as typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import ValidationError
from relbook.services import loyalty
from relbook.services.loyalty import rules_form
from relbook.services.loyalty.rules_form import LoyaltyForm, PromotionRow, RewardRow, TierRow
from relbook.services.money import Money, shop_money
from relbook.ui.context import AppContext
from relbook.ui.settings.list_editor import Column, ListEditor
from relbook.ui.settings.sections import SettingsSection

ROUNDING = (("down", "round down"), ("nearest", "round to the nearest"), ("up", "round up"))
EXPIRY = (
    ("none", "Points never expire"),
    ("after_earning", "Points expire this many months after they were earned (oldest first)"),
    ("inactivity", "All points expire after this many months without a visit"),
)
KINDS = (("free_item", "A free item"), ("amount_off", "Money off"))
EXAMPLE_SALE = 1_250  # "A sale of 12.50 earns …"


def _line(name: str, placeholder: str = "", width: int = 110) -> QLineEdit:
    line = QLineEdit()
    line.setObjectName(name)
    line.setPlaceholderText(placeholder)
    line.setMaximumWidth(width)
    return line


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _row(*parts: QWidget | str) -> QHBoxLayout:
    row = QHBoxLayout()
    for part in parts:
        row.addWidget(QLabel(part) if isinstance(part, str) else part)
    row.addStretch(1)
    return row


class LoyaltySection(QWidget):
    """Edits ``loyalty.rules`` (all but the largest sale, which the Shop section owns)."""

    edited = Signal()

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loyaltySection")
        self.context = context
        self.money: Money = shop_money()
        self._stored = LoyaltyForm()
        self._loading = False
        self._build()
        self._connect_signals()
        self.reload()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.per_unit = QRadioButton("By amount spent:")
        self.per_unit.setObjectName("earnPerUnit")
        self.per_visit = QRadioButton("By visit:")
        self.per_visit.setObjectName("earnPerVisit")
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.per_unit)
        self.mode.addButton(self.per_visit)
        self.points_per_unit = _line("pointsPerUnit", "1")
        self.unit_label = QLabel()
        self.rounding = QComboBox()
        self.rounding.setObjectName("rounding")
        for value, label in ROUNDING:
            self.rounding.addItem(label, value)
        self.points_per_visit = _line("pointsPerVisit", "10")
        self.min_spend = _line("minSpend")
        self.example = QLabel()
        self.example.setObjectName("earnExample")
        self.example.setWordWrap(True)
        self.point_value = _line("pointValue")
        self.birthday_bonus = _line("birthdayBonus", "0")
        self.expiry_mode = QComboBox()
        self.expiry_mode.setObjectName("expiryMode")
        for value, label in EXPIRY:
            self.expiry_mode.addItem(label, value)
        self.expiry_months = _line("expiryMonths", "12", 70)
        self.rewards = ListEditor(
            "rewards",
            [
                Column("name", "Reward", placeholder="e.g. Free coffee"),
                Column("cost", "Points", placeholder="e.g. 100"),
                Column("kind", "Gives", "choice", KINDS),
                Column("value", "Money off", placeholder="only for money off"),
            ],
            RewardRow,
            add_text="+ Add a reward",
            empty_text="No rewards yet: points can still be taken off a sale.",
        )
        self.tiers = ListEditor(
            "tiers",
            [
                Column("name", "Tier", placeholder="e.g. Silver"),
                Column("min_spend", "From 12-month spend", placeholder="e.g. 250.00"),
                Column("multiplier", "Points ×", placeholder="e.g. 1.25"),
            ],
            TierRow,
            add_text="+ Add a tier",
            empty_text="No tiers: everyone earns the same.",
        )
        self.promotions = ListEditor(
            "promotions",
            [
                Column("name", "Promotion", placeholder="e.g. Double points week"),
                Column("start", "First day", "date"),
                Column("end", "Last day", "date"),
                Column("multiplier", "Points ×", placeholder="e.g. 2"),
                Column("bonus", "Bonus", placeholder="0", label="Bonus points per sale"),
            ],
            PromotionRow,
            add_text="+ Add a promotion",
            empty_text="No promotions. Add one for double points on quiet days or a launch.",
        )
        self.print_cards = QPushButton("Print loyalty cards…")
        self.print_cards.setObjectName("printCards")

        earning = QVBoxLayout()
        earning.addLayout(_row(self.per_unit, self.points_per_unit, self.unit_label, self.rounding))
        earning.addLayout(_row(self.per_visit, self.points_per_visit, "points for every visit"))
        earning.addLayout(_row("No points below", self.min_spend, "(minimum spend; 0 = none)"))
        earning.addWidget(self.example)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Earning"))
        layout.addLayout(earning)
        layout.addWidget(_title("Rewards"))
        layout.addLayout(
            _row("One point is worth", self.point_value, "when the cashier takes points off a sale")
        )
        layout.addWidget(self.rewards)
        layout.addWidget(_title("Tiers"))
        layout.addWidget(
            _muted(
                "Customers move up by what they spent in the last 12 months; each tier multiplies "
                "the points they earn. Leave the list empty for no tiers."
            )
        )
        layout.addWidget(self.tiers)
        layout.addWidget(_title("Promotions and birthdays"))
        layout.addWidget(self.promotions)
        layout.addLayout(
            _row(
                "Birthday month:",
                self.birthday_bonus,
                "bonus points on the first sale in their birthday month (0 = off)",
            )
        )
        layout.addWidget(_title("Expiry"))
        self.expiry_mode.setMaximumWidth(620)
        layout.addLayout(_row(self.expiry_mode))
        layout.addLayout(_row("Months:", self.expiry_months))
        layout.addWidget(_title("Loyalty cards"))
        cards = _row(self.print_cards)
        cards.insertWidget(
            1,
            _muted(
                "Every customer has a card code: print one card, or everyone's, ten to a sheet."
            ),
            1,
        )
        layout.addLayout(cards)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        lines = (
            self.points_per_unit,
            self.points_per_visit,
            self.min_spend,
            self.point_value,
            self.birthday_bonus,
            self.expiry_months,
        )
        for line in lines:
            line.textEdited.connect(self.on_edited)
        self.mode.buttonToggled.connect(self.on_edited)
        self.rounding.currentIndexChanged.connect(self.on_edited)
        self.expiry_mode.currentIndexChanged.connect(self.on_edited)
        for editor in (self.rewards, self.tiers, self.promotions):
            editor.edited.connect(self.on_edited)
        self.print_cards.clicked.connect(self.on_print_cards)

    # -- form ↔ boxes ------------------------------------------------------------------------

    def form(self) -> LoyaltyForm:
        """What the boxes say, as text."""
        return LoyaltyForm(
            mode="per_visit" if self.per_visit.isChecked() else "per_unit",
            points_per_unit=self.points_per_unit.text(),
            rounding=str(self.rounding.currentData()),
            points_per_visit=self.points_per_visit.text(),
            min_spend=self.min_spend.text(),
            point_value=self.point_value.text(),
            birthday_bonus=self.birthday_bonus.text(),
            expiry_mode=str(self.expiry_mode.currentData()),
            expiry_months=self.expiry_months.text(),
            rewards=self.rewards.rows(),
            tiers=self.tiers.rows(),
            promotions=self.promotions.rows(),
        )

    def show_form(self, form: LoyaltyForm) -> None:
        self._loading = True
        try:
            (self.per_visit if form.mode == "per_visit" else self.per_unit).setChecked(True)
            self.points_per_unit.setText(form.points_per_unit)
            self.rounding.setCurrentIndex(max(0, self.rounding.findData(form.rounding)))
            self.points_per_visit.setText(form.points_per_visit)
            self.min_spend.setText(form.min_spend)
            self.point_value.setText(form.point_value)
            self.birthday_bonus.setText(form.birthday_bonus)
            self.expiry_mode.setCurrentIndex(max(0, self.expiry_mode.findData(form.expiry_mode)))
            self.expiry_months.setText(form.expiry_months)
            self.rewards.set_rows(form.rewards)
            self.tiers.set_rows(form.tiers)
            self.promotions.set_rows(form.promotions)
        finally:
            self._loading = False

    # -- the section contract ---------------------------------------------------------------

    def reload(self) -> None:
        """Show what is stored (amounts in the shop's currency as now set)."""
        self.money = shop_money()
        self.unit_label.setText(
            f"points for every {self.money.format(10**self.money.digits)} spent,"
        )
        self._stored = rules_form.to_form(loyalty.get_rules(), self.money)
        self.show_form(self._stored)
        self._mark(None)
        self._loading = True
        try:
            self.on_edited()
        finally:
            self._loading = False

    def has_changes(self) -> bool:
        return self.form() != self._stored

    def save(self) -> None:
        """Check the whole form, then store it; a mistake stores nothing and is marked."""
        self.money = shop_money()  # the Shop section may just have changed the currency
        try:
            rules_form.save(self.form(), self.money)
        except ValidationError as exc:
            self._mark(exc.field)
            raise
        self.reload()

    # -- reacting -------------------------------------------------------------------------

    def _mark(self, field: str | None) -> None:
        boxes = {
            "points_per_unit": self.points_per_unit,
            "points_per_visit": self.points_per_visit,
            "min_spend": self.min_spend,
            "point_value": self.point_value,
            "birthday_bonus": self.birthday_bonus,
            "expiry_months": self.expiry_months,
        }
        for key, box in boxes.items():
            box.setProperty("invalid", key == field)
            box.style().polish(box)
        if field in boxes:
            boxes[field].setFocus()
            return
        editors = {"rewards": self.rewards, "tiers": self.tiers, "promotions": self.promotions}
        parts = (field or "").split(".")
        if parts[0] in editors:
            row = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            editors[parts[0]].mark_error(row, parts[2] if len(parts) > 2 else "")

    def on_edited(self, *_: object) -> None:
        per_unit = not self.per_visit.isChecked()
        self.points_per_unit.setEnabled(per_unit)
        self.rounding.setEnabled(per_unit)
        self.points_per_visit.setEnabled(not per_unit)
        self.expiry_months.setEnabled(self.expiry_mode.currentData() != "none")
        try:
            rules = rules_form.to_rules(self.form(), self.money)
        except ValidationError:
            self.example.setText("")
        else:
            self.example.setText(rules_form.example(rules, self.money, EXAMPLE_SALE))
        if not self._loading:
            self.edited.emit()

    def on_print_cards(self) -> None:
        from relbook.ui.counter.card_print_dialog import CardPrintDialog

        staff_id = self.context.staff_id if self.context is not None else None
        self.card_dialog = CardPrintDialog(staff_id=staff_id, parent=self)
        self.card_dialog.open()


SECTION = SettingsSection(
    key="loyalty", title="Loyalty", order=20, factory=lambda context: LoyaltySection(context)
)
