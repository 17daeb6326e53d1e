"""Dialogs of the Vouchers page: issue a goodwill voucher, void one (reason required).

Both check what was typed through the services and show the plain-words message next to
the field at fault; nothing is stored until the service accepts it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError, ValidationError
from relbook.services import contacts, vouchers
from relbook.services.vouchers import printing as voucher_printing
from relbook.services.vouchers.types import VoucherView
from relbook.ui.vouchers.value_editor import ValueEditor
from relbook.ui.widgets.contact_picker import ContactPicker


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorBanner")
    label.setWordWrap(True)
    label.hide()
    return label


class IssueDialog(QDialog):
    """A goodwill voucher for a customer: who, what it is worth, how long, why."""

    def __init__(
        self, staff_id: int | None, contact_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New goodwill voucher")
        self.setMinimumWidth(480)
        self.staff_id = staff_id
        self.issued: VoucherView | None = None
        self.contact = ContactPicker(placeholder="Customer: type a name or phone number…")
        self.contact.set_contact(contact_id)
        self.worth = ValueEditor()
        self.amount = self.worth.amount  # the usual choice, reached directly by tests
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(vouchers.default_validity_days())
        self.days.setSuffix(" days")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why (optional), e.g. sorry for the wait")
        self.error = _error_label()
        self.warned = ""  # the print warning already shown: a second OK issues anyway
        form = QFormLayout()
        form.addRow("For", self.contact)
        form.addRow("Worth", self.worth)
        form.addRow("Valid for", self.days)
        form.addRow("Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Issue voucher")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_accept)
        self.buttons.rejected.connect(self.reject)
        self.contact.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_accept(self) -> None:
        contact_id = self.contact.contact_id()
        if contact_id is None:
            self._fail("For: pick the customer from the list (type, then ↓ and Enter).")
            self.contact.setFocus()
            return
        if self._print_warning(contact_id):
            return
        try:
            self.issued = vouchers.issue(
                contact_id,
                "goodwill",
                self.worth.value(),
                staff_id=self.staff_id,
                valid_days=self.days.value(),
                note=self.note.text(),
            )
        except RelbookError as exc:
            self._fail(str(exc))
            if isinstance(exc, ValidationError) and exc.field in ("value", "amount"):
                self.worth.field_widget().setFocus()
            return
        self.accept()

    def _print_warning(self, contact_id: int) -> bool:
        """Say so, once, when the voucher would not print at the shop's voucher size
        (a name or an item too long for it); True if the dialog stays open for that."""
        try:
            name = contacts.get_contact(contact_id).display_name
            warning = voucher_printing.fit_warning(name, "goodwill", self.worth.value())
        except RelbookError:
            return False  # the issue itself says what is wrong with the value
        if not warning or warning == self.warned:
            return False
        self.warned = warning
        self._fail(warning + " " + self.tr("Press Issue anyway to issue it all the same."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Issue anyway"))
        return True

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class VoidDialog(QDialog):
    """Void a voucher: the reason is required and kept with it."""

    def __init__(
        self, voucher: VoucherView, staff_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Void voucher")
        self.voucher = voucher
        self.staff_id = staff_id
        self.voided: VoucherView | None = None
        who = f" for {voucher.beneficiary_name}" if voucher.beneficiary_name else ""
        intro = QLabel(
            f"Void {voucher.code} ({voucher.value_text}{who})?\n"
            "It can then never be redeemed. Say why, for the record."
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason, e.g. printed with the wrong name")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Void voucher")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_accept(self) -> None:
        try:
            self.voided = vouchers.void(self.voucher.id, self.reason.text(), staff_id=self.staff_id)
        except RelbookError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.reason.setFocus()
            return
        self.accept()
