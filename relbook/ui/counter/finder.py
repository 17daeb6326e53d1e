"""Finding the customer at the counter: one input takes a name, phone digits, a scanned
loyalty card or a voucher code; beside it the matches (or, with nothing typed, the
customers served last, for a quick second sale) and, when nobody matches, the quick-add
form for a new customer.

↑/↓ move through the matches and Enter takes the highlighted one; with nobody found
Tab goes to the new customer's phone and Enter adds them. A scanner is a keyboard that
types fast and presses Enter, so a scanned card or voucher arrives the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListView

from relbook.errors import RelbookError
from relbook.services import contacts, loyalty
from relbook.services.codes import format_card_code, looks_like_card_code, looks_like_voucher_code
from relbook.services.contacts.matches import find_matches
from relbook.services.counter import sales
from relbook.services.display import Display
from relbook.services.money import Money
from relbook.ui.counter.quick_add import QuickAdd
from relbook.ui.counter.results import ResultModel, ResultRow

RESULT_LIMIT = 8


class CustomerFinder(QObject):
    """The input, the result list, the quick-add form and the hint under them; the page
    lays them out. ``money()`` formats the last sale of the customers served lately."""

    #: a customer was picked (their contact id)
    contact_chosen = Signal(int)
    #: a voucher code was typed or scanned
    voucher_scanned = Signal(str)
    #: a new customer was added by quick-add (their id, and who referred them or 0)
    added = Signal(int, int)

    def __init__(self, money: Callable[[], Money], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.input = QLineEdit()
        self.input.setObjectName("counterInput")
        self.input.setPlaceholderText("Scan a card, or type a name or phone number")
        self.results_model = ResultModel(self)
        self.results = QListView()
        self.results.setObjectName("resultList")
        self.results.setModel(self.results_model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setWordWrap(True)  # every fact that tells people apart stays readable
        self.results_title = QLabel()
        self.results_title.setObjectName("sectionTitle")
        self.quick_add = QuickAdd()
        self.hint = QLabel()
        self.hint.setObjectName("customerMeta")
        self.hint.setWordWrap(True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.input.installEventFilter(self)
        self.input.textChanged.connect(self.on_input_changed)
        self.input.returnPressed.connect(self.on_input_entered)
        self.results.clicked.connect(self.on_result_clicked)
        self.quick_add.submitted.connect(self.on_quick_add)

    def reset(self) -> None:
        """Empty input, the customers served last, an empty quick-add form."""
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self.on_input_changed("")
        self.quick_add.reset()

    def focus(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    # -- what was typed ---------------------------------------------------------------------

    def on_input_changed(self, text: str) -> None:
        query = text.strip()
        voucher = looks_like_voucher_code(query)
        code = looks_like_card_code(query) or voucher
        hits = find_matches(query, limit=RESULT_LIMIT) if query and not code else []
        if query:  # who is who: phone, email, card, last visit, points; why, if not the name
            rows = [
                ResultRow(m.contact_id, m.display_name, _facts_line(m.facts), m.why) for m in hits
            ]
        else:
            rows = [
                ResultRow(r.contact_id, r.display_name, self._ago(r.when, r.amount_minor))
                for r in sales.recent_customers(RESULT_LIMIT)
            ]
        self.results_model.set_rows(rows)
        if hits:
            self.results.setCurrentIndex(self.results_model.index(0))
        self.results.setVisible(bool(rows))
        self.results_title.setText("Matches" if query else "Recently served")
        self.results_title.setVisible(bool(rows))
        nobody = bool(query) and not hits and not code
        self.quick_add.setVisible(nobody)
        if nobody:
            self.quick_add.prefill(query)
        if code:
            self.hint.setText(
                "Voucher code — press Enter to check it."
                if voucher
                else "Card code — press Enter to look it up."
            )
        elif nobody:
            self.hint.setText(f"Nobody matches “{query}”. Tab: add a phone, Enter: add them.")
        elif hits:
            self.hint.setText("Enter takes the highlighted customer (↑/↓ to choose).")
        else:
            self.hint.setText("")

    def _ago(self, when: dt.datetime, amount_minor: int) -> str:
        money = self.money()
        show = Display(money.locale, money.currency)
        return f"{show.time(when, utc=True)}  ·  {show.money(amount_minor)}"

    def on_input_entered(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        if looks_like_voucher_code(text):
            self.voucher_scanned.emit(text)
            return
        if looks_like_card_code(text):
            self.select_by_code(text)
            return
        row = self.results.currentIndex().row() if self.results_model.rowCount() else -1
        contact_id = self.results_model.contact_id(max(row, 0))
        if contact_id is not None:
            self.contact_chosen.emit(contact_id)
        elif self.quick_add.isVisible():
            self.quick_add.next_field().setFocus()

    def on_result_clicked(self, index: QModelIndex) -> None:
        contact_id = self.results_model.contact_id(index.row())
        if contact_id is not None:
            self.contact_chosen.emit(contact_id)

    def select_by_code(self, text: str) -> None:
        """A loyalty card's code: its customer, or a plain word that nobody has it."""
        contact_id = loyalty.find_by_card_code(text)
        if contact_id is None:
            self.input.selectAll()
            self.hint.setText(f"No customer has card {format_card_code(text)}.")
            return
        self.contact_chosen.emit(contact_id)

    def on_quick_add(self) -> None:
        data = self.quick_add.contact_input()
        if not data.given_name:
            self.hint.setText("Name: type the new customer's name.")
            self.quick_add.name.setFocus()
            return
        try:
            result = contacts.create_contact(data)
        except RelbookError as exc:
            self.hint.setText(str(exc))
            return
        self.added.emit(result.contact_id, data.referred_by or 0)

    # -- keys -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            count = self.results_model.rowCount()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
                row = self.results.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentIndex(self.results_model.index(max(0, min(row, count - 1))))
                return True
            if key == Qt.Key.Key_Tab and self.quick_add.isVisible():
                self.quick_add.next_field().setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)


def _facts_line(facts: tuple[str, ...]) -> str:
    """The facts on one line that wraps between facts, never inside one ("no visit yet")."""
    return "  ·  ".join(f.replace(" ", "\u00a0") for f in facts)
