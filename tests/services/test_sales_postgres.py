"""The sale path's prepared statements on PostgreSQL: tiers from the 12-month spend,
bonuses, refunds, redemption, adjustment, expiry and the ledger check, as on SQLite.

The tests start their own server (``tests/pg_server.py``) or use ``RELBOOK_TEST_PG_URL``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.store.test_postgres import _contact

pytestmark = pytest.mark.enable_socket  # the test server's unix socket


def test_the_whole_points_story_on_postgres(pg_url: str) -> None:
    from relbook.services import loyalty, plugins
    from relbook.services.counter import sales
    from relbook.services.loyalty import cards, ledger
    from relbook.services.loyalty.rules import LoyaltyRules, Promotion
    from relbook.store.db import open_database

    open_database(pg_url)
    plugins.load_all()
    anna = _contact("Anna", "Schmidt")
    t0 = dt.datetime(2026, 3, 2, 10)
    loyalty.save_rules(LoyaltyRules(
        promotions=[Promotion("March", "2026-03-01", "2026-03-31", 2.0, 5)], birthday_bonus=0,
        expiry_mode="after_earning", expiry_months=12))  # fmt: skip
    first = sales.record_sale(anna, 1000, when=t0, note="flat white")
    assert (first.points, first.bonus_points, first.balance) == (20, 5, 25)
    big = sales.record_sale(anna, 30_000, when=t0 + dt.timedelta(days=1))  # reaches Silver
    after = sales.record_sale(anna, 1000, when=t0 + dt.timedelta(days=2))
    assert after.points == 25  # 10 × 1.25 (Silver) × 2 (promotion)
    refund = sales.refund_sale(big.sale_id, reason="wrong order")
    assert refund.points_reversed == big.points + big.bonus_points
    loyalty.redeem_points(anna, 10)
    loyalty.adjust(anna, 3, "Sorry for the wait")
    assert ledger.balance(anna) == ledger.ledger_sum(anna) == 25 + 30 - 10 + 3
    assert loyalty.apply_expiry(dt.date(2027, 3, 10)) == 1
    assert ledger.balance(anna) == ledger.ledger_sum(anna) == 3  # the adjustment is young
    assert ledger.check() == []
    assert [r.what for r in sales.history(anna)][-3:] == ["sale", "bonus", "earn"]
    cards.mark_printed([anna], sheet="a4")
    assert cards.unprinted_ids() == []
