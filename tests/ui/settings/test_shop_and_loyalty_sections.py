"""The Shop and Loyalty sections by keys and clicks: picking a language and country from
the list (its currency and phone region follow), rewards, tiers, promotions, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from relbook.services import loyalty, settings
from relbook.services.loyalty.rules_form import RewardRow
from relbook.services.money import shop_money
from relbook.ui.settings.list_editor import Column, rows_model
from tests.ui.settings.conftest import ctrl_s, retype

#: the offscreen test platform cannot raise a popup or grab the keyboard; it says so
POPUP_NOISE = (
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)


def _pick(qtbot, combo, typed: str) -> None:
    """Type part of a name into a list box, take the first suggestion with ↓ and Enter."""
    line = combo.lineEdit()
    retype(qtbot, line, typed)
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore(POPUP_NOISE)
def test_picking_deutsch_deutschland_brings_euro_and_german_phones(window, settings_page,
                                                                   qtbot) -> None:  # fmt: skip
    section = settings_page.section("shop")
    _pick(qtbot, section.locale, "German (Germany)")
    assert section.locale.currentText() == "Deutsch (Deutschland) — German (Germany)"
    assert section.currency.currentText() == "Euro (EUR, €)"
    assert section.region.currentText() == "Germany (+49)"
    assert "1.234,50\xa0€" in section.looks.text() and "030 123456" in section.looks.text()
    assert section.currency_note.isVisible()  # from dollars to euros: amounts are not converted
    retype(qtbot, section.max_sale, "500,00")
    ctrl_s(qtbot)
    assert settings_page.status() == "Saved Shop."
    assert (settings.get("shop.locale"), settings.get("shop.currency")) == ("de_DE", "EUR")
    assert settings.get("shop.phone_region") == "DE"
    assert loyalty.get_rules().max_sale_minor == 50_000
    assert shop_money().format(1250) == "12,50\xa0€"
    counter = window.pages["counter"]
    assert counter.sale.amount.currency.text() == "€"  # the counter heard settings_changed
    loyalty_section = settings_page.section("loyalty")  # shown again in the new notation
    assert loyalty_section.unit_label.text() == "points for every 1,00\xa0€ spent,"
    assert loyalty_section.tiers.rows()[1].min_spend == "250,00"


@pytest.mark.qt_log_ignore(POPUP_NOISE)
def test_a_name_that_is_not_in_the_list_is_refused(settings_page, qtbot) -> None:
    section = settings_page.section("shop")
    retype(qtbot, section.currency.lineEdit(), "Doubloons")
    ctrl_s(qtbot)
    assert "Currency: choose one from the list." in settings_page.status()
    assert settings.get("shop.currency") == "USD"


def test_add_a_money_off_reward_and_remove_one(window, settings_page, qtbot,
                                               make_contact) -> None:  # fmt: skip
    settings_page.show_section("loyalty")
    rewards = settings_page.section("loyalty").rewards
    qtbot.mouseClick(rewards.add_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is rewards.boxes["name"]
    qtbot.keyClicks(rewards.boxes["name"], "Ten off")
    retype(qtbot, rewards.boxes["cost"], "900")
    kind = rewards.boxes["kind"]
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)  # "A free item" → "Money off"
    assert kind.currentData() == "amount_off"
    ctrl_s(qtbot)
    assert "Reward “Ten off”, money off: type an amount." in settings_page.status()
    assert QApplication.focusWidget() is rewards.boxes["value"]
    qtbot.keyClicks(rewards.boxes["value"], "10")
    rewards.table.selectRow(0)  # "Free coffee"
    qtbot.mouseClick(rewards.remove_button, Qt.MouseButton.LeftButton)
    ctrl_s(qtbot)
    stored = {r.name: r for r in loyalty.get_rules().rewards}
    assert "Free coffee" not in stored
    assert (stored["Ten off"].cost, stored["Ten off"].kind, stored["Ten off"].value_minor) == (
        900, "amount_off", 1000)  # fmt: skip
    counter = window.pages["counter"]
    counter.select_contact(make_contact("Anna", "Schmidt"))
    assert any("Ten off" in b.text() for b in counter.redeem.buttons)


def test_tiers_and_their_mistakes(settings_page, qtbot) -> None:
    settings_page.show_section("loyalty")
    tiers = settings_page.section("loyalty").tiers
    tiers.table.selectRow(2)  # Gold
    retype(qtbot, tiers.boxes["multiplier"], "x2")
    ctrl_s(qtbot)
    assert "Tier “Gold”, points ×: type a number" in settings_page.status()
    retype(qtbot, tiers.boxes["multiplier"], "2")
    retype(qtbot, tiers.boxes["name"], "silver")
    ctrl_s(qtbot)
    assert "There are two tiers called “silver”." in settings_page.status()
    retype(qtbot, tiers.boxes["name"], "Gold")
    retype(qtbot, tiers.boxes["min_spend"], "500")
    ctrl_s(qtbot)
    gold = next(t for t in loyalty.get_rules().tiers if t.name == "Gold")
    assert (gold.min_spend_minor, gold.multiplier) == (50_000, 2.0)


def test_a_promotion_with_dates_and_the_birthday_bonus(settings_page, qtbot) -> None:
    settings_page.show_section("loyalty")
    section = settings_page.section("loyalty")
    promos = section.promotions
    assert promos.empty.isVisible() and not promos.table.isVisible()
    qtbot.mouseClick(promos.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(promos.boxes["name"], "Double week")
    start, end = promos.boxes["start"], promos.boxes["end"]
    start.setDate(QDate(2026, 5, 10))
    end.setDate(QDate(2026, 5, 3))
    retype(qtbot, promos.boxes["multiplier"], "2")
    ctrl_s(qtbot)
    assert "Promotion “Double week”: ends before it starts." in settings_page.status()
    end.setDate(QDate(2026, 5, 16))
    retype(qtbot, section.birthday_bonus, "0")
    ctrl_s(qtbot)
    rules = loyalty.get_rules()
    assert rules.birthday_bonus == 0
    promo = rules.promotions[0]
    assert (promo.name, promo.start, promo.end, promo.multiplier) == (
        "Double week", "2026-05-10", "2026-05-16", 2.0)  # fmt: skip
    assert promo.active(dt.date(2026, 5, 12)) and not promo.active(dt.date(2026, 5, 17))


def test_per_visit_earning_and_expiry(settings_page, qtbot) -> None:
    settings_page.show_section("loyalty")
    section = settings_page.section("loyalty")
    qtbot.mouseClick(section.per_visit, Qt.MouseButton.LeftButton)
    assert not section.points_per_unit.isEnabled() and section.points_per_visit.isEnabled()
    retype(qtbot, section.points_per_visit, "15")
    assert "earns 15 points" in section.example.text()
    section.expiry_mode.setCurrentIndex(section.expiry_mode.findData("inactivity"))
    retype(qtbot, section.expiry_months, "0")
    ctrl_s(qtbot)
    assert "Expire after: a number from 1 to 120." in settings_page.status()
    retype(qtbot, section.expiry_months, "9")
    ctrl_s(qtbot)
    rules = loyalty.get_rules()
    assert (rules.mode, rules.points_per_visit) == ("per_visit", 15)
    assert (rules.expiry_mode, rules.expiry_months) == ("inactivity", 9)


def test_print_cards_from_the_loyalty_section(settings_page, qtbot, make_contact) -> None:
    make_contact("Anna", "Schmidt")
    settings_page.show_section("loyalty")
    section = settings_page.section("loyalty")
    qtbot.mouseClick(section.print_cards, Qt.MouseButton.LeftButton)
    dialog = section.card_dialog
    assert dialog.isVisible() and dialog.unprinted.text() == "Everyone without a printed card (1)"
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    dialog.reject()


def test_rows_model_passes_the_model_tester(qtmodeltester) -> None:
    model = rows_model(
        [
            Column("name", "Reward"),
            Column("kind", "Gives", "choice", (("free_item", "A free item"),)),
            Column("cost", "Points", shown=lambda r: f"{r.cost} points"),
        ]
    )
    long_name = "Free slice of the seasonal cake of your choice " * 4
    rows = [
        RewardRow("Free coffee", "100"),
        RewardRow("Free coffee", "100"),  # typed twice: both shown until Save names it
        RewardRow(long_name, "400", "unknown_kind"),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r, 0).data() for r in range(3)] == ["Free coffee", "Free coffee", long_name]
    assert model.data(model.index(0, 1)) == "A free item"
    assert model.data(model.index(2, 1)) == "unknown_kind"  # a value without a label
    assert model.data(model.index(2, 2)) == "400 points"
    rows[0].name = "Free tea"  # a box writes into the row, then the row is drawn again
    model.refresh_row(0)
    assert model.index(0, 0).data() == "Free tea"
    qtmodeltester.check(model, force_py=True)
