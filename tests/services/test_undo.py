"""Undo at the till: a redemption, a voucher redemption and a sale taken back, each a
reversing row with who and why, by the person at the till during the visit or by an
owner later; never twice, never an undo of an undo, never half done."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from relbook.errors import PermissionDenied, ValidationError
from relbook.services import loyalty, staff, vouchers
from relbook.services.counter import sales, undo
from relbook.services.counter.undo import Visit
from relbook.services.loyalty import ledger
from relbook.services.staff import access
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import PointsEntry, Reversal, Voucher, utcnow


@pytest.fixture
def team(db) -> dict[str, int]:
    ids = {"owner": staff.add_staff("Olga", "owner"), "kim": staff.add_staff("Kim")}
    ids["lea"] = staff.add_staff("Lea")
    return ids


@pytest.fixture
def roles_on(team) -> dict[str, int]:
    access.set_pin(team["owner"], "739184")
    access.enable_roles(True)
    return team


def _visit(cid: int, staff_id: int | None, minutes_ago: int = 5) -> Visit:
    return Visit(cid, utcnow() - dt.timedelta(minutes=minutes_ago), staff_id)


def _redeemed(cid: int, staff_id: int | None) -> int:
    sales.record_sale(cid, 30_000, staff_id=staff_id)  # 300 points
    loyalty.redeem_reward(cid, "Free coffee", staff_id=staff_id)
    return PointsEntry.get(PointsEntry.kind == "redeem").id


def test_a_redemption_undone_gives_the_points_back(make_contact, team) -> None:
    anna = make_contact()
    entry = _redeemed(anna, team["kim"])
    assert ledger.balance(anna) == 200
    result = undo.undo("points", entry, "wrong customer", staff_id=team["kim"],
                       visit=_visit(anna, team["kim"]))  # fmt: skip
    assert (result.points, result.balance) == (100, 300)
    back = PointsEntry.get(PointsEntry.kind == "undo")
    assert back.points == 100 and back.staff_id == team["kim"]
    assert back.reason == "Undone: Reward: Free coffee — wrong customer"
    record = Reversal.get()
    assert (record.kind, record.target_id, record.entry_id) == ("points", entry, back.id)
    assert (record.staff_id, record.reason, record.contact_id) == (team["kim"], "wrong customer",
                                                                   anna)  # fmt: skip
    assert ledger.balance(anna) == ledger.ledger_sum(anna) == 300
    with pytest.raises(ValidationError, match="undone already"):
        undo.undo("points", entry, "again", staff_id=team["kim"], visit=_visit(anna, team["kim"]))
    with pytest.raises(ValidationError, match="itself an undo"):
        undo.undo("points", back.id, "undo the undo", staff_id=team["owner"])
    (row,) = [r for r in sales.history(anna) if r.what == "redeem"]
    assert row.undone and row.undo_target is None
    assert PointsEntry.select().count() == 3  # earn, redeem, undo: nothing edited or deleted


def test_a_voucher_redemption_undone_opens_the_voucher_again(make_contact, team) -> None:
    anna = make_contact()
    money = vouchers.issue(anna, "goodwill", VoucherValue.amount(500))
    points = vouchers.issue(anna, "goodwill", VoucherValue.points_of(40))
    vouchers.redeem(money.code, staff_id=team["kim"])
    vouchers.redeem(points.code, staff_id=team["kim"])
    assert ledger.balance(anna) == 40
    lines = {r.voucher_id: r for r in sales.history(anna) if r.what == "voucher"}
    assert lines[money.id].reason == f"Voucher {money.code}: $5.00 off"
    said = undo.undo("voucher", money.id, "scanned twice", staff_id=team["kim"],
                     visit=_visit(anna, team["kim"])).message  # fmt: skip
    assert said == f"Voucher {money.code} is open again."
    assert vouchers.get(money.id).state == "issued"
    assert vouchers.redeem(money.code).state == "redeemed"  # it can be used again
    result = undo.undo("voucher", points.id, "wrong card", staff_id=team["kim"],
                       visit=_visit(anna, team["kim"]))  # fmt: skip
    assert (result.points, result.balance) == (-40, 0)
    assert vouchers.get(points.id).state == "issued"
    lines = [r.reason for r in sales.history(anna) if r.what == "undo"]
    assert f"Undone: Voucher {points.code} — wrong card" in lines
    assert f"Undone: Voucher {money.code} — scanned twice" in lines


def test_a_sale_undone_is_refunded_with_its_points(make_contact, team) -> None:
    anna = make_contact()
    sale = sales.record_sale(anna, 2_500, staff_id=team["kim"])
    result = undo.undo("sale", sale.sale_id, "typed 25 instead of 2.50", staff_id=team["kim"],
                       visit=_visit(anna, team["kim"]))  # fmt: skip
    assert result.balance == 0 and result.points == -25
    (refund,) = [r for r in sales.history(anna) if r.what == "refund" and r.amount_minor]
    assert refund.amount_minor == -2_500 and refund.reason == "Undone: typed 25 instead of 2.50"
    assert Reversal.get().refund_id is not None
    with pytest.raises(ValidationError, match="undone already"):
        undo.undo("sale", sale.sale_id, "again", staff_id=team["owner"])


def test_who_may_undo(make_contact, roles_on) -> None:
    team = roles_on
    anna, ben = make_contact("Anna"), make_contact("Ben")
    entry = _redeemed(anna, team["kim"])
    kim_now = _visit(anna, team["kim"])
    for visit, staff_id, why in (
        (None, team["kim"], "after the visit"),
        (_visit(ben, team["kim"]), team["kim"], "another customer's visit"),
        (_visit(anna, team["lea"]), team["lea"], "someone else's redemption"),
        (Visit(anna, utcnow(), team["kim"]), team["kim"], "before this visit began"),
    ):
        with pytest.raises(PermissionDenied, match="Only an owner"):
            undo.undo("points", entry, why, staff_id=staff_id, visit=visit)
    later = utcnow() + dt.timedelta(minutes=undo.VISIT_MINUTES + 1)
    with pytest.raises(PermissionDenied):
        undo.undo("points", entry, "too late", staff_id=team["kim"], visit=kim_now, when=later)
    assert Reversal.select().count() == 0 and ledger.balance(anna) == 200
    undo.undo("points", entry, "the owner, next day", staff_id=team["owner"], when=later)
    assert ledger.balance(anna) == 300


def test_refusals_change_nothing(make_contact, team) -> None:
    anna = make_contact()
    entry = _redeemed(anna, team["kim"])
    with pytest.raises(ValidationError, match="say why"):
        undo.undo("points", entry, "   ", staff_id=team["owner"])
    earn = PointsEntry.get(PointsEntry.kind == "earn").id
    with pytest.raises(ValidationError, match="Only a redemption"):
        undo.undo("points", earn, "no", staff_id=team["owner"])
    points = vouchers.issue(anna, "goodwill", VoucherValue.points_of(500))
    vouchers.redeem(points.code)
    loyalty.redeem_points(anna, 650)  # spent the voucher's points too
    with pytest.raises(ValidationError, match="available"):
        undo.undo("voucher", points.id, "oops", staff_id=team["owner"])
    assert Voucher.get_by_id(points.id).state == "redeemed"  # not half undone
    assert Reversal.select().count() == 0


def test_undo_records_are_append_only_and_unique(make_contact, team) -> None:
    anna = make_contact()
    entry = _redeemed(anna, team["kim"])
    undo.undo("points", entry, "wrong customer", staff_id=team["owner"])
    record = Reversal.get()
    with pytest.raises(peewee.DatabaseError, match="never changed"):
        Reversal.update(reason="nothing happened").where(Reversal.id == record.id).execute()
    with pytest.raises(peewee.DatabaseError, match="never changed"):
        Reversal.delete().where(Reversal.id == record.id).execute()
    with pytest.raises(peewee.IntegrityError):  # a second till cannot undo it again
        Reversal.create(kind="points", target_id=entry, contact=anna, reason="race",
                        created_at=utcnow())  # fmt: skip
