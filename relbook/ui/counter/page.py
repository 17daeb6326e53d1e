"""The Counter page — where the app opens. A customer is waiting; the owner has seconds.

One input takes a name, phone digits or a scanned card (a scanner types fast and presses
Enter). Then the amount and Enter record the sale. Nobody found: the text becomes a new
customer's name, Tab moves to the phone, Enter adds and selects them. Esc clears for the
next customer. Ctrl+U staff, Ctrl+R redeem points, F9 history, Ctrl+Shift+A adjust
points, Ctrl+L print a loyalty card. Points expire through ``relbook.ui.counter.daily``
(installed on the main window), whatever page is open.

Double Enter and bouncing scanners: after a sale focus returns to the (empty) input, an
identical sale within REPEAT_SECONDS is ignored, and each attempt carries a client token
the service records once.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from types import ModuleType

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError, ValidationError
from relbook.services import contacts, loyalty, referrals
from relbook.services.codes import (
    format_card_code,
    looks_like_card_code,
    looks_like_voucher_code,
)
from relbook.services.contacts.search import find
from relbook.services.counter import cues, sales
from relbook.services.loyalty.rules import LoyaltyRules, earn
from relbook.services.money import Money, shop_money
from relbook.store.models import Contact
from relbook.ui import printing as qt_printing
from relbook.ui.care.counter_today import CounterToday
from relbook.ui.care.story import story_button
from relbook.ui.context import AppContext
from relbook.ui.counter.actions import PRINT_KEYS, CustomerActions
from relbook.ui.counter.amount_entry import AmountEntry
from relbook.ui.counter.customer_card import CardView, CustomerCard
from relbook.ui.counter.quick_add import QuickAdd
from relbook.ui.counter.redeem import RedeemPanel
from relbook.ui.counter.results import ResultModel, ResultRow
from relbook.ui.counter.staff_picker import StaffPicker
from relbook.ui.counter.style import STYLE, show_message
from relbook.ui.pages import PageSpec
from relbook.ui.vouchers.redeem_panel import VoucherRedeemPanel

REPEAT_SECONDS = 1.5
RESULT_LIMIT = 8
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CounterPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 printer: ModuleType = qt_printing) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("counterPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.context = context
        self.hub = context.hub
        self.money: Money = shop_money()
        self.rules: LoyaltyRules = loyalty.get_rules()
        self.contact_id: int | None = None
        self.card_view: CardView | None = None
        self._token: str | None = None
        self._last_sale: tuple[int | None, int, float] | None = None
        self.actions = CustomerActions(self, context, self._shown_customer, lambda: self.money,
                                       self.on_customer_changed, printer=printer)  # fmt: skip
        self._build()
        self._connect_signals()
        self.context.staff_id = self.staff_picker.reload(context.staff_id)
        self._apply_money()
        self.clear_all()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.input = QLineEdit()
        self.input.setObjectName("counterInput")
        self.input.setPlaceholderText("Scan a card, or type a name or phone number")
        self.input.installEventFilter(self)
        self.staff_picker = StaffPicker()
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.input, 1)
        at_till = QLabel("At the till")
        at_till.setObjectName("customerMeta")
        top.addWidget(at_till)
        top.addWidget(self.staff_picker)

        self.results_model = ResultModel(self)
        self.results = QListView()
        self.results.setObjectName("resultList")
        self.results.setModel(self.results_model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results_title = QLabel()
        self.results_title.setObjectName("sectionTitle")
        self.quick_add = QuickAdd()
        self.left_hint = QLabel()
        self.left_hint.setObjectName("customerMeta")
        self.left_hint.setWordWrap(True)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.results_title)
        left.addWidget(self.results, 1)
        left.addWidget(self.quick_add)
        left.addWidget(self.left_hint)
        left.addStretch(0)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(280)
        left_box.setMaximumWidth(440)

        self.card = CustomerCard()
        self.amount = AmountEntry()
        self.amount.input.installEventFilter(self)
        self.message = QLabel()
        self.message.setObjectName("counterMessage")
        self.message.setWordWrap(True)
        self.redeem = RedeemPanel(lambda: self.context.staff_id)
        self.history_button = self.actions.history_button
        self.clear_button = QPushButton("Next customer  (Esc)")
        buttons = QHBoxLayout()
        for button in self.actions.buttons():
            buttons.addWidget(button)
        # the customer's story: timeline quick-add, links (relbook.ui.care), Ctrl+T
        self.story_button = story_button(self, self.context, lambda: self.contact_id)
        buttons.addWidget(self.story_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        customer = QWidget()
        col = QVBoxLayout(customer)
        col.setContentsMargins(24, 20, 24, 20)
        col.setSpacing(14)
        col.addWidget(self.card)
        col.addWidget(self.amount)
        col.addWidget(self.message)
        col.addStretch(1)
        col.addWidget(self.redeem)
        col.addLayout(buttons)
        self.placeholder = QLabel(
            "Scan the customer's card, or type their name or phone number.\n\n"
            "Nobody found? Type their name, press Tab for the phone, then Enter."
        )
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        # nobody at the till: the hint above the Today panel (relbook.ui.care)
        self.today_panel = CounterToday(self.context, self.placeholder, shortcut_owner=self)
        self.stack.addWidget(self.today_panel)
        self.stack.addWidget(customer)
        self.voucher_panel = VoucherRedeemPanel(self.context)  # a scanned voucher (Vouchers)
        self.stack.addWidget(self.voucher_panel)
        frame = QFrame()
        frame.setObjectName("customerCard")
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.stack)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(left_box)
        body.addWidget(frame, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _shortcut(self, keys: str, slot) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _connect_signals(self) -> None:
        self.input.textChanged.connect(self.on_input_changed)
        self.input.returnPressed.connect(self.on_input_entered)
        self.results.clicked.connect(self.on_result_clicked)
        self.quick_add.submitted.connect(self.on_quick_add)
        self.amount.input.textEdited.connect(self.on_amount_edited)
        self.amount.input.returnPressed.connect(self.on_amount_entered)
        self.amount.note.returnPressed.connect(self.on_amount_entered)
        self.redeem.redeemed.connect(self.on_redeemed)
        self.redeem.failed.connect(lambda text: self._say(text, "error"))
        self.voucher_panel.redeemed.connect(self.on_voucher_redeemed)
        self.voucher_panel.closed.connect(self.on_voucher_closed)
        self.today_panel.contact_chosen.connect(self.select_contact)
        self.clear_button.clicked.connect(self.clear_all)
        self.staff_picker.staff_picked.connect(self.on_staff_picked)
        self.hub.staff_changed.connect(self.on_hub_staff_changed)
        self.hub.show_page.connect(self.on_show_page)
        self.hub.contact_changed.connect(self.on_contact_changed)
        self.hub.activity_changed.connect(self.on_contact_changed)
        self.hub.settings_changed.connect(self.on_settings_changed)
        self._shortcut("Esc", self.clear_all)
        self._shortcut("Ctrl+F", self.on_focus_input)
        # F2–F7 belong to the main window's pages: the counter's own keys must not clash
        self._shortcut("Ctrl+U", self.on_focus_staff)
        self._shortcut("Ctrl+R", self.on_focus_redeem)
        self._shortcut("F9", self.actions.on_history)
        self._shortcut("Ctrl+Shift+A", self.actions.on_adjust)
        self._shortcut(PRINT_KEYS, self.actions.on_print_card)

    def _apply_money(self) -> None:
        self.amount.set_currency(self.money.symbol, self.money.plain(1250))

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()  # type: ignore[attr-defined]
        if watched is self.input:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results_model.rowCount():
                row = self.results.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                row = max(0, min(row, self.results_model.rowCount() - 1))
                self.results.setCurrentIndex(self.results_model.index(row))
                return True
            if key == Qt.Key.Key_Tab and self.quick_add.isVisible():
                self.quick_add.next_field().setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.contact_id is None:
            self.input.setFocus()

    # -- finding the customer --------------------------------------------------------------

    def on_input_changed(self, text: str) -> None:
        query = text.strip()
        voucher = looks_like_voucher_code(query)
        code = looks_like_card_code(query) or voucher
        hits = find(query, limit=RESULT_LIMIT) if query and not code else []
        if query:
            rows = [ResultRow(h.contact_id, h.display_name, h.phones[0] if h.phones else "")
                    for h in hits]  # fmt: skip
        else:
            rows = [ResultRow(r.contact_id, r.display_name, self._ago(r.when, r.amount_minor))
                    for r in sales.recent_customers(RESULT_LIMIT)]  # fmt: skip
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
            self.left_hint.setText("Voucher code — press Enter to check it." if voucher
                                   else "Card code — press Enter to look it up.")  # fmt: skip
        elif nobody:
            self.left_hint.setText(f"Nobody matches “{query}”. Tab: add a phone, Enter: add them.")
        elif hits:
            self.left_hint.setText("Enter takes the highlighted customer (↑/↓ to choose).")
        else:
            self.left_hint.setText("")

    def _ago(self, when: dt.datetime, amount_minor: int) -> str:
        local = when.replace(tzinfo=dt.UTC).astimezone()
        return f"{local.strftime('%H:%M')}  ·  {self.money.format(amount_minor)}"

    def on_input_entered(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        if looks_like_voucher_code(text):
            self.on_voucher_scanned(text)
            return
        if looks_like_card_code(text):
            self._select_by_code(text)
            return
        row = self.results.currentIndex().row() if self.results_model.rowCount() else -1
        contact_id = self.results_model.contact_id(max(row, 0)) if text else None
        if contact_id is not None:
            self.select_contact(contact_id)
        elif self.quick_add.isVisible():
            self.quick_add.next_field().setFocus()

    def on_result_clicked(self, index) -> None:
        contact_id = self.results_model.contact_id(index.row())
        if contact_id is not None:
            self.select_contact(contact_id)

    def _select_by_code(self, text: str) -> None:
        contact_id = loyalty.find_by_card_code(text)
        if contact_id is None:
            self.input.selectAll()
            self.left_hint.setText(f"No customer has card {format_card_code(text)}.")
            return
        self.select_contact(contact_id)

    def on_quick_add(self) -> None:
        data = self.quick_add.contact_input()
        if not data.given_name:
            self.left_hint.setText("Name: type the new customer's name.")
            self.quick_add.name.setFocus()
            return
        try:
            result = contacts.create_contact(data)
        except RelbookError as exc:
            self.left_hint.setText(str(exc))
            return
        self.hub.contact_changed.emit(result.contact_id)
        self.select_contact(result.contact_id)
        said = [f"Added {self.card_view.name if self.card_view else ''} — welcome!"]
        if data.referred_by:  # the welcome voucher and the referrer's reward, if any
            said += referrals.reward_messages(result.contact_id)
            self.hub.activity_changed.emit(data.referred_by)
        self._say("\n".join(said), "ok")

    def select_contact(self, contact_id: int) -> None:
        """Show the customer and put the cursor in the amount field."""
        self.contact_id = contact_id
        self._token = None
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self.on_input_changed("")
        self.quick_add.reset()
        self.amount.clear()
        self.redeem.clear()
        self._say("", "info")
        if not self.refresh():
            return
        self.amount.set_suggestions(sales.recent_notes(contact_id))
        self.stack.setCurrentIndex(1)
        self.amount.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> bool:
        """Reload the selected customer's card; False (and cleared) if they are gone."""
        if self.contact_id is None:
            return False
        contact = Contact.get_or_none(Contact.id == self.contact_id)
        if contact is None:
            self.clear_all()
            return False
        summary = loyalty.summary(self.contact_id)
        self.card_view = CardView(contact.display_name, contact.card_code or "", summary,
                                  tuple(cues.cues(self.contact_id)))  # fmt: skip
        self.card.show_customer(self.card_view, self.money)
        self.redeem.show_customer(self.contact_id, summary.balance, summary.rewards, self.money,
                                  self.rules)  # fmt: skip
        self.on_amount_edited(self.amount.input.text(), keep_token=True)
        return True

    def clear_all(self) -> None:
        """Esc: ready for the next customer."""
        self.contact_id = None
        self.card_view = None
        self._token = None
        self.input.clear()
        self.on_input_changed("")
        self.quick_add.reset()
        self.amount.clear()
        self.redeem.clear()
        self._say("", "info")
        self.stack.setCurrentIndex(0)
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    # -- the sale ----------------------------------------------------------------------------

    def on_amount_edited(self, text: str, keep_token: bool = False) -> None:
        """Live: what the typed amount will earn."""
        if not keep_token:
            self._token = None
        if self.card_view is None:
            return
        try:
            minor = self.money.parse(text)
        except ValidationError:
            self.amount.set_hint("")
            return
        if minor > self.rules.max_sale_minor:
            self.amount.set_hint(f"More than {self.money.format(self.rules.max_sale_minor)}?")
            return
        s = self.card_view.summary
        earning = earn(self.rules, minor, digits=self.money.digits, day=loyalty.local_day(),
                       tier=s.tier, birthday_due=s.birthday_bonus_due)  # fmt: skip
        hint = f"Earns {earning.points} point{'s' if earning.points != 1 else ''}"
        for reason, extra in earning.bonuses:
            hint += f"  + {extra} {reason.lower()}"
        if minor < self.rules.min_spend_minor:
            hint = f"No points below {self.money.format(self.rules.min_spend_minor)}"
        self.amount.set_hint(hint + "  —  Enter records the sale")

    def on_amount_entered(self) -> None:
        text = self.amount.input.text().strip()
        recent = (
            self._last_sale is not None and time.monotonic() - self._last_sale[2] < REPEAT_SECONDS
        )
        if looks_like_card_code(text):  # a scan landed here: switch customer
            self.amount.input.clear()
            self._select_by_code(text)
            return
        if looks_like_voucher_code(text):  # a voucher scanned while a customer is shown
            self.amount.input.clear()
            self.on_voucher_scanned(text)
            return
        if not text:
            if not recent:
                self._say("Amount: type the amount, then Enter.", "error")
            return
        try:
            minor = self.money.parse(text)
            if minor > self.rules.max_sale_minor:
                raise ValidationError(
                    "amount",
                    f"Amount: {self.money.format(minor)} is more than the most a sale may be "
                    f"({self.money.format(self.rules.max_sale_minor)}). Check the amount.",
                )
            if minor == 0:
                raise ValidationError("amount", "Amount must be more than zero.")
        except ValidationError as exc:
            self._say(str(exc), "error")
            self.amount.input.selectAll()
            return
        if recent and self._last_sale[:2] == (self.contact_id, minor):  # type: ignore[index]
            return
        if self._token is None:
            self._token = uuid.uuid4().hex
        self.amount.input.setEnabled(False)
        try:
            result = sales.record_sale(self.contact_id, minor, staff_id=self.context.staff_id,
                                       note=self.amount.note.text(),
                                       client_token=self._token)  # fmt: skip
        except RelbookError as exc:
            self._say(str(exc), "error")
            return
        finally:
            self.amount.input.setEnabled(True)
        self._last_sale = (self.contact_id, minor, time.monotonic())
        self._token = None
        self.amount.clear()
        text = f"Recorded {self.money.format(minor)}"
        if result.duplicate:
            text = f"Already recorded: {self.money.format(minor)}"
        text += f"  ·  +{result.points + result.bonus_points} points  ·  balance {result.balance}"
        for extra in result.messages:
            text += f"\n{extra}"
        self._say(text, "ok")
        self.refresh()
        if result.contact_id:
            self.hub.activity_changed.emit(result.contact_id)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- rewards -----------------------------------------------------------------------------

    def on_focus_redeem(self) -> None:
        if self.contact_id is not None:
            self.redeem.points.setFocus()
            self.redeem.points.selectAll()

    def on_focus_staff(self) -> None:
        self.staff_picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.staff_picker.showPopup()

    def on_redeemed(self, what: str) -> None:
        self.refresh()
        balance = self.card_view.summary.balance if self.card_view else 0
        self._say(f"{what}  ·  balance {balance}", "ok")
        self.hub.activity_changed.emit(self.contact_id or 0)
        self.amount.input.setFocus()

    # -- vouchers (relbook.ui.vouchers.redeem_panel) ---------------------------------------

    def on_voucher_scanned(self, text: str) -> None:
        """Show the voucher; Enter redeems it, Esc goes back."""
        self.input.clear()
        self.voucher_panel.show_code(text)
        self.stack.setCurrentWidget(self.voucher_panel)
        self.voucher_panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_voucher_redeemed(self, _voucher_id: int, contact_id: int) -> None:
        said = self.voucher_panel.message()
        if contact_id:
            self.select_contact(contact_id)  # ready to ring up the rest of the sale
        else:
            self.clear_all()
        self._say(said, "ok")

    def on_voucher_closed(self) -> None:
        if self.contact_id is not None and self.refresh():
            self.stack.setCurrentIndex(1)
            self.amount.input.setFocus()
        else:
            self.clear_all()

    # -- history, adjustments, cards (relbook.ui.counter.actions) --------------------------

    def _shown_customer(self) -> tuple[int, str] | None:
        if self.contact_id is None or self.card_view is None:
            return None
        return self.contact_id, self.card_view.name

    def on_history(self) -> None:
        self.actions.on_history()

    def on_customer_changed(self, message: str) -> None:
        """A dialog changed the customer's points or card: reload and tell the others."""
        if self.contact_id is None:
            self.left_hint.setText(message)
            return
        contact_id = self.contact_id
        if self.refresh():
            if message:
                self._say(message, "ok")
            self.hub.activity_changed.emit(contact_id)
            self.amount.input.setFocus()

    # -- staff, hub, day change --------------------------------------------------------------

    def on_staff_picked(self, staff_id: int) -> None:
        if self.context.staff_id != staff_id:
            self.context.staff_id = staff_id
            self.hub.staff_changed.emit(staff_id)

    def on_hub_staff_changed(self, staff_id: int) -> None:
        if staff_id and self.staff_picker.findData(staff_id) < 0:
            self.staff_picker.reload(staff_id)
        self.staff_picker.select(staff_id)

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key == "counter" and contact_id:
            self.select_contact(contact_id)

    def on_contact_changed(self, contact_id: int) -> None:
        if self.contact_id is not None and contact_id in (0, self.contact_id):
            self.refresh()

    def on_settings_changed(self) -> None:
        self.money = shop_money()
        self.rules = loyalty.get_rules()
        self._apply_money()
        self.staff_picker.reload(self.context.staff_id)
        self.refresh()

    def _say(self, text: str, tone: str) -> None:
        show_message(self.message, text, tone)

    def status(self) -> str:
        """The inline message as shown (for tests and screen readers)."""
        return self.message.text() if self.message.isVisibleTo(self) else ""


PAGE = PageSpec(
    key="counter",
    title="Counter",
    shortcut="F2",
    order=10,
    factory=lambda context: CounterPage(context),
)
