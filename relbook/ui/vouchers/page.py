"""The Vouchers page: every voucher by state, redeem by scan, issue, void, print — and,
on its second tab, the referrals that bring in new customers.

Keyboard first: the box at the top has focus. Type to search by name or code; scan or
type a whole code and press Enter to see that voucher, Enter again redeems it. Alt+1…6
pick the state filter, Ctrl+N issues a goodwill voucher, Delete voids the selected one,
Ctrl+P prints the selection, Ctrl+Shift+P prints every unprinted voucher, Ctrl+S saves a
PDF. Ctrl+R shows the Referrals tab (top referrers, the reward rules), Ctrl+R again or
Esc comes back. Printing renders off the GUI thread, then previews through Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.services import codes, vouchers
from relbook.store.models import Contact
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec
from relbook.ui.vouchers.actions import VoucherActions
from relbook.ui.vouchers.print_actions import VoucherPrinting
from relbook.ui.vouchers.redeem_panel import VoucherRedeemPanel
from relbook.ui.vouchers.referrals_view import ReferralsView
from relbook.ui.vouchers.voucher_list import FILTERS, VoucherList
from relbook.ui.widgets.table import TableView

STYLE = """
QPushButton#filterButton { border: 1px solid transparent; border-radius: 12px;
    padding: 4px 12px; color: #66737a; background: transparent; }
QPushButton#filterButton:checked { background: #e8f1ee; color: #1f2a30; font-weight: 600;
    border-color: #cfe1da; }
QPushButton#primaryButton:disabled { background: #eef1ef; color: #a7b0b4;
    border-color: #d9dedb; font-weight: normal; }
