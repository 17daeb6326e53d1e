"""Settings → Staff (order 40): the team, their roles and PINs, and whether the till asks
for them.

Two kinds of change live here. The team list (add, rename, role, PIN, deactivate) is
changed at once, one audited step per button, as an owner (with roles on) — the line
under the buttons says what happened or why not. The two settings below it — staff
roles on or off, lock after N idle minutes — follow the Settings page's contract and are
stored with Save: turning roles on needs an owner with a PIN, so nobody locks the shop.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.staff import access, team
from relbook.ui.context import AppContext
from relbook.ui.counter.style import set_tone
from relbook.ui.settings.sections import SettingsSection
from relbook.ui.staff.dialogs import MemberDialog, PinDialog
from relbook.ui.staff.team_model import team_model
from relbook.ui.widgets.table import TableView

INTRO = (
    "With staff roles off (the default) everyone at the till can do everything and "
    "nobody is asked for a PIN. Turn them on to have each person sign in with a PIN: "
    "staff then do the counter work, and only an owner adjusts points, voids vouchers, "
    "erases a customer's data, restores a backup or changes settings."
)


class StaffSection(QWidget):
    edited = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffSection")
        self.context = context
        #: the dialog open now (tests type into it)
        self.dialog: QDialog | None = None
        self._build()
        self._connect_signals()
        self.reload()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = team_model(self)
        self.table = TableView(self.model, "teamTable", sizing="fit", stretch=0)
        self.table.setMinimumHeight(170)
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.role_button = QPushButton("Make owner")
        self.pin_button = QPushButton("Set PIN…")
        self.active_button = QPushButton("Deactivate")
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.rename_button,
            self.role_button,
            self.pin_button,
            self.active_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("staffMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(
            "#staffMessage[tone='error'] { color: #8a2615; }"
            "#staffMessage[tone='ok'] { color: #1d5a38; }"
        )
        team_box = QGroupBox("The team (changes here are stored at once)")
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.table)
        team_layout.addLayout(buttons)
        team_layout.addWidget(self.message)

        self.roles_on = QCheckBox("Ask for a PIN at the till, and keep owner-only work for owners")
        self.roles_on.setObjectName("rolesOn")
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(" minutes")
        self.lock_minutes.setSpecialValueText("never")
        self.lock_minutes.setMaximumWidth(160)
        form_box = QGroupBox("At the till (stored with Save)")
        form = QFormLayout(form_box)
        form.addRow(self.roles_on)
        form.addRow("Lock the till when idle for", self.lock_minutes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(team_box)
        layout.addWidget(form_box)
        layout.addStretch(1)
        self.setFocusProxy(self.table)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.on_add)
        self.rename_button.clicked.connect(self.on_rename)
        self.role_button.clicked.connect(self.on_role)
        self.pin_button.clicked.connect(self.on_pin)
        self.active_button.clicked.connect(self.on_active)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.roles_on.toggled.connect(self._on_form_edited)
        self.lock_minutes.valueChanged.connect(self._on_form_edited)

    # -- the team list ------------------------------------------------------------------

    def selected(self) -> team.Member | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def refresh(self, select: int | None = None) -> None:
        keep = select if select is not None else getattr(self.selected(), "id", None)
        self.model.set_rows(team.members())
        row = self.model.row_of(keep) if keep is not None else None
        self.table.selectRow(row or 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        m = self.selected()
        for button in (self.rename_button, self.role_button, self.pin_button, self.active_button):
            button.setEnabled(m is not None)
        if m is not None:
            self.role_button.setText("Make staff" if m.role == "owner" else "Make owner")
            self.active_button.setText("Deactivate" if m.active else "Reactivate")

    def say(self, text: str, tone: str = "ok") -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    def _do(self, action, done: str) -> bool:
        """Run one change; say what happened, or why not, in plain words."""
        try:
            action()
        except RelbookError as exc:
            self.say(str(exc), "error")
            return False
        self.say(done, "ok")
        return True

    def _changed(self, select: int | None = None) -> None:
        self.refresh(select)
        self.context.hub.settings_changed.emit()  # the staff picker and lists read it again

    def _open(self, dialog: QDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def on_add(self) -> None:
        dialog = MemberDialog("Add a staff member", parent=self)

        def add() -> None:
            name = dialog.name.text()
            new: list[int] = []
            ok = self._do(
                lambda: new.append(
                    team.add(
                        name,
                        dialog.role.currentData(),
                        dialog.pin.text(),
                        by_staff_id=self.context.staff_id,
                    )
                ),
                f"{' '.join(name.split())} was added.",
            )
            if ok:
                self._changed(new[0])

        self._open(dialog, add)

    def on_rename(self) -> None:
        m = self.selected()
        if m is None:
            return
        dialog = MemberDialog(
            f"Rename {m.name}", name=m.name, with_role=False, with_pin=False, parent=self
        )

        def rename() -> None:
            new = dialog.name.text()
            if self._do(
                lambda: team.rename(m.id, new, by_staff_id=self.context.staff_id),
                f"{m.name} is now called {' '.join(new.split())}.",
            ):
                self._changed(m.id)

        self._open(dialog, rename)

    def on_role(self) -> None:
        m = self.selected()
        if m is None:
            return
        role = "staff" if m.role == "owner" else "owner"
        if self._do(
            lambda: access.set_role(m.id, role, by_staff_id=self.context.staff_id),
            f"{m.name} is now {'an owner' if role == 'owner' else 'staff'}.",
        ):
            self._changed(m.id)

    def on_pin(self) -> None:
        m = self.selected()
        if m is None:
            return
        dialog = PinDialog(m.name, parent=self)

        def set_pin() -> None:
            pin = dialog.pin.text()
            if self._do(
                lambda: access.set_pin(m.id, pin, by_staff_id=self.context.staff_id),
                f"{m.name} has a new PIN.",
            ):
                self._changed(m.id)

        self._open(dialog, set_pin)

    def on_active(self) -> None:
        m = self.selected()
        if m is None:
            return
        self._do(
            lambda: team.set_active(
                m.id,
                not m.active,
                by_staff_id=self.context.staff_id,
                signed_in=self.context.staff_id,
            ),
            f"{m.name} was {'deactivated (kept on past sales)' if m.active else 'reactivated'}.",
        )
        self._changed(m.id)

    # -- the settings (Settings page contract) --------------------------------------------

    def _on_form_edited(self, *_: object) -> None:
        self.edited.emit()

    def has_changes(self) -> bool:
        return (
            self.roles_on.isChecked() != access.roles_enabled()
            or self.lock_minutes.value() != access.lock_minutes()
        )

    def save(self) -> None:
        who = self.context.staff_id
        if self.lock_minutes.value() != access.lock_minutes():
            access.set_lock_minutes(self.lock_minutes.value(), by_staff_id=who)
        if self.roles_on.isChecked() != access.roles_enabled():
            access.enable_roles(self.roles_on.isChecked(), by_staff_id=who)

    def reload(self) -> None:
        for widget in (self.roles_on, self.lock_minutes):
            widget.blockSignals(True)
        self.roles_on.setChecked(access.roles_enabled())
        self.lock_minutes.setValue(access.lock_minutes())
        for widget in (self.roles_on, self.lock_minutes):
            widget.blockSignals(False)
        self.refresh()


SECTION = SettingsSection(
    key="staff",
    title="Staff",
    order=40,
    factory=lambda context: StaffSection(context),
)
