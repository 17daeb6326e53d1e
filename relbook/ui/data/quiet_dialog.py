"""Customers without a visit for N years: keep only what is still needed (GDPR's data
minimisation). The list shows who has not been in since when; the owner may erase the
selected ones after one clear question — their sales and points stay for the books.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import privacy
from relbook.services.staff import access
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.worker import run_and_wait
from relbook.ui.widgets.table import RIGHT, Column, TableModel, TableView

DEFAULT_YEARS = 3
#: (contact id, name, last visit as ISO date or "never")
Quiet = tuple[int, str, str]
COLUMNS: tuple[Column[Quiet], ...] = (
    Column("Customer", lambda q: q[1]),
    Column("Last visit", lambda q: q[2], align=RIGHT, header_align=RIGHT),
)


class QuietDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Customers without a visit")
        self.model: TableModel[Quiet] = TableModel(COLUMNS, key=lambda q: q[0], parent=self)
        intro = QLabel(
            "Customers who have not visited for a long time: if they are not coming back, "
            "their personal data need not be kept. Erasing keeps their sales and points "
            "in the books, without the name."
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("No visit for at least"))
        self.years = QSpinBox()
        self.years.setObjectName("quietYears")
        self.years.setRange(1, 30)
        self.years.setValue(DEFAULT_YEARS)
        self.years.setSuffix(" years")
        row.addWidget(self.years)
        row.addStretch(1)
        self.table = TableView(self.model, "quietTable", extended=True, stretch=0)
        self.status = QLabel()
        self.status.setObjectName("quietStatus")
        self.status.setWordWrap(True)
        self.erase_button = QPushButton("Erase selected…")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.years.valueChanged.connect(self.refresh)
        self.erase_button.clicked.connect(self.on_erase)
        close.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.refresh()
        self.resize(560, 480)

    def refresh(self) -> None:
        self.model.set_rows(privacy.inactive_contacts(self.years.value()))
        n = self.model.rowCount()
        self.status.setText(
            f"{n:,} customer{'s' if n != 1 else ''} without a visit for "
            f"{self.years.value()} years or more."
            if n
            else "Everyone has visited in that time."
        )
        self._update()

    def selected_ids(self) -> list[int]:
        return [q[0] for r in self.table.selected_rows() if (q := self.model.row_at(r))]

    def _update(self, *_: object) -> None:
        self.erase_button.setEnabled(bool(self.selected_ids()))

    def on_erase(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            access.require_owner(self.context.staff_id, "erase a customer's personal data")
        except RelbookError as exc:
            prompts.error(self, "Erase personal data", str(exc))
            return
        text = (
            f"Erase the personal data of {len(ids):,} customer{'s' if len(ids) != 1 else ''}?"
            "\n\nNames, phone numbers, emails, addresses, birthdays, details, notes and "
            "reminders are gone for good. Sales, points and vouchers stay in the books "
            f"without the names.\n\n{privacy.backups_note()}\n\nThis cannot be undone."
        )
        if not prompts.confirm(self, "Erase personal data", text, "Erase"):
            return
        erased: list[int] = []

        def erase_all() -> None:
            try:
                for cid in ids:
                    privacy.erase(cid, staff_id=self.context.staff_id, compact=False)
                    erased.append(cid)
            finally:
                privacy.compact_file()  # once for all of them

        try:
            run_and_wait(self, self.tr("Erasing and compacting the book…"), erase_all)
        except RelbookError as exc:
            prompts.error(self, "Erase personal data", str(exc))
        done = len(erased)
        self.context.hub.contact_changed.emit(0)
        self.context.hub.activity_changed.emit(0)
        self.refresh()
        self.status.setText(
            f"Erased the personal data of {done:,} customers. " + self.status.text()
        )
