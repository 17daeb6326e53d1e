"""Who is signed in at the till, for the whole window.

With staff roles off nothing is asked: the person picked in the counter's staff picker
is at the till. With roles on:

- the till starts locked; the lock screen asks who you are and your PIN;
- after ``access.lock_minutes()`` without a key press or click it locks again;
- "Switch user" (F12) signs someone else in with their PIN; "Lock the till"
  (Ctrl+Shift+L) locks at once;
- picking another person in the counter's staff picker asks for that person's PIN
  (otherwise anyone could pick the owner), and stays with the signed-in person when the
  PIN is not given.

The person signed in is ``context.staff_id``, announced on ``hub.staff_changed`` and
told to the audit log (``audit.set_actor``). The status bar shows who it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from relbook.services import staff
from relbook.services.staff import access, audit
from relbook.ui.context import AppContext
from relbook.ui.staff.lock_screen import QUIT, LockScreen

SWITCH_KEYS = "F12"
LOCK_KEYS = "Ctrl+Shift+L"
#: how often the idle time is looked at
IDLE_CHECK_MS = 10_000
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class StaffSession(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.hub = context.hub
        self.clock = clock
        self.signed_in: int | None = None
        self.last_activity = clock()
        #: the lock screen shown now, if any
        self.lock_screen: LockScreen | None = None
        self._announcing = False
        self._build()
        self.hub.staff_changed.connect(self.on_staff_changed)
        self.hub.settings_changed.connect(self.on_settings_changed)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.on_idle_check)
        self._watching = False

    def _build(self) -> None:
        menu = self.window.menuBar().addMenu("S&taff")
        menu.setObjectName("staffMenu")
        self.switch_action = QAction("&Switch user…", self.window)
        self.switch_action.setShortcut(QKeySequence(SWITCH_KEYS))
        self.lock_action = QAction("&Lock the till", self.window)
        self.lock_action.setShortcut(QKeySequence(LOCK_KEYS))
        for action, slot in ((self.switch_action, self.on_switch), (self.lock_action, self.lock)):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            menu.addAction(action)
            self.window.addAction(action)
        self.badge = QPushButton()
        self.badge.setObjectName("staffBadge")
        self.badge.setFlat(True)
        self.badge.setToolTip(f"Who is at the till — switch user ({SWITCH_KEYS})")
        self.badge.clicked.connect(self.on_switch)
        self.window.statusBar().addPermanentWidget(self.badge)

    # -- start ------------------------------------------------------------------------------

    def start(self) -> None:
        """Roles on: the till starts locked. Roles off: whoever the counter picked."""
        if access.roles_enabled():
            self.signed_in = None
            self.context.staff_id = None
            self._show_badge()
            self._cover(True)
            QTimer.singleShot(0, lambda: self.lock(reason="Sign in to start."))
        else:
            self.signed_in = self.context.staff_id or staff.ensure_default()
            self._announce(self.signed_in)
        self._update_actions()
        self._watch_idle()

    # -- signing in -------------------------------------------------------------------------

    def lock(self, *, reason: str = "The till is locked.") -> None:
        """Show the lock screen; nothing else can be done until someone signs in."""
        if not access.roles_enabled():
            return
        self._ask(required=True, preselect=self.signed_in, reason=reason)

    def on_switch(self, preselect: int | None = None) -> None:
        if not access.roles_enabled():
            self.window.statusBar().showMessage(
                "Staff roles are off: pick who is at the till on the Counter page.", 8_000
            )
            return
        self._ask(required=False, preselect=preselect, reason="Sign in as someone else.")

    def _ask(self, *, required: bool, preselect: int | None, reason: str) -> None:
        if self.lock_screen is not None:
            if required and not self.lock_screen.required:  # a switch became a lock
                self._cover(True)
                self.lock_screen.required = True
                self.lock_screen.cancel.hide()
                self.lock_screen.quit_button.show()
            return
        if required:
            self.signed_in = None
            self.context.staff_id = None
            self._show_badge()
            self._cover(True)
        screen = LockScreen(
            required=required, preselect=preselect, reason=reason, parent=self.window
        )
        screen.setWindowModality(Qt.WindowModality.WindowModal)
        screen.finished.connect(lambda result, s=screen: self._on_screen_done(s, result))
        self.lock_screen = screen
        screen.open()

    def _on_screen_done(self, screen: LockScreen, result: int) -> None:
        self.lock_screen = None
        screen.deleteLater()
        self.last_activity = self.clock()
        if screen.signed_in is not None:
            self.signed_in = screen.signed_in
            self._cover(False)
            self._announce(screen.signed_in)
            self._watch_idle()
            if screen.advice:
                self.window.statusBar().showMessage(screen.advice, 30_000)
        elif result == QUIT:
            self.window.close()

    def _cover(self, locked: bool) -> None:
        """A locked till shows no customer: the pages are hidden behind the lock screen."""
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(not locked)

    def _announce(self, staff_id: int | None) -> None:
        """Tell every page and the audit log who is at the till now."""
        self.context.staff_id = staff_id
        audit.set_actor(staff_id)
        self._show_badge()
        self._announcing = True
        try:
            self.hub.staff_changed.emit(staff_id or 0)
        finally:
            self._announcing = False

    def _show_badge(self) -> None:
        if self.context.staff_id is None:
            self.badge.setText("Till locked")
            return
        member = next(
            (m for m in staff.list_staff(include_inactive=True) if m.id == self.context.staff_id),
            None,
        )
        role = "owner" if member and member.role == "owner" else "staff"
        name = member.name if member else "?"
        keys = f"  ·  {SWITCH_KEYS} switches" if access.roles_enabled() else ""
        self.badge.setText(f"At the till: {name} ({role}){keys}")

    def _update_actions(self) -> None:
        self.lock_action.setEnabled(access.roles_enabled())  # F12 explains when roles are off

    # -- hub --------------------------------------------------------------------------------

    def on_staff_changed(self, staff_id: int) -> None:
        if self._announcing:
            return
        if not access.roles_enabled():
            self.signed_in = staff_id or None
            audit.set_actor(self.signed_in)
            self._show_badge()
            return
        if staff_id and staff_id != self.signed_in:
            # someone picked another person (the counter's picker): their PIN first
            self._announce(self.signed_in)
            self.on_switch(preselect=staff_id)

    def on_settings_changed(self) -> None:
        if access.roles_enabled() and self.signed_in is None and self.lock_screen is None:
            # roles were just turned on by the person at the till: they stay signed in
            self.signed_in = self.context.staff_id
            if self.signed_in is None:
                self.lock(reason="Staff roles are on: sign in.")
        self._update_actions()
        self._show_badge()
        self._watch_idle()

    # -- idle -------------------------------------------------------------------------------

    def _watch_idle(self) -> None:
        """Watch for activity only while an idle lock is set: an application-wide event
        filter sends every event of the app through Python, which a till without a lock
        should not pay for (it slowed the first paint by about 20 ms)."""
        wanted = access.roles_enabled() and access.lock_minutes() > 0
        app = QApplication.instance()
        if wanted and not self._watching and app is not None:
            self.last_activity = self.clock()
            app.installEventFilter(self)
            self.idle_timer.start()
            self._watching = True
        elif not wanted and self._watching:
            self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last_activity = self.clock()
        return False

    def on_idle_check(self) -> None:
        if self.lock_screen is not None and self.lock_screen.required:
            return
        if access.idle_expired(self.last_activity, self.clock()):
            minutes = access.lock_minutes()
            self.lock(
                reason=f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without use."
            )

    def stop(self) -> None:
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._watching = False


def install_staff_session(window: QMainWindow, context: AppContext) -> StaffSession:
    session = StaffSession(window, context)
    session.start()
    return session
