"""Notes & cards: how notes are signed, the logo and footer, the owner's own fonts, and
when the "who to thank" queue suggests a note.

One widget, shown two ways: as the "Notes & cards" section of the Settings page and in
a dialog from the Notes page ("Card style…"). It follows the section contract of
``relbook.ui.settings.sections``: ``has_changes()``, ``save()`` (all or nothing) and
``reload()``. Adding or removing a font takes effect at once (it is stored in the shop's
database); a problem with a font file is explained right under the list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError, ValidationError
from relbook.services import notes, settings
from relbook.services.money import shop_money
from relbook.services.notes import fonts
from relbook.store.db import database
from relbook.ui.context import AppContext
from relbook.ui.settings.sections import SettingsSection

#: (parent, caption, filter) -> chosen path or "" (tests pass their own)
Chooser = Callable[[QWidget, str, str], str]
FONT_FILES = "TrueType fonts (*.ttf);;All files (*)"
PICTURES = "Pictures (*.png *.jpg *.jpeg)"
MAX_FOOTER = 120
assert notes.DEFAULTS_REGISTERED  # the notes.* settings and their defaults


def ask_file(parent: QWidget, caption: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, str(Path.home()), filters)
    return path


class CardStyle(QWidget):
    """Edits the ``notes.signature*``, ``notes.flourish``, ``notes.show_logo`` and
    ``notes.footer`` settings and manages the owner's fonts."""

    edited = Signal()
    fonts_changed = Signal()

    def __init__(
        self,
        context: AppContext | None = None,
        parent: QWidget | None = None,
        chooser: Chooser = ask_file,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cardStyle")
        self.context = context
        self._choose = chooser
        self.signature = QLineEdit(objectName="signatureText")
        self.signature_font = QComboBox(objectName="signatureFont")
        self.signature_png = QLineEdit(objectName="signaturePng", readOnly=True)
        self.signature_png.setPlaceholderText("none")
        self.signature_png.setMinimumWidth(160)
        pick_png = QPushButton("Choose picture…")
        clear_png = QPushButton("Clear")
        self.flourish = QCheckBox("A pen stroke under the signature", objectName="flourish")
        self.show_logo = QCheckBox("The shop's logo at the top of each card", objectName="logo")
        self.logo_hint = QLabel("", objectName="muted", wordWrap=True)
        self.footer = QLineEdit(objectName="footerText")
        self.footer.setPlaceholderText("e.g. the shop's address or opening hours")
        self.footer.setMaxLength(MAX_FOOTER)
        self.own_fonts = QListWidget(objectName="ownFonts")
        self.own_fonts.setMaximumHeight(90)
        self.add_font_button = QPushButton("Add a font (.ttf)…", objectName="addFont")
        self.remove_font_button = QPushButton("Remove")
        self.message = QLabel("", objectName="styleMessage", wordWrap=True)
        # Who to thank: when the queue suggests a note.
        self.big_sale = QLineEdit(objectName="bigSale")
        self.big_sale.setMaximumWidth(140)
        self.birthday_days = _days("birthdayDays", 0, 60, " days ahead")
        self.lookback_days = _days("lookbackDays", 1, 120, " days")
        self.milestones = QLineEdit(objectName="milestones")
        self.milestones.setPlaceholderText("e.g. 10, 25, 50, 100")
        self.milestones.setMaximumWidth(200)

        explain = QLabel(
            "A font made from your own handwriting (for example with Calligraphr) makes "
            "every card truly yours. TrueType (.ttf) fonts work; OpenType .otf fonts with "
            "PostScript outlines cannot be printed.",
            objectName="muted",
            wordWrap=True,
        )
        png_row = QHBoxLayout()
        png_row.addWidget(self.signature_png, 1)
        png_row.addWidget(pick_png)
        png_row.addWidget(clear_png)
        font_buttons = QHBoxLayout()
        font_buttons.addWidget(self.add_font_button)
        font_buttons.addWidget(self.remove_font_button)
        font_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("Sign notes as", self.signature)
        form.addRow("Signature written in", self.signature_font)
        form.addRow("Or a scan of your signature", png_row)
        form.addRow("", self.flourish)
        form.addRow("", self.show_logo)
        form.addRow("", self.logo_hint)
        form.addRow("Small line at the bottom", self.footer)
        form.addRow("Your own fonts", self.own_fonts)
        form.addRow("", font_buttons)
        form.addRow("", explain)
        form.addRow(_heading("Who to thank"))
        form.addRow(f"A sale of at least ({shop_money().symbol})", self.big_sale)
        form.addRow("Birthdays", self.birthday_days)
        form.addRow("Visits worth a card", self.milestones)
        form.addRow("Suggest sales and referrals of the last", self.lookback_days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

        for widget in (self.signature, self.footer, self.big_sale, self.milestones):
            widget.textChanged.connect(self.edited)
        for box in (self.birthday_days, self.lookback_days):
            box.valueChanged.connect(self.edited)
        self.signature_png.textChanged.connect(self.edited)
        self.signature_font.currentIndexChanged.connect(self.edited)
        self.flourish.toggled.connect(self.edited)
        self.show_logo.toggled.connect(self.edited)
        pick_png.clicked.connect(self.on_choose_signature)
        clear_png.clicked.connect(self.signature_png.clear)
        self.add_font_button.clicked.connect(self.on_add_font)
        self.remove_font_button.clicked.connect(self.on_remove_font)
        self.own_fonts.currentRowChanged.connect(self.on_font_row)
        self._stored: tuple = ()
        self.reload()

    # -- the section contract -------------------------------------------------------------

    def _shown(self) -> tuple:
        return (
            self.signature.text().strip(),
            self.signature_font.currentData() or "",
            self.signature_png.text().strip(),
            self.flourish.isChecked(),
            self.show_logo.isChecked(),
            self.footer.text().strip(),
            self.big_sale.text().strip(),
            self.birthday_days.value(),
            self.milestones.text().strip(),
            self.lookback_days.value(),
        )

    def has_changes(self) -> bool:
        return self._shown() != self._stored

    def reload(self) -> None:
        """Show what is stored."""
        owner = settings.get("shop.owner_name") or settings.get("shop.name") or ""
        self.signature.setPlaceholderText(f"{owner} (the owner's name)" if owner else "")
        self.signature.setText(str(settings.get("notes.signature") or ""))
        self._fill_fonts(str(settings.get("notes.signature_font") or ""))
        self.signature_png.setText(str(settings.get("notes.signature_png") or ""))
        self.flourish.setChecked(bool(settings.get("notes.flourish")))
        has_logo = bool(settings.get("shop.logo_path"))
        self.show_logo.setChecked(bool(settings.get("notes.show_logo")) and has_logo)
        self.show_logo.setEnabled(has_logo)
        self.logo_hint.setText("" if has_logo else "Add the shop's logo under Settings → Shop.")
        self.logo_hint.setVisible(not has_logo)
        self.footer.setText(str(settings.get("notes.footer") or ""))
        self.big_sale.setText(shop_money().plain(int(settings.get("notes.big_sale_minor"))))
        self.birthday_days.setValue(int(settings.get("notes.birthday_days")))
        self.lookback_days.setValue(int(settings.get("notes.lookback_days")))
        marks = sorted(int(m) for m in settings.get("notes.milestones"))
        self.milestones.setText(", ".join(str(m) for m in marks))
        self._stored = self._shown()

    def save(self) -> None:
        """Store every field, or nothing (RelbookError with the reason)."""
        text, font, png, flourish, logo, footer, sale, birthdays, marks_text, lookback = (
            self._shown()
        )
        big_sale = shop_money().parse(sale, field="big_sale") if sale else 0
        if big_sale <= 0:
            raise ValidationError("big_sale", "Give the sale amount worth a thank-you note.")
        marks = _milestones(marks_text)
        if png:
            picture = Path(png)
            if not picture.is_file():
                raise ValidationError("signature", f"The signature picture {png} was not found.")
            if QImageReader(str(picture)).size().isEmpty():
                raise ValidationError(
                    "signature", f"{picture.name} could not be read as a picture (PNG or JPEG)."
                )
        with database.atomic():
            settings.set_value("notes.signature", text)
            settings.set_value("notes.signature_font", font)
            settings.set_value("notes.signature_png", png)
            settings.set_value("notes.flourish", flourish)
            settings.set_value("notes.show_logo", logo)
            settings.set_value("notes.footer", footer)
            settings.set_value("notes.big_sale_minor", big_sale)
            settings.set_value("notes.birthday_days", birthdays)
            settings.set_value("notes.milestones", marks)
            settings.set_value("notes.lookback_days", lookback)
        self._stored = self._shown()
        if self.context is not None:
            self.context.hub.settings_changed.emit()

    # -- fonts ------------------------------------------------------------------------

    def _fill_fonts(self, chosen: str) -> None:
        choices = fonts.available()
        self.signature_font.blockSignals(True)
        self.signature_font.clear()
        self.signature_font.addItem("The note's own font", "")
        for choice in choices:
            self.signature_font.addItem(choice.label, choice.name)
        index = self.signature_font.findData(chosen)
        self.signature_font.setCurrentIndex(max(0, index))
        self.signature_font.blockSignals(False)
        self.own_fonts.clear()
        for choice in choices:
            if choice.user_font_id is not None:
                item = QListWidgetItem(choice.label.removesuffix(" (yours)"))
                item.setData(Qt.ItemDataRole.UserRole, choice.user_font_id)
                self.own_fonts.addItem(item)
        if not self.own_fonts.count():
            empty = QListWidgetItem("(none yet)")
            empty.setFlags(empty.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.own_fonts.addItem(empty)
        self.remove_font_button.setEnabled(False)

    def on_font_row(self, row: int) -> None:
        item = self.own_fonts.item(row) if row >= 0 else None
        self.remove_font_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def on_add_font(self) -> None:
        path = self._choose(self, "Add a font for your notes", FONT_FILES)
        if not path:
            return
        try:
            choice = fonts.add_font(path)
        except RelbookError as exc:
            self.say(str(exc), error=True)
            return
        keep = self.signature_font.currentData() or ""
        self._fill_fonts(keep)
        self.say(f"“{choice.label.removesuffix(' (yours)')}” was added: pick it for your notes.")
        self.fonts_changed.emit()

    def on_remove_font(self) -> None:
        item = self.own_fonts.currentItem()
        font_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if item is None or font_id is None:
            return
        fonts.remove_font(int(font_id))
        self._fill_fonts(self.signature_font.currentData() or "")
        self.say(f"“{item.text()}” was removed. Cards already printed are not affected.")
        self.fonts_changed.emit()

    def on_choose_signature(self) -> None:
        path = self._choose(self, "Choose a scan of your signature", PICTURES)
        if path:
            self.signature_png.setText(path)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a33a2a;" if error else "color: #2f6b3a;")


def _days(name: str, low: int, high: int, suffix: str) -> QSpinBox:
    box = QSpinBox(objectName=name)
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setMaximumWidth(160)
    return box


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; margin-top: 8px;")
    return label


def _milestones(text: str) -> list[int]:
    """ "10, 25, 50" → [10, 25, 50]; a plain-words error for anything else."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        marks = sorted({int(p) for p in parts})
    except ValueError:
        raise ValidationError(
            "milestones", "Visits worth a card: write whole numbers, e.g. 10, 25, 50, 100."
        ) from None
    if any(m < 1 or m > 10_000 for m in marks):
        raise ValidationError("milestones", "Visits worth a card: numbers from 1 to 10,000.")
    return marks


class CardStyleDialog(QDialog):
    """The same form from the Notes page, with Save and Cancel."""

    def __init__(
        self, parent: QWidget | None, context: AppContext | None, chooser: Chooser = ask_file
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes & cards")
        self.form = CardStyle(context, self, chooser)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        self.resize(600, 680)

    def on_save(self) -> None:
        try:
            self.form.save()
        except RelbookError as exc:
            self.form.say(str(exc), error=True)
            return
        self.accept()


SECTION = SettingsSection(
    key="notes", title="Notes & cards", order=45, factory=lambda context: CardStyle(context)
)
