"""Show one voucher and redeem it with Enter — on the Vouchers page and at the counter.

Give it what was typed or scanned (``show_code``) or a voucher already found
(``show_voucher``). A redeemable voucher shows its value, for whom and until when, and
Enter (or the button) redeems it once. A code that cannot be redeemed — unknown, a typo
("did you mean …?"), already redeemed, voided, expired — shows why, in plain words, and
nothing is changed. Esc closes the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import codes, staff, vouchers
from relbook.services.staff import access
from relbook.services.vouchers.types import (
    KIND_LABELS,
    STATE_LABELS,
    VoucherProblem,
    VoucherView,
)
from relbook.ui.context import AppContext


def till_staff(context: AppContext) -> int | None:
    """Who is at the till: the one picked at the counter, else (staff roles off) the
    owner, as on the command line — so "already redeemed … by <staff>" names someone.
    With roles on nobody is assumed: an owner's rights are never lent to an empty till."""
    if context.staff_id is not None or access.roles_enabled():
        return context.staff_id
    return staff.ensure_default()


STYLE = """
QFrame#voucherPanel { background: #ffffff; border: 1px solid #d9dedb; border-radius: 6px; }
QFrame#voucherPanel:focus { border: 1px solid #2f6f5e; }
QLabel#voucherCode { font-size: 13pt; font-weight: 600; letter-spacing: 1px; }
QLabel#voucherValue { font-size: 20pt; font-weight: 600; color: #1f5c58; }
QLabel#voucherMeta { color: #66737a; }
QLabel#voucherState[tone="ok"] { color: #2f6f5e; font-weight: 600; }
QLabel#voucherState[tone="error"] { background: #fbe9e7; color: #8c1d18;
    border: 1px solid #f2c4bf; border-radius: 4px; padding: 8px 10px; }
QLabel#voucherState[tone="info"] { color: #66737a; }
QLabel#voucherIdle { color: #1f5c58; font-size: 13pt; font-weight: 600; }
QLabel#voucherGlance { color: #66737a; line-height: 140%; }
"""


