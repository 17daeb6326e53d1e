"""The writing controls under the note editor: card size, sheet, font, ink, variation.

Every change is stored at once (the next note is written the same way) and announced
with ``style_changed`` so the page re-renders the preview. "Add font…" stores a font
file in the shop's database and selects it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.printing.handwriting import INKS
from relbook.printing.notecards import CARD_SIZES
from relbook.services import settings
from relbook.services.notes import fonts
from relbook.ui.notes.style_section import FONT_FILES, Chooser, ask_file

SHEETS = {
    "": "One card per page",
    "a4-2up": "2 on A4",
    "a4-4up": "4 on A4",
    "letter-2up": "2 on Letter",
    "letter-4up": "4 on Letter",
}
ENVELOPES = {"c6": "C6", "dl": "DL", "10": "#10", "a7": "A7"}
INK_LABELS = {"blue": "Blue ink", "black": "Black ink", "brown": "Brown ink"}


class NoteControls(QWidget):
    style_changed = Signal()
    #: a message for the page's status line: (text, is_error)
    message = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, chooser: Chooser = ask_file) -> None:
        super().__init__(parent)
        self._choose = chooser
        self.size_combo = combo({k: v.label for k, v in CARD_SIZES.items()}, "sizeCombo")
        self.sheet_combo = combo(SHEETS, "sheetCombo")
        self.font_combo = combo({}, "fontCombo")
        self.add_font = QToolButton(text="Add font…", objectName="addFontButton")
        self.add_font.setToolTip("Use your own TrueType font, e.g. one made from your handwriting")
        self.ink_combo = combo({k: INK_LABELS.get(k, k) for k in INKS}, "inkCombo")
        self.variation = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=10)
        self.variation.setObjectName("variation")
        self.variation.setFixedWidth(110)
        self.variation.setToolTip("How much the writing varies: none … strong")

        card = QHBoxLayout()
        card.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Card:"), self.size_combo, QLabel("Sheet:"), self.sheet_combo):
            card.addWidget(widget)
        card.addStretch(1)
        writing = QHBoxLayout()
        writing.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel("Writing:"),
            self.font_combo,
            self.add_font,
            self.ink_combo,
            QLabel("Variation: none"),
            self.variation,
            QLabel("strong"),
        ):
            writing.addWidget(widget)
        writing.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(card)
        outer.addLayout(writing)
        self.reload()
        for box in (self.size_combo, self.font_combo, self.ink_combo):
            box.currentIndexChanged.connect(self.on_changed)
        self.variation.valueChanged.connect(self.on_changed)
        self.add_font.clicked.connect(self.on_add_font)

    def reload(self) -> None:
        """Show the stored choices (and the fonts available now)."""
        for widget in (self.size_combo, self.font_combo, self.ink_combo, self.variation):
            widget.blockSignals(True)
        select(self.size_combo, str(settings.get("notes.size")))
        self.fill_fonts(str(settings.get("notes.font")))
        select(self.ink_combo, str(settings.get("notes.ink")))
        self.variation.setValue(round(float(settings.get("notes.variation")) * 10))
        for widget in (self.size_combo, self.font_combo, self.ink_combo, self.variation):
            widget.blockSignals(False)

    def fill_fonts(self, chosen: str) -> None:
        blocked = self.font_combo.blockSignals(True)
        self.font_combo.clear()
        for choice in fonts.available():
            self.font_combo.addItem(choice.label, choice.name)
        select(self.font_combo, chosen)
        self.font_combo.blockSignals(blocked)

    @property
    def size(self) -> str:
        return str(self.size_combo.currentData())

    @property
    def sheet(self) -> str | None:
        return self.sheet_combo.currentData() or None

    def on_changed(self, *_: object) -> None:
        settings.set_value("notes.size", self.size_combo.currentData())
        settings.set_value("notes.font", self.font_combo.currentData())
        settings.set_value("notes.ink", self.ink_combo.currentData())
        settings.set_value("notes.variation", self.variation.value() / 10)
        self.style_changed.emit()

    def on_add_font(self) -> None:
        path = self._choose(self, "Add a font for your notes", FONT_FILES)
        if not path:
            return
        try:
            choice = fonts.add_font(path)
        except RelbookError as exc:
            self.message.emit(str(exc), True)
            return
        self.fill_fonts(choice.name)
        self.on_changed()
        self.message.emit(f"Now writing in “{choice.label.removesuffix(' (yours)')}”.", False)


def combo(items: dict[str, str], name: str) -> QComboBox:
    box = QComboBox(objectName=name)
    for key, label in items.items():
        box.addItem(label, key)
    return box


def select(box: QComboBox, value: str) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))
