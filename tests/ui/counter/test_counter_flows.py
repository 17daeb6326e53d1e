"""The three counter flows, driven by keys only, counting every key press."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services.codes import compact_code
from relbook.services.loyalty import ledger
from relbook.store.models import Contact, Phone, PointsEntry, Sale


def test_returning_customer_by_scan_then_amount_and_enter(page, keys, make_contact) -> None:
    cid = make_contact("Margaret", "Okafor")
    code = Contact.get_by_id(cid).card_code
    keys.type(compact_code(code))  # the scanner: fast keys, then Enter
    keys.enter()
    assert page.card.name.text() == "Margaret Okafor"
    assert QApplication.focusWidget() is page.sale.amount.input

    keys.count = 0
    keys.type("12.50")
    assert "Earns 12 points" in page.sale.amount.hint.text()  # live, before Enter
    keys.enter()
    assert keys.count == len("12.50") + 1  # the sale: the amount digits + Enter
    sale = Sale.get()
    assert (sale.contact_id, sale.amount_minor, sale.staff_id) == (cid, 1250, page.context.staff_id)
    assert page.card.balance.text() == "12" and ledger.balance(cid) == 12
    assert "Recorded $12.50" in page.status()


def test_returning_customer_by_name_four_letters(page, keys, make_contact) -> None:
    make_contact("Anna", "Schmidt")
    make_contact("Bernd", "Müller")
    zoe = make_contact("Zoe", "Quandt")
    keys.type("zoe")
    letters = keys.count
    keys.enter()
    keys.type("8.40")
    keys.enter()
    assert letters <= 4
    assert keys.count == letters + 1 + len("8.40") + 1
    assert page.card.name.text() == "Zoe Quandt"
    assert Sale.get().contact_id == zoe and Sale.get().amount_minor == 840
    assert ledger.balance(zoe) == 8


def test_new_customer_name_tab_phone_enter(page, keys, db) -> None:
    keys.type("Jo Bloggs")
    assert page.finder.quick_add.isVisible()
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.finder.quick_add.phone
    keys.type("0151 2345678")
    keys.enter()
    assert keys.count == len("Jo Bloggs") + 1 + len("0151 2345678") + 1
    contact = Contact.get()
    assert (contact.given_name, contact.family_name) == ("Jo", "Bloggs")
    assert Phone.get().contact_id == contact.id and contact.card_code
    assert page.contact_id == contact.id and page.card.name.text() == "Jo Bloggs"
    assert QApplication.focusWidget() is page.sale.amount.input
    keys.type("3")
    keys.enter()
    assert Sale.get().contact_id == contact.id


def test_esc_clears_for_the_next_customer(page, keys, make_contact) -> None:
    make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    keys.type("5")
    keys.press(Qt.Key.Key_Escape)
    assert page.contact_id is None and page.sale.amount.input.text() == ""
    assert page.stack.currentIndex() == 0
    assert QApplication.focusWidget() is page.finder.input
    assert Sale.select().count() == 0


def test_double_enter_and_bouncing_scanner_record_once(page, keys, make_contact) -> None:
    cid = make_contact("Anna", "Schmidt")
    code = compact_code(Contact.get_by_id(cid).card_code)
    keys.type(code)
    keys.enter()
    keys.type("4.20")
    keys.enter()
    keys.enter()  # a bounce
    keys.type(code)  # the scanner fires again
    keys.enter()
    keys.enter()
    assert Sale.select().count() == 1
    assert page.contact_id == cid and PointsEntry.select().count() == 1


def test_same_amount_twice_within_a_moment_is_ignored(page, keys, make_contact) -> None:
    make_contact("Anna", "Schmidt")
    keys.type("anna")
    keys.enter()
    keys.type("2")
    keys.enter()
    page.sale.amount.input.setFocus()
    keys.type("2")
    keys.enter()  # the same customer and amount again within 1.5 s
    assert Sale.select().count() == 1
