"""Property tests: random sequences of sales, refunds, redemptions, adjustments,
promotions and expiries keep the points ledger sound.

After every step: the cached balance equals the sum of the ledger, no balance is below
zero, ``ledger.check()`` finds nothing; an expiry after earning takes exactly the oldest
points (those earned before the cut-off) and leaves younger points untouched; an expiry
after inactivity empties exactly the accounts with no visit and no points since the
cut-off, one ledger row each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relbook.errors import ValidationError
from relbook.services import loyalty, plugins
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.loyalty.rules import LoyaltyRules, Promotion, add_months
from relbook.store.db import close_database, open_database

START = dt.datetime(2024, 1, 1, 9, 0)

ops = st.one_of(
    st.tuples(st.just("sale"), st.integers(0, 2), st.integers(1, 30_000)),
    st.tuples(st.just("refund"), st.integers(0, 2), st.integers(0, 50)),
    st.tuples(st.just("redeem"), st.integers(0, 2), st.integers(1, 400)),
    st.tuples(st.just("adjust"), st.integers(0, 2), st.integers(-300, 300)),
    st.tuples(st.just("promo"), st.integers(0, 2), st.integers(0, 3)),
    st.tuples(st.just("expire"), st.integers(0, 2), st.integers(1, 12)),
    st.tuples(st.just("idle"), st.integers(0, 2), st.integers(1, 12)),
)
steps = st.lists(st.tuples(ops, st.integers(0, 40)), min_size=1, max_size=35)


_TEMPLATE: list[Path] = []


def _template() -> Path:
    """One migrated shop with three customers, made once and copied for each example."""
    if not _TEMPLATE:
        from relbook.services import contacts

        folder = Path(tempfile.mkdtemp(prefix="relbook-prop-"))
        open_database(folder / "template.sqlite3")
        plugins.load_all()
        for name in ("Ann", "Ben", "Cat"):
            contacts.create_contact(ContactInput(given_name=name, family_name="Test"))
        close_database()
        _TEMPLATE.append(folder / "template.sqlite3")
    return _TEMPLATE[0]


def _fresh_shop(folder: str) -> list[int]:
    target = Path(folder) / "prop.sqlite3"
    shutil.copyfile(_template(), target)
    db = open_database(target, backup=False)
    db.execute_sql("PRAGMA synchronous = OFF")  # a throwaway file: no need to wait for the disk
    plugins.load_all()
    return [1, 2, 3]


def _assert_sound(ids: list[int]) -> None:
    for cid in ids:
        bal = ledger.balance(cid)
        assert bal == ledger.ledger_sum(cid)
        assert bal >= 0
        assert sum(lot.remaining for lot in ledger.lots(cid)) == bal
    assert ledger.check() == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_random_sequences_keep_the_ledger_sound(steps: list) -> None:
    _example(steps)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_many_random_sequences_keep_the_ledger_sound(steps: list) -> None:
    _example(steps)


def _example(steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ids = _fresh_shop(folder)
        try:
            _run(ids, steps)
        finally:
            close_database()


def _run(ids: list[int], steps: list) -> None:
    now = START
    sale_ids: list[int] = []
    rules = LoyaltyRules(birthday_bonus=0)
    loyalty.save_rules(rules)
    for (kind, who, n), days in steps:
        now += dt.timedelta(days=days, minutes=1)
        cid = ids[who]
        if kind == "sale":
            sale_ids.append(sales.record_sale(cid, n, when=now).sale_id)
        elif kind == "refund" and sale_ids:
            with contextlib.suppress(ValidationError):  # already refunded
                sales.refund_sale(sale_ids[n % len(sale_ids)], when=now)
        elif kind == "redeem":
            have = ledger.balance(cid)
            if n > have:
                try:
                    loyalty.redeem_points(cid, n, when=now)
                except ValidationError as exc:
                    assert f"{have} available" in str(exc)
                else:
                    raise AssertionError("redeeming more than the balance was accepted")
            else:
                loyalty.redeem_points(cid, n, when=now)
        elif kind == "adjust" and n != 0:
            try:
                loyalty.adjust(cid, n, "property test", when=now)
            except ValidationError:
                assert ledger.balance(cid) + n < 0  # only refused below zero
        elif kind == "promo":
            day = now.date()
            rules.promotions = [Promotion("Promo", day.isoformat(),
                                          (day + dt.timedelta(days=10)).isoformat(),
                                          1.0 + n / 2, n * 5)]  # fmt: skip
            loyalty.save_rules(rules)
        elif kind == "expire":
            _expire_and_check(ids, rules, n, now)
        elif kind == "idle":
            _expire_idle_and_check(ids, rules, n, now)
        _assert_sound(ids)


def _expire_and_check(ids: list[int], rules: LoyaltyRules, months: int, now: dt.datetime) -> None:
    rules.expiry_mode, rules.expiry_months = "after_earning", months
    loyalty.save_rules(rules)
    today = now.date()
    cutoff = dt.datetime.combine(add_months(today, -months), dt.time())
    before = {cid: ledger.lots(cid) for cid in ids}
    loyalty.apply_expiry(today, when=now)
    for cid in ids:
        due = sum(lot.remaining for lot in before[cid] if lot.created_at < cutoff)
        after = {lot.entry_id: lot for lot in ledger.lots(cid)}
        for lot in before[cid]:
            if lot.created_at < cutoff:
                assert after[lot.entry_id].remaining == 0  # the oldest points went
            else:
                assert after[lot.entry_id].remaining == lot.remaining  # younger ones stay
        expired = ledger.ledger_sum(cid) - sum(lot.remaining for lot in before[cid])
        assert expired == -due
    rules.expiry_mode = "none"
    loyalty.save_rules(rules)


def _expire_idle_and_check(
    ids: list[int], rules: LoyaltyRules, months: int, now: dt.datetime
) -> None:
    """Inactivity expiry: exactly the customers with no visit and no points since the
    cut-off lose everything, in one ledger row each; everybody else keeps every point."""
    from relbook.store.models import LoyaltyAccount, PointsEntry

    rules.expiry_mode, rules.expiry_months = "inactivity", months
    loyalty.save_rules(rules)
    cutoff = dt.datetime.combine(add_months(now.date(), -months), dt.time())
    before = {cid: ledger.balance(cid) for cid in ids}
    idle = set()
    for cid in ids:
        account = LoyaltyAccount.get_or_none(LoyaltyAccount.contact == cid)
        last_visit = account.last_visit_at if account else None
        rows = PointsEntry.select().where(PointsEntry.contact == cid)
        latest = max((e.created_at for e in rows), default=None)
        quiet = (last_visit is None or last_visit < cutoff) and (latest is None or latest < cutoff)
        if before[cid] > 0 and quiet:
            idle.add(cid)
    expiries = PointsEntry.select().where(PointsEntry.kind == "expire")
    rows_before = expiries.count()
    assert loyalty.apply_expiry(now.date(), when=now) == len(idle)
    for cid in ids:
        assert ledger.balance(cid) == (0 if cid in idle else before[cid])
    assert expiries.count() - rows_before == len(idle)
    rules.expiry_mode = "none"
    loyalty.save_rules(rules)
