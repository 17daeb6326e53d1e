"""End to end: print a customer's loyalty card, read it back like a scanner, type what the
scanner read into the Counter input, and see the right customer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_loyalty_cards
from relbook.services import plugins
from relbook.store.models import Contact


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")  # offscreen
def test_printed_card_scans_to_the_customer_at_the_counter(
    db, qtbot, make_contact, decode_pdf_codes
) -> None:
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    make_contact("Bernd", "Müller")
    cid = make_contact("Margaret", "Okafor")
    contact = Contact.get_by_id(cid)
    pdf = render_loyalty_cards(
        [LoyaltyCardPrint(name=contact.display_name, code=contact.card_code, shop_name="Café")],
        sheet="a4",
    )
    codes = decode_pdf_codes(pdf, 0)
    formats = {fmt for fmt, _ in codes}
    assert {"Code128", "QRCode"} <= formats
    scanned = next(text for fmt, text in codes if fmt == "Code128")

    page = CounterPage(AppContext(Hub()))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.finder.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.finder.input)
    for ch in scanned:  # the scanner is a keyboard: one key per character, then Enter
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert page.contact_id == cid
    assert page.card.name.text() == "Margaret Okafor"
    assert QApplication.focusWidget() is page.sale.amount.input
    # the QR code carries the same card
    qr = next(text for fmt, text in codes if fmt == "QRCode")
    assert qr.replace("-", "").upper() == scanned.replace("-", "").upper()
