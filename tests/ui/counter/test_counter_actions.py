"""The counter's other actions by keys: a note with the sale, partial redemption's value,
adjusting points with a reason (owner only when roles are on), expiry at start-up and at
day change, and the main window's page keys still working from the counter."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import loyalty, staff
from relbook.services.counter import cues, sales
from relbook.services.loyalty import ledger
from relbook.services.loyalty.rules import LoyaltyRules
from relbook.services.staff import access
from relbook.store.models import PointsEntry, Sale
from relbook.ui.counter.daily import LoyaltyDay


@pytest.fixture
def anna(page, keys, make_contact) -> int:
    cid = make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    return cid


def test_amount_tab_note_enter_records_the_note(page, keys, anna) -> None:
    keys.type("4.80")
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.sale.amount.note
    keys.type("Oat flat white")
    keys.enter()
    sale = Sale.get()
    assert (sale.amount_minor, sale.note) == (480, "Oat flat white")
    assert page.sale.amount.note.text() == "" and "Recorded $4.80" in page.status()
    sales.record_sale(anna, 480, note="oat flat white")
    assert "Usually: oat flat white" in cues.cues(anna)


def test_partial_redemption_shows_what_the_points_are_worth(page, keys, anna) -> None:
    loyalty.save_rules(LoyaltyRules(point_value_minor=5))  # 1 point = 5 cents
    page.hub.settings_changed.emit()
    keys.type("90")
    keys.enter()
    page.sale.amount.input.setFocus()
    keys.ctrl(Qt.Key.Key_R)
    assert QApplication.focusWidget() is page.redeem.points
    keys.type("40")
    assert page.redeem.value_hint.text() == "= $2.00 off"
    keys.type("0")
    assert page.redeem.value_hint.text() == "Only 90 available"
    keys.press(Qt.Key.Key_Backspace)
    keys.enter()
    assert ledger.balance(anna) == 50
    assert "take $2.00 off the sale" in page.status()
    row = PointsEntry.get(PointsEntry.kind == "redeem")
    assert row.points == -40 and "$2.00 off" in row.reason


def test_adjust_points_needs_a_reason(page, keys, anna, qtbot) -> None:
    keys.type("30")
    keys.enter()
    page.sale.amount.input.setFocus()
    keys.ctrl(Qt.Key.Key_A, shift=True)
    dialog = page.actions.adjust_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.points)
    keys.type("-12")
    keys.enter()  # no reason yet
    assert "Reason: say why" in dialog.message.text() and dialog.isVisible()
    assert ledger.balance(anna) == 30
    assert QApplication.focusWidget() is dialog.reason
    keys.type("Charged twice for a muffin")
    keys.enter()
    assert not dialog.isVisible()
    row = PointsEntry.get(PointsEntry.kind == "adjust")
    assert (row.points, row.reason) == (-12, "Charged twice for a muffin")
    assert row.staff_id == page.context.staff_id
    assert ledger.balance(anna) == 18 and page.card.balance.text() == "18"
    assert "Points adjusted by -12" in page.status()


def test_adjust_below_zero_is_refused_with_the_balance(page, keys, anna, qtbot) -> None:
    keys.type("5")
    keys.enter()
    page.actions.adjust_button.click()
    dialog = page.actions.adjust_dialog
    qtbot.keyClicks(dialog.points, "-9")
    qtbot.keyClicks(dialog.reason, "Mistake")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert "Only 5 points available" in dialog.message.text()
    assert ledger.balance(anna) == 5 and PointsEntry.select().count() == 1


def test_with_roles_on_only_an_owner_adjusts(page, keys, anna, qtbot) -> None:
    owner = staff.ensure_default()
    access.set_pin(owner, "123456")
    access.enable_roles(True)
    sam = staff.add_staff("Sam")
    page.context.staff_id = sam
    page.actions.adjust_button.click()
    dialog = page.actions.adjust_dialog
    qtbot.keyClicks(dialog.points, "20")
    qtbot.keyClicks(dialog.reason, "Sorry for the wait")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert "Only an owner may adjust points" in dialog.message.text()
    assert PointsEntry.select().count() == 0
    dialog.reject()
    page.context.staff_id = owner
    page.actions.adjust_button.click()
    dialog = page.actions.adjust_dialog
    qtbot.keyClicks(dialog.points, "20")
    qtbot.keyClicks(dialog.reason, "Sorry for the wait")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert ledger.balance(anna) == 20


def test_expiry_at_start_up_and_when_the_day_changes(db, qtbot, make_contact) -> None:
    from relbook.ui.context import Hub

    loyalty.save_rules(LoyaltyRules(expiry_mode="after_earning", expiry_months=12))
    old = make_contact("Olga", "Old")
    young = make_contact("Yann", "Young")
    sales.record_sale(old, 5_000, when=dt.datetime(2025, 1, 10, 12))
    sales.record_sale(young, 5_000, when=dt.datetime(2025, 3, 1, 12))
    hub = Hub()
    days = iter([dt.date(2026, 2, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 2)])
    with qtbot.waitSignal(hub.activity_changed):
        watcher = LoyaltyDay(hub, today=lambda: next(days))  # start-up
    assert ledger.balance(old) == 0 and ledger.balance(young) == 50
    watcher.on_tick()  # a minute later, the same day: nothing
    assert PointsEntry.select().where(PointsEntry.kind == "expire").count() == 1
    with qtbot.waitSignal(hub.activity_changed):
        watcher.on_tick()  # past midnight, a month on
    assert ledger.balance(young) == 0
    rows = list(PointsEntry.select().where(PointsEntry.kind == "expire"))
    assert [r.contact_id for r in rows] == [old, young]
    assert all("12-month rule" in r.reason and r.points == -50 for r in rows)
    watcher.timer.stop()


def test_page_keys_work_from_the_counter_and_expiry_runs_at_start(
    qtbot, open_main_window, make_contact
) -> None:
    loyalty.save_rules(LoyaltyRules(expiry_mode="inactivity", expiry_months=6))
    cid = make_contact("Anna", "Schmidt")
    sales.record_sale(cid, 4_000, when=dt.datetime(2020, 5, 1))
    window = open_main_window(start_page="contacts")  # not the counter: expiry still runs
    # the window's daily work starts right after its first paint
    qtbot.waitUntil(lambda: ledger.balance(cid) == 0)
    assert PointsEntry.get(PointsEntry.kind == "expire").points == -40
    window.show_page("counter")
    page = window.pages["counter"]
    qtbot.keyClicks(page.finder.input, "anna")
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.sale.amount.input
    for key, name in ((Qt.Key.Key_F6, "care"), (Qt.Key.Key_F4, "notes")):
        qtbot.keyClick(QApplication.focusWidget(), key)
        assert window.current_page_key() == name
        window.show_page("counter")
        page.sale.amount.input.setFocus()
