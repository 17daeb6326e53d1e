"""Quick-add: a new customer from the counter with a name and a phone number."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QWidget

from relbook.services.contacts.inputs import ContactInput, PhoneInput
from relbook.ui.widgets.contact_picker import ContactPicker


class QuickAdd(QFrame):
    """Shown when the search finds nobody: Tab moves to the phone, Enter adds and selects."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickAdd")
        self.title = QLabel("New customer")
        self.title.setObjectName("sectionTitle")
        self.name = QLineEdit()
        self.name.setObjectName("quickAddName")
        self.name.setPlaceholderText("Name")
        self.phone = QLineEdit()
        self.phone.setObjectName("quickAddPhone")
        self.phone.setPlaceholderText("Phone (optional)")
        self.referrer = ContactPicker(placeholder="Referred by (optional)")
        self.referrer.setObjectName("quickAddReferrer")
        self.hint = QLabel("Enter adds them and selects them.")
        self.hint.setObjectName("customerMeta")
        self.hint.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 10, 12, 12)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(QLabel("Name"), 1, 0)
        grid.addWidget(self.name, 1, 1)
        grid.addWidget(QLabel("Phone"), 2, 0)
        grid.addWidget(self.phone, 2, 1)
        grid.addWidget(QLabel("Referred by"), 3, 0)
        grid.addWidget(self.referrer, 3, 1)
        grid.addWidget(self.hint, 4, 0, 1, 2)
        self.name.returnPressed.connect(self.submitted)
        self.phone.returnPressed.connect(self.submitted)
        self.referrer.returnPressed.connect(self.on_referrer_return)

    def on_referrer_return(self) -> None:
        """Enter adds the customer once the referrer is picked (or the field is empty)."""
        if self.referrer.contact_id() is not None or not self.referrer.text().strip():
            self.submitted.emit()

    def prefill(self, text: str) -> None:
        """Digits go to the phone field, anything else becomes the name."""
        raw = text.strip()
        digits = sum(ch.isdigit() for ch in raw)
        if raw and digits >= max(3, len(raw.replace(" ", "")) - 2):
            self.name.clear()
            self.phone.setText(raw)
        else:
            self.name.setText(raw)
            self.phone.clear()

    def next_field(self) -> QLineEdit:
        """Where Tab from the counter input goes: the empty one of the two."""
        return self.name if self.phone.text() and not self.name.text() else self.phone

    def contact_input(self) -> ContactInput:
        words = self.name.text().split()
        given = words[0] if words else ""
        family = " ".join(words[1:])
        data = ContactInput(given_name=given, family_name=family)
        if self.phone.text().strip():
            data.phones.append(PhoneInput(self.phone.text().strip()))
        data.referred_by = self.referrer.contact_id()
        return data

    def reset(self) -> None:
        self.name.clear()
        self.phone.clear()
        self.referrer.set_contact(None)
