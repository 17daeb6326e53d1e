"""The main window: the working pages as tabs, counts in the status bar.

The window opens on the page with the lowest order (the Counter once it exists: the
counter PC's daily work starts there) unless asked for another; size and position are
restored from QSettings, the last page deliberately is not, so every shift starts in
the same place. A page is built the first time it is shown, so start-up pays only for
the page on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from relbook.errors import RelbookError
from relbook.ui.context import AppContext
from relbook.ui.pages import PageSpec, all_pages
from relbook.ui.widgets.first_paint import FirstPaint

DEFAULT_SIZE = (1280, 800)


def app_settings() -> QSettings:
    return QSettings("relbook", "relbook")


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        pages: list[PageSpec] | None = None,
        start_page: str | None = None,
        remember_layout: bool = True,
        background_work: bool = True,
    ) -> None:
        super().__init__()
        self.context = context
        #: False for screenshots: the same picture every time, the user's layout untouched
        self.remember_layout = remember_layout
        #: False for screenshots: drawing the window must not change the book
        self.background_work = background_work
        #: the window-wide daily jobs, started once the first page has painted
        self.voucher_day: QObject | None = None
        self.loyalty_day: QObject | None = None
        self._daily_scheduled = False
        self.setWindowTitle("relbook")
        self.specs = sorted(pages if pages is not None else all_pages(), key=lambda p: p.order)
        keys = [spec.key for spec in self.specs]
        if start_page is not None and start_page not in keys:
            raise RelbookError(f"There is no page called “{start_page}”. Pages: {', '.join(keys)}.")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pageTabs")
        self.tabs.setDocumentMode(True)
        #: pages built so far, by key
        self.pages: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}
        self._saved_layouts: dict[str, QByteArray] = {}
        for spec in self.specs:
            holder = QWidget()
            holder.setObjectName(f"page-{spec.key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[spec.key] = holder
            index = self.tabs.addTab(holder, f"{spec.title}  ·  {spec.shortcut}")
            self.tabs.setTabToolTip(index, f"{spec.title} ({spec.shortcut})")
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
        self.setCentralWidget(self.tabs)
        self.counts = QLabel()
        self.counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().setSizeGripEnabled(False)
        self._connect_signals()
        self.on_counts_changed()
        if remember_layout:
            self._restore_layout()
        else:
            self.resize(*DEFAULT_SIZE)
        if self.specs:
            self.show_page(start_page or self.specs[0].key)
        from relbook.ui.data.menu import install_data_menu

        install_data_menu(self)  # Data menu: import, export, backups, duplicates, audit

    # -- work for the whole window, once it is on screen ---------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.background_work and not self._daily_scheduled:
            self._daily_scheduled = True
            self.after_page_complete(self.start_daily_work)

    def start_daily_work(self) -> None:
        """The feature listeners, then birthday vouchers, voucher and points expiry: due
        whatever page is open, but they take a moment on a big book, so they start once
        the page is on screen (its contact card too) — the till is there at once
        (tests/benchmarks/bench_gui_startup.py). Nothing writes before this runs."""
        if self.voucher_day is not None:
            return
        from relbook.services import plugins
        from relbook.ui.counter.daily import install_loyalty_day
        from relbook.ui.vouchers.daily import install_voucher_day

        plugins.load_all()  # listeners (card codes, referral rewards, …) before any write

        self.voucher_day = install_voucher_day(self, self.context.hub)  # birthdays, expiry
        self.loyalty_day = install_loyalty_day(self, self.context.hub)  # points expiry

    def _connect_signals(self) -> None:
        hub = self.context.hub
        hub.contact_changed.connect(self.on_counts_changed)
        hub.show_page.connect(self.on_show_page)
        self.tabs.currentChanged.connect(self.on_tab_changed)

    # -- pages --------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            page = spec.factory(self.context)
            self._holders[key].layout().addWidget(page)
            self.pages[key] = page
            restore = getattr(page, "restore_layout", None)
            if restore is not None and key in self._saved_layouts:
                restore(self._saved_layouts[key])
        return self.pages[key]

    def show_page(self, key: str) -> None:
        page = self.page(key)
        self.tabs.setCurrentWidget(self._holders[key])
        if self.current_page_key() == key:  # not kept on a page with unsaved changes
            page.setFocus()

    def search_current_page(self, text: str) -> None:
        """Type ``text`` into the shown page's search (``--find``): the best match opens."""
        page = self.pages.get(self.current_page_key())
        search_for = getattr(page, "search_for", None)
        if search_for is None:
            raise RelbookError(
                f"--find works on the contacts page, not on “{self.current_page_key()}”."
            )
        search_for(text)

    def current_page_key(self) -> str:
        holder = self.tabs.currentWidget()
        return next((key for key, widget in self._holders.items() if widget is holder), "")

    def on_show_page(self, key: str, contact_id: int) -> None:
        if key not in self._holders:
            return
        built = key in self.pages
        self.show_page(key)
        if not built:  # it missed the signal that made it: pass the request on
            slot = getattr(self.pages[key], "on_show_page", None)
            if slot is not None:
                slot(key, contact_id)

    def on_tab_changed(self, _index: int) -> None:
        key = self.current_page_key()
        left = getattr(self, "_shown_key", "")
        if left and left != key and not self._may_leave(left):
            self.tabs.blockSignals(True)  # stay: the page has unsaved changes
            self.tabs.setCurrentWidget(self._holders[left])
            self.tabs.blockSignals(False)
            return
        self._shown_key = key
        if key:
            self.page(key).setFocus()

    def _may_leave(self, key: str) -> bool:
        """Ask a page with unsaved changes (``confirm_leave``) whether it may be left."""
        confirm = getattr(self.pages.get(key), "confirm_leave", None)
        return bool(confirm()) if confirm is not None else True

    def on_counts_changed(self, *_args: object) -> None:
        from relbook.services import contacts

        active, archived = contacts.count_contacts(), contacts.count_contacts(archived=True)
        text = f"{active:,} contact{'s' if active != 1 else ''}"
        if archived:
            text += f"  ·  {archived:,} archived"
        self.counts.setText(text)

    # -- layout that survives a restart -------------------------------------------------

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(*DEFAULT_SIZE)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        for key in self._holders:
            value = settings.value(f"pages/{key}")
            if isinstance(value, QByteArray) and not value.isEmpty():
                self._saved_layouts[key] = value

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for key, page in self.pages.items():
            save = getattr(page, "save_layout", None)
            if save is not None:
                settings.setValue(f"pages/{key}", save())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(self._may_leave(key) for key in list(self.pages)):
            event.ignore()  # a page with unsaved changes asked to stay
            return
        if self.remember_layout:
            self.save_layout()
        super().closeEvent(event)

    # -- screenshots --------------------------------------------------------------------

    def screenshot_after_first_paint(self, path: Path, done: Callable[[bool], None]) -> None:
        """Save the window as PNG once the current page is on screen, then call ``done``.

        The picture shows the whole page: it waits for the part a page builds right after
        its first paint (e.g. the contact card), see ``after_page_complete``."""
        self.after_page_complete(lambda: done(self.grab().save(str(path))))

    def after_page_complete(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the current page has painted whole: its first paint,
        then the part it builds right after (``finish_start``, e.g. the contact card)."""

        def page_painted() -> None:
            finish = getattr(self.pages.get(self.current_page_key()), "finish_start", None)
            late = finish() if finish is not None else None
            if late is None:
                callback()
            else:
                FirstPaint(self, callback).watch(late)

        FirstPaint(self, page_painted).watch(self._first_paint_target())

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` just after the current page's first paint (its table's)."""
        FirstPaint(self, callback).watch(self._first_paint_target())

    def _first_paint_target(self) -> QWidget:
        """The widget whose first paint means "the page is on screen": its table, if any.

        The table itself, not its viewport: both paint in the same pass, and asking
        PySide6 for the viewport makes it set up some seventy enum types first."""
        target = self.pages.get(self.current_page_key()) or self
        view = getattr(target, "table", None)
        return view if isinstance(view, QWidget) else target
