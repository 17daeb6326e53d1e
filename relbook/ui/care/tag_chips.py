"""A customer's tags as small coloured chips, in the colours chosen on the Care page
(Tags & segments) — so "VIP" or "wholesale" stands out wherever a person is shown."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from relbook.services.contacts import tags

DEFAULT = tags.PALETTE[0]
MAX_SHOWN = 8


def text_colour(background: str) -> str:
    """White on dark chips, ink on light ones."""
    c = QColor(background)
    light = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return "#1f2a30" if light > 170 else "#ffffff"


class TagChips(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(5)
        self._names: list[str] = []

    def set_tags(self, names: list[str]) -> None:
        """Show ``names`` (stored tags keep their colour; new ones are grey until saved)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
        colours = {k.lower(): v for k, v in tags.colours_for(self._names).items()}
        for name in self._names[:MAX_SHOWN]:
            colour = colours.get(name.lower(), DEFAULT)
            chip = QLabel(name)
            chip.setObjectName("tagChip")
            chip.setStyleSheet(
                f"QLabel#tagChip {{ background: {colour}; color: {text_colour(colour)};"
                " border-radius: 8px; padding: 1px 8px; font-size: 9pt; }"
            )
            self._layout.addWidget(chip)
        if len(self._names) > MAX_SHOWN:
            more = QLabel(f"+{len(self._names) - MAX_SHOWN}")
            more.setObjectName("muted")
            self._layout.addWidget(more)
        self._layout.addStretch(1)
        self.setVisible(bool(self._names))

    def names(self) -> list[str]:
        return list(self._names)
