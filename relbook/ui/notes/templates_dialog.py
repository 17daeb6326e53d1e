"""The template manager: edit the default texts per occasion, add your own."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.printing.templates import FIELD_LABELS
from relbook.services.notes import templates
from relbook.services.notes.templates import OCCASIONS


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note templates")
        self.resize(760, 480)
        self._editing: int | None = None
        self.listing = QListWidget()
        self.name = QLineEdit()
        self.occasion = QComboBox()
        for key, label in OCCASIONS.items():
            self.occasion.addItem(label, key)
        self.text = QPlainTextEdit()
        fields = QToolButton(text="Insert field ▾")
        fields.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(fields)
        for key, label in FIELD_LABELS.items():
            menu.addAction(
                f"{label}  {{{key}}}", lambda k=key: self.text.insertPlainText(f"{{{k}}}")
            )
        fields.setMenu(menu)
        self.message = QLabel("", wordWrap=True)
        self.new_button = QPushButton("New")
        self.save_button = QPushButton("Save")
        self.delete_button = QPushButton("Delete")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Occasion", self.occasion)
        form.addRow("Text", self.text)
        form.addRow("", fields)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.message)
        right.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        top = QHBoxLayout()
        top.addWidget(self.listing, 1)
        top.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(close)
        close.rejected.connect(self.reject)
        self.listing.currentRowChanged.connect(self.on_row)
        self.new_button.clicked.connect(self.on_new)
        self.save_button.clicked.connect(self.on_save)
        self.delete_button.clicked.connect(self.on_delete)
        self._load()

    def _load(self, select: int | None = None) -> None:
        self._rows = templates.list_templates()
        self.listing.clear()
        for template in self._rows:
            self.listing.addItem(template.name)
        ids = [t.id for t in self._rows]
        self.listing.setCurrentRow(ids.index(select) if select in ids else 0)

    def on_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        template = self._rows[row]
        self._editing = template.id
        self.name.setText(template.name)
        self.occasion.setCurrentIndex(max(0, self.occasion.findData(template.occasion)))
        self.text.setPlainText(template.text)
        self.delete_button.setEnabled(not template.builtin)
        self.message.clear()

    def on_new(self) -> None:
        self._editing = None
        self.listing.clearSelection()
        self.name.setText("")
        self.occasion.setCurrentIndex(self.occasion.findData("custom"))
        self.text.setPlainText("Dear {first_name},\n\n")
        self.name.setFocus()

    def on_save(self) -> None:
        try:
            saved = templates.save_template(
                self.name.text(),
                self.occasion.currentData(),
                self.text.toPlainText(),
                template_id=self._editing,
            )
        except RelbookError as exc:
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #a33a2a;")
            return
        self._load(select=saved)
        self.message.setText("Saved.")
        self.message.setStyleSheet("color: #2f6b3a;")

    def on_delete(self) -> None:
        if self._editing is None:
            return
        templates.delete_template(self._editing)
        self._load()
