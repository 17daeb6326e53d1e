"""The contact card editor: every field of ``ContactInput``, errors shown inline.

The editor only turns widgets into a ``ContactInput`` and back; the page decides when to
save. A ``ValidationError`` from the service is shown above the fields, naming the
field, and the cursor goes to that field.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import ValidationError
from relbook.services.contacts import names
from relbook.services.contacts.inputs import (
    ContactInput,
    ContactRecord,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.display import shop_display
from relbook.ui.care.tag_chips import TagChips
from relbook.ui.contacts.editor_rows import (
    DetailRow,
    EmailRow,
    NameOrderBox,
    PhoneRow,
    RowList,
    match_line_edit_height,
)
from relbook.ui.vouchers.referral_field import ReferralField
from relbook.ui.widgets.partial_date_edit import PartialDateEdit

NAME_FIELDS = {
    "prefix": "Title",
    "given_name": "First name",
    "middle_name": "Middle name",
    "family_name": "Last name",
    "suffix": "Suffix",
    "nickname": "Goes by (nickname)",
    "formatted_name": "Shown as",
    "company": "Company",
}
ADDRESS_FIELDS = {
    "street": "Street",
    "extended": "Address line 2",
    "postcode": "Postcode",
    "city": "City",
    "region": "Region",
    "country": "Country",
}
CONSENT_LABELS = {"mail": "Post", "email": "Email", "phone": "Phone and text"}
_LIST_FIELD = re.compile(r"^(phones|emails|details)\[(\d+)\]$")


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


class ConsentRow(QWidget):
    """May we contact them on this channel? Ticking it records today as the date given."""

    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(text)
        self.check.setMinimumWidth(130)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setEnabled(False)
        match_line_edit_height(self.date)
        self.given = QLabel("given on")
        self.given.setObjectName("muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.given)
        layout.addWidget(self.date)
        layout.addStretch(1)
        self.check.toggled.connect(self.on_toggled)
        self.date.dateChanged.connect(self.changed)
        self._show_date(False)

    def on_toggled(self, checked: bool) -> None:
        if checked:
            self.date.setDate(QDate.currentDate())
        self._show_date(checked)
        self.changed.emit()

    def _show_date(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        self.date.setVisible(checked)
        self.given.setVisible(checked)

    def value(self) -> dt.date | None:
        return self.date.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(value is not None)
        self.check.blockSignals(False)
        self.date.setDate(QDate(value) if value else QDate.currentDate())
        self._show_date(value is not None)


class ContactEditor(QWidget):
    """All of one contact's card. ``changed`` fires on every edit by the person."""

    changed = Signal()

    def __init__(
        self, region: str, parent: QWidget | None = None, *, record: ContactRecord | None = None
    ) -> None:
        super().__init__(parent)
        self.region = region
        self.contact_id: int | None = None
        self.dirty = False
        self._loading = False
        self._invalid: QWidget | None = None
        self._detail_rows: list[DetailRow] = []
        self._build()
        self.load(record)  # the card to show first (not an empty one filled again at once)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)  # a long name wraps instead of widening the window
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.error = QLabel()
        self.error.setObjectName("errorBanner")
        self.error.setWordWrap(True)
        self.error.hide()
        self.warnings = QLabel()
        self.warnings.setObjectName("warningBanner")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        #: the page puts its duplicate banner here, under the title
        self.banner_slot = QVBoxLayout()
        self.banner_slot.setContentsMargins(0, 0, 0, 0)
        #: buttons about the person shown (their story, their data), beside the name
        self.header_actions = QHBoxLayout()
        self.header_actions.setSpacing(6)

        self.fields: dict[str, QLineEdit] = {}
        for key, label in (NAME_FIELDS | ADDRESS_FIELDS).items():
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setObjectName(key)
            edit.textChanged.connect(self.on_changed)
            self.fields[key] = edit
        self.name_order = NameOrderBox()
        self.name_order.currentIndexChanged.connect(self.on_changed)
        self.phones = RowList("Add phone", lambda: PhoneRow(PhoneInput(""), self.region))
        self.emails = RowList("Add email", lambda: EmailRow(EmailInput("")))
        self.details = RowList("Add personal detail", lambda: DetailRow(DetailInput("interest")))
        self.birthday = PartialDateEdit("birthday", "Birthday")
        self.anniversary = PartialDateEdit("anniversary", "Anniversary")
        self.how_met = QLineEdit()
        self.how_met.setPlaceholderText("e.g. came in with her sister, summer market 2024")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Anything the team should know")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Comma separated, e.g. regular, wholesale")
        self.referrer = ReferralField()  # "referred by", with the chain underneath
        self.referrer.changed.connect(self.on_changed)
        self.consent = {key: ConsentRow(text) for key, text in CONSENT_LABELS.items()}
        for widget in (
            self.phones,
            self.emails,
            self.details,
            self.birthday,
            self.anniversary,
            *self.consent.values(),
        ):
            widget.changed.connect(self.on_changed)
        self.how_met.textChanged.connect(self.on_changed)
        self.tags.textChanged.connect(self.on_changed)
        self.tag_chips = TagChips()  # the tags in their Care-page colours (relbook.ui.care)
        self.tags.textChanged.connect(lambda text: self.tag_chips.set_tags(text.split(",")))
        self.notes.textChanged.connect(self.on_changed)

        body = QWidget()
        body.setObjectName("editorBody")
        form = QVBoxLayout(body)
        form.setContentsMargins(2, 0, 12, 12)
        form.setSpacing(6)
        form.addWidget(_section("Name"))
        form.addLayout(self._name_grid())
        form.addWidget(_section("Phone"))
        form.addWidget(self.phones)
        form.addWidget(_section("Email"))
        form.addWidget(self.emails)
        dates = self._form()
        for text, widget in (
            ("Birthday", self.birthday),
            ("Anniversary", self.anniversary),
            ("How we met", self.how_met),
            ("Referred by", self.referrer),
            ("Tags", self.tags),
        ):
            caption = QLabel(text)
            caption.setObjectName("fieldLabel")
            caption.setBuddy(widget)
            dates.addRow(caption, widget)
        dates.addRow("", self.tag_chips)
        form.addWidget(_section("Personal details"))
        form.addWidget(self.details)
        form.addWidget(_section("Dates and story"))
        form.addLayout(dates)
        form.addWidget(_section("Notes"))
        form.addWidget(self.notes)
        form.addWidget(_section("Address"))
        form.addLayout(self._address_grid())
        form.addWidget(_section("May we contact them?"))
        for row in self.consent.values():
            form.addWidget(row)
        form.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        heading = QHBoxLayout()
        heading.setSpacing(6)
        heading.addWidget(self.title, 1)
        heading.addLayout(self.header_actions)
        outer.addLayout(heading)
        outer.addWidget(self.subtitle)
        outer.addLayout(self.banner_slot)
        outer.addWidget(self.error)
        outer.addWidget(self.warnings)
        outer.addWidget(self.scroll, 1)

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        return form

    def _rows(self, rows: list[list[tuple[str, int]]]) -> QVBoxLayout:
        """Label above field, fields side by side with the given widths: reads like a
        paper card."""
        labels = NAME_FIELDS | ADDRESS_FIELDS
        column = QVBoxLayout()
        column.setSpacing(6)
        for keys in rows:
            line = QHBoxLayout()
            line.setSpacing(10)
            for key, stretch in keys:
                cell = QVBoxLayout()
                cell.setSpacing(2)
                caption = QLabel(labels[key])
                caption.setObjectName("fieldLabel")
                caption.setBuddy(self.fields[key])
                cell.addWidget(caption)
                cell.addWidget(self.fields[key])
                line.addLayout(cell, stretch)
            column.addLayout(line)
        return column

    def _name_grid(self) -> QVBoxLayout:
        grid = self._rows(
            [
                [
                    ("prefix", 1),
                    ("given_name", 3),
                    ("middle_name", 2),
                    ("family_name", 3),
                    ("suffix", 1),
                ],
                [("nickname", 2), ("formatted_name", 3), ("company", 2)],
            ]
        )
        grid.addLayout(self.name_order.row())
        return grid

    def _address_grid(self) -> QVBoxLayout:
        return self._rows(
            [
                [("street", 1)],
                [("extended", 1)],
                [("postcode", 1), ("city", 2)],
                [("region", 1), ("country", 1)],
            ]
        )

    # -- loading and reading ------------------------------------------------------------

    def set_region(self, region: str) -> None:
        """Phones typed from now on are read as numbers of ``region`` (the shop's country)."""
        self.region = region
        for row in self.phones.rows:
            row.set_region(region)  # type: ignore[attr-defined]

    @property
    def is_new(self) -> bool:
        return self.contact_id is None

    def load(self, record: ContactRecord | None) -> None:
        """Show a stored contact, or an empty card for a new one."""
        self._loading = True
        try:
            data = record.data if record else ContactInput()
            self.contact_id = record.id if record else None
            for key, edit in self.fields.items():
                edit.setText(getattr(data, key))
            self.name_order.set_value(data.name_order)
            self.phones.clear()
            shown = [p.shown for p in record.phones] if record else []
            for i, phone in enumerate(data.phones or [PhoneInput("")]):
                self.phones.add_row(
                    PhoneRow(phone, self.region, shown=shown[i] if i < len(shown) else None)
                )
            self.emails.clear()
            for email in data.emails or [EmailInput("")]:
                self.emails.add_row(EmailRow(email))
            self.details.clear()
            for detail in data.details:
                self.details.add_row(DetailRow(detail))
            self.birthday.set_value(data.birthday)
            self.anniversary.set_value(data.anniversary)
            self.how_met.setText(data.how_met)
            self.notes.setPlainText(data.notes)
            self.tags.setText(", ".join(data.tags))
            for key, row in self.consent.items():
                row.set_value(getattr(data, f"consent_{key}"))
            self.referrer.set_value(self.contact_id, data.referred_by)
            self._set_header(record)
            self.clear_messages()
        finally:
            self._loading = False
        self._show_automatic_name()
        self.dirty = False
        self.scroll.verticalScrollBar().setValue(0)

    def _set_header(self, record: ContactRecord | None) -> None:
        if record is None:
            self.title.setText("New contact")
            self.subtitle.setText("Type a name and a phone number or email, then Ctrl+S.")
            return
        self.title.setText(record.display_name)
        bits = []
        if record.archived:
            bits.append("Archived")
        if record.card_code:
            bits.append(f"Card {record.card_code}")
        since = shop_display().date_short(record.created_at, year=True)
        bits.append(f"In the book since {since}")
        self.subtitle.setText(" · ".join(bits))

    def on_changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._show_automatic_name()
        self.dirty = True
        self.changed.emit()

    def _show_automatic_name(self) -> None:
        """ "Shown as" left empty shows the name the parts give, in the order chosen."""
        parts = ContactInput(**{k: self.fields[k].text() for k in names.PART_FIELDS})
        parts.name_order = self.name_order.value()
        self.fields["formatted_name"].setPlaceholderText(names.from_parts(parts))

    def to_input(self) -> ContactInput:
        """What is typed, as the service takes it; date errors raise ValidationError."""
        return self._collect(lenient=False)

    def lenient_input(self) -> ContactInput:
        """What is typed, skipping dates that do not parse yet (for duplicate checks)."""
        return self._collect(lenient=True)

    def _collect(self, *, lenient: bool) -> ContactInput:
        def date(edit: PartialDateEdit):
            return edit.lenient_value() if lenient else edit.value()

        data = ContactInput(**{key: edit.text().strip() for key, edit in self.fields.items()})
        data.name_order = self.name_order.value()
        data.phones = [row.value() for row in self.phones.rows]  # type: ignore[attr-defined]
        data.emails = [row.value() for row in self.emails.rows]  # type: ignore[attr-defined]
        self._detail_rows = [r for r in self.details.rows if not r.is_blank()]  # type: ignore[misc]
        for i, row in enumerate(self._detail_rows):
            try:
                data.details.append(row.value(lenient=lenient))
            except ValidationError as exc:
                message = f"Personal detail {i + 1}: {exc.message}"
                raise ValidationError(f"details[{i}]", message) from None
        data.birthday = date(self.birthday)
        data.anniversary = date(self.anniversary)
        data.how_met = self.how_met.text().strip()
        data.notes = self.notes.toPlainText().strip()
        data.tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        for key, row in self.consent.items():
            setattr(data, f"consent_{key}", row.value())
        if self.referrer.is_incomplete() and not lenient:
            raise ValidationError(
                "referred_by",
                "Referred by: pick the person from the list (type, then ↓ and Enter), "
                "or clear the field.",
            )
        data.referred_by = self.referrer.value()
        return data

    # -- messages -----------------------------------------------------------------------

    def show_error(self, error: ValidationError) -> None:
        """Show the message above the card and put the cursor in the field at fault."""
        self.error.setText(error.message)
        self.error.show()
        widget = self.widget_for(error.field)
        if widget is not None:
            self._mark_invalid(widget, True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget)

    def show_warnings(self, warnings: tuple[str, ...] | list[str]) -> None:
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    def _mark_invalid(self, widget: QWidget, invalid: bool) -> None:
        try:
            widget.setProperty("invalid", invalid)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        except RuntimeError:  # the row was removed meanwhile
            pass
        self._invalid = widget if invalid else None

    def clear_messages(self) -> None:
        if self._invalid is not None:
            self._mark_invalid(self._invalid, False)
        self.error.hide()
        self.error.clear()
        self.show_warnings(())

    def widget_for(self, field: str) -> QWidget | None:
        if field in self.fields:
            return self.fields[field]
        simple = {
            "birthday": self.birthday.edit,
            "anniversary": self.anniversary.edit,
            "tags": self.tags,
            "how_met": self.how_met,
            "notes": self.notes,
            "referred_by": self.referrer.picker,
        }
        if field in simple:
            return simple[field]
        match = _LIST_FIELD.match(field)
        if match:
            kind, i = match.group(1), int(match.group(2))
            rows = {
                "phones": self.phones.rows,
                "emails": self.emails.rows,
                "details": self._detail_rows,
            }[kind]
            if 0 <= i < len(rows):
                return rows[i].focus_target()
        return None

    def focus_first_field(self) -> None:
        self.fields["given_name"].setFocus(Qt.FocusReason.OtherFocusReason)
