"""Two and eight tills (separate processes) spend the same points or the same voucher at
the same instant, on SQLite and on PostgreSQL: exactly one wins, every round.

Each round every till waits at a barrier, then redeems 100 points from a balance of
exactly 100 (or the same voucher code). The others must get the cashier's plain refusal,
never a second redemption, never a bug, never a negative balance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tills import race

pytestmark = pytest.mark.enable_socket  # PostgreSQL goes through its unix socket only

ROUNDS = {2: 30, 8: 12}
SLOW_ROUNDS = {2: 200, 8: 60}


def _book(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if engine == "sqlite":
        return str(tmp_path / "shop.sqlite3")
    return request.getfixturevalue("pg_url")


def _prepare(url: str, kind: str, rounds: int) -> list[tuple]:
    """Customers with exactly 100 points (or vouchers), one per round."""
    from relbook.services import contacts, loyalty, vouchers
    from relbook.services.contacts.inputs import ContactInput
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import close_database, open_database

    open_database(url)
    steps: list[tuple] = []
    for i in range(rounds):
        who = contacts.create_contact(ContactInput(given_name=f"Racer {i}")).contact_id
        if kind == "points":
            loyalty.adjust(who, 100, "Race set-up")
            steps.append(("points", who, 100))
        else:
            code = vouchers.issue(who, "goodwill", VoucherValue.points_of(100)).code
            steps.append(("voucher", code))
    close_database()
    return steps


@pytest.mark.parametrize("tills", [2, 8])
@pytest.mark.parametrize("kind", ["points", "voucher"])
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_exactly_one_till_wins_every_round(
    engine: str, kind: str, tills: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _race_rounds(_book(engine, tmp_path, request), engine, kind, tills, ROUNDS[tills])


@pytest.mark.slow
@pytest.mark.parametrize("tills", [2, 8])
@pytest.mark.parametrize("kind", ["points", "voucher"])
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_exactly_one_till_wins_hundreds_of_rounds(
    engine: str, kind: str, tills: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _race_rounds(_book(engine, tmp_path, request), engine, kind, tills, SLOW_ROUNDS[tills])


def _race_rounds(url: str, engine: str, kind: str, tills: int, rounds: int) -> None:
    from relbook.services.loyalty import ledger
    from relbook.store.db import close_database, open_database
    from relbook.store.models import LoyaltyAccount, PointsEntry

    steps = _prepare(url, kind, rounds)
    outcomes = race(url, steps, tills)

    winners = [sum(o == "ok" for o in round_) for round_ in outcomes]
    print(f"\n{engine} {kind} {tills} tills: rounds with exactly one winner "
          f"{winners.count(1)}/{rounds}; winners per round {winners}")  # fmt: skip
    for i, round_ in enumerate(outcomes):
        assert sorted(round_) == ["ok"] + ["refused"] * (tills - 1), f"round {i}: {round_}"

    open_database(url, backup=False)
    try:
        assert ledger.check() == []
        assert not LoyaltyAccount.select().where(LoyaltyAccount.balance < 0).exists()
        if kind == "points":  # every balance spent exactly once
            assert {a.balance for a in LoyaltyAccount.select()} == {0}
            redeemed = PointsEntry.select().where(PointsEntry.kind == "redeem").count()
            assert redeemed == rounds
        else:  # each voucher credited its 100 points exactly once
            assert {a.balance for a in LoyaltyAccount.select()} == {100}
    finally:
        close_database()
