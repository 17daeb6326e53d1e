"""Benchmark: Today's lists and the counter sheet on a big book, against the database
work alone.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_today.py`` (100,000
contacts; add ``-m "benchmark and slow"`` for 1,000,000, which builds its demo book once,
about ten minutes, into tests/benchmarks/.cache/).

Sides, interleaved in alternating blocks so machine noise hits both alike:

- **Today**: ``today.sections(day, limit=4)``, what the counter's Today panel reads (four
  per section and each section's total).
- **sheet**: ``today.counter_sheet_data(day)`` and ``render_counter_sheet`` (data and PDF).
- **floor**: the very SQL statements each side sent, recorded once and replayed through a
  bare ``sqlite3`` connection, rows fetched and dropped: what the database must do for
  those answers. The ratio is what the service adds in Python (building objects, text).

Targets (issue 13 item 8, issue 16): Today and the sheet each ≤ 0.5 s at 100,000
contacts and ≤ 2 s at 1,000,000, set-based (a bounded number of statements, however big
the book). Prints median and min times, ratios and the statement counts; asserts only
that the lists are filled and bounded, never on timings.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from relbook import demo
from relbook.printing.counter_sheet import render_counter_sheet
from relbook.services.counter import today
from relbook.store.db import close_database, database, open_database

SEED = 1
BLOCKS = 6  # alternating blocks of each side
PER_BLOCK = 2
SHOWN = 4  # per Today section, as beside the counter
CACHE = Path(__file__).parent / ".cache"
TARGETS = {100_000: 0.5, 1_000_000: 2.0}


def demo_book(contacts: int) -> Path:
    """The demo shop at this size, written once and reused (the same file bench_search
    uses at 100,000)."""
    path = CACHE / f"demo-{contacts}-seed{SEED}-v{demo.GENERATOR_VERSION}.sqlite3"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        started = time.perf_counter()
        demo.generate(path, contacts=contacts, seed=SEED)
        print(f"\nwrote {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def recorded(fn: Callable[[], object]) -> list[tuple[str, tuple]]:
    """The statements ``fn`` sends to the database, with their parameters."""
    db = database.obj
    sent: list[tuple[str, tuple]] = []
    original = db.execute_sql

    def spy(sql: str, params: object = None):  # type: ignore[no-untyped-def]
        sent.append((sql, tuple(params or ())))
        return original(sql, params)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        fn()
    finally:
        del db.execute_sql  # back to the class's method
    return sent


def replay(con: sqlite3.Connection, statements: list[tuple[str, tuple]]) -> int:
    """Run the statements on a bare connection, fetching every row; how many rows."""
    rows = 0
    for sql, params in statements:
        plain = tuple(str(p) if isinstance(p, dt.date) else p for p in params)
        rows += len(con.execute(sql, plain).fetchall())
    return rows


def sheet(day: dt.date) -> bytes:
    return render_counter_sheet(today.counter_sheet_data(day))


def interleaved(
    sides: dict[str, Callable[[], object]],
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and CPU seconds of each side (SQLite works in this process, so CPU time
    is the work itself, whatever else the machine is doing)."""
    wall: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    for block in range(BLOCKS):
        order = list(sides) if block % 2 == 0 else list(reversed(sides))
        for name in order:
            for _ in range(PER_BLOCK):
                start, start_cpu = time.perf_counter(), time.process_time()
                sides[name]()
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
    return wall, cpu


def run(contacts: int) -> None:
    path = demo_book(contacts)
    day = dt.date.today()
    open_database(path)
    raw = sqlite3.connect(path)
    try:
        sections = today.sections(day, limit=SHOWN)  # warm caches, upgrade applied
        assert all(len(s.items) <= SHOWN and not s.error for s in sections)
        assert sum(s.total for s in sections) > 0
        data = today.counter_sheet_data(day)
        assert len(data.touches) <= today.SHEET_LINES
        today_sql = recorded(lambda: today.sections(day, limit=SHOWN))
        sheet_sql = recorded(lambda: today.counter_sheet_data(day))
        times, cpu = interleaved(
            {
                "Today": lambda: today.sections(day, limit=SHOWN),
                "Today floor": lambda: replay(raw, today_sql),
                "sheet": lambda: sheet(day),
                "sheet floor": lambda: replay(raw, sheet_sql),
            }
        )
    finally:
        raw.close()
        close_database()
    med = {k: statistics.median(v) for k, v in times.items()}
    low = {k: min(v) for k, v in times.items()}
    work = {k: statistics.median(v) for k, v in cpu.items()}
    target = TARGETS[contacts]
    lines = [f"\nToday and the counter sheet, {contacts:,} contacts, {len(times['Today'])} runs"]
    for side, floor, sql in (
        ("Today", "Today floor", today_sql),
        ("sheet", "sheet floor", sheet_sql),
    ):
        verdict = "met" if med[side] <= target else f"MISSED by {med[side] - target:.2f} s"
        lines.append(
            f"  {side:6s} median {med[side] * 1000:7.1f} ms  min {low[side] * 1000:7.1f} ms  "
            f"(CPU {work[side] * 1000:6.1f} ms) | raw SQL floor median {med[floor] * 1000:6.1f}"
            f" ms  min {low[floor] * 1000:6.1f} ms (CPU {work[floor] * 1000:6.1f} ms)"
            f"  | ratio median {med[side] / med[floor]:4.2f}x  min {low[side] / low[floor]:4.2f}x"
            f"  | {len(sql)} statements  | target <= {target} s (wall median): {verdict}"
        )
    lines.append("  sections: " + ", ".join(f"{s.key} {s.total}" for s in sections))
    print("\n".join(lines))


@pytest.mark.benchmark
def test_today_and_sheet_at_100k() -> None:
    run(100_000)


@pytest.mark.benchmark
@pytest.mark.slow
def test_today_and_sheet_at_1m() -> None:
    run(1_000_000)
