"""Benchmark: recording sales and reading balances.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_sales.py``.

1. 10,000 sales with points through ``sales.record_sale`` against bare Peewee inserts of
   the same rows (the sale, its earn row, the cached-balance update, with the points the
   service worked out: tiers climb as the customer's 12-month spend grows), each sale in
   its own transaction on its own fresh database, measured in the same run. Target: ≤ 3×.
   The service is timed twice: with only the loyalty code subscribed to SALE_RECORDED and
   with every feature's listeners loaded (as the app runs).
2. A balance read for a customer with 10,000 ledger rows inside a 1,000,000-row ledger
   against one with 10 rows. Target: ≤ 1.2× (the cached balance makes it constant time).
   The sum over the ledger is shown beside it, for contrast.

Prints the ratios; asserts only that both sides wrote the same rows and read the same
balances, never on timings.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import peewee
import pytest

from relbook.services import events, plugins
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.store.db import close_database, open_database
from relbook.store.models import Contact, LoyaltyAccount, PointsEntry, Sale, utcnow

SALES = 10_000
BIG_LEDGER = 1_000_000
BIG_CUSTOMER_ROWS = 10_000
SMALL_CUSTOMER_ROWS = 10
READS = 2_000

pytestmark = pytest.mark.benchmark


def _fresh(folder: Path, name: str) -> peewee.Database:
    db = open_database(folder / f"{name}.sqlite3")
    plugins.load_all()
    return db


def _contact(name: str) -> int:
    from relbook.services import contacts
    from relbook.services.contacts.inputs import ContactInput

    return contacts.create_contact(ContactInput(given_name=name, family_name="Bench")).contact_id


def _amounts() -> list[int]:
    return [350 + (i * 7919) % 4_000 for i in range(SALES)]


def _bare(folder: Path, points: list[int]) -> tuple[float, int]:
    """The same rows the service wrote (``points`` per sale), with nothing around them."""
    db = _fresh(folder, "bare")
    cid = _contact("Bare")
    account = LoyaltyAccount.create(contact=cid, balance=0, visits=0, updated_at=utcnow())
    started = time.perf_counter()
    for amount, earned in zip(_amounts(), points, strict=True):
        with db.atomic():
            now = utcnow()
            sale_id = Sale.insert(contact=cid, staff=None, amount_minor=amount, currency="USD",
                                  note="", created_at=now).execute()  # fmt: skip
            PointsEntry.insert(contact=cid, points=earned, kind="earn", reason="Sale",
                               sale=sale_id, created_at=now).execute()  # fmt: skip
            LoyaltyAccount.update(
                balance=LoyaltyAccount.balance + earned,
                visits=LoyaltyAccount.visits + 1, last_visit_at=now, updated_at=now,
            ).where(LoyaltyAccount.id == account.id).execute()  # fmt: skip
    elapsed = time.perf_counter() - started
    balance = ledger.balance(cid)
    close_database()
    return elapsed, balance


def _service(folder: Path, name: str, *, only_loyalty: bool) -> tuple[float, list[int]]:
    """Sales through the service with the default rules (tiers by 12-month spend on)."""
    _fresh(folder, name)
    cid = _contact("Service")
    saved = list(events._listeners[events.SALE_RECORDED])
    if only_loyalty:
        events._listeners[events.SALE_RECORDED].clear()
    points: list[int] = []
    try:
        started = time.perf_counter()
        for amount in _amounts():
            points.append(sales.record_sale(cid, amount).points)
        elapsed = time.perf_counter() - started
    finally:
        events._listeners[events.SALE_RECORDED][:] = saved
    assert ledger.balance(cid) == sum(points)
    assert Sale.select().count() == SALES and ledger.check() == []
    close_database()
    return elapsed, points


@pytest.mark.timeout(1800)  # three passes of 10,000 committed sales on a shared machine
def test_sales_through_the_service_against_bare_inserts() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        core, points = _service(folder, "core", only_loyalty=True)
        bare, bare_balance = _bare(folder, points)  # the same rows, the same points
        full, _ = _service(folder, "full", only_loyalty=False)
    assert bare_balance == sum(points)
    print(f"\n{SALES:,} sales: bare Peewee {bare:.1f} s ({bare / SALES * 1000:.2f} ms each), "
          f"service {core:.1f} s ({core / SALES * 1000:.2f} ms each), "
          f"service with every feature's listeners {full:.1f} s")  # fmt: skip
    print(
        f"ratio service / bare: {core / bare:.2f}x (target <= 3x); "
        f"with all listeners: {full / bare:.2f}x"
    )


def _big_ledger(folder: Path) -> tuple[int, int]:
    """1,000,000 ledger rows over 2,000 customers; returns (big, small) customer ids."""
    db = _fresh(folder, "ledger")
    now = utcnow()
    with db.atomic():
        rows = [{"given_name": f"C{i}", "display_name": f"C{i}", "sort_name": f"c{i}",
                 "created_at": now, "updated_at": now} for i in range(2_000)]  # fmt: skip
        for start in range(0, len(rows), 500):
            Contact.insert_many(rows[start : start + 500]).execute()
    ids = [c for (c,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    big, small, others = ids[0], ids[1], ids[2:]
    counts = {big: BIG_CUSTOMER_ROWS, small: SMALL_CUSTOMER_ROWS}
    rest = BIG_LEDGER - BIG_CUSTOMER_ROWS - SMALL_CUSTOMER_ROWS
    for i, cid in enumerate(others):
        counts[cid] = rest // len(others) + (1 if i < rest % len(others) else 0)
    con = db.connection()
    stamp = (now - dt.timedelta(days=30)).isoformat(sep=" ")
    with db.atomic():
        # interleave customers so a customer's rows are spread through the table
        batch: list[tuple] = []
        remaining = dict(counts)
        while remaining:
            for cid in list(remaining):
                batch.append((cid, 3, "earn", "Sale", stamp))
                remaining[cid] -= 1
                if not remaining[cid]:
                    del remaining[cid]
            if len(batch) >= 50_000:
                con.executemany("INSERT INTO points_entry (contact_id, points, kind, reason, "
                                "created_at) VALUES (?, ?, ?, ?, ?)", batch)  # fmt: skip
                batch = []
        if batch:
            con.executemany("INSERT INTO points_entry (contact_id, points, kind, reason, "
                            "created_at) VALUES (?, ?, ?, ?, ?)", batch)  # fmt: skip
        con.executemany(
            "INSERT INTO loyalty_account (contact_id, balance, visits, updated_at) "
            "VALUES (?, ?, 0, ?)",
            [(cid, 3 * n, stamp) for cid, n in counts.items()],
        )
    return big, small


def _reads(fn, cid: int, n: int) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn(cid)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@pytest.mark.timeout(1800)
def test_balance_read_is_constant_time() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big, small = _big_ledger(Path(tmp))
        assert PointsEntry.select().count() == BIG_LEDGER
        assert ledger.balance(big) == ledger.ledger_sum(big) == 3 * BIG_CUSTOMER_ROWS
        assert ledger.balance(small) == ledger.ledger_sum(small) == 3 * SMALL_CUSTOMER_ROWS
        for cid in (big, small):  # warm up
            _reads(ledger.balance, cid, 50)
        cached_small = _reads(ledger.balance, small, READS)
        cached_big = _reads(ledger.balance, big, READS)
        sum_small = _reads(ledger.ledger_sum, small, 200)
        sum_big = _reads(ledger.ledger_sum, big, 200)
        close_database()
    print(f"\nbalance read (median of {READS:,}) in a {BIG_LEDGER:,}-row ledger: "
          f"{BIG_CUSTOMER_ROWS:,}-row customer {cached_big * 1e6:.0f} µs, "
          f"{SMALL_CUSTOMER_ROWS}-row customer {cached_small * 1e6:.0f} µs")  # fmt: skip
    print(f"ratio big / small (cached balance): {cached_big / cached_small:.2f}x (target <= 1.2x)")
    print(f"for contrast, summing the ledger: {sum_big * 1e6:.0f} µs vs {sum_small * 1e6:.0f} µs "
          f"= {sum_big / sum_small:.1f}x")  # fmt: skip
