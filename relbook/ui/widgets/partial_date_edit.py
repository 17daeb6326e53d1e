"""A line edit for dates people half remember, typed the shop's way: "3/14" and
"March 14" in the US, "14/3", "14.03." and "14 March" in Britain and Europe; "1990-03-14"
everywhere. One parser (``relbook.services.dates.parse_partial_date``) reads them all."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from relbook.errors import ValidationError
from relbook.services.dates import PartialDate, parse_partial_date
from relbook.services.display import Display, shop_display


class PartialDateEdit(QWidget):
    """Shows what it understood ("March 14, 1990") or, inline, why it cannot."""

    changed = Signal()

    def __init__(
        self,
        field: str,
        label: str,
        parent: QWidget | None = None,
        *,
        width: int | None = 200,
        show: Display | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.label = label
        #: how dates are read and written (the shop's locale)
        self.display = show or shop_display()
        self.edit = QLineEdit()
        example = self.display.partial(PartialDate(3, 14))
        self.edit.setPlaceholderText(self.tr("e.g. {example}").format(example=example))
        if width is not None:
            self.edit.setFixedWidth(width)
        self.hint = QLabel()
        self.hint.setObjectName("dateHint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        if width is not None:
            layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.on_text_changed)

    def on_text_changed(self, _text: str) -> None:
        self._show_hint()
        self.changed.emit()

    def _show_hint(self) -> None:
        try:
            value = self._parse()
        except ValidationError as exc:
            self.hint.setText(_reason(exc.message))
            self.hint.setProperty("state", "error")
        else:
            shown = self.display.partial(value) if value else ""
            self.hint.setText("" if shown == self.edit.text().strip() else shown)
            self.hint.setProperty("state", "ok")
        self.hint.setVisible(bool(self.hint.text()))
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)

    def value(self) -> PartialDate | None:
        """The date, or None when blank; raises ValidationError naming the field."""
        try:
            return self._parse()
        except ValidationError as exc:
            raise ValidationError(self.field, f"{self.label}: {_reason(exc.message)}") from None

    def lenient_value(self) -> PartialDate | None:
        try:
            return self._parse()
        except ValidationError:
            return None

    def set_value(self, value: PartialDate | None) -> None:
        self.edit.setText(self.display.partial(value) if value else "")
        self._show_hint()

    def _parse(self) -> PartialDate | None:
        return parse_partial_date(self.edit.text(), self.field, locale=self.display.locale)


def _reason(message: str) -> str:
    """The part of a date message after "Field: "."""
    return message.split(": ", 1)[1] if ": " in message else message
