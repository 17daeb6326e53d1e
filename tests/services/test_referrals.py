"""Referrals: who sent whom, the chain, top referrers, and rewards issued with the sale."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import contacts, referrals, vouchers
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.referrals import Programme, insights
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import Contact, Sale, utcnow
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
    sales.refund_sale(sales.record_sale(c, 700).sale_id, reason="wrong cake")
    sales.record_sale(c, 500)
    sales.record_sale(d, 9000)
    by_count = insights.top_referrers(by="count")
    assert [(r.contact_id, r.referrals) for r in by_count] == [(a, 2), (e, 1)]
    by_spend = insights.top_referrers(by="spend")
    assert [(r.contact_id, r.referee_spend_minor) for r in by_spend] == [(e, 9000), (a, 1500)]
    assert [(r.display_name, r.rewards) for r in by_spend] == [("Eli Test", 0), ("Anna Test", 0)]
    rows = insights.referees(a)
    assert [(r.display_name, r.spend_minor, r.referred) for r in rows] == [
        ("Ben Test", 1000, 0),
        ("Cleo Test", 500, 0),
    ]
    assert insights.referees(b) == []
    total = insights.summary()
    assert (total.referred_customers, total.referrers, total.referee_spend_minor) == (3, 2, 10500)


def test_rewards_are_counted_per_referrer(people) -> None:
    a = people["Anna"]
    referrals.save_programme(Programme(trigger="at_once", cap_count=1))
    referrals.set_referrer(people["Ben"], a)
    referrals.set_referrer(people["Cleo"], a)  # capped: no reward
    (top,) = insights.top_referrers()
    assert (top.referrals, top.rewards) == (2, 1)
    vouchers.redeem(vouchers.list_vouchers()[0].code)
    total = insights.summary()
    assert (total.reward_vouchers, total.reward_vouchers_redeemed) == (1, 1)
    with pytest.raises(ValidationError):
        insights.top_referrers(by="height")


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
    seen: list[int] = []

    def boom(*args, **kwargs):
        seen.append(Voucher.select().where(Voucher.beneficiary == a).count())
        raise RuntimeError("power cut")

    from relbook.services import events

    events.subscribe(events.SALE_RECORDED, boom)
    try:
        with pytest.raises(RuntimeError):
            sales.record_sale(b, 2000)
    finally:
        events.unsubscribe(events.SALE_RECORDED, boom)
    assert seen == [1]  # the reward was issued inside the sale's transaction…
    assert Sale.select().count() == 0  # …and went with it
    assert Voucher.select().count() == 0 and ReferralReward.select().count() == 0


def test_a_failed_reward_rolls_back_the_sale(people, monkeypatch) -> None:
    a, b = people["Anna"], people["Ben"]
    referrals.set_referrer(b, a)

    def disk_full(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(vouchers, "_issue_row", disk_full)
    with pytest.raises(RuntimeError, match="disk full"):
        sales.record_sale(b, 2000)
    assert Sale.select().count() == 0 and ReferralReward.select().count() == 0
    monkeypatch.undo()
    result = sales.record_sale(b, 2000)  # tried again: both land
    assert Sale.select().count() == 1 and _kinds(a) == [("referral", "amount_off")]
    assert any("Anna Test gets a referral voucher" in m for m in result.messages)


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
    from relbook.services.loyalty import ledger

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


def _card(contact_id: int, **changes) -> ContactInput:
    data = contacts.get_contact(contact_id).data
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_saving_the_card_with_a_referrer_counts_as_a_referral(people) -> None:
    from relbook.services import plugins

    plugins.load_all()
    a, b = people["Anna"], people["Ben"]
    referrals.save_programme(Programme(trigger="at_once", welcome=VoucherValue.amount(300)))
    before = utcnow()
    contacts.update_contact(b, _card(b, referred_by=a))
    assert Contact.get_by_id(b).referred_by_id == a
    assert _kinds(a) == [("referral", "amount_off")] and _kinds(b) == [("welcome", "amount_off")]
    said = referrals.reward_messages(b, since=before)
    assert said[0].startswith("Anna Test gets a referral voucher: $5.00 off (")
    assert said[1].startswith("Ben Test gets a welcome voucher: $3.00 off (")
    contacts.update_contact(b, _card(b, notes="likes oat milk"))  # same referrer: nothing new
    assert len(Voucher.select()) == 2
    assert referrals.reward_messages(b, since=utcnow()) == []


def test_saving_a_card_that_makes_a_loop_changes_nothing(people) -> None:
    from relbook.services import plugins

    plugins.load_all()
    a, b, c = people["Anna"], people["Ben"], people["Cleo"]
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(b, a)
    referrals.set_referrer(c, b)
    with pytest.raises(ValidationError, match="loop") as err:
        contacts.update_contact(a, _card(a, referred_by=c, notes="changed"))
    assert err.value.field == "referred_by"
    stored = Contact.get_by_id(a)
    assert stored.referred_by_id is None and stored.notes == ""
    with pytest.raises(ValidationError, match="cannot refer themselves"):
        contacts.update_contact(a, _card(a, referred_by=a))


def test_reward_messages_say_when_the_cap_is_reached_and_for_points(people) -> None:
    a = people["Anna"]
    referrals.save_programme(
        Programme(trigger="at_once", reward=VoucherValue.points_of(40), cap_count=1)
    )
    referrals.set_referrer(people["Ben"], a)
    referrals.set_referrer(people["Cleo"], a)
    assert referrals.reward_messages(people["Ben"]) == ["Anna Test earns 40 referral points."]
    assert "most referral rewards allowed" in referrals.reward_messages(people["Cleo"])[0]
