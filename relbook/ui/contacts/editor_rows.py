"""Repeating rows of the contact editor: phones, emails and personal details.

Each row turns itself into the plain input dataclass the contacts service takes; a
``RowList`` holds any number of rows with an "Add" button and a remove button per row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relbook.services.contacts import names
from relbook.services.contacts.inputs import (
    DETAIL_KINDS,
    DETAIL_LABELS,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.contacts.phones import normalise
from relbook.ui.widgets.partial_date_edit import PartialDateEdit

PHONE_LABELS = ("mobile", "home", "work", "other")
EMAIL_LABELS = ("home", "work", "other")


class EditorRow(QWidget):
    """Base of one repeating row: a remove button and a ``changed`` signal."""

    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setObjectName("removeRow")
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def is_blank(self) -> bool:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self


def _label_combo(labels: tuple[str, ...], current: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(labels))
    combo.setCurrentText(current)
    combo.setFixedWidth(110)
    match_line_edit_height(combo)
    return combo


class NameOrderBox(QComboBox):
    """Given name first (Anna Schmidt) or family name first (Nguyễn Thị Mai, Nagy Anna)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("name_order")
        self.setAccessibleName("Name order")
        for value, label in names.ORDER_LABELS.items():
            self.addItem(label, value)

    def value(self) -> str:
        return str(self.currentData() or "")

    def set_value(self, order: str) -> None:
        self.setCurrentIndex(max(0, self.findData(order)))

    def row(self) -> QHBoxLayout:
        """The box with its caption, as the card's name section shows it."""
        line = QHBoxLayout()
        caption = QLabel("Name order")
        caption.setObjectName("fieldLabel")
        caption.setBuddy(self)
        line.addWidget(caption)
        line.addWidget(self)
        line.addStretch(1)
        return line


def match_line_edit_height(widget: QWidget) -> None:
    """Combos and date boxes as tall as the line edits beside them, so rows line up."""
    widget.setFixedHeight(QLineEdit().sizeHint().height())


