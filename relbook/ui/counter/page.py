"""The Counter page — where the app opens. A customer is waiting; the owner has seconds.

One input takes a name, phone digits or a scanned card (``finder``). Then the amount and
Enter record the sale (``sale``). Nobody found: the text becomes a new customer's name,
Tab moves to the phone, Enter adds and selects them. Esc clears for the next customer.
Ctrl+U staff, Ctrl+R redeem points, F9 history, Ctrl+Shift+A adjust points, Ctrl+L print
a loyalty card (``actions``). Points expire through ``relbook.ui.counter.daily``
(installed on the main window), whatever page is open.
"""

from __future__ import annotations

from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.services import loyalty, referrals
from relbook.services.counter import cues, sales, undo
from relbook.services.loyalty.rules import LoyaltyRules
from relbook.services.money import Money, shop_money
from relbook.store.models import Contact
from relbook.ui import printing as qt_printing
from relbook.ui.care.counter_today import CounterToday
from relbook.ui.care.story import story_button
from relbook.ui.context import AppContext
from relbook.ui.counter.actions import PRINT_KEYS, CustomerActions
from relbook.ui.counter.customer_card import CardView, CustomerCard
from relbook.ui.counter.finder import CustomerFinder
from relbook.ui.counter.redeem import RedeemPanel
from relbook.ui.counter.sale import SaleEntry
from relbook.ui.counter.staff_picker import StaffPicker
from relbook.ui.counter.style import STYLE, show_message
from relbook.ui.pages import PageSpec
from relbook.ui.vouchers.redeem_panel import VoucherRedeemPanel


