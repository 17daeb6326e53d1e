"""The Today panel: birthdays today and this week, touches due, and what other features
plug in (rewards about to expire, thank-you notes waiting) through
``relbook.services.today.register_provider``. Enter on a person opens their card."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relbook.services import today
from relbook.ui.widgets.theme import ACCENT, MUTED, TEXT

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _TwoLines(QStyledItemDelegate):
    """A person on one line and the detail, smaller and muted, below; roomy headings."""

    PAD = 5
    HEAD_GAP = 12

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        head = QFont(base)
        head.setBold(True)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.88)
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
        enabled = bool(index.data(ID_ROLE))
        painter.setFont(base)
        painter.setPen(QColor(TEXT if enabled else MUTED))
        y = rect.top() + self.PAD
        line_h = QFontMetrics(base).height()
        painter.drawText(QRect(rect.left() + 4, y, rect.width() - 8, line_h),
                         Qt.AlignmentFlag.AlignLeft, title)  # fmt: skip
        if detail:
            painter.setFont(small)
            painter.setPen(QColor(MUTED))
            painter.drawText(
                QRect(rect.left() + 4, y + line_h, rect.width() - 8, QFontMetrics(small).height()),
                Qt.AlignmentFlag.AlignLeft, detail,
            )  # fmt: skip
        painter.restore()


class TodayPanel(QWidget):
    #: a person was chosen (Enter or double-click): their contact id
    contact_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.tree = QTreeWidget()
        self.tree.setObjectName("todayTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_TwoLines(self.tree))
        self.tree.setStyleSheet(
            "QTreeWidget { border: none; background: transparent; }"
            f"QTreeWidget::item:selected {{ background: #dcebe5; color: {TEXT}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        self.tree.itemActivated.connect(self.on_item_activated)

    def refresh(self, day: dt.date | None = None) -> None:
        day = day or dt.date.today()
        self.title.setText(f"Today · {day:%A} {day.day} {day:%B}")
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for section in today.sections(day):
            count = f"  ·  {len(section.items)}" if section.items else ""
            head = QTreeWidgetItem([section.title.upper() + count])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            if section.error:
                self._child(head, section.error, None)
            elif not section.items:
                self._child(head, "Nothing today.", None)
            for item in section.items:
                text = item.title + (f"\n{item.detail}" if item.detail else "")
                self._child(head, text, item.contact_id)
            head.setExpanded(True)
        first = self._first_person()
        if first is not None:
            self.tree.setCurrentItem(first)

    def _child(self, head: QTreeWidgetItem, text: str, contact_id: int | None) -> None:
        child = QTreeWidgetItem([text])
        child.setData(0, ID_ROLE, contact_id or 0)
        if not contact_id:
            child.setForeground(0, self.palette().placeholderText())
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
        head.addChild(child)

    def _first_person(self) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                if head.child(j).data(0, ID_ROLE):
                    return head.child(j)
        return None

    def lines(self) -> list[str]:
        """Everything shown, one string per row (for tests and screen readers)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            out.append(head.text(0))
            out.extend("  " + head.child(j).text(0) for j in range(head.childCount()))
        return out

    def on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        contact_id = int(item.data(0, ID_ROLE) or 0)
        if contact_id:
            self.contact_chosen.emit(contact_id)
