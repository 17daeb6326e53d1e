"""Rewards about to expire: open vouchers with a near date, and points the expiry rule
takes away soon — as the Today panel words them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from relbook.services import contacts, loyalty, vouchers
from relbook.services.counter import today
from relbook.services.loyalty import expiring, ledger
from relbook.services.vouchers.types import VoucherValue

TODAY = dt.date(2026, 6, 10)


def _rules(mode: str, months: int = 12) -> None:
    rules = dataclasses.replace(loyalty.get_rules(), expiry_mode=mode, expiry_months=months)
    loyalty.save_rules(rules)


def test_open_vouchers_expiring_in_the_window(make_contact) -> None:
    anna, ben, gone = make_contact("Anna"), make_contact("Ben"), make_contact("Gone")
    vouchers.issue(anna, "birthday", VoucherValue.percent_off(10),
                   expires_on=TODAY + dt.timedelta(days=3), on=TODAY)  # fmt: skip
    vouchers.issue(ben, "goodwill", VoucherValue.item("Flat white"),
                   expires_on=TODAY + dt.timedelta(days=30), on=TODAY)  # fmt: skip
    late = vouchers.issue(ben, "referral", VoucherValue.amount(500),
                          expires_on=TODAY, on=TODAY - dt.timedelta(days=30))  # fmt: skip
    vouchers.issue(gone, "goodwill", VoucherValue.amount(500),
                   expires_on=TODAY + dt.timedelta(days=1), on=TODAY)  # fmt: skip
    contacts.archive_contact(gone)
    found = expiring.expiring(TODAY, 14)
    assert [(f.name, f.on, f.kind) for f in found] == [
        ("Ben Schmidt", TODAY, "voucher"),
        ("Anna Schmidt", TODAY + dt.timedelta(days=3), "voucher"),
    ]
    assert found[1].what == "Voucher: 10% off"
    vouchers.void(late.id, "given by mistake")
    assert [f.name for f in expiring.expiring(TODAY, 14)] == ["Anna Schmidt"]
    (item,) = today.rewards_expiring(TODAY).items
    assert (item.contact_id, item.title) == (anna, "Anna Schmidt")
    assert item.detail == "Voucher: 10% off · expires Saturday"


def test_points_expiring_after_earning(make_contact) -> None:
    anna, ben = make_contact("Anna"), make_contact("Ben")
    _rules("after_earning", 12)
    # earned 5 June 2025: gone on 6 June 2026 (already expired by the daily pass)
    ledger.append(anna, 40, "earn", when=dt.datetime(2025, 6, 5, 10))
    # earned 15 June 2025: gone on 16 June 2026, inside a 14-day window from 10 June
    ledger.append(anna, 120, "earn", when=dt.datetime(2025, 6, 15, 10))
    ledger.append(anna, -50, "redeem", when=dt.datetime(2025, 9, 1, 10))  # spends oldest first
    ledger.append(ben, 300, "earn", when=dt.datetime(2025, 8, 1, 10))  # far away
    (found,) = expiring.expiring(TODAY, 14)
    # 40 + 120 earned, 50 spent from the oldest lot: 110 of the June-15 lot remain
    assert (found.contact_id, found.what, found.on) == (anna, "110 points", dt.date(2026, 6, 16))
    (item,) = today.rewards_expiring(TODAY).items
    assert item.detail == "110 points · use by Monday"
    loyalty.apply_expiry(dt.date(2026, 6, 16))  # the real rule agrees on the day
    assert ledger.balance(anna) == 0


def test_points_expiring_after_inactivity(make_contact) -> None:
    anna, ben = make_contact("Anna"), make_contact("Ben")
    _rules("inactivity", 6)
    ledger.append_many(anna, [(80, "earn", "")], when=dt.datetime(2025, 12, 12, 9), visit=True)
    ledger.append_many(ben, [(90, "earn", "")], when=dt.datetime(2026, 3, 1, 9), visit=True)
    (found,) = expiring.expiring(TODAY, 14)
    assert (found.contact_id, found.what, found.on) == (anna, "80 points", dt.date(2026, 6, 13))
    assert expiring.expiring(TODAY, 2) == []
    _rules("none")
    assert expiring.expiring(TODAY, 14) == []


def test_window_comes_from_settings(db) -> None:
    from relbook.services import settings

    assert expiring.window_days() == expiring.DEFAULT_WINDOW
    settings.set_value(expiring.WINDOW_KEY, 30)
    assert expiring.window_days() == 30
    settings.set_value(expiring.WINDOW_KEY, "lots")
    assert expiring.window_days() == expiring.DEFAULT_WINDOW
