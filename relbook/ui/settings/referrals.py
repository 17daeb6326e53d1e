"""Settings → Referrals: the referral programme and birthday vouchers (order 30).

The same form as the Vouchers page's "Reward rules" dialog (``RulesForm``), under the
Settings page's contract: ``has_changes``, ``save`` (plain-words ``RelbookError``, nothing
stored) and ``reload``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from relbook.ui.context import AppContext
from relbook.ui.settings.sections import SettingsSection
from relbook.ui.vouchers.rules_form import RulesForm


class ReferralsSection(QWidget):
    """Reward rules for referrals and birthdays, saved together."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralsSection")
        self.context = context
        self.form = RulesForm()
        self.edited = self.form.changed  # the page marks the section "unsaved"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.setFocusProxy(self.form.enabled)

    def has_changes(self) -> bool:
        return self.form.has_changes()

    def save(self) -> None:
        issued = self.form.save()
        if issued:  # birthday vouchers became due with the new rule: lists must show them
            self.context.hub.activity_changed.emit(0)

    def reload(self) -> None:
        self.form.reload()


SECTION = SettingsSection(
    key="referrals",
    title="Referrals",
    order=30,
    factory=lambda context: ReferralsSection(context),
)
