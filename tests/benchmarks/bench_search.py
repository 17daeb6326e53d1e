"""Benchmark: find() against the same FTS5 query as raw SQL, on a 100,000-contact demo shop.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_search.py``.
The demo database is written once into tests/benchmarks/.cache/ (about a minute) and
reused. Both sides run the same MATCH expression, filter, ranking and LIMIT on the same
file; the raw side returns rowids only, so the ratio is what find() adds in Python
(building the expression, fetching display columns, making Hit objects). Target: ≤ 1.5×.
Prints p50/p95 and the ratio; asserts only that both sides return the same contacts.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from pathlib import Path

import pytest

from relbook import demo
from relbook.services.contacts.search import find
from relbook.store import search_index
from relbook.store.db import close_database, open_database

CONTACTS = 100_000
SEED = 1
REPEATS = 15
CACHE = Path(__file__).parent / ".cache"
SURNAME_PREFIXES = ("mül", "garc", "nguy", "okaf", "wisn", "schr", "pat", "dubo")
EMAIL_FRAGMENTS = ("jose.gar", "thao", "muller.h", "example.net")


def demo_book() -> Path:
    path = CACHE / f"demo-{CONTACTS}-seed{SEED}-v{demo.GENERATOR_VERSION}.sqlite3"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        started = time.perf_counter()
        demo.generate(path, contacts=CONTACTS, seed=SEED)
        print(f"\nwrote {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def queries(path: Path) -> list[str]:
    """20 counter-like queries: surname prefixes, last four phone digits, email parts."""
    con = sqlite3.connect(path)
    try:
        numbers = [r[0] for r in con.execute("SELECT digits FROM phone ORDER BY id LIMIT 5000")]
    finally:
        con.close()
    rng = random.Random(7)
    phones = [n[-4:] for n in rng.sample(numbers, 8)]
    return [*SURNAME_PREFIXES, *phones, *EMAIL_FRAGMENTS]


def timed(fn, samples: list[float]) -> object:
    start = time.perf_counter()
    result = fn()
    samples.append(time.perf_counter() - start)
    return result


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


@pytest.mark.benchmark
def test_find_against_raw_fts5() -> None:
    path = demo_book()
    texts = queries(path)
    assert len(texts) == 20
    raw = sqlite3.connect(path)
    raw_sql = (
        f"SELECT rowid FROM {search_index.FTS} WHERE {search_index.FTS} MATCH ? "
        f"AND archived = 0 ORDER BY bm25({search_index.FTS}, {search_index._WEIGHTS}), "
        "display_name LIMIT ?"
    )
    open_database(path)
    try:
        per_query: dict[str, list[float]] = {t: [] for t in texts}
        find_samples: list[float] = []
        raw_samples: list[float] = []
        for text in texts:  # warm both caches once
            find(text)
            raw.execute(raw_sql, (search_index.match_expression(text), 50)).fetchall()
        for _ in range(REPEATS):
            for text in texts:  # interleaved, so machine noise hits both sides alike
                hits = timed(lambda t=text: find(t, limit=50), find_samples)
                per_query[text].append(find_samples[-1])
                rows = timed(
                    lambda t=text: raw.execute(
                        raw_sql, (search_index.match_expression(t), 50)
                    ).fetchall(),
                    raw_samples,
                )
                assert [h.contact_id for h in hits] == [r[0] for r in rows], text
        found = sum(1 for t in texts if find(t))
    finally:
        close_database()
        raw.close()
    slowest = sorted(per_query, key=lambda t: -statistics.median(per_query[t]))[:3]
    p50f, p95f = pct(find_samples, 0.5), pct(find_samples, 0.95)
    p50r, p95r = pct(raw_samples, 0.5), pct(raw_samples, 0.95)
    print(
        f"\nsearch over {CONTACTS:,} contacts, {len(texts)} queries x {REPEATS} "
        f"({found} with results)\n"
        f"  find()        p50 {p50f:7.2f} ms   p95 {p95f:7.2f} ms\n"
        f"  raw FTS5 SQL  p50 {p50r:7.2f} ms   p95 {p95r:7.2f} ms\n"
        f"  ratio         p50 {p50f / p50r:5.2f}x     p95 {p95f / p95r:5.2f}x   "
        f"(target <= 1.5x)\n"
        f"  mean ratio {statistics.fmean(find_samples) / statistics.fmean(raw_samples):.2f}x; "
        "slowest: "
        + ", ".join(f"{t!r} {statistics.median(per_query[t]) * 1000:.1f} ms" for t in slowest)
    )
    assert found >= 16