class CounterPage(QWidget):
    """The finder left; right, nobody at the till (the Today panel), the customer with
    the sale and their rewards, or a scanned voucher."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        printer: ModuleType = qt_printing,
    ) -> None:
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
        self.finder = CustomerFinder(lambda: self.money, self)
        self.sale = SaleEntry(
            context, self._customer_card, lambda: self.money, lambda: self.rules, self
        )
        #: when the customer in front of the till was picked (None: nobody); "Next
        #: customer" ends the visit, and with it undo without an owner
        self.visit: undo.Visit | None = None
        self.actions = CustomerActions(
            self,
            context,
            self._shown_customer,
            lambda: self.money,
            self.on_customer_changed,
            printer=printer,
            visit=lambda: self.visit,
        )
        self._build()
        self._connect_signals()
        self.context.staff_id = self.staff_picker.reload(context.staff_id)
        self._apply_money()
        self.clear_all()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.staff_picker = StaffPicker(self.context)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.finder.input, 1)
        at_till = QLabel("At the till")
        at_till.setObjectName("customerMeta")
        top.addWidget(at_till)
        top.addWidget(self.staff_picker)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.finder.results_title)
        left.addWidget(self.finder.results, 1)
        left.addWidget(self.finder.quick_add)
        left.addWidget(self.finder.hint)
        left.addStretch(0)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(280)
        left_box.setMaximumWidth(440)

        self.card = CustomerCard()
        self.message = QLabel()
        self.message.setObjectName("counterMessage")
        self.message.setWordWrap(True)
        self.redeem = RedeemPanel(lambda: self.context.staff_id)
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
        col.addWidget(self.sale.amount)
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
        self.finder.contact_chosen.connect(self.select_contact)
        self.finder.voucher_scanned.connect(self.on_voucher_scanned)
        self.finder.added.connect(self.on_customer_added)
        self.sale.said.connect(self._say)
        self.sale.recorded.connect(self.on_sale_recorded)
        self.sale.card_scanned.connect(self.finder.select_by_code)
        self.sale.voucher_scanned.connect(self.on_voucher_scanned)
        self.redeem.redeemed.connect(self.on_redeemed)
        self.redeem.failed.connect(lambda text: self._say(text, "error"))
        self.voucher_panel.redeemed.connect(self.on_voucher_redeemed)
        self.voucher_panel.closed.connect(self.on_voucher_closed)
        self.today_panel.contact_chosen.connect(self.select_contact)
        self.clear_button.clicked.connect(self.clear_all)
        self.hub.show_page.connect(self.on_show_page)
        self.hub.contact_changed.connect(self.on_contact_changed)
        self.hub.activity_changed.connect(self.on_contact_changed)
        self.hub.settings_changed.connect(self.on_settings_changed)
        self._shortcut("Esc", self.clear_all)
        self._shortcut("Ctrl+F", self.finder.focus)
        # F2–F7 belong to the main window's pages: the counter's own keys must not clash
        self._shortcut("Ctrl+U", self.staff_picker.open)
        self._shortcut("Ctrl+R", self.on_focus_redeem)
        self._shortcut("F9", self.actions.on_history)
        self._shortcut("Ctrl+Shift+A", self.actions.on_adjust)
        self._shortcut(PRINT_KEYS, self.actions.on_print_card)

    def _apply_money(self) -> None:
        self.sale.amount.set_currency(self.money.symbol, self.money.plain(1250))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.contact_id is None:
            self.finder.input.setFocus()

    # -- the customer ------------------------------------------------------------------------

    def _customer_card(self) -> tuple[int, CardView] | None:
        if self.contact_id is None or self.card_view is None:
            return None
        return self.contact_id, self.card_view

    def _shown_customer(self) -> tuple[int, str] | None:
        shown = self._customer_card()
        return (shown[0], shown[1].name) if shown else None

    def select_contact(self, contact_id: int) -> None:
        """Show the customer and put the cursor in the amount field."""
        if self.visit is None or self.visit.contact_id != contact_id:
            self.visit = undo.Visit.begin(contact_id, self.context.staff_id)
        self.contact_id = contact_id
        self.finder.reset()
        self.sale.reset()
        self.redeem.clear()
        self._say("", "info")
        if not self.refresh():
            return
        self.sale.amount.set_suggestions(sales.recent_notes(contact_id))
        self.stack.setCurrentIndex(1)
        self.sale.amount.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> bool:
        """Reload the selected customer's card; False (and cleared) if they are gone."""
        if self.contact_id is None:
            return False
        contact = Contact.get_or_none(Contact.id == self.contact_id)
        if contact is None:
            self.clear_all()
            return False
        summary = loyalty.summary(self.contact_id)
        the_cues = tuple(cues.cues(self.contact_id))
        self.card_view = CardView(contact.display_name, contact.card_code or "", summary, the_cues)
        self.card.show_customer(self.card_view, self.money)
        self.redeem.show_customer(
            self.contact_id, summary.balance, summary.rewards, self.money, self.rules
        )
        self.sale.update_hint()
        return True

    def clear_all(self) -> None:
        """Esc: ready for the next customer."""
        self.contact_id = None
        self.visit = None
        self.card_view = None
        self.finder.reset()
        self.sale.reset()
        self.redeem.clear()
        self._say("", "info")
        self.stack.setCurrentIndex(0)
        self.finder.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_customer_added(self, contact_id: int, referred_by: int) -> None:
        """Quick-add made a new customer: show them, welcome them, thank their referrer."""
        self.hub.contact_changed.emit(contact_id)
        self.select_contact(contact_id)
        said = [f"Added {self.card_view.name if self.card_view else ''} — welcome!"]
        if referred_by:  # the welcome voucher and the referrer's reward, if any
            said += referrals.reward_messages(contact_id)
            self.hub.activity_changed.emit(referred_by)
        self._say("\n".join(said), "ok")

    def on_sale_recorded(self, contact_id: int) -> None:
        self.refresh()
        if contact_id:
            self.hub.activity_changed.emit(contact_id)
        self.finder.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_customer_changed(self, message: str) -> None:
        """A dialog changed the customer's points or card: reload and tell the others."""
        if self.contact_id is None:
            self.finder.hint.setText(message)
            return
        contact_id = self.contact_id
        if self.refresh():
            if message:
                self._say(message, "ok")
            self.hub.activity_changed.emit(contact_id)
            self.sale.amount.input.setFocus()

    # -- rewards and vouchers ----------------------------------------------------------------

    def on_focus_redeem(self) -> None:
        if self.contact_id is not None:
            self.redeem.points.setFocus()
            self.redeem.points.selectAll()

    def on_redeemed(self, what: str) -> None:
        self.refresh()
        balance = self.card_view.summary.balance if self.card_view else 0
        self._say(f"{what}  ·  balance {balance}", "ok")
        self.hub.activity_changed.emit(self.contact_id or 0)
        self.sale.amount.input.setFocus()

    def on_voucher_scanned(self, text: str) -> None:
        """Show the voucher (relbook.ui.vouchers); Enter redeems it, Esc goes back."""
        self.finder.input.clear()
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
            self.sale.amount.input.setFocus()
        else:
            self.clear_all()

    # -- hub, day change --------------------------------------------------------------

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
