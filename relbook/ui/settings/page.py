"""The Settings page (F7): the sections on the left, the chosen one on the right, Save
(Ctrl+S) and Revert beneath.

Each section (``relbook.ui.settings.sections``) edits one group of settings. Save stores
every section with changes, each in one transaction: a section with a mistake stores
nothing, is shown, and its message appears in plain words above the buttons. With staff
roles on, only an owner may save (``access.require_owner``). After a save every page
hears ``hub.settings_changed``. Leaving the page or closing the window with unsaved
changes asks first (the main window calls ``confirm_leave``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import PermissionDenied, RelbookError
from relbook.services.staff import access
from relbook.store.db import database
from relbook.ui.context import AppContext
from relbook.ui.counter.style import show_message
from relbook.ui.pages import PageSpec
from relbook.ui.settings.sections import SettingsSection, all_sections
from relbook.ui.widgets.messages import Answer, DialogMessenger, Messenger

STYLE = """
#settingsPage QListWidget#sectionList { font-size: 15px; border: none; background: transparent;
    outline: 0; }
#settingsPage QListWidget#sectionList::item { padding: 9px 14px; border-radius: 6px; }
#settingsPage QListWidget#sectionList::item:selected { background: #dcebe5; color: #1f2a26; }
#settingsPage QLabel#sectionHeading { font-size: 20px; font-weight: 600; }
#settingsPage QLabel#settingsMessage { font-size: 14px; padding: 6px 10px; border-radius: 6px; }
#settingsPage QLabel#settingsMessage[tone="error"] { background: #fbe3df; color: #8a2615; }
#settingsPage QLabel#settingsMessage[tone="ok"] { background: #dff0e6; color: #1d5a38; }
#settingsPage QLabel#settingsMessage[tone="info"] { background: #eceae4; color: #3f3f3f; }
#settingsPage QScrollArea { border: none; background: transparent; }
#settingsPage QPushButton#primaryButton:disabled { background: #e4e8e6; border-color: #d9dedb;
    color: #a7b0b4; }