class VoucherRedeemPanel(QFrame):
    """One voucher, its state, and a Redeem action (Enter)."""

    #: a voucher was redeemed: its id and its beneficiary's contact id (0: none)
    redeemed = Signal(int, int)
    #: Esc: the person is done with this voucher
    closed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("voucherPanel")
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current: VoucherView | None = None
        self.suggestions: list[str] = []
        self._last_redeemed: int | None = None
        self._build()
        self._connect_signals()
        self.clear()

    def _build(self) -> None:
        self.code = QLabel()
        self.code.setObjectName("voucherCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value = QLabel()
        self.value.setObjectName("voucherValue")
        self.value.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("voucherMeta")
        self.meta.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("voucherState")
        self.state.setWordWrap(True)
        self.idle = QLabel("Ready for the next voucher")
        self.idle.setObjectName("voucherIdle")
        self.glance = QLabel()
        self.glance.setObjectName("voucherGlance")
        self.glance.setWordWrap(True)
        self.suggestion_row = QHBoxLayout()
        self.suggestion_row.setSpacing(6)
        self.redeem_button = QPushButton("Redeem  (Enter)")
        self.redeem_button.setObjectName("primaryButton")
        self.close_button = QPushButton("Close  (Esc)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.redeem_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.idle)
        layout.addWidget(self.code)
        layout.addWidget(self.value)
        layout.addWidget(self.meta)
        layout.addWidget(self.state)
        layout.addLayout(self.suggestion_row)
        layout.addSpacing(6)
        layout.addWidget(self.glance)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.redeem_button.clicked.connect(self.redeem)
        self.close_button.clicked.connect(self.on_close)

    # -- what callers use ------------------------------------------------------------------

    def show_code(self, text: str) -> bool:
        """Look up a typed or scanned code and show it; True if it can be redeemed now."""
        self._last_redeemed = None  # a fresh scan of a used code must say "already redeemed"
        try:
            found = vouchers.lookup(text)
        except VoucherProblem as problem:
            self._show_problem(problem)
            return False
        self.show_voucher(found)
        return found.redeemable

    def show_voucher(self, voucher: VoucherView) -> None:
        self.current = voucher
        self._set_idle(False)
        self._set_suggestions([])
        self._set_texts(f"Voucher {voucher.code}", voucher.value_text, self._meta(voucher))
        problem = vouchers.problem_for(voucher)
        if voucher.state == "redeemed" and voucher.id == self._last_redeemed:
            self._say(self._redeemed_text(voucher), "ok")
        elif problem:
            self._say(problem.message, "error")
        elif voucher.redeemable:
            self._say("Press Enter to redeem it.", "info")
        self.redeem_button.setVisible(voucher.redeemable)
        self.show()

    def redeem(self) -> bool:
        """Redeem the shown voucher (once); True when it was redeemed now."""
        if self.current is None or not self.current.redeemable:
            return False
        try:
            done = vouchers.redeem(self.current.code, staff_id=till_staff(self.context))
        except VoucherProblem as problem:  # e.g. another till was a moment faster
            if problem.voucher is not None:
                self.show_voucher(problem.voucher)
            self._say(problem.message, "error")
            return False
        except RelbookError as exc:
            self._say(str(exc), "error")
            return False
        self.current = done
        self._last_redeemed = done.id
        self.meta.setText(self._meta(done))
        self.redeem_button.hide()
        self._say(self._redeemed_text(done), "ok")
        self.context.hub.activity_changed.emit(done.beneficiary_id or 0)
        self.redeemed.emit(done.id, done.beneficiary_id or 0)
        return True

    def clear(self) -> None:
        self.current = None
        self._set_texts("", "", "")
        self._say("Scan a voucher, or type its code and press Enter.", "info")
        self._set_suggestions([])
        self.redeem_button.hide()
        self._set_idle(True)

    def set_glance(self, text: str) -> None:
        """Figures shown while no voucher is (the Vouchers page fills them in)."""
        self.glance.setText(text)
        self.glance.setVisible(bool(text) and not self.idle.isHidden())

    def _set_idle(self, idle: bool) -> None:
        self.idle.setVisible(idle)
        self.glance.setVisible(idle and bool(self.glance.text()))
        self.close_button.setVisible(not idle)

    def message(self) -> str:
        """The state line as shown (for the counter's status and for tests)."""
        return self.state.text()

    # -- events ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.redeem()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.on_close()
            return
        super().keyPressEvent(event)

    def on_close(self) -> None:
        self.clear()
        self.closed.emit()

    def on_suggestion(self, code: str) -> None:
        if self.show_code(code):
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- inside ----------------------------------------------------------------------------

    def _set_texts(self, code: str, value: str, meta: str) -> None:
        for label, text in ((self.code, code), (self.value, value), (self.meta, meta)):
            label.setText(text)
            label.setVisible(bool(text))

    @staticmethod
    def _redeemed_text(v: VoucherView) -> str:
        who = f" for {v.beneficiary_name}" if v.beneficiary_name else ""
        return f"Redeemed ✓  {v.value_text}{who}."

    def _meta(self, v: VoucherView) -> str:
        parts = [KIND_LABELS.get(v.kind, v.kind)]
        if v.beneficiary_name:
            parts.append(f"for {v.beneficiary_name}")
        if v.expires_on:
            parts.append(f"valid until {vouchers.show_date(v.expires_on)}")
        parts.append(STATE_LABELS.get(v.state, v.state).lower())
        if v.note:
            parts.append(f"“{v.note}”")
        issued = f"Issued {vouchers.show_date(v.issued_at)}"
        if v.issued_by:
            issued += f" by {v.issued_by}"
        return "  ·  ".join(parts) + "\n" + issued

    def _show_problem(self, problem: VoucherProblem) -> None:
        self.current = problem.voucher
        self._set_idle(False)
        self.redeem_button.hide()
        if problem.voucher is not None:
            self.show_voucher(problem.voucher)
        else:
            self._set_texts("Voucher code", "", "")
        self._say(problem.message, "error")
        self._set_suggestions(problem.suggestions)
        self.show()

    def _set_suggestions(self, suggestions: list[str]) -> None:
        self.suggestions = list(suggestions)
        while self.suggestion_row.count():
            item = self.suggestion_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for code in suggestions:
            button = QPushButton(f"Use {codes.format_code(code)}")
            button.setObjectName("linkButton")
            button.clicked.connect(lambda _=False, c=code: self.on_suggestion(c))
            self.suggestion_row.addWidget(button)
        if suggestions:
            self.suggestion_row.addStretch(1)

    def _say(self, text: str, tone: str) -> None:
        self.state.setText(text)
        self.state.setVisible(bool(text))
        self.state.setProperty("tone", tone)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
