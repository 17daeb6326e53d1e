"""The connection map: a contact's network two steps out, drawn with QGraphicsView.

Layout is a pure function (``layout_network``): the person in the middle, the people one
step away on an inner ring, and each of their own connections on an outer ring inside
the same slice, so families and circles stay together. Lines are coloured by kind
(family, friends, work, referrals; a legend says which is which) and the links to the
person in the middle are labelled while there is room. Names on the outer ring run
outwards along the radius so they never sit on top of each other; when zoomed far out
they fade away rather than turn into grey smudges (hover or zoom in with + to read them).

Items are added to the scene in small batches from the event loop, so a large network
never freezes the window. Double-click (or Enter on a selected person) re-centres the map
on them; Ctrl+O opens their card; Tab / arrows walk through the people.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
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
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QStyleOptionGraphicsItem,
    QWidget,
)

from relbook.services.contacts.relationships import Network
from relbook.ui.widgets.theme import ACCENT, MUTED, TEXT

NODE_R = 7.0
INNER_SPACING = 30.0  # room per person along the inner ring
OUTER_SPACING = 16.0  # … and along the outer ring (names run outwards there)
MAX_FIT_SCALE = 1.3
MIN_LABEL_PX = 6.5  # a name drawn smaller than this on screen is left out
EDGE_LABELS_UP_TO = 12  # label the centre's links while there are at most this many
BATCH = 25  # items added per event-loop turn
ID_KEY = 0
#: kinds of link, grouped and coloured so a glance tells family from work
GROUPS = {
    "partner": "family",
    "parent": "family",
    "child": "family",
    "sibling": "family",
    "friend": "friends",
    "colleague": "work",
    "employer": "work",
    "employee": "work",
    "referred by": "referrals",
    "referred": "referrals",
}
GROUP_COLOURS = {
    "family": "#c2703d",
    "friends": "#4f8a4c",
    "work": "#4a6fa5",
    "referrals": "#8e62a8",
}
GROUP_LABELS = {"family": "Family", "friends": "Friends", "work": "Work", "referrals": "Referrals"}


@dataclass(frozen=True, slots=True)
class Placed:
    x: float
    y: float
    step: int
    angle: float = 0.0  # radians, direction from the centre


def group_of(label: str) -> str:
    return GROUPS.get(label.lower(), "friends")


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
    r1 = max(150.0, len(first) * INNER_SPACING / (2 * math.pi))
    r2 = max(r1 + 130.0, len(second) * OUTER_SPACING / (2 * math.pi))
    # each inner person gets a slice in proportion to what hangs off them
    weights = [
        max(1.0, len(children.get(c, [])) * OUTER_SPACING / r2 * r1 / INNER_SPACING) for c in first
    ]
    total = sum(weights)
    angle = -math.pi / 2
    for cid, weight in zip(first, weights, strict=True):
        span = 2 * math.pi * weight / total
        mid = angle + span / 2
        placed[cid] = Placed(r1 * math.cos(mid), r1 * math.sin(mid), 1, mid)
        kids = children.get(cid, [])
        for i, kid in enumerate(kids):
            a = angle + span * (i + 0.5) / len(kids)
            placed[kid] = Placed(r2 * math.cos(a), r2 * math.sin(a), 2, a)
        angle += span
    return placed


class _Label(QGraphicsSimpleTextItem):
    """A name that is left out while it would be too small to read."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if lod * QFontMetricsF(self.font()).height() < MIN_LABEL_PX:
            return
        super().paint(painter, option, widget)


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
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#fbfbf9")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.legend_label = QLabel(self)  # on the view, not the viewport: scrolling moves those
        self.legend_label.setObjectName("mapLegend")
        self.legend_label.setStyleSheet(
            "#mapLegend { background: rgba(255, 255, 255, 235); border: 1px solid #e2e6e3;"
            " border-radius: 5px; padding: 4px 8px; font-size: 8.5pt; }"
        )
        self.legend_label.hide()
        self._pending: list[tuple] = []
        self._nodes: dict[int, QGraphicsEllipseItem] = {}
        self._groups: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.on_batch)
        self.network: Network | None = None
        self._zoomed = False
        self._edge_labels = True
        self._radial_inner = False

    # -- what callers use ----------------------------------------------------------------

    def show_network(self, net: Network) -> None:
        """Lay out and draw ``net`` (drawing continues in batches; ``drawn`` at the end)."""
        self._timer.stop()
        self.scene().clear()
        self._nodes.clear()
        self.network = net
        placed = layout_network(net)
        inner = sum(1 for p in placed.values() if p.step == 1)
        self._edge_labels = inner <= EDGE_LABELS_UP_TO
        self._radial_inner = inner > EDGE_LABELS_UP_TO
        pending: list[tuple] = []
        groups: set[str] = set()
        for a, b, label in net.edges:
            if a in placed and b in placed:
                groups.add(group_of(label))
                pending.append(
                    ("edge", placed[a], placed[b], label, net.nodes[a][0], net.nodes[b][0])
                )
        order = sorted(placed, key=lambda c: (-placed[c].step, net.nodes[c][0].lower()))
        for cid in order:  # the centre last, so it sits on top
            pending.append(("node", cid, placed[cid], net.nodes[cid][0]))
        self._pending = pending
        self._groups = [g for g in GROUP_COLOURS if g in groups]
        self._show_legend()
        margin = 150.0
        xs = [p.x for p in placed.values()] or [0.0]
        ys = [p.y for p in placed.values()] or [0.0]
        rect = QRectF(
            min(xs) - margin,
            min(ys) - margin,
            max(xs) - min(xs) + 2 * margin,
            max(ys) - min(ys) + 2 * margin,
        )
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
        """Names on the map, centre first, then by name (for tests and screen readers)."""
        if self.network is None:
            return []
        net = self.network
        rest = sorted(
            (c for c in self._nodes if c != net.centre), key=lambda c: net.nodes[c][0].lower()
        )
        first = [net.centre] if net.centre in self._nodes else []
        return [net.nodes[c][0] for c in first + rest]

    def legend(self) -> list[str]:
        """The kinds of link the legend shows (what the colours mean)."""
        return [GROUP_LABELS[g] for g in self._groups]

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

    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def _add_edge(self, a: Placed, b: Placed, label: str, name_a: str, name_b: str) -> None:
        group = group_of(label)
        colour = QColor(GROUP_COLOURS[group])
        outer = max(a.step, b.step) == 2
        if outer:
            colour.setAlpha(110)
        pen = QPen(colour)
        pen.setWidthF(1.0 if outer else 1.8)
        if group == "referrals":
            pen.setStyle(Qt.PenStyle.DashLine)
        line = QGraphicsLineItem(a.x, a.y, b.x, b.y)
        line.setPen(pen)
        line.setZValue(-1)
        line.setToolTip(f"{name_b} is {name_a}'s {label.lower()}")
        self.scene().addItem(line)
        if min(a.step, b.step) == 0 and self._edge_labels:
            text = _Label(label.lower())
            text.setBrush(QBrush(QColor(GROUP_COLOURS[group]).darker(125)))
            text.setFont(self._font(8))
            at = 0.58  # nearer the outer person: the middle gets crowded
            mid = QPointF(a.x + (b.x - a.x) * at, a.y + (b.y - a.y) * at)
            box = text.boundingRect()
            back = QGraphicsRectItem(box.adjusted(-2, 0, 2, 0))
            back.setBrush(QBrush(QColor(251, 251, 249, 230)))
            back.setPen(QPen(Qt.PenStyle.NoPen))
            back.setPos(mid - QPointF(box.width() / 2, box.height() / 2))
            back.setZValue(-0.5)
            text.setParentItem(back)
            self.scene().addItem(back)

    def _add_node(self, cid: int, p: Placed, name: str) -> None:
        r = NODE_R * (1.9 if p.step == 0 else 1.0 if p.step == 1 else 0.7)
        node = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        node.setPos(p.x, p.y)
        colour = ACCENT if p.step == 0 else "#6f9d8e" if p.step == 1 else "#b7c9c1"
        node.setBrush(QBrush(QColor(colour)))
        node.setPen(QPen(QColor("#ffffff"), 1.5))
        node.setData(ID_KEY, cid)
        node.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        node.setToolTip(f"{name}\nDouble-click: centre the map on them · Ctrl+O: their card")
        node.setCursor(Qt.CursorShape.PointingHandCursor)
        node.setZValue(2 - p.step)
        self.scene().addItem(node)
        self._nodes[cid] = node
        if p.step == 0:
            self._centre_label(node, name, r)
        elif p.step == 1 and not self._radial_inner:
            self._side_label(node, name, r, p)
        else:
            self._radial_label(node, name, r, p)

    def _centre_label(self, node: QGraphicsEllipseItem, name: str, r: float) -> None:
        label = QGraphicsSimpleTextItem(name)
        label.setFont(self._font(11.5, bold=True))
        label.setBrush(QBrush(QColor(TEXT)))
        box = label.boundingRect()
        back = QGraphicsRectItem(box.adjusted(-6, -2, 6, 2), node)
        back.setBrush(QBrush(QColor("#ffffff")))
        back.setPen(QPen(QColor(ACCENT), 1.2))
        back.setPos(-box.width() / 2, r + 5)
        label.setParentItem(back)

    def _side_label(self, node: QGraphicsEllipseItem, name: str, r: float, p: Placed) -> None:
        """Inner ring, few people: plain horizontal names beside the dot, away from the
        centre."""
        label = _Label(name, node)
        label.setFont(self._font(9.5))
        label.setBrush(QBrush(QColor(TEXT)))
        width, height = label.boundingRect().width(), label.boundingRect().height()
        cos, sin = math.cos(p.angle), math.sin(p.angle)
        if cos > 0.35:
            label.setPos(r + 4, -height / 2)
        elif cos < -0.35:
            label.setPos(-width - r - 4, -height / 2)
        else:  # near the top or bottom: above or below the dot
            label.setPos(-width / 2, r + 2 if sin > 0 else -r - height - 2)

    def _radial_label(self, node: QGraphicsEllipseItem, name: str, r: float, p: Placed) -> None:
        """Outer ring (or a crowded inner one): the name runs outwards along the radius,
        never upside down."""
        holder: QGraphicsItem = node
        if p.step == 1:  # the lines to their own people pass under: give it a backing
            holder = QGraphicsRectItem(node)
            holder.setBrush(QBrush(QColor(251, 251, 249, 225)))
            holder.setPen(QPen(Qt.PenStyle.NoPen))
        label = _Label(name, holder)
        label.setFont(self._font(8.5 if p.step == 1 else 7.5))
        label.setBrush(QBrush(QColor(TEXT if p.step == 1 else MUTED)))
        width, height = label.boundingRect().width(), label.boundingRect().height()
        degrees = math.degrees(p.angle)
        if math.cos(p.angle) >= 0:
            turn = QTransform().rotate(degrees).translate(r + 3, -height / 2)
        else:
            turn = QTransform().rotate(degrees + 180).translate(-width - r - 3, -height / 2)
        if holder is node:
            label.setTransform(turn)
        else:
            assert isinstance(holder, QGraphicsRectItem)
            holder.setRect(label.boundingRect().adjusted(-1, 0, 1, 0))
            holder.setTransform(turn)
            holder.setZValue(1)

    def _show_legend(self) -> None:
        """What the colours mean, in the top-left corner whatever the zoom (a label on
        the viewport, so scrolling never smears it)."""
        rows = []
        for g in self._groups:
            stroke = "╍╍╍" if g == "referrals" else "━━━"
            rows.append(
                f"<span style='color:{GROUP_COLOURS[g]}'>{stroke}</span>&nbsp; {GROUP_LABELS[g]}"
            )
        self.legend_label.setText("<br>".join(rows))
        self.legend_label.adjustSize()
        self.legend_label.move(self.viewport().geometry().topLeft() + QPoint(10, 10))
        self.legend_label.setVisible(bool(rows))
        self.legend_label.raise_()

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
        """Walk the people in reading order: the centre, then round the rings."""
        if self.network is None or not self._nodes:
            return
        placed = layout_network(self.network)

        def reading_order(cid: int) -> tuple[int, float]:
            return placed[cid].step, (placed[cid].angle + math.pi / 2) % (2 * math.pi)

        ids = sorted(self._nodes, key=reading_order)
        current = self.selected_contact()
        i = ids.index(current) + delta if current in ids else 0
        self.select_contact(ids[i % len(ids)])
