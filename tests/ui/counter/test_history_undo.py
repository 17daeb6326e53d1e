"""Undo from History (F9, Alt+U): the cashier takes back a redemption, a voucher or a
sale during the customer's visit; after "Next customer" only an owner may."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relbook.services import staff, vouchers
from relbook.services.loyalty import ledger
from relbook.services.staff import access
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import PointsEntry, Reversal, Sale


def _pick(page, keys, name: str) -> None:
    page.finder.input.setFocus()
    keys.type(name)
    keys.enter()


def _history(page, keys):
    keys.press(Qt.Key.Key_F9)
    dialog = page.actions.history_dialog
    assert dialog is not None and dialog.isVisible()
    asked: list[str] = []
    dialog.confirm = lambda parent, text: asked.append(text) or True
    return dialog, asked


def _kinds(dialog) -> list[str]:
    model = dialog.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())]


def test_the_cashier_undoes_a_redemption_during_the_visit(page, keys, make_contact, qtbot):
    anna = make_contact("Anna", "Schmidt")
    _pick(page, keys, "anna")
    keys.type("300")
    keys.enter()
    page.redeem.buttons[0].click()  # Free coffee, 100 points
    assert ledger.balance(anna) == 200
    dialog, asked = _history(page, keys)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # the keyboard is the dialog's, as on screen
    dialog.table.setFocus()
    dialog.table.selectRow(_kinds(dialog).index("Redeemed"))
    assert dialog.undo_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert "Type why" in dialog.message.text() and dialog.refund_reason.hasFocus()
    qtbot.keyClicks(dialog.refund_reason, "wrong customer")
    qtbot.keyClick(dialog.refund_reason, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert asked == ["Undo “Reward: Free coffee” for Anna Schmidt? (wrong customer)"]
    assert dialog.message.text() == "Undone: 100 points back. Balance 300."
    kinds = _kinds(dialog)
    assert "Redeemed (undone)" in kinds and "Undone" in kinds
    for row in ("Redeemed (undone)", "Undone"):
        dialog.table.selectRow(kinds.index(row))
        assert not dialog.undo_button.isEnabled()  # once, and never an undo of an undo
    dialog.accept()
    assert page.card.balance.text() == "300"
    record = Reversal.get()
    assert record.reason == "wrong customer" and record.staff_id == page.context.staff_id


def test_a_voucher_and_a_sale_are_undone_from_the_same_list(page, keys, make_contact, qtbot):
    anna = make_contact("Anna", "Schmidt")
    voucher = vouchers.issue(anna, "goodwill", VoucherValue.amount(500))
    _pick(page, keys, "anna")
    keys.type("12")
    keys.enter()
    vouchers.redeem(voucher.code, staff_id=page.context.staff_id)
    dialog, _ = _history(page, keys)
    kinds = _kinds(dialog)
    dialog.table.selectRow(kinds.index("Voucher redeemed"))
    qtbot.keyClicks(dialog.refund_reason, "scanned the wrong one")
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == f"Voucher {voucher.code} is open again."
    assert vouchers.get(voucher.id).state == "issued"
    dialog.table.selectRow(_kinds(dialog).index("Sale"))
    qtbot.keyClicks(dialog.refund_reason, "customer changed their mind")
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Sale ")
    assert "Sale (refunded)" in _kinds(dialog)
    assert Sale.select().where(Sale.amount_minor < 0).count() == 1


def test_after_next_customer_only_an_owner_may_undo(page, keys, make_contact, qtbot) -> None:
    owner, kim = staff.add_staff("Olga", "owner"), staff.add_staff("Kim")
    page.staff_picker.reload(page.context.staff_id)
    page.staff_picker.setCurrentIndex(page.staff_picker.findData(kim))
    access.set_pin(owner, "739184")
    access.enable_roles(True)  # Kim stays signed in at this till
    assert page.context.staff_id == kim
    anna = make_contact("Anna", "Schmidt")
    _pick(page, keys, "anna")
    keys.type("300")
    keys.enter()
    page.redeem.buttons[0].click()
    keys.press(Qt.Key.Key_Escape)  # next customer: the visit is over
    page.finder.input.setFocus()
    keys.press(Qt.Key.Key_Escape)
    _pick(page, keys, "anna")
    dialog, _ = _history(page, keys)
    dialog.table.selectRow(_kinds(dialog).index("Redeemed"))
    qtbot.keyClicks(dialog.refund_reason, "wrong customer")
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert "Only an owner may undo this" in dialog.message.text()
    assert (
        ledger.balance(anna) == 200
        and not PointsEntry.select().where(PointsEntry.kind == "undo").exists()
    )
    dialog.staff_id = owner  # the owner, signed in at this till
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Undone: 100 points back. Balance 300."
    assert Reversal.get().staff_id == owner