QLabel#pageNotice { color: #2f6f5e; }
QLabel#pageNotice[tone="error"] { color: #8c1d18; }
"""


def glance_text(counts: dict[str, int], unprinted: int) -> str:
    """The vouchers at a glance, for the panel while no voucher is shown."""
    if not any(counts.values()):
        return "No vouchers yet. Ctrl+N gives a customer a goodwill voucher."
    lines = [
        f"{unprinted} waiting to be printed" if unprinted else "Every voucher has been printed.",
        f"{counts.get('printed', 0)} printed and with their customers",
        f"{counts.get('redeemed', 0)} redeemed so far",
    ]
    return "\n".join(lines)


class VouchersPage(QWidget):
    """The list (``VoucherList``) beside the voucher panel and the buttons of the
    dialogs (``VoucherActions``) and of printing (``VoucherPrinting``); the Referrals
    view on the second tab."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vouchersPage")
        self.setStyleSheet(STYLE)
        self.context = context
        self.hub = context.hub
        self.list = VoucherList(self)
        self.actions = VoucherActions(
            self, context, self.list.selected, lambda: self.list.contact_filter
        )
        self.printing = VoucherPrinting(self, self.list.selected)
        self._referrals_stale = True
        self._build()
        self.setFocusProxy(self.search)  # the main window focuses the page: the box gets it
        self._connect_signals()
        self.reload()

    # -- building -------------------------------------------------------------------------

    @property
    def search(self) -> QLineEdit:
        return self.list.search

    @property
    def table(self) -> TableView:
        """The voucher list (the main window waits for its first paint)."""
        return self.list.table

    def _build(self) -> None:
        self.panel = VoucherRedeemPanel(self.context)
        self.panel.setMinimumWidth(300)
        paper = QLabel("Paper")
        paper.setObjectName("fieldLabel")
        right = QVBoxLayout()
        right.setContentsMargins(8, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(self.panel, 1)
        right.addWidget(self.actions.issue_button)
        right.addWidget(self.actions.void_button)
        right.addSpacing(10)
        right.addWidget(paper)
        right.addWidget(self.printing.size)
        right.addWidget(self.printing.print_button)
        right.addWidget(self.printing.print_all_button)
        right.addWidget(self.printing.save_button)
        right_box = QWidget()
        right_box.setLayout(right)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.table, 1)
        left.addWidget(self.list.empty_hint)
        left_box = QWidget()
        left_box.setLayout(left)
        self.splitter = QSplitter()
        self.splitter.addWidget(left_box)
        self.splitter.addWidget(right_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.notice = QLabel()
        self.notice.setObjectName("pageNotice")
        self.notice.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("statusCounts")
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.counts)

        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 10, 0, 0)
        list_layout.setSpacing(10)
        list_layout.addWidget(self.search)
        list_layout.addWidget(self.list.filters_bar)
        list_layout.addWidget(self.splitter, 1)
        self.referrals = ReferralsView(self.hub)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("voucherTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(list_box, "Vouchers")
        self.tabs.addTab(self.referrals, "Referrals  ·  Ctrl+R")
        self.tabs.setTabToolTip(1, "Who brings in new customers (Ctrl+R)")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 12)
        layout.setSpacing(8)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _connect_signals(self) -> None:
        self.list.filters_changed.connect(self.reload)
        self.list.escaped.connect(self.panel.clear)
        self.search.returnPressed.connect(self.on_search_entered)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.doubleClicked.connect(self.on_table_activated)
        self.table.entered.connect(self.on_table_activated)  # Enter again redeems
        self.panel.redeemed.connect(self.on_redeemed)
        self.panel.closed.connect(self.on_panel_closed)
        self.actions.said.connect(self.say)
        self.actions.issued.connect(self.on_issued)
        self.actions.voided.connect(self.on_voided)
        self.actions.rules_closed.connect(self.on_rules_closed)
        self.printing.said.connect(self.say)
        self.printing.printed.connect(self.on_printed)
        self.referrals.rules_requested.connect(self.actions.on_rules)
        self.referrals.back.connect(lambda: self.tabs.setCurrentIndex(0))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.hub.activity_changed.connect(self.on_activity_changed)
        self.hub.contact_changed.connect(self.on_activity_changed)
        self.hub.settings_changed.connect(self.on_activity_changed)
        self.hub.show_page.connect(self.on_show_page)
        self._shortcut("Ctrl+F", self.on_focus_search)
        self._shortcut("Ctrl+N", self.actions.on_issue)
        self._shortcut("Del", self.actions.on_void)
        self._shortcut("Ctrl+R", self.on_toggle_referrals)
        self._shortcut("Ctrl+P", self.printing.on_print_selected)
        self._shortcut("Ctrl+Shift+P", self.printing.on_print_unprinted)
        self._shortcut("Ctrl+S", self.printing.on_save_pdf)
        for i in range(len(FILTERS)):
            self._shortcut(f"Alt+{i + 1}", lambda i=i: self.list.on_filter(i, from_key=True))

    # -- the list and the panel --------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the list, the counts and the print queue again; keep ``keep`` selected."""
        counts = vouchers.counts_by_state()
        self.list.reload(counts, keep)
        unprinted = len(vouchers.unprinted_ids())
        self.counts.setText(f"{unprinted} waiting to be printed")
        self.panel.set_glance(glance_text(counts, unprinted))
        self.printing.print_all_button.setEnabled(unprinted > 0)
        self._update_buttons()

    def on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def on_search_entered(self) -> None:
        """A scanned or typed code: show that voucher; the next Enter redeems it."""
        text = self.search.text().strip()
        if not text:
            return
        if codes.looks_like_voucher_code(text):
            self.table.clearSelection()
            self.panel.show_code(text)
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.selectAll()
            return
        self.list.select_first()

    def on_selection_changed(self, *_args: object) -> None:
        chosen = self.list.selected()
        if len(chosen) == 1:
            self.panel.show_voucher(chosen[0])
        self._update_buttons()

    def on_table_activated(self, *_args: object) -> None:
        if self.panel.current is not None and self.panel.current.redeemable:
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        self.actions.update_buttons()
        self.printing.print_button.setEnabled(bool(self.list.selected()))

    def on_redeemed(self, voucher_id: int, _contact_id: int) -> None:
        self.reload(keep=voucher_id)
        self.say(self.panel.message(), "ok")
        self.on_panel_closed()  # ready for the next scan

    def on_panel_closed(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.selectAll()

    # -- after the dialogs and printing -------------------------------------------------------

    def on_issued(self, voucher_id: int) -> None:
        if voucher_id:
            self.reload(keep=voucher_id)
        self.search.setFocus()

    def on_voided(self, voucher_id: int) -> None:
        if voucher_id:
            self.reload(keep=voucher_id)
        self.table.setFocus()

    def on_printed(self) -> None:
        self.hub.activity_changed.emit(0)
        self.reload()

    # -- the Referrals tab ------------------------------------------------------------------

    def on_toggle_referrals(self) -> None:
        self.tabs.setCurrentIndex(0 if self.tabs.currentIndex() == 1 else 1)

    def on_tab_changed(self, index: int) -> None:
        on_referrals = index == 1
        self.setFocusProxy(self.referrals if on_referrals else self.search)
        if on_referrals:
            if self._referrals_stale:
                self.referrals.reload()
                self._referrals_stale = False
            self.referrals.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_rules_closed(self) -> None:
        self.referrals.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- hub ---------------------------------------------------------------------------------

    def on_activity_changed(self, *_args: object) -> None:
        chosen = self.list.selected()
        self.reload(keep=chosen[0].id if chosen else None)
        if self.tabs.currentIndex() == 1:
            self.referrals.reload()
        else:
            self._referrals_stale = True

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key != "vouchers":
            return
        contact = Contact.get_or_none(Contact.id == contact_id) if contact_id else None
        self.list.show_contact(
            contact.id if contact else None, contact.display_name if contact else ""
        )
        self.tabs.setCurrentIndex(0)
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.setFocus()  # the search box, or the referrals list on that tab

    def say(self, text: str, tone: str) -> None:
        self.notice.setText(text)
        self.notice.setProperty("tone", tone)
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)

    def status(self) -> str:
        return self.notice.text()


PAGE = PageSpec(
    key="vouchers",
    title="Vouchers",
    shortcut="F5",
    order=40,
    factory=lambda context: VouchersPage(context),
)
