"""A contact's timeline as a person reads it: newest first, each line with its date, a
coloured kind, the staff member and what happened.

``TimelineView`` is the reusable face (Care page, the contact's Story window, the
counter): filter by kind, "whole household" to see the members' visits together, and a
quick-add line (kind + text, Enter). Delete takes back an entry added by mistake, with
Undo right there; sales and printed notes belong to the till and the Notes page and are
changed there.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.care import timeline
from relbook.services.contacts import relationships
from relbook.services.display import Display, shop_display
from relbook.ui.care.fonts import scale_font
from relbook.ui.widgets.theme import MUTED, TEXT

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
#: one calm colour per kind, so a glance tells calls from visits from cards
KIND_COLOURS = {
    "visit": "#5b8c5a",
    "sale": "#3f8f9c",
    "note_sent": "#a07bb7",
    "call": "#c17c3a",
    "message": "#6a6fb3",
    "meeting": "#b5525c",
    "note": "#7a8b99",
    "feedback": "#8c7b4f",
    "touch": "#2f6f5e",
}


class TimelineModel(QAbstractListModel):
    """Plain ``TimelineItem`` rows; with ``names`` (household) each line says whose it is."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[timeline.TimelineItem] = []
        self._names: dict[int, str] = {}
        self.display = Display()

    def set_rows(
        self, rows: list[timeline.TimelineItem], names: dict[int, str] | None = None
    ) -> None:
        self.beginResetModel()
        self.display = shop_display()
        self._rows = list(rows)
        self._names = dict(names or {})
        self.endResetModel()

    def row_at(self, row: int) -> timeline.TimelineItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def whose(self, item: timeline.TimelineItem) -> str:
        return self._names.get(item.contact_id, "")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line_text(item, self.whose(item), self.display)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text or item.label
        if role == ITEM_ROLE:
            return item
        return None


def when_text(stamp: dt.datetime, show: Display) -> str:
    """A timeline entry's local time, the year always: "Dec 7, 2026, 3:07 PM"."""
    return show.datetime_short(stamp, year=True)


def line_text(item: timeline.TimelineItem, whose: str = "", show: Display | None = None) -> str:
    """The whole line as plain text (what tests and screen readers get)."""
    when = when_text(item.happened_at, show or Display())
    head = " · ".join(p for p in (when, whose, item.label, item.staff_name) if p)
    return head + (f"\n{item.text}" if item.text else "")


