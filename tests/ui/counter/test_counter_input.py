"""Bad input, redemption, cues, staff and history at the counter."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from relbook.services import loyalty, staff
from relbook.services.contacts.inputs import DetailInput
from relbook.services.counter import sales
from relbook.services.dates import PartialDate
from relbook.services.loyalty import ledger
from relbook.store.models import Contact, PointsEntry, Sale


@pytest.fixture
def anna(page, keys, make_contact) -> int:
    cid = make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    return cid


@pytest.mark.parametrize(
    ("typed", "words"),
    [("", "type the amount"), ("abc", "is not an amount"), ("-5", "cannot be negative"),
     ("0", "more than zero"), ("5000", "more than the most"), ("1.234", "too many decimals"),
     ("12.5.0", "is not an amount"), ("1 2 3", "is not an amount"), ("1,2,3", "is not an amount"),
     ("1..5", "is not an amount"), ("１２", "digits 0 to 9"), ("9" * 30, "far too large"),
     ("€12", "is not an amount")],
)  # fmt: skip
def test_bad_amount_shows_a_message_and_records_nothing(page, keys, anna, typed, words) -> None:
    if typed.isascii():
        keys.type(typed)
    else:  # QTest types Latin-1 only: fullwidth digits arrive as an input method commits them
        keys.focus().insert(typed)
    keys.enter()
    assert words in page.status()
    assert Sale.select().count() == 0
    assert PointsEntry.select().count() == 0


def test_a_misread_amount_earns_nothing_while_typing(page, keys, anna) -> None:
    """ "12.5.0" once previewed +175 points; now the hint says why it is refused."""
    keys.type("12.5")
    assert "Earns" in page.sale.amount.hint.text()
    keys.type(".")  # mid-typing: no nagging
    assert page.sale.amount.hint.text() == ""
    keys.type("0")
    assert "is not an amount" in page.sale.amount.hint.text()
    assert "Earns" not in page.sale.amount.hint.text()


def test_redeeming_more_than_the_balance_is_refused_with_the_balance(page, keys, anna) -> None:
    keys.type("40")
    keys.enter()
    page.redeem.points.setFocus()
    keys.type("41")
    keys.enter()
    assert "40 available" in page.status()
    assert ledger.balance(anna) == 40
    keys.press(Qt.Key.Key_Backspace)
    keys.press(Qt.Key.Key_Backspace)
    keys.type("15")
    keys.enter()
    assert ledger.balance(anna) == 25 and page.card.balance.text() == "25"
    row = PointsEntry.get(PointsEntry.kind == "redeem")
    assert row.points == -15 and row.staff_id == page.context.staff_id


def test_reward_buttons_follow_the_balance(page, keys, anna) -> None:
    free_coffee = page.redeem.buttons[0]
    assert "Free coffee" in free_coffee.text() and not free_coffee.isEnabled()
    keys.type("150")
    keys.enter()
    assert free_coffee.isEnabled()
    free_coffee.click()
    assert ledger.balance(anna) == 50 and "Free coffee redeemed" in page.status()
    assert not page.redeem.buttons[0].isEnabled()


def test_money_off_rewards_show_their_currency(page, keys, anna) -> None:
    labels = [b.text() for b in page.redeem.buttons]
    assert labels[1] == "$5.00 off  ·  250 pts"  # stored as "5.00 off": the shop's money
    keys.type("300")
    keys.enter()
    page.redeem.buttons[1].click()
    assert "$5.00 off redeemed — take $5.00 off the sale" in page.status()
    assert PointsEntry.get(PointsEntry.kind == "redeem").reason == "Reward: $5.00 off"


def test_card_shows_tier_cues_and_last_visit(page, keys, make_contact) -> None:
    soon = dt.date.today() + dt.timedelta(days=2)
    cid = make_contact(
        "Margaret", "Okafor", birthday=PartialDate(soon.month, soon.day),
        details=[DetailInput("family", text="Started university", name="Mia"),
                 DetailInput("preference", text="oat flat white")],
    )  # fmt: skip
    sales.record_sale(cid, 500, when=dt.datetime.now(dt.UTC).replace(tzinfo=None)
                      - dt.timedelta(days=40))  # fmt: skip
    keys.type("okafor")
    keys.enter()
    shown = page.card.cues_shown()
    assert shown[0] == f"Birthday on {soon.strftime('%A')}"
    assert "Ask about Mia — started university" in shown
    assert "Usually: oat flat white" in shown and len(shown) == 3
    assert page.card.tier.text() == "Bronze" and page.card.balance.text() == "5"
    assert "1 visit" in page.card.meta.text()


def test_sale_records_the_staff_member_at_the_till(page, keys, make_contact) -> None:
    sam = staff.add_staff("Sam")
    page.staff_picker.reload(page.context.staff_id)
    page.staff_picker.setCurrentIndex(page.staff_picker.findData(sam))
    assert page.context.staff_id == sam
    page.finder.input.setFocus()
    make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    keys.type("3")
    keys.enter()
    assert Sale.get().staff_id == sam and PointsEntry.get().staff_id == sam


def test_history_dialog_refund_and_csv(page, keys, anna, tmp_path, qtbot) -> None:
    keys.type("20")
    keys.enter()
    keys.press(Qt.Key.Key_F9)
    dialog = page.actions.history_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.confirm = lambda parent, text: True
    kinds = [dialog.model.data(dialog.model.index(r, 1)) for r in range(dialog.model.rowCount())]
    assert kinds == ["Sale", "Points earned"]
    dialog.table.selectRow(kinds.index("Sale"))
    qtbot.keyClicks(dialog.refund_reason, "wrong cake")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert "20 points taken back" in dialog.message.text()
    assert ledger.balance(anna) == 0 and Sale.select().count() == 2
    refund = Sale.get(Sale.refund_of.is_null(False))
    assert refund.note == "wrong cake" and refund.amount_minor == -2000
    kinds = [dialog.model.data(dialog.model.index(r, 1)) for r in range(dialog.model.rowCount())]
    assert "Sale (refunded)" in kinds
    dialog.table.selectRow(kinds.index("Sale (refunded)"))
    assert not dialog.refund_button.isEnabled()  # a sale is refunded once
    out = tmp_path / "history.csv"
    assert dialog.export_to(out) == 4
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["Type"] for r in rows} == {"sale", "earn", "refund"}
    assert any(r["Amount"] == "-20.00" for r in rows)
    dialog.accept()
    assert page.card.balance.text() == "0"


def test_unknown_card_code_says_so(page, keys, make_contact) -> None:
    cid = make_contact("Anna", "Schmidt")
    real = Contact.get_by_id(cid).card_code
    fake = loyalty.new_card_code()
    assert fake != real
    keys.type(fake)
    keys.enter()
    assert "No customer has card" in page.finder.hint.text() and page.contact_id is None


@pytest.mark.parametrize(
    ("locale", "currency", "typed", "shown", "points"),
    [("de_DE", "EUR", "12,50", "12,50\xa0€", 12), ("ja_JP", "JPY", "1250", "￥1,250", 1250)],
)
def test_amounts_in_the_shops_locale_and_currency(
    page, keys, make_contact, locale, currency, typed, shown, points
) -> None:
    from relbook.services import settings

    settings.set_value("shop.locale", locale)
    settings.set_value("shop.currency", currency)
    page.hub.settings_changed.emit()
    cid = make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    assert page.sale.amount.currency.text() == page.money.symbol
    keys.type(typed)
    assert page.sale.amount.hint.text().startswith(f"Earns {points} points")
    keys.enter()
    assert f"Recorded {shown}" in page.status()
    sale = Sale.get()
    assert (sale.amount_minor, sale.currency) == (1250, currency)
    assert ledger.balance(cid) == points


def test_the_result_list_passes_the_model_tester(
    page, keys, make_contact, long_name, qtmodeltester
) -> None:
    twins = [make_contact("Tom", "Berg", phone=f"+49 171 555 01{i}1") for i in range(2)]
    longest = make_contact(long_name[0], "Berg")
    keys.type("berg")
    model = page.finder.results_model
    shown = [model.index(r).data() for r in range(model.rowCount())]
    assert sorted(model.contact_id(r) for r in range(3)) == sorted([*twins, longest])
    assert sum(line.startswith("Tom Berg\n") for line in shown) == 2  # told apart by phone
    qtmodeltester.check(model, force_py=True)
    for cid in twins:  # both served: the recent list shows the namesakes too
        page.select_contact(cid)
        keys.type("5")
        keys.enter()
    page.clear_all()
    assert page.finder.results_title.text() == "Recently served"
    assert [model.contact_id(r) for r in range(2)] == twins[::-1]
    qtmodeltester.check(model, force_py=True)


def test_the_history_table_passes_the_model_tester(anna, qtmodeltester) -> None:
    from relbook.services.money import shop_money
    from relbook.ui.counter.history_dialog import history_columns
    from relbook.ui.widgets.table import TableModel

    for _ in range(2):  # the same coffee twice in one morning: two rows, not one
        sales.record_sale(anna, 480, note="oat flat white")
    long_reason = "Points for the birthday cake order that came out of the oven late " * 3
    loyalty.adjust(anna, 10, long_reason)
    model = TableModel(history_columns(shop_money()))
    model.set_rows(sales.history(anna))
    whats = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert whats.count("Sale") == 2 and "Adjustment" in whats
    assert any(long_reason.strip() in (model.index(r, 4).data() or "") for r in range(6))
    qtmodeltester.check(model, force_py=True)
