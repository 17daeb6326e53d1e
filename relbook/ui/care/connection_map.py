"""The connection map: a contact's network two steps out, drawn with QGraphicsView.

Layout is a pure function (``layout_network``): the person in the middle, the people one
step away on an inner ring, and each of their own connections on an outer ring inside
the same slice, so families and circles stay together. Items are added to the scene in
small batches from the event loop, so a large network never freezes the window.
Double-click (or Enter on a selected person) re-centres the map on them; Ctrl+O opens
their card.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from relbook.services.relationships import Network
from relbook.ui.widgets.theme import ACCENT, LINE, MUTED, TEXT

NODE_R = 7.0
SPACING = 34.0  # room per person along a ring
MAX_FIT_SCALE = 1.3
BATCH = 25  # items added per event-loop turn
ID_KEY = 0


@dataclass(frozen=True, slots=True)
class Placed:
    x: float
    y: float
    step: int


def layout_network(net: Network) -> dict[int, Placed]:
    """Positions for every node: centre, inner ring, outer ring grouped by parent."""
    first = [cid for cid, (_, step) in net.nodes.items() if step == 1]
    second = [cid for cid, (_, step) in net.nodes.items() if step == 2]
    first.sort(key=lambda c: net.nodes[c][0].lower())
    parent: dict[int, int] = {}
    first_set = set(first)
    for a, b, _ in net.edges:
        for x, y in ((a, b), (b, a)):
            if x in first_set and net.nodes.get(y, ("", 0))[1] == 2 and y not in parent:
                parent[y] = x
    children: dict[int, list[int]] = defaultdict(list)
    for cid in second:
        children[parent.get(cid, first[0] if first else net.centre)].append(cid)
    for kids in children.values():
        kids.sort(key=lambda c: net.nodes[c][0].lower())
    placed = {net.centre: Placed(0.0, 0.0, 0)}
    if not first:
        return placed
    r1 = max(150.0, len(first) * SPACING / (2 * math.pi))
    r2 = max(r1 + 150.0, len(second) * SPACING / (2 * math.pi))
    weights = [1.0 + len(children.get(c, [])) * (r1 / r2) for c in first]
    total = sum(weights)
    angle = -math.pi / 2
    for cid, weight in zip(first, weights, strict=True):
        span = 2 * math.pi * weight / total
        mid = angle + span / 2
        placed[cid] = Placed(r1 * math.cos(mid), r1 * math.sin(mid), 1)
        kids = children.get(cid, [])
        for i, kid in enumerate(kids):
            a = angle + span * (i + 0.5) / len(kids)
            placed[kid] = Placed(r2 * math.cos(a), r2 * math.sin(a), 2)
        angle += span
    return placed


class ConnectionMap(QGraphicsView):
    """Shows a ``Network``; emits ``recentre_requested`` and ``contact_opened``."""

    recentre_requested = Signal(int)
    contact_opened = Signal(int)
    #: all items are in the scene (number of people shown)
    drawn = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionMap")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#fbfbf9")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pending: list[tuple] = []
        self._nodes: dict[int, QGraphicsEllipseItem] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.on_batch)
        self.network: Network | None = None
        self._zoomed = False

    # -- what callers use ----------------------------------------------------------------

    def show_network(self, net: Network) -> None:
        """Lay out and draw ``net`` (drawing continues in batches; ``drawn`` at the end)."""
        self._timer.stop()
        self.scene().clear()
        self._nodes.clear()
        self.network = net
        placed = layout_network(net)
        pending: list[tuple] = []
        for a, b, label in net.edges:
            if a in placed and b in placed:
                pending.append(("edge", placed[a], placed[b], label, net.nodes[a][0],
                                net.nodes[b][0]))  # fmt: skip
        order = sorted(placed, key=lambda c: placed[c].step)
        for cid in order:
            pending.append(("node", cid, placed[cid], net.nodes[cid][0]))
        self._pending = pending
        margin = 90.0
        xs = [p.x for p in placed.values()] or [0.0]
        ys = [p.y for p in placed.values()] or [0.0]
        rect = QRectF(min(xs) - margin, min(ys) - margin,
                      max(xs) - min(xs) + 2 * margin, max(ys) - min(ys) + 2 * margin)  # fmt: skip
        self.scene().setSceneRect(rect)
        self._zoomed = False
        self._fit()
        self._timer.start()

    def _fit(self) -> None:
        """Fit the whole network, but never blow a small one up past MAX_FIT_SCALE."""
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_FIT_SCALE:
            self.setTransform(QTransform.fromScale(MAX_FIT_SCALE, MAX_FIT_SCALE))
            self.centerOn(0, 0)

    def is_drawing(self) -> bool:
        return self._timer.isActive()

    def people(self) -> list[str]:
        """Names on the map, centre first (for tests and screen readers)."""
        if self.network is None:
            return []
        return [self.network.nodes[c][0] for c in self._nodes]

    def selected_contact(self) -> int | None:
        for item in self.scene().selectedItems():
            cid = item.data(ID_KEY)
            if cid:
                return int(cid)
        return None

    def select_contact(self, contact_id: int) -> None:
        self.scene().clearSelection()
        node = self._nodes.get(contact_id)
        if node is not None:
            node.setSelected(True)
            self.centerOn(node)

    # -- drawing -------------------------------------------------------------------------

    def on_batch(self) -> None:
        batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        for entry in batch:
            if entry[0] == "edge":
                self._add_edge(*entry[1:])
            else:
                self._add_node(*entry[1:])
        if not self._pending:
            self._timer.stop()
            self.drawn.emit(len(self._nodes))

    def _add_edge(self, a: Placed, b: Placed, label: str, name_a: str, name_b: str) -> None:
        line = QGraphicsLineItem(a.x, a.y, b.x, b.y)
        pen = QPen(QColor(LINE if max(a.step, b.step) == 2 else "#b9c4bf"))
        pen.setWidthF(1.2)
        line.setPen(pen)
        line.setZValue(-1)
        line.setToolTip(f"{name_b} is {name_a}'s {label.lower()}")
        self.scene().addItem(line)
        if min(a.step, b.step) == 0:  # label the links to the centre person
            text = QGraphicsSimpleTextItem(label.lower())
            text.setBrush(QBrush(QColor(MUTED)))
            font = QFont(self.font())
            font.setPointSizeF(7.5)
            text.setFont(font)
            mid = QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)
            text.setPos(mid - QPointF(text.boundingRect().width() / 2, 8))
            self.scene().addItem(text)

    def _add_node(self, cid: int, p: Placed, name: str) -> None:
        r = NODE_R * (1.8 if p.step == 0 else 1.0 if p.step == 1 else 0.75)
        node = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        node.setPos(p.x, p.y)
        colour = ACCENT if p.step == 0 else "#7fa99b" if p.step == 1 else "#c9d6d0"
        node.setBrush(QBrush(QColor(colour)))
        node.setPen(QPen(QColor("#ffffff"), 1.5))
        node.setData(ID_KEY, cid)
        node.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        node.setToolTip(name)
        node.setCursor(Qt.CursorShape.PointingHandCursor)
        self.scene().addItem(node)
        self._nodes[cid] = node
        label = QGraphicsSimpleTextItem(name, node)
        font = QFont(self.font())
        font.setPointSizeF(10.5 if p.step == 0 else 8.5 if p.step == 1 else 7.5)
        font.setBold(p.step == 0)
        label.setFont(font)
        label.setBrush(QBrush(QColor(TEXT if p.step < 2 else MUTED)))
        width = label.boundingRect().width()
        if p.step == 0:
            label.setPos(-width / 2, r + 3)
        else:  # outside the ring, away from the centre
            cos, sin = math.cos(math.atan2(p.y, p.x)), math.sin(math.atan2(p.y, p.x))
            height = label.boundingRect().height()
            if cos > 0.35:
                label.setPos(r + 3, -height / 2)
            elif cos < -0.35:
                label.setPos(-width - r - 3, -height / 2)
            else:  # near the top or bottom: above or below the dot
                label.setPos(-width / 2, r + 1 if sin > 0 else -r - height - 1)

    # -- input ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._zoomed and self.network is not None:
            self._fit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not item.data(ID_KEY):
            item = item.parentItem()
        if item is not None:
            self.recentre_requested.emit(int(item.data(ID_KEY)))
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoomed = True
            self.scale(1.25, 1.25)
        elif key == Qt.Key.Key_Minus:
            self._zoomed = True
            self.scale(0.8, 0.8)
        elif key == Qt.Key.Key_0:
            self._zoomed = False
            self._fit()
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._step_selection(1)
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._step_selection(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_contact():
            self.recentre_requested.emit(self.selected_contact() or 0)
        elif key == Qt.Key.Key_O and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.selected_contact():
                self.contact_opened.emit(self.selected_contact() or 0)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab walks through the people on the map

    def _step_selection(self, delta: int) -> None:
        ids = list(self._nodes)
        if not ids:
            return
        current = self.selected_contact()
        i = ids.index(current) + delta if current in ids else 0
        self.select_contact(ids[i % len(ids)])
