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

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.printing.vouchers import SIZES
from relbook.services import codes, vouchers
from relbook.services.vouchers import printing as voucher_printing
from relbook.services.vouchers.types import KIND_LABELS, STATE_LABELS, Filters, VoucherView
from relbook.store.models import Contact
from relbook.ui import printing
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec
from relbook.ui.vouchers.dialogs import IssueDialog, VoidDialog
from relbook.ui.vouchers.print_job import PdfJob
from relbook.ui.vouchers.redeem_panel import VoucherRedeemPanel, till_staff
from relbook.ui.vouchers.referrals_dialog import RulesDialog
from relbook.ui.vouchers.referrals_view import ReferralsView
from relbook.ui.vouchers.table_model import VoucherTableModel

FILTERS: tuple[str | None, ...] = (None, "issued", "printed", "redeemed", "expired", "void")
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


class VouchersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vouchersPage")
        self.setStyleSheet(STYLE)
        self.context = context
        self.hub = context.hub
        self.model = VoucherTableModel(self)
        self.contact_filter: int | None = None
        self.job: PdfJob | None = None
        self.progress: QProgressDialog | None = None
        self.dialog: IssueDialog | VoidDialog | RulesDialog | None = None
        self._referrals_stale = True
        self._build()
        self.setFocusProxy(self.search)  # the main window focuses the page: the box gets it
        self._connect_signals()
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Scan a voucher, or search by name or code…")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for i, state in enumerate(FILTERS):
            button = QPushButton(STATE_LABELS.get(state or "", "All"))
            button.setObjectName("filterButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"Alt+{i + 1}")
            self.filter_group.addButton(button, i)
            filters.addWidget(button)
        self.filter_group.button(0).setChecked(True)
        filters.addStretch(1)
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem("Every kind", None)
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        filters.addWidget(self.kind)
        self.contact_chip = QPushButton()
        self.contact_chip.setObjectName("linkButton")
        self.contact_chip.hide()
        filters.addWidget(self.contact_chip)

        self.table = QTableView()
        self.table.setObjectName("voucherTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.installEventFilter(self)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 150, 165, 128, 82, 100, 100)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("muted")
        self.empty_hint.setWordWrap(True)

        self.panel = VoucherRedeemPanel(self.context)
        self.panel.setMinimumWidth(300)
        self.issue_button = QPushButton("New goodwill voucher…  (Ctrl+N)")
        self.void_button = QPushButton("Void…  (Del)")
        self.print_button = QPushButton("Print selected…  (Ctrl+P)")
        self.print_all_button = QPushButton("Print all unprinted  (Ctrl+Shift+P)")
        self.print_all_button.setObjectName("primaryButton")
        self.save_button = QPushButton("Save as PDF…  (Ctrl+S)")
        self.size = QComboBox()
        for key in SIZES:
            self.size.addItem(voucher_printing.SIZE_LABELS.get(key, key), key)
        self.size.setCurrentIndex(max(0, self.size.findData(voucher_printing.default_size())))
        paper = QLabel("Paper")
        paper.setObjectName("fieldLabel")
        right = QVBoxLayout()
        right.setContentsMargins(8, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(self.panel, 1)
        for widget in (self.issue_button, self.void_button):
            right.addWidget(widget)
        right.addSpacing(10)
        right.addWidget(paper)
        right.addWidget(self.size)
        for widget in (self.print_button, self.print_all_button, self.save_button):
            right.addWidget(widget)
        right_box = QWidget()
        right_box.setLayout(right)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_hint)
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
        list_layout.addLayout(filters)
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
        self.search.textChanged.connect(self.on_search_changed)
        self.search.returnPressed.connect(self.on_search_entered)
        self.filter_group.idClicked.connect(self.on_filter)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.doubleClicked.connect(self.on_table_activated)
        self.panel.redeemed.connect(self.on_redeemed)
        self.panel.closed.connect(self.on_panel_closed)
        self.contact_chip.clicked.connect(self.on_clear_contact)
        self.kind.currentIndexChanged.connect(self.on_filter_kind)
        self.issue_button.clicked.connect(self.on_issue)
        self.void_button.clicked.connect(self.on_void)
        self.referrals.rules_requested.connect(self.on_rules)
        self.referrals.back.connect(lambda: self.tabs.setCurrentIndex(0))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.print_button.clicked.connect(self.on_print_selected)
        self.print_all_button.clicked.connect(self.on_print_unprinted)
        self.save_button.clicked.connect(self.on_save_pdf)
        self.size.currentIndexChanged.connect(self.on_size_changed)
        self.hub.activity_changed.connect(self.on_activity_changed)
        self.hub.contact_changed.connect(self.on_activity_changed)
        self.hub.settings_changed.connect(self.on_activity_changed)
        self.hub.show_page.connect(self.on_show_page)
        self._shortcut("Ctrl+F", self.on_focus_search)
        self._shortcut("Ctrl+N", self.on_issue)
        self._shortcut("Del", self.on_void)
        self._shortcut("Ctrl+R", self.on_toggle_referrals)
        self._shortcut("Ctrl+P", self.on_print_selected)
        self._shortcut("Ctrl+Shift+P", self.on_print_unprinted)
        self._shortcut("Ctrl+S", self.on_save_pdf)
        for i in range(len(FILTERS)):
            self._shortcut(f"Alt+{i + 1}", lambda i=i: self.on_filter(i, from_key=True))

    # -- list --------------------------------------------------------------------------------

    def filters(self) -> Filters:
        state = FILTERS[max(0, self.filter_group.checkedId())]
        text = self.search.text().strip()
        if codes.looks_like_voucher_code(text):
            text = ""  # a whole code is looked up with Enter, not used as a filter
        kind = self.kind.currentData()
        return Filters(state=state, kind=kind, text=text, contact_id=self.contact_filter)

    def reload(self, keep: int | None = None) -> None:
        self.model.reload(self.filters())
        counts = vouchers.counts_by_state()
        for i, state in enumerate(FILTERS):
            label = STATE_LABELS.get(state or "", "All")
            if state:
                label += f"  {counts.get(state, 0)}"
            self.filter_group.button(i).setText(label)
        unprinted = len(vouchers.unprinted_ids())
        self.counts.setText(f"{unprinted} waiting to be printed")
        self.panel.set_glance(self._glance(counts, unprinted))
        self.print_all_button.setEnabled(unprinted > 0)
        empty = self.model.rowCount() == 0
        self.empty_hint.setVisible(empty)
        if empty:
            self.empty_hint.setText(
                "No vouchers match."
                if self.search.text().strip() or self.contact_filter or self.kind.currentData()
                else "No vouchers here yet. Ctrl+N issues a goodwill voucher."
            )
        if keep is not None and (row := self.model.row_of(keep)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    @staticmethod
    def _glance(counts: dict[str, int], unprinted: int) -> str:
        """The vouchers at a glance, for the panel while no voucher is shown."""
        if not any(counts.values()):
            return "No vouchers yet. Ctrl+N gives a customer a goodwill voucher."
        lines = [
            f"{unprinted} waiting to be printed"
            if unprinted
            else "Every voucher has been printed.",
            f"{counts.get('printed', 0)} printed and with their customers",
            f"{counts.get('redeemed', 0)} redeemed so far",
        ]
        return "\n".join(lines)

    def on_search_changed(self, _text: str) -> None:
        self.reload()

    def on_filter(self, index: int, from_key: bool = False) -> None:
        if from_key:
            self.filter_group.button(index).setChecked(True)
        self.reload()

    def on_filter_kind(self, _index: int) -> None:
        self.reload()

    def on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()  # type: ignore[attr-defined]
        if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_table_activated()  # the panel takes focus; Enter again redeems
            return True
        if watched is self.search:
            if key == Qt.Key.Key_Escape:
                self.search.clear()
                self.panel.clear()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

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
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def selected(self) -> list[VoucherView]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [v for r in rows if (v := self.model.voucher(r)) is not None]

    def on_selection_changed(self, *_args: object) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.panel.show_voucher(chosen[0])
        self._update_buttons()

    def on_table_activated(self, *_args: object) -> None:
        if self.panel.current is not None and self.panel.current.redeemable:
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.void_button.setEnabled(
            len(chosen) == 1 and chosen[0].state in ("issued", "printed", "expired")
        )
        self.print_button.setEnabled(bool(chosen))

    # -- redeeming, issuing, voiding ---------------------------------------------------------

    def on_redeemed(self, voucher_id: int, _contact_id: int) -> None:
        self.reload(keep=voucher_id)
        self._say(self.panel.message(), "ok")
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)  # ready for the next scan
        self.search.selectAll()

    def on_panel_closed(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.selectAll()

    def on_issue(self) -> None:
        self.dialog = IssueDialog(till_staff(self.context), self.contact_filter, self)
        self.dialog.finished.connect(self.on_issue_finished)
        self.dialog.open()

    def on_issue_finished(self, _result: int) -> None:
        dialog = self.dialog
        if isinstance(dialog, IssueDialog) and dialog.issued is not None:
            v = dialog.issued
            self._say(f"Issued {v.code}: {v.value_text} for {v.beneficiary_name}.", "ok")
            self.hub.activity_changed.emit(v.beneficiary_id or 0)
            self.reload(keep=v.id)
        self.search.setFocus()

    def on_void(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].state not in ("issued", "printed", "expired"):
            self._say("Void: select one voucher that has not been redeemed.", "error")
            return
        self.dialog = VoidDialog(chosen[0], till_staff(self.context), self)
        self.dialog.finished.connect(self.on_void_finished)
        self.dialog.open()

    def on_void_finished(self, _result: int) -> None:
        dialog = self.dialog
        if isinstance(dialog, VoidDialog) and dialog.voided is not None:
            v = dialog.voided
            self._say(f"Voided {v.code}: {v.void_reason}.", "ok")
            self.hub.activity_changed.emit(v.beneficiary_id or 0)
            self.reload(keep=v.id)
        self.table.setFocus()

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

    def on_rules(self) -> None:
        self.dialog = RulesDialog(self.hub, self.context.staff_id, self)
        self.dialog.finished.connect(self.on_rules_closed)
        self.dialog.open()

    def on_rules_closed(self, _result: int) -> None:
        self.referrals.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- printing ----------------------------------------------------------------------------

    def paper(self) -> str:
        return str(self.size.currentData() or "dl")

    def on_size_changed(self, _index: int) -> None:
        from relbook.services import settings

        settings.set_value(voucher_printing.SIZE_KEY, self.paper())

    def on_print_selected(self) -> None:
        chosen = [v.id for v in self.selected()]
        if not chosen:
            self._say(
                "Print: select the vouchers to print first (or print all unprinted).", "error"
            )
            return
        self._render(chosen, self.on_pdf_to_printer)

    def on_print_unprinted(self) -> None:
        ids = vouchers.unprinted_ids()
        if not ids:
            self._say("Every voucher has been printed already.", "ok")
            return
        self._render(ids, self.on_pdf_to_printer)

    def on_save_pdf(self) -> None:
        ids = [v.id for v in self.selected()] or vouchers.unprinted_ids()
        if not ids:
            self._say("Save as PDF: select vouchers first.", "error")
            return
        self._render(ids, self.on_pdf_to_file)

    def _render(self, ids: list[int], then: Callable[[list[int], bytes], None]) -> None:
        if self.job is not None:
            return  # one print at a time
        self.job = PdfJob(ids, self.paper(), self)
        self.job.finished.connect(lambda pdf: self.on_job_done(ids, pdf, then))
        self.job.failed.connect(self.on_job_failed)
        self.progress = QProgressDialog(
            f"Preparing {len(ids)} voucher{'s' if len(ids) != 1 else ''}…", "Cancel", 0, 0, self
        )
        self.progress.setWindowTitle("Vouchers")
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self.on_job_cancelled)
        self.job.start()

    def _end_job(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.on_job_cancelled)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.job = None

    def on_job_cancelled(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self._end_job()
        self._say("Printing cancelled; nothing was marked printed.", "ok")

    def on_job_failed(self, message: str) -> None:
        self._end_job()
        self._say(message, "error")

    def on_job_done(
        self, ids: list[int], pdf: bytes, then: Callable[[list[int], bytes], None]
    ) -> None:
        self._end_job()
        then(ids, pdf)

    def on_pdf_to_printer(self, ids: list[int], pdf: bytes) -> None:
        if printing.preview_and_print(self, pdf, "Vouchers"):
            self._mark_printed(ids, "Printed")
        else:
            self._say("Not printed; the vouchers stay in the print queue.", "ok")

    def on_pdf_to_file(self, ids: list[int], pdf: bytes) -> None:
        path = printing.save_pdf(self, pdf, f"vouchers-{dt.date.today().isoformat()}.pdf")
        if path is not None:
            self._mark_printed(ids, f"Saved to {path.name}:")

    def _mark_printed(self, ids: list[int], what: str) -> None:
        try:
            vouchers.mark_printed(ids)
        except RelbookError as exc:
            self._say(str(exc), "error")
            return
        self._say(f"{what} {len(ids)} voucher{'s' if len(ids) != 1 else ''}.", "ok")
        self.hub.activity_changed.emit(0)
        self.reload()

    # -- hub, day change ---------------------------------------------------------------------

    def on_activity_changed(self, *_args: object) -> None:
        chosen = self.selected()
        self.reload(keep=chosen[0].id if chosen else None)
        if self.tabs.currentIndex() == 1:
            self.referrals.reload()
        else:
            self._referrals_stale = True

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key != "vouchers":
            return
        contact = Contact.get_or_none(Contact.id == contact_id) if contact_id else None
        self.contact_filter = contact.id if contact else None
        self.tabs.setCurrentIndex(0)
        self.contact_chip.setText(f"Only {contact.display_name}  ✕" if contact else "")
        self.contact_chip.setVisible(contact is not None)
        self.reload()

    def on_clear_contact(self) -> None:
        self.on_show_page("vouchers", 0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.setFocus()  # the search box, or the referrals list on that tab

    def _say(self, text: str, tone: str) -> None:
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
