"""Two busy tills on one book (SQLite and PostgreSQL): every sale and redemption is
recorded, none fails, no balance goes below zero.

Both processes sell to and redeem for the same four customers as fast as a busy counter,
so each constantly waits for the other's lock. A wait must stay a quiet wait: no
"database is locked", no error of any kind, every sale a till was told "recorded" is in
the book, and the ledger adds up. The 60-second runs are marked slow; short ones run in
the default suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tills import busy_tills

pytestmark = pytest.mark.enable_socket  # PostgreSQL through its unix socket


def _book(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if engine == "sqlite":
        return str(tmp_path / "shop.sqlite3")
    return request.getfixturevalue("pg_url")


def _run(path: str, seconds: float) -> None:
    from relbook.services import contacts, loyalty
    from relbook.services.contacts.inputs import ContactInput
    from relbook.services.loyalty import ledger
    from relbook.store.db import close_database, open_database
    from relbook.store.models import LoyaltyAccount, Sale

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
    engine = "postgresql" if path.startswith("postgres") else "sqlite"
    print(f"\n{engine}, two tills for {seconds:g} s: {total} operations, "
          f"{seen.get('ok', 0)} recorded, {seen.get('refused', 0)} refused for too few "
          f"points, failed: {failures or 0} "
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
        assert not LoyaltyAccount.select().where(LoyaltyAccount.balance < 0).exists()
    finally:
        close_database()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_two_busy_tills_for_a_few_seconds_record_everything(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _run(_book(engine, tmp_path, request), 4)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_two_busy_tills_for_a_minute_record_everything(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _run(_book(engine, tmp_path, request), 60)
