"""Benchmark: the connection map lays out and draws a 200-person network without
freezing the window.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_connection_map.py``.
Measures, for one contact with 20 direct links, each with 9 more (200 people, two steps):
the network query, the pure layout, the total time until everything is drawn, and the
longest stall of the event loop while drawing (a 1 ms timer records its own gaps).
Baseline, in the same run: the same items added to a scene in one go (what a naive map
would do). Prints numbers and ratios; asserts only that every person was drawn.
"""

from __future__ import annotations

import statistics
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsSimpleTextItem,
)

from relbook.services.contacts import relationships
from relbook.store.models import Contact
from relbook.store.models.care import Relationship
from relbook.ui.care.connection_map import ConnectionMap, layout_network

FIRST, SECOND = 20, 9
REPEATS = 5


def _build_network() -> int:
    rows = [{"display_name": f"Person {i:03d}", "sort_name": f"person {i:03d}",
             "given_name": "Person", "family_name": f"{i:03d}"}
            for i in range(1 + FIRST * (1 + SECOND))]  # fmt: skip
    Contact.insert_many(rows).execute()
    ids = [c for (c,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    centre, rest = ids[0], iter(ids[1:])
    links = []
    for _ in range(FIRST):
        friend = next(rest)
        links.append({"from_contact": centre, "to_contact": friend, "kind": "friend"})
        for _ in range(SECOND):
            links.append({"from_contact": friend, "to_contact": next(rest), "kind": "colleague"})
    Relationship.insert_many(links).execute()
    return centre


class _StallMeter:
    """Longest gap between ticks of a 1 ms timer: how long the window could not react."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.last = 0
        self.worst = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.worst = 0
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        self._tick()
        return self.worst


@pytest.mark.benchmark
def test_connection_map_200_people(db, qtbot) -> None:
    centre = _build_network()
    query_s, layout_s, total_ms, stall_ms, naive_ms, naive_stall = [], [], [], [], [], []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        net = relationships.network(centre, depth=2, max_nodes=400)
        query_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        placed = layout_network(net)
        layout_s.append(time.perf_counter() - t0)
        assert len(placed) == 1 + FIRST * (1 + SECOND)

        view = ConnectionMap()
        qtbot.addWidget(view)
        view.resize(900, 700)
        view.show()
        qtbot.waitExposed(view)
        meter = _StallMeter()
        meter.start()
        t0 = time.perf_counter()
        with qtbot.wait_signal(view.drawn, timeout=20_000):
            view.show_network(net)
        total_ms.append((time.perf_counter() - t0) * 1000)
        stall_ms.append(meter.stop())
        assert len(view.people()) == len(placed)

        # baseline: the same dots, names and lines added in one go, no batching
        meter.start()
        t0 = time.perf_counter()
        QTimer.singleShot(0, lambda v=view, p=placed, n=net: _naive(v, p, n))
        qtbot.wait(5)
        while meter.clock.elapsed() < 50 and not getattr(view, "_naive_done", False):
            QApplication.processEvents()
        naive_ms.append((time.perf_counter() - t0) * 1000)
        naive_stall.append(meter.stop())
        view.close()

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    print(
        f"\nconnection map, {len(placed)} people, {len(net.edges)} links, median of {REPEATS}:"
        f"\n  network query     {med(query_s) * 1000:7.1f} ms"
        f"\n  layout (pure)     {med(layout_s) * 1000:7.1f} ms"
        f"\n  drawn (batched)   {med(total_ms):7.1f} ms, longest event-loop stall "
        f"{med(stall_ms):.0f} ms"
        f"\n  naive one-go add  {med(naive_ms):7.1f} ms, longest event-loop stall "
        f"{med(naive_stall):.0f} ms"
        f"\n  stall ratio batched/naive: {med(stall_ms) / max(med(naive_stall), 1):.2f}"
    )


def _naive(view: ConnectionMap, placed: dict, net: relationships.Network) -> None:
    scene = view.scene()
    for a, b, _ in net.edges:
        scene.addItem(QGraphicsLineItem(placed[a].x, placed[a].y, placed[b].x, placed[b].y))
    for cid, p in placed.items():
        item = QGraphicsEllipseItem(-6, -6, 12, 12)
        item.setPos(p.x, p.y)
        item.setToolTip(net.nodes[cid][0])
        scene.addItem(item)
        QGraphicsSimpleTextItem(net.nodes[cid][0], item).setPos(8, -7)
    view.viewport().repaint()
    view._naive_done = True  # type: ignore[attr-defined]
