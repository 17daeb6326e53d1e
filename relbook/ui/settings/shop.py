"""The "Shop" section of the Settings page: who the shop is and how it writes money and
phone numbers.

Language and country, currency and phone region are picked from lists made with Babel
and phonenumbers (type a few letters — "germ", "euro" — to find one). Picking a
language and country suggests its currency and phone region. The line under the boxes
shows how amounts and phone numbers will look. Checked and saved through
``relbook.services.settings.shop``: all or nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import ValidationError
from relbook.services.display import Display
from relbook.services.money import Money
from relbook.services.settings import shop as shop_settings
from relbook.services.settings.shop import ShopSettings
from relbook.ui.context import AppContext
from relbook.ui.settings.sections import SettingsSection

EXAMPLE_MINOR = 123_450


def _choice_box(name: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
    """An editable list that finds an entry by any part of its name."""
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setMaxVisibleItems(16)
    # measure one row, not all 770 languages in their many scripts
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(28)
    box.view().setUniformItemSizes(True)  # type: ignore[attr-defined]
    for code, label in choices:
        box.addItem(label, code)
    popup = QListView()
    popup.setUniformItemSizes(True)
    completer = QCompleter(box)
    completer.setPopup(popup)
    completer.setModel(box.model())
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    return box


def _chosen(box: QComboBox) -> str:
    """The code of the entry whose name is in the box ("" when the text matches none)."""
    index = box.findText(box.currentText().strip(), Qt.MatchFlag.MatchFixedString)
    return str(box.itemData(index)) if index >= 0 else ""


def _choose(box: QComboBox, code: str) -> None:
    index = box.findData(code)
    if index < 0:  # something stored that the list lacks: keep it selectable
        box.addItem(code, code)
        index = box.count() - 1
    box.setCurrentIndex(index)


class ShopSection(QWidget):
    """Edits ``shop.*`` and the till's largest sale (``loyalty.rules.max_sale_minor``)."""

    edited = Signal()

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shopSection")
        self.context = context
        self.name = QLineEdit()
        self.name.setObjectName("shopName")
        self.name.setMaxLength(shop_settings.MAX_NAME)
        self.owner = QLineEdit()
        self.owner.setObjectName("ownerName")
        self.owner.setPlaceholderText("signs thank-you notes, e.g. Rosa")
        self.owner.setMaxLength(shop_settings.MAX_NAME)
        self.address = QPlainTextEdit()
        self.address.setObjectName("shopAddress")
        self.address.setPlaceholderText("Street, town — the return address on envelopes")
        self.address.setFixedHeight(84)
        self.address.setTabChangesFocus(True)  # Tab moves on, as in every other box
        self.locale = _choice_box("shopLocale", shop_settings.locale_choices())
        self.currency = _choice_box("shopCurrency", shop_settings.currency_choices())
        self.region = _choice_box("phoneRegion", shop_settings.region_choices())
        self.max_sale = QLineEdit()
        self.max_sale.setObjectName("largestSale")
        self.max_sale.setMaximumWidth(180)
        self.logo = QLineEdit()
        self.logo.setObjectName("logoPath")
        self.logo.setPlaceholderText("No logo")
        self.logo.setReadOnly(True)
        self.logo_button = QPushButton("Choose…")
        self.logo_clear = QPushButton("Remove")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_clear)
        self.looks = QLabel()
        self.looks.setObjectName("muted")
        self.looks.setWordWrap(True)
        self.currency_note = QLabel(
            "Changing the currency does not convert amounts already recorded, nor the "
            "loyalty programme's thresholds: check those on the Loyalty section."
        )
        self.currency_note.setObjectName("fieldWarning")
        self.currency_note.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Shop name", self.name)
        form.addRow("Owner's name", self.owner)
        form.addRow("Address", self.address)
        form.addRow("Logo", logo_row)
        form.addRow("Language and country", self.locale)
        form.addRow("Currency", self.currency)
        form.addRow("Phone numbers from", self.region)
        form.addRow("Largest sale", self.max_sale)
        hint = QLabel("A larger amount at the till is refused as a typing mistake.")
        hint.setObjectName("muted")
        form.addRow("", hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.looks)
        layout.addWidget(self.currency_note)
        layout.addStretch(1)
        self._stored: ShopSettings | None = None
        self._loading = False
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        for line in (self.name, self.owner, self.max_sale):
            line.textEdited.connect(self.on_edited)
        self.address.textChanged.connect(self.on_edited)
        self.locale.currentIndexChanged.connect(self.on_locale_picked)
        for box in (self.locale, self.currency, self.region):
            box.currentTextChanged.connect(self.on_edited)
        self.logo_button.clicked.connect(self.on_choose_logo)
        self.logo_clear.clicked.connect(self.on_clear_logo)

    # -- the section contract ------------------------------------------------------------

    def reload(self) -> None:
        """Show what is stored."""
        shop = shop_settings.load()
        self._loading = True
        try:
            self.name.setText(shop.name)
            self.owner.setText(shop.owner_name)
            self.address.setPlainText(shop.address)
            self.logo.setText(shop.logo_path)
            _choose(self.locale, shop.locale)
            _choose(self.currency, shop.currency)
            _choose(self.region, shop.phone_region)
            self.max_sale.setText(_display(shop.money).amount_input(shop.max_sale_minor))
            self._stored = shop
            self._mark(None)
            self.on_edited()
        finally:
            self._loading = False

    def _shown(self) -> tuple[str, ...]:
        return (
            self.name.text(),
            self.owner.text(),
            self.address.toPlainText(),
            self.locale.currentText(),
            self.currency.currentText(),
            self.region.currentText(),
            self.max_sale.text(),
            self.logo.text(),
        )

    def _stored_shown(self) -> tuple[str, ...]:
        shop = self._stored
        assert shop is not None
        return (
            shop.name,
            shop.owner_name,
            shop.address,
            shop_settings.locale_label(shop.locale),
            shop_settings.currency_label(shop.currency),
            shop_settings.region_label(shop.phone_region),
            _display(shop.money).amount_input(shop.max_sale_minor),
            shop.logo_path,
        )

    def has_changes(self) -> bool:
        return self._stored is not None and self._shown() != self._stored_shown()

    def parsed(self) -> ShopSettings:
        """What the boxes say, checked (ValidationError names the box at fault)."""
        return shop_settings.parse(
            name=self.name.text(),
            owner_name=self.owner.text(),
            address=self.address.toPlainText(),
            locale=_chosen(self.locale),
            currency=_chosen(self.currency),
            phone_region=_chosen(self.region),
            max_sale=self.max_sale.text(),
            logo_path=self.logo.text(),
        )

    def save(self) -> None:
        """Check every box, then write them all; a mistake stores nothing."""
        try:
            shop = self.parsed()
        except ValidationError as exc:
            self._mark(exc.field)
            raise
        shop_settings.save(shop)
        self.reload()

    # -- reacting ---------------------------------------------------------------------------

    def _boxes(self) -> dict[str, QWidget]:
        return {
            "name": self.name,
            "owner_name": self.owner,
            "address": self.address,
            "locale": self.locale,
            "currency": self.currency,
            "phone_region": self.region,
            "largest_sale": self.max_sale,
            "logo_path": self.logo,
        }

    def _mark(self, field: str | None) -> None:
        for key, box in self._boxes().items():
            target = box.lineEdit() if isinstance(box, QComboBox) else box
            if target is None:
                continue
            target.setProperty("invalid", key == field)
            target.style().polish(target)
            if key == field:
                box.setFocus()

    def on_locale_picked(self, index: int) -> None:
        """A new language and country: suggest the currency and phone region that go with it."""
        if self._loading or index < 0:
            return
        currency, region = shop_settings.suggestions_for(str(self.locale.itemData(index)))
        if currency and self.currency.findData(currency) >= 0:
            _choose(self.currency, currency)
        if region:
            _choose(self.region, region)

    def on_edited(self, *_: object) -> None:
        locale, currency, region = (
            _chosen(self.locale),
            _chosen(self.currency),
            _chosen(self.region),
        )
        parts = []
        if locale and currency:
            money = Money(locale, currency)
            parts.append(f"Amounts look like {money.format(EXAMPLE_MINOR)}")
            self.max_sale.setPlaceholderText(_display(money).amount_input(100_000))
        if region:
            example = shop_settings.example_phone(region)
            if example:
                parts.append(f"phone numbers like {example}")
        self.looks.setText(("; ".join(parts) + ".") if parts else "")
        stored = self._stored
        self.currency_note.setVisible(bool(stored and currency and currency != stored.currency))
        if not self._loading:
            self.edited.emit()

    def on_choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose the shop's logo", "", "Pictures (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)
            self.on_edited()

    def on_clear_logo(self) -> None:
        if self.logo.text():
            self.logo.clear()
            self.on_edited()


SECTION = SettingsSection(
    key="shop", title="Shop", order=10, factory=lambda context: ShopSection(context)
)


def _display(money: Money) -> Display:
    return Display(money.locale, money.currency)