"""
UNSAVED = "  ●"
MAX_SECTION_WIDTH = 860


class _Shown:
    """One section as built: its spec, its widget and its list entry."""

    def __init__(self, spec: SettingsSection, widget: QWidget, item: QListWidgetItem) -> None:
        self.spec, self.widget, self.item = spec, widget, item

    def has_changes(self) -> bool:
        return bool(self.widget.has_changes())  # type: ignore[attr-defined]


class SettingsPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        messenger: Messenger | None = None,
        parent: QWidget | None = None,
        sections: list[SettingsSection] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self.setStyleSheet(STYLE)
        self.context = context
        self.hub = context.hub
        self.messenger: Messenger = messenger or DialogMessenger()
        self.sections: list[_Shown] = []
        self._build(sections if sections is not None else all_sections())
        self._connect_signals()
        self.on_section_edited()
        if self.sections:
            self.list.setCurrentRow(0)

    # -- building -------------------------------------------------------------------------

    def _build(self, specs: list[SettingsSection]) -> None:
        self.list = QListWidget()
        self.list.setObjectName("sectionList")
        self.list.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.notice = QLabel()
        self.notice.setObjectName("warningBanner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        for spec in specs:
            widget = spec.factory(self.context)
            widget.setObjectName(widget.objectName() or f"section-{spec.key}")
            holder = QWidget()  # a calm reading width, however wide the window
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 12, 0)
            widget.setMaximumWidth(MAX_SECTION_WIDTH)
            row.addWidget(widget, 1)
            row.addStretch(0)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(holder)
            self.stack.addWidget(scroll)
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.list.addItem(item)
            self.sections.append(_Shown(spec, widget, item))
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Undo the changes not saved yet")
        self.save_button = QPushButton("Save  (Ctrl+S)")
        self.save_button.setObjectName("primaryButton")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.notice)
        right.addWidget(self.stack, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(18)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(self.on_section_chosen)
        self.save_button.clicked.connect(self.on_save)
        self.revert_button.clicked.connect(self.on_revert)
        for shown in self.sections:
            edited = getattr(shown.widget, "edited", None)  # optional in the contract
            if edited is not None:
                edited.connect(self.on_section_edited)
        self.hub.staff_changed.connect(self.on_staff_changed)
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.on_save)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.on_staff_changed()

    def on_staff_changed(self, *_: object) -> None:
        """With staff roles on, say up front that only an owner may save."""
        try:
            access.require_owner(self.context.staff_id, "change settings")
        except PermissionDenied as exc:
            self.notice.setText(f"{exc} You can look, but Save will refuse.")
            self.notice.show()
        else:
            self.notice.hide()

    # -- choosing a section ---------------------------------------------------------------

    def section(self, key: str) -> QWidget:
        """The section widget for ``key`` (tests and other pages use it)."""
        return next(s.widget for s in self.sections if s.spec.key == key)

    def show_section(self, key: str) -> None:
        row = next(i for i, s in enumerate(self.sections) if s.spec.key == key)
        self.list.setCurrentRow(row)

    def current_key(self) -> str:
        row = self.list.currentRow()
        return self.sections[row].spec.key if 0 <= row < len(self.sections) else ""

    def on_section_chosen(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            self.stack.setCurrentIndex(row)
            self.heading.setText(self.sections[row].spec.title)

    def on_section_edited(self, *_: object) -> None:
        """Mark sections with unsaved changes; Save and Revert only when there are some."""
        dirty = False
        for shown in self.sections:
            changed = shown.has_changes()
            dirty = dirty or changed
            shown.item.setText(shown.spec.title + (UNSAVED if changed else ""))
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty and self.message.property("tone") == "ok":
            self.say("", "info")

    def has_changes(self) -> bool:
        return any(s.has_changes() for s in self.sections)

    # -- saving ---------------------------------------------------------------------------

    def on_save(self) -> bool:
        """Save every section with changes; True when nothing is left unsaved."""
        changed = [s for s in self.sections if s.has_changes()]
        if not changed:
            self.say("Nothing to save: no changes.", "info")
            return True
        try:
            access.require_owner(self.context.staff_id, "change settings")
        except PermissionDenied as exc:
            self.say(str(exc), "error")
            return False
        saved: list[str] = []
        for shown in changed:
            try:
                with database.atomic():
                    shown.widget.save()  # type: ignore[attr-defined]
            except RelbookError as exc:
                self.show_section(shown.spec.key)
                done = f"Saved {', '.join(saved)}. " if saved else ""
                self.say(f"{done}{shown.spec.title} was not saved: {exc}", "error")
                self._after_save(saved)
                return False
            saved.append(shown.spec.title)
        self._after_save(saved)
        self.say(f"Saved {', '.join(saved)}.", "ok")
        return True

    def _after_save(self, saved: list[str]) -> None:
        if saved:  # the others show what is stored now (a new currency, say)
            for shown in self.sections:
                if not shown.has_changes():
                    shown.widget.reload()  # type: ignore[attr-defined]
        self.on_section_edited()
        if saved:
            self.hub.settings_changed.emit()

    def on_revert(self) -> None:
        for shown in self.sections:
            if shown.has_changes():
                shown.widget.reload()  # type: ignore[attr-defined]
        self.on_section_edited()
        self.say("Changes undone: showing what is saved.", "info")

    def confirm_leave(self) -> bool:
        """Before the page is left or the window closed: save, discard or stay."""
        if not self.has_changes():
            return True
        answer = self.messenger.ask_unsaved(self, "the settings")
        if answer == Answer.SAVE:
            return self.on_save()
        if answer == Answer.DISCARD:
            self.on_revert()
            self.say("", "info")
            return True
        return False

    def say(self, text: str, tone: str) -> None:
        show_message(self.message, text, tone)

    def status(self) -> str:
        """The inline message as shown (for tests and screen readers)."""
        return self.message.text() if self.message.isVisibleTo(self) else ""


PAGE = PageSpec(
    key="settings",
    title="Settings",
    shortcut="F7",
    order=90,
    # tests put a ScriptedMessenger in context.extras["messenger"] to answer questions
    factory=lambda context: SettingsPage(context, context.extras.get("messenger")),  # type: ignore[arg-type]
)
