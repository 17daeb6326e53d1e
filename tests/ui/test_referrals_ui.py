"""Referrals in the GUI: the reward rules dialog, "referred by" at quick-add, the chain."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialogButtonBox

from relbook.services import referrals, sales, vouchers
from relbook.services.referrals import Programme
from relbook.services.voucher_types import VoucherValue
from relbook.store.models import Contact
from relbook.store.models.vouchers import Voucher
from relbook.ui.vouchers.referral_field import ReferralField, chain_text
from relbook.ui.vouchers.referrals_dialog import ReferralsDialog, TopReferrersModel


@pytest.fixture(autouse=True)
def _no_popup(monkeypatch) -> None:
    """The offscreen test platform cannot raise popup windows."""
    monkeypatch.setattr(QCompleter, "complete", lambda self, *a: None)


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    return {n: make_contact(n, "Test") for n in ("Anna", "Ben", "Cleo", "Dev")}


def test_programme_and_birthday_rules_are_saved_from_the_dialog(db, context, qtbot) -> None:
    dialog = ReferralsDialog(context.hub)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.reward.kind.setCurrentIndex(dialog.reward.kind.findData("free_item"))
    qtbot.keyClicks(dialog.reward.item, "Slice of cake")
    qtbot.keyClicks(dialog.min_purchase, "10")
    dialog.welcome_on.setChecked(True)
    dialog.welcome.amount.clear()
    qtbot.keyClicks(dialog.welcome.amount, "2.50")
    dialog.cap_count.setValue(3)
    dialog.tabs.setCurrentIndex(2)
    dialog.bday_on.setChecked(True)
    dialog.bday_days.setValue(5)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(context.hub.settings_changed):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.notice.text().startswith("Saved.")
    assert referrals.programme() == Programme(
        reward=VoucherValue.item("Slice of cake"),
        min_purchase_minor=1000,
        welcome=VoucherValue.amount(250),
        cap_count=3,
    )
    assert vouchers.birthday_settings()["enabled"] is True
    assert vouchers.birthday_settings()["days_before"] == 5


def test_bad_rules_are_refused_in_plain_words(db, context, qtbot) -> None:
    dialog = ReferralsDialog(context.hub)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.reward.amount.clear()
    qtbot.keyClicks(dialog.reward.amount, "five")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert "is not an amount" in dialog.error.text()
    assert referrals.programme() == Programme()  # nothing stored


def test_top_referrers_by_count_and_spend(people, context, qtbot, qtmodeltester) -> None:
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(people["Ben"], people["Anna"])
    referrals.set_referrer(people["Cleo"], people["Anna"])
    referrals.set_referrer(people["Dev"], people["Ben"])
    sales.record_sale(people["Dev"], 9000)
    dialog = ReferralsDialog(context.hub)
    qtbot.addWidget(dialog)
    model = dialog.top_model
    qtmodeltester.check(model)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == ["Anna Test", "Ben Test"]
    dialog.rank.setCurrentIndex(1)
    assert model.index(0, 0).data() == "Ben Test" and model.index(0, 2).data() == "$90.00"
    assert isinstance(model, TopReferrersModel)


def test_quick_add_at_the_counter_records_the_referrer(people, context, qtbot) -> None:
    from relbook.services import plugins
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    referrals.save_programme(Programme(trigger="at_once", welcome=VoucherValue.amount(200)))
    page = CounterPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.input, "Zoe Newcomer")
    assert page.quick_add.isVisible()
    qtbot.keyClicks(page.quick_add.referrer, "Anna")
    qtbot.keyClick(page.quick_add.referrer, Qt.Key.Key_Return)  # one match: taken, then added
    zoe = Contact.get(Contact.given_name == "Zoe")
    assert zoe.referred_by_id == people["Anna"]
    kinds = {(v.kind, v.beneficiary_id) for v in Voucher.select()}
    assert kinds == {("referral", people["Anna"]), ("welcome", zoe.id)}
    assert page.contact_id == zoe.id


def test_referral_field_shows_the_chain_and_never_offers_the_contact_itself(people, qtbot) -> None:
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(people["Ben"], people["Anna"])
    referrals.set_referrer(people["Cleo"], people["Ben"])
    field = ReferralField()
    qtbot.addWidget(field)
    field.set_value(people["Ben"], people["Anna"])
    assert field.value() == people["Anna"] and field.picker.text() == "Anna Test"
    assert field.chain.text() == "Ben was referred by Anna Test. Ben referred Cleo Test."
    field.picker.clear()
    qtbot.keyClicks(field.picker, "Test")
    assert people["Ben"] not in [cid for cid, _ in field.picker.matches()]
    assert field.value() is None and field.is_incomplete()
    assert chain_text(people["Anna"]) == "Anna referred Ben Test (+1 further down the chain)."
