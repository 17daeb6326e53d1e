"""The Today panel: birthdays today and this week, touches due, rewards about to expire,
thank-you notes waiting, and whatever else plugs in through
``relbook.services.counter.today.register_provider``.

The lists are read off the GUI thread (``Loader``): the panel keeps showing what it had
until the new lists arrive, so a large book never freezes the counter.

On the Care page it is one column and Enter (or a double-click) opens the person's card.
Beside the counter it is two columns, a click picks the customer at the till, and each
list shows its first few people with a "… and N more" line that opens the page with the
whole list.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relbook.services.counter import today
from relbook.services.display import shop_display
from relbook.ui.care.fonts import scale_font
from relbook.ui.care.loader import Loader
from relbook.ui.widgets.theme import ACCENT, MUTED, TEXT

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_ROLE = Qt.ItemDataRole.UserRole + 2
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3


class _TwoLines(QStyledItemDelegate):
    """A person on one line and the detail, smaller and muted, below; roomy headings."""

    PAD = 3
    HEAD_GAP = 10

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        head = QFont(base)
        head.setBold(True)
        small = QFont(base)
        scale_font(small, 0.88)
        return base, head, small

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base, head, small = self._fonts(option)
        _title, _, detail = str(index.data() or "").partition("\n")
        if not index.parent().isValid():
            gap = self.HEAD_GAP if index.row() else 2
            return QSize(option.rect.width(), QFontMetrics(head).height() + gap + 4)
        height = QFontMetrics(base).height() + 2 * self.PAD
        if detail:
            height += QFontMetrics(small).height()
        return QSize(option.rect.width(), height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, _, detail = str(index.data() or "").partition("\n")
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        base, head, small = self._fonts(option)
        painter.save()
        rect = QRect(opt.rect)
        if not index.parent().isValid():
            painter.setFont(head)
            painter.setPen(QColor(ACCENT))
            text_rect = rect.adjusted(2, rect.height() - QFontMetrics(head).height() - 4, 0, 0)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, title)
            painter.restore()
            return
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        person = bool(index.data(ID_ROLE))
        link = bool(index.data(PAGE_ROLE))
        painter.setFont(base)
        painter.setPen(QColor(ACCENT if link else TEXT if person else MUTED))
        y = rect.top() + self.PAD
        line_h = QFontMetrics(base).height()
        width = rect.width() - 8
        fm = QFontMetrics(base)
        painter.drawText(
            QRect(rect.left() + 4, y, width, line_h),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        if detail:
            painter.setFont(small)
            painter.setPen(QColor(MUTED))
            fs = QFontMetrics(small)
            painter.drawText(
                QRect(rect.left() + 4, y + line_h, width, fs.height()),
                Qt.AlignmentFlag.AlignLeft,
                fs.elidedText(detail, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class _SectionTree(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("todayTree")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(14)
        self.setColumnCount(1)
        self.setUniformRowHeights(False)
        self.setItemDelegate(_TwoLines(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(
            "QTreeWidget { border: none; background: transparent; }"
            f"QTreeWidget::item:selected {{ background: #dcebe5; color: {TEXT}; }}"
            "QTreeWidget::item:hover { background: #eef5f2; }"
        )


class TodayPanel(QWidget):
    #: a person was chosen (Enter, a double-click, or a click when ``click_picks``)
    contact_chosen = Signal(int)
    #: "… and N more" was chosen: the page with the whole list, and the section's key
    page_requested = Signal(str, str)
    #: new lists are shown
    loaded = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        columns: int = 1,
        per_section: int = 0,
        click_picks: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self.per_section = per_section  # 0: show everyone
        self.click_picks = click_picks
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.trees = [_SectionTree() for _ in range(max(1, columns))]
        self.tree = self.trees[0]
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        for tree in self.trees:
            row.addWidget(tree, 1)
            tree.itemActivated.connect(self.on_item_activated)
            if click_picks:
                tree.itemClicked.connect(self.on_item_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row, 1)
        self.day: dt.date | None = None
        self.loader = Loader(self)
        self.loader.done.connect(self.on_loaded)
        self.loader.failed.connect(self.on_load_failed)

    @property
    def loading(self) -> bool:
        return self.loader.busy()

    def refresh(self, day: dt.date | None = None) -> None:
        """Read the lists for ``day`` in the background; they show when they arrive."""
        day = day or dt.date.today()
        self.day = day
        self.title.setText(f"Today · {shop_display().date_long(day, today=day)}")
        limit = self.per_section or None  # read only what is shown; totals come along
        self.loader.start(lambda: today.sections(day, limit=limit))

    def on_load_failed(self, message: str) -> None:
        self.show_sections([today.Section("today", "Today", [], message)])

    def on_loaded(self, sections: list[today.Section]) -> None:
        self.show_sections(sections)

    def show_sections(self, sections: list[today.Section]) -> None:
        for tree in self.trees:
            tree.clear()
        groups = _split(sections, len(self.trees), self.per_section)
        for tree, group in zip(self.trees, groups, strict=True):
            for section in group:
                self._add_section(tree, section)
        first = self._first_person()
        if first is not None and not self.click_picks:
            first.treeWidget().setCurrentItem(first)
        self.loaded.emit()

    def _add_section(self, tree: QTreeWidget, section: today.Section) -> None:
        bold = QFont(tree.font())
        bold.setBold(True)
        total = max(section.total, len(section.items))
        count = f"  ·  {total}" if total else ""
        head = QTreeWidgetItem([section.title.upper() + count])
        head.setFont(0, bold)
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        tree.addTopLevelItem(head)
        if section.error:
            self._child(head, section.error, None)
        elif not section.items:
            self._child(head, "Nothing today.", None)
        shown = section.items
        if self.per_section and total > self.per_section:
            shown = shown[: self.per_section - 1]  # the last row says how many more
        for item in shown:
            self._child(
                head, item.title + (f"\n{item.detail}" if item.detail else ""), item.contact_id
            )
        hidden = total - len(shown)
        if hidden:
            tail = " — show all" if section.page else ""
            more = QTreeWidgetItem([f"… and {hidden} more{tail}"])
            more.setData(0, ID_ROLE, 0)
            more.setData(0, PAGE_ROLE, section.page)
            more.setData(0, SECTION_ROLE, section.key)
            if not section.page:
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.addChild(more)
        head.setExpanded(True)

    def _child(self, head: QTreeWidgetItem, text: str, contact_id: int | None) -> None:
        child = QTreeWidgetItem([text])
        child.setData(0, ID_ROLE, contact_id or 0)
        if not contact_id:
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
        head.addChild(child)

    def _first_person(self) -> QTreeWidgetItem | None:
        for tree in self.trees:
            for i in range(tree.topLevelItemCount()):
                head = tree.topLevelItem(i)
                for j in range(head.childCount()):
                    if head.child(j).data(0, ID_ROLE):
                        return head.child(j)
        return None

    def lines(self) -> list[str]:
        """Everything shown, one string per row, column by column (for tests and screen
        readers)."""
        out = []
        for tree in self.trees:
            for i in range(tree.topLevelItemCount()):
                head = tree.topLevelItem(i)
                out.append(head.text(0))
                out.extend("  " + head.child(j).text(0) for j in range(head.childCount()))
        return out

    def item_for(self, text: str) -> QTreeWidgetItem | None:
        """The first row whose text starts with ``text`` (for tests and keyboard users)."""
        for tree in self.trees:
            for i in range(tree.topLevelItemCount()):
                head = tree.topLevelItem(i)
                for j in range(head.childCount()):
                    if head.child(j).text(0).startswith(text):
                        return head.child(j)
        return None

    def on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        contact_id = int(item.data(0, ID_ROLE) or 0)
        if contact_id:
            self.contact_chosen.emit(contact_id)
            return
        page = item.data(0, PAGE_ROLE)
        if page:
            self.page_requested.emit(str(page), str(item.data(0, SECTION_ROLE) or ""))


def _split(sections: list[today.Section], columns: int, cap: int = 0) -> list[list[today.Section]]:
    """Cut the ordered sections into ``columns`` runs of about equal height (two at most:
    more columns than that stay empty). Heights are counted roughly as drawn: a heading,
    a one-line row and a two-line row (with a detail) are 1.0, 1.0 and 1.6."""
    if columns <= 1 or len(sections) <= 1:
        return [sections] + [[] for _ in range(columns - 1)]

    def height(s: today.Section) -> float:
        total = max(s.total, len(s.items))
        rows = s.items[: cap - 1] if cap and total > cap else s.items
        more = 1.0 if cap and total > cap else 0.0
        return 1.4 + (sum(1.6 if i.detail else 1.0 for i in rows) or 1.0) + more

    sizes = [height(s) for s in sections]
    best, cut = None, 1
    for k in range(1, len(sections)):
        diff = abs(sum(sizes[:k]) - sum(sizes[k:]))
        if best is None or diff < best:
            best, cut = diff, k
    result = [sections[:cut], sections[cut:]]
    return result + [[] for _ in range(columns - 2)]