class PhoneRow(EditorRow):
    """A phone number with its label; warns when it will be kept as typed.

    A stored number is shown the way people read it (``shown``, e.g. "(212) 236-1856"),
    not as it was once typed ("2122361856"); left untouched, it hands back the stored
    text, so saving another field never rewrites the number.
    """

    def __init__(
        self,
        value: PhoneInput,
        region: str,
        parent: QWidget | None = None,
        *,
        shown: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.region = region
        self._stored = value.number
        self._shown = shown or value.number
        self.label = _label_combo(PHONE_LABELS, value.label)
        self.number = QLineEdit(self._shown)
        self.number.setPlaceholderText("Phone number")
        self.warning = QLabel()
        self.warning.setObjectName("fieldWarning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.addWidget(self.label, 0, 0)
        grid.addWidget(self.number, 0, 1)
        grid.addWidget(self.remove_button, 0, 2)
        grid.addWidget(self.warning, 1, 1, 1, 2)
        self.number.textChanged.connect(self.on_number_changed)
        self.label.currentTextChanged.connect(self.changed)
        self.on_number_changed(self.number.text())

    def on_number_changed(self, text: str) -> None:
        self._judge(text)
        self.changed.emit()

    def _judge(self, text: str) -> None:
        norm = normalise(text, self.region) if text.strip() else None
        if norm is not None and norm.warning and len(norm.digits) >= 3:
            self.warning.setText("Will be kept as typed: not a recognised phone number.")
            self.warning.show()
        else:
            self.warning.hide()

    def value(self) -> PhoneInput:
        text = self.number.text().strip()
        if text == self._shown.strip():
            text = self._stored.strip()
        return PhoneInput(text, self.label.currentText().strip())

    def set_region(self, region: str) -> None:
        """The shop's country changed: judge the number against the new one."""
        self.region = region
        self._judge(self.number.text())  # not an edit: the card stays unchanged

    def is_blank(self) -> bool:
        return not self.number.text().strip()

    def focus_target(self) -> QWidget:
        return self.number


class EmailRow(EditorRow):
    def __init__(self, value: EmailInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = _label_combo(EMAIL_LABELS, value.label)
        self.address = QLineEdit(value.address)
        self.address.setPlaceholderText("name@example.com")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.address, 1)
        layout.addWidget(self.remove_button)
        self.address.textChanged.connect(self.changed)
        self.label.currentTextChanged.connect(self.changed)

    def value(self) -> EmailInput:
        return EmailInput(self.address.text().strip(), self.label.currentText().strip())

    def is_blank(self) -> bool:
        return not self.address.text().strip()

    def focus_target(self) -> QWidget:
        return self.address


class DetailRow(EditorRow):
    """A personal detail: free text, or for a family member name, relation, birthday."""

    def __init__(self, value: DetailInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind in DETAIL_KINDS:
            self.kind.addItem(DETAIL_LABELS[kind], kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(value.kind)))
        self.kind.setFixedWidth(140)
        match_line_edit_height(self.kind)
        self.text = QLineEdit(value.text)
        self.name = QLineEdit(value.name)
        self.name.setPlaceholderText("Name")
        self.relation = QLineEdit(value.relation)
        self.relation.setPlaceholderText("Relation, e.g. daughter")
        self.birthday = PartialDateEdit("details.birthday", "Birthday", width=None)
        self.birthday.edit.setPlaceholderText("e.g. 14 March (optional)")
        self.birthday.set_value(value.birthday)
        self.note = QLineEdit(value.text if value.kind == "family" else "")
        self.note.setPlaceholderText("Note (optional)")
        #: a filled-in date says nothing by itself: "23 June 1975" is their birthday
        self.birthday_caption = QLabel("Birthday")
        self.birthday_caption.setObjectName("fieldLabel")
        self.birthday_caption.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.birthday_caption.setBuddy(self.birthday.edit)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 2)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.relation, 0, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.birthday_caption, 1, 0)
        grid.addWidget(self.birthday, 1, 1)
        grid.addWidget(self.note, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.kind.currentIndexChanged.connect(self.on_kind_changed)
        for edit in (self.text, self.name, self.relation, self.note):
            edit.textChanged.connect(self.changed)
        self.birthday.changed.connect(self.changed)
        self.on_kind_changed()

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def on_kind_changed(self, *_args: object) -> None:
        family = self.current_kind() == "family"
        self.text.setVisible(not family)
        for widget in (self.name, self.relation, self.birthday, self.note, self.birthday_caption):
            widget.setVisible(family)
        placeholders = {
            "interest": "e.g. trail running, jazz",
            "preference": "e.g. oat milk, no nuts",
            "milestone": "e.g. opened her own salon in 2024",
            "other": "Anything worth remembering",
        }
        self.text.setPlaceholderText(placeholders.get(self.current_kind(), ""))
        self.changed.emit()

    def value(self, *, lenient: bool = False) -> DetailInput:
        if self.current_kind() == "family":
            bday = self.birthday.lenient_value() if lenient else self.birthday.value()
            return DetailInput(
                "family",
                self.note.text().strip(),
                self.name.text().strip(),
                self.relation.text().strip(),
                bday,
            )
        return DetailInput(self.current_kind(), self.text.text().strip())

    def is_blank(self) -> bool:
        if self.current_kind() == "family":
            return not any(
                w.text().strip() for w in (self.name, self.relation, self.note, self.birthday.edit)
            )
        return not self.text.text().strip()

    def focus_target(self) -> QWidget:
        return self.name if self.current_kind() == "family" else self.text


class RowList(QWidget):
    """Any number of rows of one kind, with an "Add …" button below them."""

    changed = Signal()

    def __init__(
        self, add_text: str, make_row: Callable[[], EditorRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._make_row = make_row
        self.rows: list[EditorRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName("addRow")
        self.add_button.clicked.connect(self.on_add_clicked)
        footer = QHBoxLayout()
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        self._layout.addLayout(footer)

    def on_add_clicked(self) -> None:
        row = self.add_row(self._make_row())
        row.focus_target().setFocus()

    def add_row(self, row: EditorRow) -> EditorRow:
        self._layout.insertWidget(len(self.rows), row)
        row.show()  # at once, not after the next event loop turn
        self.rows.append(row)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.on_remove_requested)
        self.changed.emit()
        return row

    def on_remove_requested(self, row: QWidget) -> None:
        if row in self.rows:
            self.rows.remove(row)  # type: ignore[arg-type]
            row.hide()
            row.deleteLater()
            self.changed.emit()

    def clear(self) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
