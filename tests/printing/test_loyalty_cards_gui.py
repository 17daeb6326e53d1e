"""Printing loyalty cards from the app: the customer's card from the counter (Ctrl+L) and
batches ten to a sheet, read back (text with pypdf, codes with zxing-cpp), the printed
card scanned into the counter, a lost card replaced."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import plugins, settings
from relbook.services.loyalty import cards
from relbook.store.models import CardPrint, Contact

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class FakePrinter:
    """Stands in for relbook.ui.printing: keeps what would have gone to the printer."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.printed: list[bytes] = []
        self.names: list[str] = []

    def preview_and_print(self, _parent, pdf: bytes, _title: str) -> bool:
        self.printed.append(pdf)
        return self.accept

    def save_pdf(self, _parent, pdf: bytes, name: str) -> Path | None:
        self.printed.append(pdf)
        self.names.append(name)
        return Path(f"/tmp/{name}") if self.accept else None


def pdf_text(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def counter(db, qtbot):
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    settings.set_value("shop.name", "Café Morgenrot")
    printer = FakePrinter()
    page = CounterPage(AppContext(Hub()), printer=printer)
    qtbot.addWidget(page)
    page.resize(1200, 780)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.finder.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.finder.input)
    page.fake_printer = printer
    return page


def _type(qtbot, text: str) -> None:
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)


