"""The "Reward rules" dialog of the Referrals view: the same form as Settings → Referrals.

Save checks everything through the services and says plainly what is wrong, storing
nothing; Close leaves what is stored as it was. With staff roles on, only an owner may
save, as on the Settings page.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.staff import access
from relbook.ui.context import Hub
from relbook.ui.vouchers.rules_form import RulesForm


class RulesDialog(QDialog):
    """Referral programme and birthday vouchers, saved together."""

    def __init__(
        self, hub: Hub, staff_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reward rules")
        self.resize(620, 640)
        self.hub = hub
        self.staff_id = staff_id
        self.form = RulesForm()
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.error = QLabel()
        self.error.setObjectName("errorBanner")
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel()
        self.notice.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        self.form.changed.connect(self.on_changed)

    def on_changed(self) -> None:
        self.notice.clear()

    def on_save(self) -> None:
        try:
            access.require_owner(self.staff_id, "change settings")  # as Settings asks
            issued = self.form.save()
        except RelbookError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        extra = f" {issued} birthday voucher{'s' if issued != 1 else ''} issued." if issued else ""
        self.notice.setText("Saved." + extra)
        self.hub.settings_changed.emit()
        if issued:
            self.hub.activity_changed.emit(0)
