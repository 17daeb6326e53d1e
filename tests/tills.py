"""Several tills as separate processes, for the tests that race them.

Threads share one interpreter and would hide what two real tills do; these helpers start
processes (``spawn``: nothing inherited but the arguments), line them up at a barrier
before each round, and collect what each one saw in plain words:

- ``ok``: the operation went through;
- ``refused``: relbook said no in a message meant for the cashier (not enough points,
  voucher already redeemed);
- ``busy``: the clear "another till is busy" message after the real timeout;
- ``error: …``: anything else — a failure the test must show.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from typing import Any

#: one round's work for one till: ("points", contact_id, points) or ("voucher", code)
Step = tuple[Any, ...]


def _do(step: Step) -> None:
    from relbook.services import loyalty, vouchers

    if step[0] == "points":
        loyalty.redeem_points(step[1], step[2])
    elif step[0] == "voucher":
        vouchers.redeem(step[1])
    else:  # pragma: no cover - a mistake in a test
        raise ValueError(step)


def outcome_of(step: Step) -> str:
    from relbook.errors import TillBusyError, ValidationError
    from relbook.services.vouchers.types import VoucherProblem

    try:
        _do(step)
    except (ValidationError, VoucherProblem):
        return "refused"
    except TillBusyError:
        return "busy"
    except Exception as exc:  # what the test must show
        return f"error: {type(exc).__name__}: {exc}"
    return "ok"


def _race_worker(url: str, steps: Sequence[Step], barrier, results, name: str) -> None:
    from relbook.store.db import open_database

    open_database(url, backup=False)
    for i, step in enumerate(steps):
        barrier.wait(timeout=120)
        results.put((i, name, outcome_of(step)))


def race(url: str, steps: Sequence[Step], tills: int) -> list[list[str]]:
    """Every till does ``steps[i]`` at the same instant, round after round; returns the
    outcomes of each round (one per till)."""
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(tills), ctx.Queue()
    procs = [
        ctx.Process(target=_race_worker, args=(url, list(steps), barrier, results, f"till-{n}"))
        for n in range(tills)
    ]
    for proc in procs:
        proc.start()
    outcomes: list[list[str]] = [[] for _ in steps]
    try:
        for _ in range(tills * len(steps)):
            i, _name, outcome = results.get(timeout=180)
            outcomes[i].append(outcome)
    finally:
        for proc in procs:
            proc.join(timeout=60)
            if proc.is_alive():  # pragma: no cover - a hung till: do not leave it behind
                proc.kill()
    assert all(proc.exitcode == 0 for proc in procs), [p.exitcode for p in procs]
    return outcomes


def _busy_worker(url: str, seconds: float, seed: int, customers: list[int], results) -> None:
    """One till selling and redeeming for ``seconds``, as fast as a busy counter."""
    import random
    import time
    import uuid

    from relbook.services import loyalty, plugins
    from relbook.services.counter import sales
    from relbook.store.db import open_database

    open_database(url, backup=False)
    plugins.load_all()
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    tokens: list[str] = []
    redeemed = 0
    end = time.monotonic() + seconds
    waits: list[float] = []
    while time.monotonic() < end:
        started = time.monotonic()
        who = rng.choice(customers)
        if rng.random() < 0.4:  # more spent than earned: balances run low and are refused
            outcome = outcome_of(("points", who, rng.randint(10, 120)))
            redeemed += outcome == "ok"
        else:
            token = uuid.uuid4().hex
            try:
                sales.record_sale(who, rng.randint(100, 2000), client_token=token)
                outcome = "ok"
                tokens.append(token)
            except Exception as exc:
                outcome = _name(exc)
        waits.append(time.monotonic() - started)
        key = outcome if not outcome.startswith("error") else outcome[:120]
        seen[key] = seen.get(key, 0) + 1
        time.sleep(rng.random() * 0.01)
    balance_seen = [loyalty.balance(c) for c in customers]
    results.put({"seen": seen, "tokens": tokens, "redeemed": redeemed, "balances": balance_seen,
                 "waits": waits})  # fmt: skip


def _name(exc: BaseException) -> str:
    from relbook.errors import TillBusyError, ValidationError

    if isinstance(exc, TillBusyError):
        return "busy"
    if isinstance(exc, ValidationError):
        return "refused"
    return f"error: {type(exc).__name__}: {exc}"


def busy_tills(url: str, customers: list[int], seconds: float, tills: int = 2) -> list[dict]:
    """``tills`` processes selling to (and redeeming for) the same few customers."""
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_busy_worker, args=(url, seconds, n, customers, results))
        for n in range(tills)
    ]
    for proc in procs:
        proc.start()
    try:
        reports = [results.get(timeout=seconds + 120) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=60)
            if proc.is_alive():  # pragma: no cover
                proc.kill()
    return reports


def _selling_worker(url: str, seconds: float, customers: list[int], results) -> None:
    """A till recording sales for ``seconds``; reports the tokens it was told recorded."""
    import time
    import uuid

    from relbook.services import plugins
    from relbook.services.counter import sales
    from relbook.store.db import open_database

    open_database(url, backup=False)
    plugins.load_all()
    told: list[str] = []
    failed: list[str] = []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        token = uuid.uuid4().hex
        try:
            sales.record_sale(customers[n % len(customers)], 300 + n % 900, client_token=token)
            told.append(token)
        except Exception as exc:
            failed.append(f"{type(exc).__name__}: {exc}"[:200])
        n += 1
        time.sleep(0.005)
    results.put({"told": told, "failed": failed})


def selling_till(url: str, seconds: float, customers: list[int]):
    """Start one selling till; returns (process, queue) — ``queue.get()`` its report."""
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=_selling_worker, args=(url, seconds, customers, results))
    proc.start()
    return proc, results
