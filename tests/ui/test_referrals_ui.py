"""Referrals in the GUI: the reward rules dialog, "referred by" at quick-add, the chain."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialogButtonBox

from relbook.services import referrals, vouchers
from relbook.services.counter import sales
from relbook.services.referrals import Programme
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import Contact
from relbook.store.models.vouchers import Voucher
from relbook.ui.vouchers.referral_field import ReferralField, chain_text
from relbook.ui.vouchers.referrals_dialog import RulesDialog


@pytest.fixture(autouse=True)
def _no_popup(monkeypatch) -> None:
    """The offscreen test platform cannot raise popup windows."""
    monkeypatch.setattr(QCompleter, "complete", lambda self, *a: None)


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    return {n: make_contact(n, "Test") for n in ("Anna", "Ben", "Cleo", "Dev")}


def _save(dialog: RulesDialog, qtbot) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_programme_and_birthday_rules_are_saved_from_the_dialog(db, context, qtbot) -> None:
    dialog = RulesDialog(context.hub)
    qtbot.addWidget(dialog)
    form = dialog.form
    assert not form.has_changes()
    form.reward.kind.setCurrentIndex(form.reward.kind.findData("free_item"))
    qtbot.keyClicks(form.reward.item, "Slice of cake")
    qtbot.keyClicks(form.min_purchase, "10")
    form.welcome_on.setChecked(True)
    form.welcome.amount.clear()
    qtbot.keyClicks(form.welcome.amount, "2.50")
    form.cap_count.setValue(3)
    form.bday_on.setChecked(True)
    form.bday_days.setValue(5)
    assert form.has_changes()
    with qtbot.waitSignal(context.hub.settings_changed):
        _save(dialog, qtbot)
    assert dialog.notice.text().startswith("Saved.")
    assert not form.has_changes()
    assert referrals.programme() == Programme(
        reward=VoucherValue.item("Slice of cake"),
        min_purchase_minor=1000,
        welcome=VoucherValue.amount(250),
        cap_count=3,
    )
    assert vouchers.birthday_settings()["enabled"] is True
    assert vouchers.birthday_settings()["days_before"] == 5


def test_bad_rules_are_refused_in_plain_words_and_store_nothing(db, context, qtbot) -> None:
    dialog = RulesDialog(context.hub)
    qtbot.addWidget(dialog)
    dialog.form.bday_on.setChecked(True)
    dialog.form.reward.amount.clear()
    qtbot.keyClicks(dialog.form.reward.amount, "five")
    _save(dialog, qtbot)
    assert "is not an amount" in dialog.error.text()
    assert referrals.programme() == Programme()  # nothing stored…
    assert vouchers.birthday_settings()["enabled"] is False  # …not even the other part
    dialog.form.reward.kind.setCurrentIndex(dialog.form.reward.kind.findData("free_item"))
    _save(dialog, qtbot)
    assert "name the free item" in dialog.error.text()


def test_settings_section_saves_the_same_rules_and_issues_due_birthdays(
    make_contact, context, qtbot
) -> None:
    from relbook.services.dates import PartialDate
    from relbook.ui.settings import sections

    soon = dt.date.today() + dt.timedelta(days=3)
    clara = make_contact("Clara", "Soon", birthday=PartialDate(soon.month, soon.day))
    section = next(s for s in sections.all_sections() if s.key == "referrals")
    assert (section.title, section.order) == ("Referrals", 30)
    widget = section.factory(context)
    qtbot.addWidget(widget)
    assert not widget.has_changes()
    widget.form.trigger.setCurrentIndex(widget.form.trigger.findData("at_once"))
    widget.form.bday_on.setChecked(True)
    assert widget.has_changes()
    with qtbot.waitSignal(context.hub.activity_changed):
        widget.save()
    assert referrals.programme().trigger == "at_once"
    assert [v.beneficiary_id for v in vouchers.list_vouchers()] == [clara]
    widget.form.validity.setValue(12)
    widget.reload()
    assert widget.form.validity.value() == 90 and not widget.has_changes()


def test_referrals_tab_ranks_referrers_and_shows_whom_they_brought_in(
    people, main_window, qtbot, qtmodeltester
) -> None:
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(people["Ben"], people["Anna"])
    referrals.set_referrer(people["Cleo"], people["Anna"])
    referrals.set_referrer(people["Dev"], people["Ben"])
    sales.record_sale(people["Dev"], 9000)
    sales.record_sale(people["Ben"], 1250)
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    page = main_window.pages["vouchers"]
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClick(page.search, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    view = page.referrals
    assert page.tabs.currentWidget() is view
    qtbot.waitUntil(view.top.hasFocus)
    model = view.top_model
    qtmodeltester.check(model)
    qtmodeltester.check(view.referees_model)
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "Anna Test",
        "Ben Test",
    ]
    assert "3 customers came through a referral, from 2 referrers" in view.summary.text()
    assert "$102.50" in view.summary.text()
    # Anna is selected: her two referees, with what each spent
    assert view.person.text() == "Anna Test"
    referees = view.referees_model
    assert [referees.index(r, 0).data() for r in range(referees.rowCount())] == [
        "Ben Test",
        "Cleo Test",
    ]
    assert referees.index(0, 2).data() == "$12.50" and referees.index(0, 3).data() == "1"
    # by spend, Ben (whose referee spent $90) comes first; ↓ picks Anna and her chain
    view.rank.setCurrentIndex(1)
    assert model.index(0, 1).data() == "Ben Test" and model.index(0, 3).data() == "$90.00"
    assert view.person.text() == "Ben Test"
    assert view.chain.text() == "Ben was referred by Anna Test."
    with qtbot.waitSignal(context_hub(main_window).show_page) as shown:
        qtbot.keyClick(view.top, Qt.Key.Key_Return)
    assert shown.args == ["contacts", people["Ben"]]
    assert main_window.current_page_key() == "contacts"


def test_referrals_tab_is_friendly_when_empty_and_esc_goes_back(main_window, qtbot) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    page = main_window.pages["vouchers"]
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClick(page.search, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.referrals.empty.isVisible() and "Referred by" in page.referrals.empty.text()
    assert "nobody has been referred yet" in page.referrals.summary.text()
    qtbot.keyClick(page.referrals, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 0
    qtbot.waitUntil(page.search.hasFocus)


def context_hub(window):
    return window.context.hub


def test_quick_add_at_the_counter_records_the_referrer(people, main_window, qtbot) -> None:
    from relbook.services import plugins

    plugins.load_all()
    referrals.save_programme(Programme(trigger="at_once", welcome=VoucherValue.amount(200)))
    qtbot.keyClick(main_window, Qt.Key.Key_F2)
    page = main_window.pages["counter"]
    page.finder.input.setFocus()
    qtbot.keyClicks(page.finder.input, "Zoe Newcomer")
    assert page.finder.quick_add.isVisible()
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Tab)  # to the phone
    assert page.finder.quick_add.phone.hasFocus()
    qtbot.keyClicks(page.finder.quick_add.phone, "0151 2345678")
    qtbot.keyClick(page.finder.quick_add.phone, Qt.Key.Key_Tab)  # to "referred by"
    assert page.finder.quick_add.referrer.hasFocus()
    qtbot.keyClicks(page.finder.quick_add.referrer, "Anna")
    # one match: Enter takes it, then adds the customer
    qtbot.keyClick(page.finder.quick_add.referrer, Qt.Key.Key_Return)
    zoe = Contact.get(Contact.given_name == "Zoe")
    assert zoe.referred_by_id == people["Anna"]
    kinds = {(v.kind, v.beneficiary_id) for v in Voucher.select()}
    assert kinds == {("referral", people["Anna"]), ("welcome", zoe.id)}
    assert page.contact_id == zoe.id
    said = page.status()
    assert "Anna Test gets a referral voucher" in said
    assert "Zoe Newcomer gets a welcome voucher: $2.00 off" in said


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


def test_referred_by_on_the_contact_card_picked_by_search_and_saved(
    people, contacts_page, qtbot
) -> None:
    from relbook.services import plugins

    plugins.load_all()
    referrals.save_programme(Programme(trigger="at_once", welcome=VoucherValue.amount(300)))
    page = contacts_page
    qtbot.keyClicks(page.search, "Ben")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.editor.contact_id == people["Ben"]
    field = page.editor.referrer.picker
    qtbot.keyClicks(field, "Anna")  # search as you type
    qtbot.keyClick(field, Qt.Key.Key_Return)  # one match: Enter takes it
    assert field.text() == "Anna Test" and page.editor.dirty
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Contact.get_by_id(people["Ben"]).referred_by_id == people["Anna"]
    notice = page.notice.text()
    assert notice.startswith("Saved Ben Test. Anna Test gets a referral voucher: $5.00 off")
    assert "Ben Test gets a welcome voucher: $3.00 off" in notice
    assert page.editor.referrer.chain.text() == "Ben was referred by Anna Test."
    # Anna's card shows everyone she referred
    qtbot.keyClick(page.search, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page.search.selectAll()
    qtbot.keyClicks(page.search, "Anna")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.editor.referrer.chain.text() == "Anna referred Ben Test."


def test_a_referral_loop_or_an_unpicked_name_is_refused_on_the_card(
    people, contacts_page, qtbot
) -> None:
    referrals.save_programme(Programme(enabled=False))
    referrals.set_referrer(people["Ben"], people["Anna"])
    page = contacts_page
    qtbot.keyClicks(page.search, "Anna")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    field = page.editor.referrer.picker
    qtbot.keyClicks(field, "Ben")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "loop" in page.editor.error.text() and page.editor.error.isVisible()
    assert field.hasFocus()
    assert Contact.get_by_id(people["Anna"]).referred_by_id is None
    field.clear()
    qtbot.keyClicks(field, "Nobody by that name")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "pick the person from the list" in page.editor.error.text()
    assert Contact.get_by_id(people["Anna"]).referred_by_id is None


def test_referral_models_pass_the_model_tester_with_namesakes_and_a_long_name(
    make_contact, long_name, qtmodeltester
) -> None:
    from relbook.services.money import shop_money
    from relbook.ui.vouchers.referral_models import (
        REFEREE_COLUMNS,
        TOP_COLUMNS,
        referee_lines,
        top_lines,
    )
    from relbook.ui.widgets.table import TableModel

    referrals.save_programme(Programme(enabled=False))
    long_id = make_contact(*long_name)
    bens = [make_contact("Ben", "Test"), make_contact("Ben", "Test")]  # two of a name
    for i, ben in enumerate(bens):
        referrals.set_referrer(make_contact(f"Friend{i}", "Test"), ben)
        referrals.set_referrer(ben, long_id)
    money = shop_money()
    top = TableModel(TOP_COLUMNS, key=lambda r: r.referrer.contact_id)
    top.set_rows(top_lines("count", money))
    shown = [top.index(r, 1).data() for r in range(top.rowCount())]
    assert shown == [" ".join(long_name), "Ben Test", "Ben Test"]
    assert [top.index(r, 0).data() for r in range(3)] == ["1.", "2.", "3."]
    qtmodeltester.check(top, force_py=True)
    referees = TableModel(REFEREE_COLUMNS, key=lambda r: r.referee.contact_id)
    referees.set_rows(referee_lines(long_id, money, "en_US"))
    assert [referees.index(r, 0).data() for r in range(2)] == ["Ben Test", "Ben Test"]
    assert referees.index(0, 3).data() == "1"  # each Ben referred a friend in turn
    qtmodeltester.check(referees, force_py=True)
