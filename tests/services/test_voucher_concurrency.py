"""Two relbook processes redeem the same code at the same instant: exactly one wins.

Each round both workers wait at a barrier, then call ``vouchers.redeem`` on the same code
against the same SQLite file. The conditional UPDATE must let exactly one through and
give the other the plain "already redeemed" refusal.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

ROUNDS = 100


def _worker(db_path: str, codes: list[str], barrier, results, name: str) -> None:
    from relbook.services import vouchers
    from relbook.services.vouchers.types import VoucherProblem
    from relbook.store.db import open_database

    open_database(db_path, backup=False)
    checks: list[bool] = []  # did the pre-check pass? (then the UPDATE decided)
    real_problem_for = vouchers.problem_for

    def counting_problem_for(view):
        found = real_problem_for(view)
        checks.append(found is None)
        return found

    vouchers.problem_for = counting_problem_for
    for i, code in enumerate(codes):
        checks.clear()
        barrier.wait(timeout=60)
        try:
            vouchers.redeem(code)
            outcome = "ok"
        except VoucherProblem as exc:
            # "redeemed-at-update": passed the check, then lost the conditional UPDATE
            outcome = "redeemed-at-update" if checks[:1] == [True] else exc.reason
        except Exception as exc:  # anything else is a failure the test must show
            outcome = f"error: {type(exc).__name__}: {exc}"
        results.put((i, name, outcome))


def test_two_processes_redeem_the_same_code_exactly_one_wins(db, db_path: Path) -> None:
    from relbook.services import contacts, vouchers
    from relbook.services.contacts.inputs import ContactInput
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import close_database
    from relbook.store.models.vouchers import Voucher

    anna = contacts.create_contact(ContactInput(given_name="Anna")).contact_id
    codes = [vouchers.issue(anna, "goodwill", VoucherValue.amount(100)).code for _ in range(ROUNDS)]
    close_database()

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(str(db_path), codes, barrier, results, name))
        for name in ("till-1", "till-2")
    ]
    for p in procs:
        p.start()
    outcomes: dict[int, list[str]] = {}
    for _ in range(2 * ROUNDS):
        i, _name, outcome = results.get(timeout=120)
        outcomes.setdefault(i, []).append(outcome)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    raced = 0
    for i in range(ROUNDS):
        got = sorted(o.replace("-at-update", "") for o in outcomes[i])
        assert got == ["ok", "redeemed"], f"round {i}: {outcomes[i]}"
        raced += "redeemed-at-update" in outcomes[i]
    print(f"{raced} of {ROUNDS} rounds were decided by the conditional UPDATE itself")

    from relbook.store.db import open_database

    open_database(db_path, backup=False)
    assert Voucher.select().where(Voucher.state == "redeemed").count() == ROUNDS