class _EntryDelegate(QStyledItemDelegate):
    """Date and a coloured kind on the first line, the staff member on the right; the
    text, elided, below (the full text is the tooltip)."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = QFontMetrics(option.font)
        item = index.data(ITEM_ROLE)
        lines = 2 if item is not None and item.text else 1
        return QSize(option.rect.width(), lines * fm.height() + 2 * self.PAD + (lines - 1) * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = index.data(ITEM_ROLE)
        if item is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        model = index.model()
        whose = model.whose(item) if isinstance(model, TimelineModel) else ""
        painter.save()
        base = QFont(opt.font)
        small = QFont(base)
        scale_font(small, 0.9)
        bold = QFont(base)
        bold.setBold(True)
        fm, fs, fb = QFontMetrics(base), QFontMetrics(small), QFontMetrics(bold)
        rect = opt.rect.adjusted(8, self.PAD, -8, -self.PAD)
        x = rect.left()
        painter.setFont(small)
        painter.setPen(QColor(MUTED))
        show = model.display if isinstance(model, TimelineModel) else Display()
        when = when_text(item.happened_at, show)
        painter.drawText(
            QRect(x, rect.top(), fs.horizontalAdvance(when) + 2, fm.height()),
            Qt.AlignmentFlag.AlignVCenter,
            when,
        )
        x += fs.horizontalAdvance(when) + 10
        colour = QColor(KIND_COLOURS.get(item.kind, MUTED))
        painter.setPen(QPen(colour))
        painter.setBrush(colour)
        dot = fm.height() // 3
        painter.drawEllipse(x, rect.top() + (fm.height() - dot) // 2, dot, dot)
        x += dot + 5
        painter.setFont(bold)
        label = item.label + (f" · {whose}" if whose else "")
        painter.drawText(
            QRect(x, rect.top(), fb.horizontalAdvance(label) + 2, fm.height()),
            Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        if item.staff_name:
            painter.setFont(small)
            painter.setPen(QColor(MUTED))
            painter.drawText(
                QRect(rect.left(), rect.top(), rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                item.staff_name,
            )
        if item.text:
            painter.setFont(base)
            painter.setPen(QColor(TEXT))
            text = fm.elidedText(
                " ".join(item.text.split()), Qt.TextElideMode.ElideRight, rect.width()
            )
            painter.drawText(
                QRect(rect.left(), rect.top() + fm.height() + 2, rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.restore()


class _EntryList(QListView):
    delete_requested = Signal(int)  # row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.currentIndex().isValid()
        ):
            self.delete_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class TimelineView(QWidget):
    #: the timeline of this contact changed (its id)
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, limit: int = 300) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self.staff_id: int | None = None
        self.limit = limit
        self._undo: timeline.TimelineItem | None = None
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("timelineFilter")
        self.kind_filter.addItem("Everything", "")
        for kind, label in timeline.KIND_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.kind_filter.setToolTip("Show only one kind of entry")
        self.whole_household = QCheckBox("Whole household")
        self.whole_household.setToolTip("Show the visits and notes of everyone in the household")
        self.model = TimelineModel(self)
        self.entries = _EntryList()
        self.entries.setObjectName("timelineList")
        self.entries.setModel(self.model)
        self.entries.setItemDelegate(_EntryDelegate(self.entries))
        self.entries.setAlternatingRowColors(True)
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entries.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = QLabel("Nothing recorded yet.")
        self.empty.setObjectName("muted")
        self.add_kind = QComboBox()
        self.add_kind.setObjectName("timelineKind")
        for kind in timeline.ADDABLE_KINDS:
            self.add_kind.addItem(timeline.KIND_LABELS[kind], kind)
        self.add_text = QLineEdit()
        self.add_text.setObjectName("timelineText")
        self.add_text.setPlaceholderText("What happened? Type, then Enter")
        self.add_button = QPushButton("Add")
        self.add_button.setAutoDefault(False)  # Enter belongs to the text boxes
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAutoDefault(False)  # Enter belongs to the text boxes
        self.undo_button.setObjectName("linkButton")
        self.undo_button.hide()

        head = QHBoxLayout()
        title = QLabel("Timeline")
        title.setObjectName("fieldLabel")
        head.addWidget(title)
        head.addWidget(self.kind_filter)
        head.addWidget(self.whole_household)
        head.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_kind)
        add_row.addWidget(self.add_text, 1)
        add_row.addWidget(self.add_button)
        note_row = QHBoxLayout()
        note_row.addWidget(self.message, 1)
        note_row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(add_row)
        layout.addLayout(note_row)
        layout.addLayout(head)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.empty)
        self._connect_signals()
        self.setEnabled(False)

    def _connect_signals(self) -> None:
        self.kind_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.whole_household.toggled.connect(self.on_filter_changed)
        self.add_text.returnPressed.connect(self.on_add_entry)
        self.add_button.clicked.connect(self.on_add_entry)
        self.entries.delete_requested.connect(self.on_delete_entry)
        self.undo_button.clicked.connect(self.on_undo)

    # -- what callers use ------------------------------------------------------------------

    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id or None
        self.setEnabled(self.contact_id is not None)
        self._say("")
        self.refresh()

    def refresh(self) -> None:
        if self.contact_id is None:
            self.model.set_rows([])
            self.empty.show()
            return
        info = relationships.household_of(self.contact_id)
        self.whole_household.setEnabled(info is not None)
        if info is None and self.whole_household.isChecked():
            self.whole_household.blockSignals(True)
            self.whole_household.setChecked(False)
            self.whole_household.blockSignals(False)
        kind = self.kind_filter.currentData()
        kinds = [kind] if kind else None
        if self.whole_household.isChecked() and info:
            names = dict(info.members)
            rows = timeline.list_for_contacts(list(names), kinds=kinds, limit=self.limit)
        else:
            names = {}
            rows = timeline.list_entries(self.contact_id, kinds=kinds, limit=self.limit)
        self.model.set_rows(rows, names)
        self.empty.setVisible(not rows)
        self.empty.setText("Nothing of this kind yet." if kind else "Nothing recorded yet.")

    def lines(self) -> list[str]:
        """Every shown line as plain text (for tests and screen readers)."""
        return [str(self.model.index(r).data()) for r in range(self.model.rowCount())]

    # -- slots -----------------------------------------------------------------------------

    def on_filter_changed(self, *_: object) -> None:
        self.refresh()

    def on_add_entry(self) -> None:
        if self.contact_id is None:
            return
        text = self.add_text.text().strip()
        if not text:
            self._say("Type what happened first (a word or two is enough).")
            self.add_text.setFocus()
            return
        kind = self.add_kind.currentData()
        try:
            timeline.add_entry(
                self.contact_id,
                kind,
                text,
                staff_id=self.staff_id,
                happened_at=timeline.local_now(),
            )
        except RelbookError as exc:
            self._say(str(exc))
            return
        self.add_text.clear()
        self._say(f"{timeline.KIND_LABELS[kind]} added to the timeline.")
        if self.kind_filter.currentData() not in ("", kind):
            self.kind_filter.setCurrentIndex(0)  # show what was just added
        self.refresh()
        self.changed.emit(self.contact_id)

    def on_delete_entry(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is None:
            return
        if item.entry_id is None:
            where = "at the counter (History, F9)" if item.kind == "sale" else "on the Notes page"
            self._say(f"This line belongs to what was recorded {where}; it is changed there.")
            return
        try:
            timeline.delete_entry(item.entry_id)
        except RelbookError as exc:
            self._say(str(exc))
            return
        self._undo = item
        day = shop_display().date_short(item.happened_at)
        self._say(f"Removed the {item.label.lower()} of {day}.", undo=True)
        self.refresh()
        self.changed.emit(item.contact_id)

    def on_undo(self) -> None:
        item, self._undo = self._undo, None
        if item is None:
            return
        try:
            timeline.add_entry(
                item.contact_id,
                item.kind,
                item.text,
                happened_at=item.happened_at,
                staff_id=item.staff_id,
            )
        except RelbookError as exc:
            self._say(str(exc))
            return
        self._say("Brought it back.")
        self.refresh()
        self.changed.emit(item.contact_id)

    def _say(self, text: str, *, undo: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.undo_button.setVisible(undo)
        if not undo:
            self._undo = None
