"""Referrals: who sent whom, the chain, top referrers, and rewards issued with the sale."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import contacts, referrals, sales, vouchers
from relbook.services.contact_types import ContactInput
from relbook.services.referrals import Programme
from relbook.services.voucher_types import VoucherValue
from relbook.store.models import Contact, Sale
from relbook.store.models.vouchers import ReferralReward, Voucher


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    return {n: make_contact(n, "Test") for n in ("Anna", "Ben", "Cleo", "Dev", "Eli")}


def _kinds(contact_id: int) -> list[tuple[str, str]]:
    return [
        (v.kind, v.value_kind)
        for v in Voucher.select().where(Voucher.beneficiary == contact_id).order_by(Voucher.id)
    ]


def test_set_and_clear_referred_by(people) -> None:
    referrals.set_referrer(people["Ben"], people["Anna"])
    assert Contact.get_by_id(people["Ben"]).referred_by_id == people["Anna"]
    assert contacts.get_contact(people["Ben"]).data.referred_by == people["Anna"]
    referrals.clear_referrer(people["Ben"])
    assert Contact.get_by_id(people["Ben"]).referred_by_id is None


def test_self_and_loops_are_refused(people) -> None:
    a, b, c = people["Anna"], people["Ben"], people["Cleo"]
    with pytest.raises(ValidationError, match="cannot refer themselves"):
        referrals.set_referrer(a, a)
    referrals.set_referrer(b, a)
    referrals.set_referrer(c, b)
    with pytest.raises(ValidationError, match="loop"):
        referrals.set_referrer(a, c)
    assert Contact.get_by_id(a).referred_by_id is None


def test_chain_shows_up_and_down(people) -> None:
    a, b, c, d = (people[n] for n in ("Anna", "Ben", "Cleo", "Dev"))
    referrals.set_referrer(b, a)
    referrals.set_referrer(c, b)
    referrals.set_referrer(d, b)
    chain = referrals.chain(b)
    assert [p.id for p in chain.referred_by] == [a]
    assert [p.id for p in chain.referred] == [c, d]
    assert chain.referred_total == 2
    top = referrals.chain(a)
    assert top.referred_by == () and [p.id for p in top.referred] == [b]
    assert top.referred_total == 3  # everyone below, at any depth
    assert [p.id for p in referrals.chain(d).referred_by] == [b, a]


def test_top_referrers_by_count_and_by_spend(people) -> None:
    a, b, c, d, e = people.values()
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(b, a)
    referrals.set_referrer(c, a)
    referrals.set_referrer(d, e)
    sales.record_sale(b, 1000)
    sales.record_sale(c, 500)
    sales.record_sale(d, 9000)
    by_count = referrals.top_referrers(by="count")
    assert [(r.contact_id, r.referrals) for r in by_count] == [(a, 2), (e, 1)]
    by_spend = referrals.top_referrers(by="spend")
    assert [(r.contact_id, r.referee_spend_minor) for r in by_spend] == [(e, 9000), (a, 1500)]


def test_first_qualifying_purchase_issues_the_reward_in_the_same_transaction(people) -> None:
    a, b = people["Anna"], people["Ben"]
    referrals.save_programme(
        Programme(
            reward=VoucherValue.amount(500),
            trigger="first_purchase",
            min_purchase_minor=1000,
            validity_days=60,
        )
    )
    referrals.set_referrer(b, a)
    assert _kinds(a) == []  # not yet: waits for the purchase
    small = sales.record_sale(b, 999)
    assert _kinds(a) == [] and small.messages == ()
    result = sales.record_sale(b, 1500)
    assert _kinds(a) == [("referral", "amount_off")]
    v = Voucher.get(Voucher.beneficiary == a)
    assert v.expires_on == dt.date.today() + dt.timedelta(days=60)
    assert v.state == "issued"  # in the print queue
    reward = ReferralReward.get(ReferralReward.referee == b)
    assert reward.sale_id == result.sale_id and reward.referrer_id == a
    assert any("referral voucher" in m for m in result.messages)
    sales.record_sale(b, 5000)
    assert _kinds(a) == [("referral", "amount_off")]  # once per referee


def test_reward_rolls_back_with_a_failed_sale(people, monkeypatch) -> None:
    a, b = people["Anna"], people["Ben"]
    referrals.set_referrer(b, a)

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    from relbook.services import events

    events.subscribe(events.SALE_RECORDED, boom)
    try:
        with pytest.raises(RuntimeError):
            sales.record_sale(b, 2000)
    finally:
        events.unsubscribe(events.SALE_RECORDED, boom)
    assert Sale.select().count() == 0
    assert Voucher.select().count() == 0 and ReferralReward.select().count() == 0


def test_at_once_rule_and_welcome_voucher(people) -> None:
    a, b = people["Anna"], people["Ben"]
    referrals.save_programme(
        Programme(
            reward=VoucherValue.percent_off(15),
            trigger="at_once",
            welcome=VoucherValue.item("Croissant"),
        )
    )
    messages = referrals.set_referrer(b, a)
    assert _kinds(a) == [("referral", "percent_off")]
    assert _kinds(b) == [("welcome", "free_item")]
    assert len(messages) == 2 and "Croissant" in " ".join(messages)
    referrals.clear_referrer(b)
    referrals.set_referrer(b, a)  # setting it again gives nothing twice
    assert _kinds(a) == [("referral", "percent_off")] and len(_kinds(b)) == 1


def test_contact_created_with_referrer_counts(people) -> None:
    referrals.save_programme(Programme(trigger="at_once"))
    new = contacts.create_contact(
        ContactInput(given_name="Fay", family_name="New", referred_by=people["Anna"])
    ).contact_id
    assert _kinds(people["Anna"]) == [("referral", "amount_off")]
    assert ReferralReward.get(ReferralReward.referee == new).outcome == "voucher"


def test_points_reward_goes_to_the_ledger(people) -> None:
    from relbook.services import ledger

    a, b = people["Anna"], people["Ben"]
    referrals.save_programme(Programme(reward=VoucherValue.points_of(75)))
    referrals.set_referrer(b, a)
    result = sales.record_sale(b, 2000)
    assert _kinds(a) == []  # points, not a voucher
    assert ledger.balance(a) == 75 == ledger.ledger_sum(a)
    assert any("75 referral points" in m for m in result.messages)


def test_cap_per_referrer_per_period(people) -> None:
    a = people["Anna"]
    referrals.save_programme(Programme(trigger="at_once", cap_count=2, cap_period="month"))
    for name in ("Ben", "Cleo", "Dev"):
        referrals.set_referrer(people[name], a)
    assert len(_kinds(a)) == 2
    capped = ReferralReward.get(ReferralReward.referee == people["Dev"])
    assert capped.outcome == "capped"


def test_disabled_programme_issues_nothing(people) -> None:
    referrals.save_programme(Programme(enabled=False, trigger="at_once"))
    referrals.set_referrer(people["Ben"], people["Anna"])
    sales.record_sale(people["Ben"], 5000)
    assert Voucher.select().count() == 0


def test_programme_settings_round_trip_and_validate(db) -> None:
    prog = Programme(reward=VoucherValue.item("Cake"), trigger="at_once", min_purchase_minor=0,
                     welcome=VoucherValue.amount(200), validity_days=30, cap_count=5,
                     cap_period="year")  # fmt: skip
    referrals.save_programme(prog)
    assert referrals.programme() == prog
    with pytest.raises(ValidationError, match="at least one day"):
        referrals.save_programme(Programme(validity_days=0))
    with pytest.raises(ValidationError, match="first purchase"):
        referrals.save_programme(Programme(trigger="someday"))


def test_reward_voucher_redeems_like_any_other(people) -> None:
    referrals.save_programme(Programme(trigger="at_once"))
    referrals.set_referrer(people["Ben"], people["Anna"])
    code = vouchers.list_vouchers()[0].code
    assert vouchers.redeem(code).state == "redeemed"
