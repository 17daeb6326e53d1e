"""Vouchers: issue, find by code, redeem exactly once, refuse clearly, void, expire."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services import codes, settings, vouchers
from relbook.services.vouchers.types import Filters, VoucherProblem, VoucherValue
from relbook.store.models import Staff
from relbook.store.models.vouchers import Voucher

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def anna(make_contact) -> int:
    return make_contact("Anna", "Schmidt")


@pytest.fixture
def staff(db) -> int:
    return Staff.create(name="Maria").id


def _issue(contact: int, **kw) -> vouchers.VoucherView:
    kw.setdefault("on", TODAY)
    return vouchers.issue(contact, "goodwill", VoucherValue.amount(500), **kw)


def test_issue_stores_a_valid_unique_code_and_lands_in_the_print_queue(anna, staff) -> None:
    v = _issue(anna, staff_id=staff)
    assert codes.is_valid(v.code)
    assert v.code == codes.format_code(v.code)  # grouped for people
    row = Voucher.get_by_id(v.id)
    assert row.code == codes.compact_code(v.code)  # stored compact
    assert (v.state, v.beneficiary_name, v.issued_by) == ("issued", "Anna Schmidt", "Maria")
    assert v.value_text == "$5.00 off"
    assert v.expires_on == TODAY + dt.timedelta(days=90)
    assert vouchers.unprinted_ids(TODAY) == [v.id]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (VoucherValue.percent_off(10), "10% off"),
        (VoucherValue.item("Flat white"), "Free: Flat white"),
        (VoucherValue.points_of(50), "50 points"),
    ],
)
def test_value_kinds_read_plainly(anna, value, text) -> None:
    v = vouchers.issue(anna, "goodwill", value, on=TODAY)
    assert v.value_text == text
    assert vouchers.get(v.id).value == value


@pytest.mark.parametrize(
    ("value", "field_text"),
    [
        (VoucherValue.amount(0), "amount off must be above zero"),
        (VoucherValue.percent_off(150), "1 to 100"),
        (VoucherValue.item("  "), "name the free item"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(anna, value, field_text) -> None:
    with pytest.raises(ValidationError, match=field_text):
        vouchers.issue(anna, "goodwill", value)
    assert Voucher.select().count() == 0


def test_redeem_ignores_case_and_dashes_and_records_who_and_when(anna, staff) -> None:
    v = _issue(anna)
    typed = codes.compact_code(v.code).lower()
    done = vouchers.redeem(typed, staff_id=staff, on=TODAY)
    assert (done.state, done.redeemed_by) == ("redeemed", "Maria")
    row = Voucher.get_by_id(v.id)
    assert row.state == "redeemed" and row.redeemed_by_id == staff and row.redeemed_at


def test_second_redemption_is_refused_with_date_and_staff(anna, staff) -> None:
    v = _issue(anna)
    first = vouchers.redeem(v.code, staff_id=staff, on=TODAY)
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(v.code.replace("-", " "), staff_id=None, on=TODAY)
    assert err.value.reason == "redeemed"
    assert "already redeemed on" in str(err.value)
    assert vouchers.show_date(first.redeemed_at) in str(err.value)
    assert str(err.value).endswith("by Maria.")
    assert Voucher.get_by_id(v.id).redeemed_by_id == staff  # unchanged


def test_expired_voucher_is_refused_showing_the_date(anna) -> None:
    v = _issue(anna, valid_days=10)
    later = TODAY + dt.timedelta(days=11)
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(v.code, on=later)
    assert err.value.reason == "expired"
    assert vouchers.show_date(v.expires_on) in str(err.value)
    assert Voucher.get_by_id(v.id).state == "issued"  # nothing changed
    # the last valid day still works
    assert vouchers.redeem(v.code, on=TODAY + dt.timedelta(days=10)).state == "redeemed"


def test_void_needs_a_reason_and_then_refuses_redemption(anna, staff) -> None:
    v = _issue(anna)
    with pytest.raises(ValidationError, match="Reason"):
        vouchers.void(v.id, "   ")
    assert Voucher.get_by_id(v.id).state == "issued"
    voided = vouchers.void(v.id, "Printed with the wrong name", staff_id=staff)
    assert (voided.state, voided.void_reason) == ("void", "Printed with the wrong name")
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(v.code, on=TODAY)
    assert err.value.reason == "void" and "wrong name" in str(err.value)
    assert Voucher.get_by_id(v.id).state == "void"


def test_redeemed_voucher_cannot_be_voided(anna) -> None:
    v = _issue(anna)
    vouchers.redeem(v.code, on=TODAY)
    with pytest.raises(ValidationError, match="already redeemed"):
        vouchers.void(v.id, "changed my mind")
    assert Voucher.get_by_id(v.id).state == "redeemed"


def test_unknown_code_says_so(anna) -> None:
    _issue(anna)
    stranger = codes.new_voucher_code()
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(stranger, on=TODAY)
    assert err.value.reason == "unknown"
    assert f"No voucher has the code {stranger}" in str(err.value)


def test_wrong_check_character_suggests_the_real_code(anna) -> None:
    v = _issue(anna)
    compact = codes.compact_code(v.code)
    # one substitution somewhere in the middle: pick a symbol that differs
    wrong_sym = next(s for s in codes.ALPHABET if s != compact[5])
    typo = compact[:5] + wrong_sym + compact[6:]
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(typo, on=TODAY)
    assert err.value.reason == "check"
    assert err.value.suggestions == [v.code]
    assert f"Did you mean {v.code}?" in str(err.value)
    assert Voucher.get_by_id(v.id).state == "issued"


def test_letter_o_for_zero_style_typo_is_caught(anna) -> None:
    v = _issue(anna)
    compact = codes.compact_code(v.code)
    typo = "O" + compact[1:]  # O is not in the alphabet: a typing mistake
    with pytest.raises(VoucherProblem) as err:
        vouchers.lookup(typo)
    assert err.value.reason == "check"
    assert err.value.suggestions == [v.code]


def test_not_a_code_at_all(db) -> None:
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem("hello")
    assert err.value.reason == "format"
    assert "12 letters and digits" in str(err.value)


def test_points_voucher_credits_the_ledger_on_redemption(anna, staff) -> None:
    ledger = pytest.importorskip("relbook.services.loyalty.ledger")
    v = vouchers.issue(anna, "goodwill", VoucherValue.points_of(40), on=TODAY)
    vouchers.redeem(v.code, staff_id=staff, on=TODAY)
    assert ledger.balance(anna) == 40 == ledger.ledger_sum(anna)


def test_filters_by_effective_state_and_search(anna, make_contact) -> None:
    ben = make_contact("Ben", "Okafor")
    a1 = _issue(anna)
    a2 = _issue(anna, valid_days=1)
    b1 = _issue(ben)
    vouchers.mark_printed([b1.id])
    later = TODAY + dt.timedelta(days=5)
    ids = lambda f: {v.id for v in vouchers.list_vouchers(f, on=later)}  # noqa: E731
    assert ids(Filters(state="issued")) == {a1.id}
    assert ids(Filters(state="expired")) == {a2.id}
    assert ids(Filters(state="printed")) == {b1.id}
    assert ids(Filters(text="okaf")) == {b1.id}
    assert ids(Filters(text=a1.code.lower()[:6])) == {a1.id}
    assert vouchers.counts_by_state(later)["expired"] == 1
    assert vouchers.expire_pass(later) == 1
    assert Voucher.get_by_id(a2.id).state == "expired"


def test_mark_printed_moves_only_issued(anna) -> None:
    a = _issue(anna)
    b = _issue(anna)
    vouchers.redeem(b.code, on=TODAY)
    assert vouchers.mark_printed([a.id, b.id]) == 1
    assert Voucher.get_by_id(a.id).state == "printed"
    assert Voucher.get_by_id(a.id).printed_at is not None
    assert Voucher.get_by_id(b.id).state == "redeemed"
    assert vouchers.redeem(a.code, on=TODAY).state == "redeemed"  # printed is redeemable


def test_birthday_vouchers_land_in_the_print_queue_once(make_contact) -> None:
    from relbook.services.dates import PartialDate

    soon = make_contact("Clara", "Bday", birthday=PartialDate(6, 20))
    make_contact("Dan", "Later", birthday=PartialDate(7, 30))
    make_contact("Eve", "None")
    assert vouchers.issue_birthday_vouchers(TODAY) == []  # off by default
    vouchers.save_birthday_settings(
        enabled=True, days_before=7, value=VoucherValue.amount(300), validity_days=30
    )
    issued = vouchers.issue_birthday_vouchers(TODAY)
    assert [(v.beneficiary_id, v.kind, v.state) for v in issued] == [(soon, "birthday", "issued")]
    assert issued[0].expires_on == dt.date(2026, 7, 20)
    assert vouchers.unprinted_ids(TODAY) == [issued[0].id]
    assert vouchers.issue_birthday_vouchers(TODAY + dt.timedelta(days=1)) == []  # once


def test_birthday_window_crosses_new_year(make_contact) -> None:
    from relbook.services.dates import PartialDate

    jan = make_contact("Jan", "Uary", birthday=PartialDate(1, 2))
    settings.set_value("vouchers.birthday", {"enabled": True, "days_before": 7})
    issued = vouchers.issue_birthday_vouchers(dt.date(2026, 12, 28))
    assert [v.beneficiary_id for v in issued] == [jan]
    assert Voucher.get_by_id(issued[0].id).occasion == "2027"


def test_a_stale_read_loses_at_the_update(anna, staff, monkeypatch) -> None:
    """Another till redeems between our lookup and our UPDATE: we are refused, nothing lost."""
    v = _issue(anna)
    stale = vouchers.lookup(v.code, on=TODAY)
    vouchers.redeem(v.code, staff_id=staff, on=TODAY)  # the other till wins
    monkeypatch.setattr(vouchers, "lookup", lambda text, on=None: stale)
    with pytest.raises(VoucherProblem) as err:
        vouchers.redeem(v.code, on=TODAY)
    assert err.value.reason == "redeemed" and "by Maria" in str(err.value)
    assert Voucher.get_by_id(v.id).redeemed_by_id == staff


def test_birthday_on_29_february_is_celebrated_on_the_28th_in_common_years(make_contact) -> None:
    from relbook.services.dates import PartialDate

    leap = make_contact("Leo", "Leap", birthday=PartialDate(2, 29))
    make_contact("Mar", "Ch", birthday=PartialDate(3, 9))
    settings.set_value("vouchers.birthday", {"enabled": True, "days_before": 7})
    issued = vouchers.issue_birthday_vouchers(dt.date(2027, 2, 21))  # 2027: no 29 February
    assert [v.beneficiary_id for v in issued] == [leap]
    assert "Feb 28, 2027" in issued[0].note
    assert vouchers.issue_birthday_vouchers(dt.date(2027, 2, 20)) == []  # 8 days: not yet


def test_birthday_vouchers_read_only_the_contacts_due(make_contact) -> None:
    """The window is looked up by the database: 2 queries for the candidates however big
    the book (plus the issuing of the few that are due)."""
    from playhouse.test_utils import count_queries

    from relbook.services.dates import PartialDate

    for i in range(60):
        make_contact(f"P{i}", "Far", birthday=PartialDate(1 + i % 12, 1 + i % 28))
    settings.set_value("vouchers.birthday", {"enabled": True, "days_before": 2})
    with count_queries() as counter:
        issued = vouchers.issue_birthday_vouchers(dt.date(2026, 8, 29))  # days 29-31: nobody
    assert issued == []
    assert counter.count <= 2


def test_printed_vouchers_carry_a_warm_note_and_the_owners_signature(make_contact) -> None:
    from relbook.services import referrals
    from relbook.services.referrals import Programme
    from relbook.services.vouchers import printing

    settings.set_value("shop.owner_name", "Rosa Delgado")
    anna = make_contact("Anna", "Schmidt")
    ben = make_contact("Ben", "Okafor")
    referrals.save_programme(Programme(trigger="at_once", welcome=VoucherValue.amount(200)))
    referrals.set_referrer(ben, anna)
    goodwill = vouchers.issue(anna, "goodwill", VoucherValue.amount(300), note="she complained")
    ids = [v.id for v in vouchers.list_vouchers()][::-1]
    data = {p.beneficiary_name + ":" + p.kind_label: p for p in printing.print_data(ids)}
    assert data["Anna Schmidt:Thank you!"].message == "So kind of you to send Ben our way!"
    assert data["Ben Okafor:Welcome!"].message.startswith("Anna said you would like it here")
    gift = data["Anna Schmidt:A little gift"]
    assert "complained" not in gift.message  # the staff's note stays in the shop
    assert {p.signature for p in data.values()} == {"Rosa"}
    assert goodwill.id in ids


@pytest.mark.parametrize("kind", ["referral", "welcome", "birthday", "goodwill"])
@pytest.mark.parametrize("referral", [None, ("Anna Schmidt", "Ben Okafor")])
def test_the_note_never_repeats_the_heading(anna, kind, referral) -> None:
    """Welcome vouchers said "Welcome!" twice, referral vouchers "Thank you" twice."""
    from relbook.services.vouchers import printing

    v = vouchers.issue(anna, kind, VoucherValue.amount(300))
    heading = printing.PRINT_LABELS[kind].strip("!").lower()
    note = printing.note_for(v, referral)
    assert note and heading not in note.lower(), (heading, note)


def test_used_vouchers_are_not_printed(anna) -> None:
    from relbook.services.vouchers import printing

    ok, used, gone, old = (
        vouchers.issue(anna, "goodwill", VoucherValue.amount(500)) for _ in range(4)
    )
    vouchers.redeem(used.code)
    vouchers.void(gone.id, "Wrong name")
    Voucher.update(expires_on=dt.date.today() - dt.timedelta(days=1)).where(
        Voucher.id == old.id
    ).execute()
    with pytest.raises(ValidationError, match=r"This voucher can no longer be used.*expired"):
        printing.print_data([old.id])
    with pytest.raises(ValidationError, match="These vouchers can no longer be used") as err:
        printing.print_data([ok.id, used.id, gone.id])
    assert "(redeemed)" in str(err.value) and "(voided)" in str(err.value)
    assert len(printing.print_data([ok.id])) == 1