def _ctrl_l(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_print_the_customers_card_then_scan_it_back(counter, qtbot, make_contact,
                                                     decode_pdf_codes) -> None:  # fmt: skip
    make_contact("Bernd", "Müller")
    cid = make_contact("Margaret", "Okafor")
    _type(qtbot, "okafor")
    qtbot.keyClick(counter.finder.input, Qt.Key.Key_Return)
    _ctrl_l(qtbot)
    dialog = counter.actions.print_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.only_one.isChecked() and dialog.count_label.text() == "1 card on 1 sheet"
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    pdf = counter.fake_printer.printed[-1]
    assert "Margaret Okafor" in pdf_text(pdf)[0] and "CAFÉ MORGENROT" in pdf_text(pdf)[0]
    assert "Printed 1 loyalty card." in dialog.message.text()
    assert CardPrint.get().contact_id == cid
    assert cards.last_printed(cid) is not None
    dialog.accept()
    assert "Printed 1 loyalty card." in counter.status()

    codes = decode_pdf_codes(pdf, 0)
    assert {fmt for fmt, _ in codes} == {"Code128", "QRCode"}
    scanned = next(text for fmt, text in codes if fmt == "Code128")
    counter.activateWindow()  # the offscreen platform does not hand focus back by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter)
    qtbot.keyClick(counter, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is counter.finder.input and counter.contact_id is None
    make_contact("Zed", "Other")
    _type(qtbot, scanned)  # the scanner types the code, then Enter
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert counter.contact_id == cid and counter.card.name.text() == "Margaret Okafor"


def test_batch_of_everyone_without_a_card_ten_to_a_sheet(counter, qtbot, make_contact,
                                                         decode_pdf_codes) -> None:  # fmt: skip
    names = [f"Person{i:02d} Test" for i in range(12)]
    ids = [make_contact(*n.split()) for n in names]
    cards.mark_printed([ids[0]])  # one already has a printed card
    _ctrl_l(qtbot)  # nobody selected: the batches
    dialog = counter.actions.print_dialog
    assert not dialog.only_one.isVisible() and dialog.unprinted.isChecked()
    assert dialog.unprinted.text() == "Everyone without a printed card (11)"
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("a4"))
    assert dialog.count_label.text() == "11 cards on 2 sheets"
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    pdf = counter.fake_printer.printed[-1]
    pages = pdf_text(pdf)
    assert len(pages) == 2
    assert all(n in pages[0] for n in names[1:11]) and names[11] in pages[1]
    assert names[0] not in " ".join(pages)
    assert len([f for f, _ in decode_pdf_codes(pdf, 0) if f == "Code128"]) == 10
    assert counter.fake_printer.names[-1].startswith("loyalty-cards-")
    assert "Saved to loyalty-cards-" in dialog.message.text() and "11 loyalty cards" in (
        dialog.message.text()
    )
    assert dialog.unprinted.text() == "Everyone without a printed card (0)"
    assert settings.get(cards.SHEET_KEY) == "a4"
    assert dialog.start_at.value() == 2  # 11 cards from position 1: the next sheet has 1 used
    dialog.accept()


def test_a_card_that_cannot_print_is_left_out_and_named(counter, qtbot, make_contact) -> None:
    """A batch never stops for one name: the rest print, the owner is told who is left
    out and why, and only the printed cards count as printed."""
    ok = [make_contact("Anna", "Schmidt"), make_contact("Maria Fernanda da Silva", "Santos")]
    giant = make_contact("Q" * 70, "")
    _ctrl_l(qtbot)
    dialog = counter.actions.print_dialog
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    assert "1 card was left out" in dialog.message.text() and "QQQQ" in dialog.message.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = " ".join(pdf_text(counter.fake_printer.printed[-1]))
    assert "Anna Schmidt" in text and "Santos" in text and "QQQQ" not in text
    assert "2 loyalty cards" in dialog.message.text()
    assert cards.unprinted_ids() == [giant]
    assert sorted(c.contact_id for c in CardPrint.select()) == sorted(ok)
    dialog.accept()


def test_cancelled_print_marks_nothing(counter, qtbot, make_contact) -> None:
    make_contact("Anna", "Schmidt")
    counter.fake_printer.accept = False
    _ctrl_l(qtbot)
    dialog = counter.actions.print_dialog
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert "Not printed" in dialog.message.text()
    assert CardPrint.select().count() == 0 and cards.unprinted_ids() != []


def test_lost_card_gets_a_new_code_and_the_old_one_stops_working(counter, qtbot,
                                                                 make_contact) -> None:  # fmt: skip
    from relbook.services import loyalty

    cid = make_contact("Anna", "Schmidt")
    old = Contact.get_by_id(cid).card_code
    cards.mark_printed([cid])
    _type(qtbot, "anna")
    qtbot.keyClick(counter.finder.input, Qt.Key.Key_Return)
    counter.actions.print_button.click()
    dialog = counter.actions.print_dialog
    dialog._confirm = lambda parent, text: "old card will no longer work" in text
    qtbot.mouseClick(dialog.new_code_button, Qt.MouseButton.LeftButton)
    new = Contact.get_by_id(cid).card_code
    assert new != old and f"New card code {new}" in dialog.message.text()
    assert loyalty.find_by_card_code(old) is None and loyalty.find_by_card_code(new) == cid
    assert cards.unprinted_ids() == [cid]  # the new card is not printed yet
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert new in pdf_text(counter.fake_printer.printed[-1])[0]
    dialog.accept()
    assert counter.card.meta.text().startswith(f"Card {new}")


def test_what_the_printer_gets_still_scans(counter, qtbot, make_contact, tmp_path,
                                           decode_pdf_codes) -> None:  # fmt: skip
    from relbook.ui.printing import print_to_pdf_file

    cid = make_contact("Anna", "Schmidt")
    _ctrl_l(qtbot)
    dialog = counter.actions.print_dialog
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("single"))
    assert not dialog.start_at.isVisible() and dialog.count_label.text() == "1 card"
    qtbot.waitUntil(dialog.wait_until_ready, timeout=10_000)
    printed = tmp_path / "printer.pdf"
    assert print_to_pdf_file(dialog.pdf, printed, "Loyalty cards") == 1  # Qt's print path
    codes = dict(decode_pdf_codes(printed.read_bytes(), 0))
    code = Contact.get_by_id(cid).card_code.replace("-", "")
    assert codes["Code128"] == code and codes["QRCode"] == code
