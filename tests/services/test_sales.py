"""Sales, refunds, idempotency, history and the ledger cache (plain pytest)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services import events, loyalty, staff
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.loyalty.rules import LoyaltyRules, Promotion
from relbook.store.models import Contact, PointsEntry, Sale

T0 = dt.datetime(2026, 3, 2, 10, 0)


@pytest.fixture
def anna(make_contact) -> int:
    return make_contact("Anna", "Schmidt", phone="0151 2345678")


def test_every_new_contact_gets_a_unique_card_code(make_contact) -> None:
    ids = [make_contact(f"Person{i}", "Test") for i in range(20)]
    codes = [Contact.get_by_id(i).card_code for i in ids]
    assert all(c and c.startswith("RB-") for c in codes)
    assert len(set(codes)) == 20
    assert loyalty.find_by_card_code(codes[3].replace("-", "").lower()) == ids[3]


def test_sale_earns_points_and_caches_the_balance(anna: int) -> None:
    owner = staff.ensure_default()
    result = sales.record_sale(anna, 1250, staff_id=owner, note="flat white", when=T0)
    assert result.points == 12 and result.balance == 12
    assert ledger.balance(anna) == ledger.ledger_sum(anna) == 12
    row = PointsEntry.get(PointsEntry.sale == result.sale_id)
    assert (row.kind, row.staff_id, row.points) == ("earn", owner, 12)
    assert Sale.get_by_id(result.sale_id).note == "flat white"


def test_sale_emits_event_inside_the_transaction(anna: int) -> None:
    seen: list[dict] = []

    def listener(**payload: object) -> str:
        seen.append(payload)
        raise RuntimeError("listener failed")

    events.subscribe(events.SALE_RECORDED, listener)
    try:
        with pytest.raises(RuntimeError):
            sales.record_sale(anna, 1000, when=T0)
    finally:
        events.unsubscribe(events.SALE_RECORDED, listener)
    assert seen and seen[0]["amount_minor"] == 1000 and seen[0]["contact_id"] == anna
    # rolled back: no sale, no points
    assert Sale.select().count() == 0 and ledger.balance(anna) == 0 == ledger.ledger_sum(anna)


@pytest.mark.parametrize("amount", [0, -100, 10_000_000])
def test_bad_amounts_record_nothing(anna: int, amount: int) -> None:
    with pytest.raises(ValidationError) as err:
        sales.record_sale(anna, amount)
    assert err.value.field == "amount"
    assert Sale.select().count() == 0


def test_same_client_token_records_once(anna: int) -> None:
    first = sales.record_sale(anna, 900, client_token="till-1", when=T0)
    again = sales.record_sale(anna, 900, client_token="till-1", when=T0)
    assert again.duplicate and again.sale_id == first.sale_id and again.balance == 9
    assert Sale.select().count() == 1 and ledger.ledger_sum(anna) == 9


def test_anonymous_sale_earns_nothing(db) -> None:
    result = sales.record_sale(None, 500)
    assert result.contact_id is None and result.points == 0
    assert PointsEntry.select().count() == 0


def test_refund_reverses_points_without_going_negative(anna: int) -> None:
    sale = sales.record_sale(anna, 20_000, when=T0)  # 200 points
    loyalty.redeem_points(anna, 150, when=T0)
    refund = sales.refund_sale(sale.sale_id, reason="wrong cake")
    assert refund.amount_minor == -20_000
    assert refund.points_reversed == 50 and refund.balance == 0
    assert ledger.ledger_sum(anna) == 0
    assert Sale.get_by_id(refund.refund_id).refund_of_id == sale.sale_id
    with pytest.raises(ValidationError, match="already been refunded"):
        sales.refund_sale(sale.sale_id)
    # the original rows are untouched
    assert PointsEntry.get(PointsEntry.sale == sale.sale_id).points == 200


def test_redeem_more_than_balance_is_refused_with_the_balance(anna: int) -> None:
    sales.record_sale(anna, 4000, when=T0)
    with pytest.raises(ValidationError, match="40 available"):
        loyalty.redeem_points(anna, 41)
    with pytest.raises(ValidationError, match="40 available"):
        loyalty.redeem_reward(anna, "Free coffee")
    assert ledger.balance(anna) == 40


def test_reward_and_partial_redemption(anna: int) -> None:
    sales.record_sale(anna, 30_000, when=T0)
    loyalty.redeem_reward(anna, "Free coffee")
    loyalty.redeem_points(anna, 25)
    assert ledger.balance(anna) == 300 - 100 - 25
    reasons = [e.reason for e in PointsEntry.select().where(PointsEntry.kind == "redeem")]
    assert reasons[0] == "Reward: Free coffee" and reasons[1].startswith("25 points redeemed")


def test_adjustment_needs_a_reason(anna: int) -> None:
    with pytest.raises(ValidationError) as err:
        loyalty.adjust(anna, 10, "  ")
    assert err.value.field == "reason"
    loyalty.adjust(anna, 10, "Card lost, points moved")
    assert ledger.balance(anna) == 10


def test_tiers_promotions_and_birthday_bonus(make_contact) -> None:
    from relbook.services.dates import PartialDate

    cid = make_contact("Bea", "Birthday", birthday=PartialDate(3, 20))
    rules = LoyaltyRules(promotions=[Promotion("Double March", "2026-03-01", "2026-03-31", 2.0, 5)])
    loyalty.save_rules(rules)
    first = sales.record_sale(cid, 1000, when=T0)  # 10 × 2 + promo 5 + birthday 50
    assert (first.points, first.bonus_points) == (20, 55)
    second = sales.record_sale(cid, 1000, when=T0 + dt.timedelta(days=1))
    assert second.bonus_points == 5  # birthday bonus once a year
    sales.record_sale(cid, 30_000, when=T0 + dt.timedelta(days=2))  # reaches Silver (250.00)
    after = sales.record_sale(cid, 1000, when=T0 + dt.timedelta(days=3))
    assert after.points == 25  # 10 × 1.25 (Silver) × 2 (promotion)
    assert loyalty.summary(cid, T0 + dt.timedelta(days=3)).tier.name == "Silver"


def test_per_visit_rounding_and_minimum_spend(anna: int) -> None:
    loyalty.save_rules(LoyaltyRules(mode="per_visit", points_per_visit=7, min_spend_minor=300))
    assert sales.record_sale(anna, 299, when=T0).points == 0
    assert sales.record_sale(anna, 300, when=T0).points == 7
    loyalty.save_rules(LoyaltyRules(rounding="up"))
    assert sales.record_sale(anna, 1201, when=T0).points == 13
    loyalty.save_rules(LoyaltyRules(rounding="nearest"))
    assert sales.record_sale(anna, 1250, when=T0).points == 13
    assert sales.record_sale(anna, 1249, when=T0).points == 12


def test_expiry_after_earning_takes_oldest_points_first(anna: int) -> None:
    loyalty.save_rules(LoyaltyRules(expiry_mode="after_earning", expiry_months=12))
    sales.record_sale(anna, 10_000, when=dt.datetime(2025, 1, 10))  # 100, old
    sales.record_sale(anna, 5_000, when=dt.datetime(2025, 9, 1))  # 50, young
    loyalty.redeem_points(anna, 30, when=dt.datetime(2025, 10, 1))  # spends oldest first
    assert loyalty.apply_expiry(dt.date(2026, 2, 1)) == 1
    expired = PointsEntry.get(PointsEntry.kind == "expire")
    assert expired.points == -70 and "12-month" in expired.reason
    assert ledger.balance(anna) == 50 == ledger.ledger_sum(anna)
    assert loyalty.apply_expiry(dt.date(2026, 2, 1)) == 0  # idempotent


def test_expiry_after_inactivity(anna: int, make_contact) -> None:
    loyalty.save_rules(LoyaltyRules(expiry_mode="inactivity", expiry_months=6))
    busy = make_contact("Busy", "Bee")
    sales.record_sale(anna, 4_000, when=dt.datetime(2025, 1, 10))
    sales.record_sale(busy, 4_000, when=dt.datetime(2025, 9, 10))
    assert loyalty.run_daily(dt.date(2025, 10, 1)) == 1
    assert loyalty.run_daily(dt.date(2025, 10, 1)) == 0  # once a day
    assert ledger.balance(anna) == 0 and ledger.balance(busy) == 40


def test_history_and_csv(anna: int) -> None:
    owner = staff.ensure_default()
    sale = sales.record_sale(anna, 1250, staff_id=owner, note="croissant", when=T0)
    loyalty.adjust(anna, 5, "Sorry for the wait", staff_id=owner, when=T0 + dt.timedelta(hours=1))
    rows = sales.history(anna)
    assert [r.what for r in rows] == ["adjust", "sale", "earn"]
    assert rows[1].sale_id == sale.sale_id and rows[1].staff == "Owner"
    parsed = list(csv.DictReader(io.StringIO(sales.history_csv_text(anna))))
    assert parsed[0]["Why"] == "Sorry for the wait" and parsed[1]["Amount"] == "12.50"
    assert parsed[2]["Points"] == "12" and parsed[2]["Staff"] == "Owner"


def test_unknown_contact_and_sale(db) -> None:
    with pytest.raises(NotFoundError):
        sales.record_sale(999, 100)
    with pytest.raises(NotFoundError):
        sales.refund_sale(999)


def test_staff_default_and_add(db) -> None:
    assert [s.name for s in staff.list_staff()] == ["Owner"]
    staff.add_staff("  Jo   Baker ")
    assert [s.name for s in staff.list_staff()] == ["Owner", "Jo Baker"]
    with pytest.raises(ValidationError):
        staff.add_staff("Jo Baker")
