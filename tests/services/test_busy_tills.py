"""Two busy tills on one SQLite book: every sale and redemption is recorded, none fails.

Both processes sell to and redeem for the same four customers as fast as a busy counter,
so each constantly waits for the other's write lock. A wait must stay a quiet wait: no
"database is locked", no error of any kind, every sale a till was told "recorded" is in
the book, and the ledger adds up. The 60-second run is marked slow; a short one runs in
the default suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tills import busy_tills


def _run(path: Path, seconds: float) -> None:
    from relbook.services import contacts, loyalty
    from relbook.services.contacts.inputs import ContactInput
    from relbook.services.loyalty import ledger
    from relbook.store.db import close_database, open_database
    from relbook.store.models import Sale

    open_database(path)
    customers = []
    for name in ("Ada", "Bea", "Cem", "Dov"):
        cid = contacts.create_contact(ContactInput(given_name=name)).contact_id
        loyalty.adjust(cid, 200, "Start")
        customers.append(cid)
    close_database()

    reports = busy_tills(str(path), customers, seconds)
    seen: dict[str, int] = {}
    for report in reports:
        for key, count in report["seen"].items():
            seen[key] = seen.get(key, 0) + count
    total = sum(seen.values())
    failures = {k: v for k, v in seen.items() if k not in ("ok", "refused")}
    print(f"\ntwo tills for {seconds:g} s: {total} operations, {seen.get('ok', 0)} recorded, "
          f"{seen.get('refused', 0)} refused for too few points, failed: {failures or 0} "
          f"({100 * sum(failures.values()) / max(total, 1):.2f}%)")  # fmt: skip
    waits = sorted(w for r in reports for w in r["waits"])
    print(
        f"time per operation: median {1000 * waits[len(waits) // 2]:.0f} ms, 99th percentile "
        f"{1000 * waits[len(waits) * 99 // 100]:.0f} ms, longest {1000 * waits[-1]:.0f} ms"
    )
    assert failures == {}
    assert total > 50 * seconds  # both tills really were busy

    open_database(path, backup=False)
    try:
        tokens = [t for r in reports for t in r["tokens"]]
        stored = {s.client_token for s in Sale.select(Sale.client_token)}
        assert set(tokens) <= stored and len(tokens) == len(set(tokens))
        assert ledger.check() == []
    finally:
        close_database()


def test_two_busy_tills_for_a_few_seconds_record_everything(tmp_path: Path) -> None:
    _run(tmp_path / "shop.sqlite3", 4)


@pytest.mark.slow
def test_two_busy_tills_for_a_minute_record_everything(tmp_path: Path) -> None:
    _run(tmp_path / "shop.sqlite3", 60)
