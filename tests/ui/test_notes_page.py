"""The Notes page by keys and clicks: queue → personalise → preview → print → on record."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from relbook.services import notes, sales
from relbook.ui.notes.page import NotesPage


class FakePrinter:
    """Stands in for relbook.ui.printing: keeps what would have gone to the printer."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.printed: list[bytes] = []

    def preview_and_print(self, _parent, pdf: bytes, _title: str) -> bool:
        self.printed.append(pdf)
        return self.accept

    def save_pdf(self, _parent, pdf: bytes, _name: str) -> Path | None:
        self.printed.append(pdf)
        return Path("/tmp/x.pdf") if self.accept else None


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def page(qtbot, context, make_contact):
    anna = make_contact("Anna", "Schmidt")
    sales.record_sale(anna, 25_000)
    printer = FakePrinter()
    widget = NotesPage(context, printer=printer)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.fake_printer = printer
    widget.anna = anna
    return widget


def select_first(qtbot, page: NotesPage) -> None:
    page.queue_view.setFocus()
    qtbot.keyClick(page.queue_view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.editor.isEnabled() and page.preview.renders > 0)


def test_queue_shows_the_big_sale_and_the_preview_renders_the_note(qtbot, page) -> None:
    assert page.queue.rowCount() == 1
    assert "Anna Schmidt" in page.queue.data(page.queue.index(0))
    select_first(qtbot, page)
    assert page.editor.toPlainText().startswith("Dear Anna,")
    assert page.preview.pdf is not None
    assert pdf_text(page.preview.pdf).startswith("Dear Anna,")


def test_editing_updates_the_preview_after_typing_stops(qtbot, page) -> None:
    select_first(qtbot, page)
    before = page.preview.renders
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.editor, " PS: the lemon tart is on us next time")
    assert page.preview.renders == before  # not on every key
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert "lemon tart is on us" in pdf_text(page.preview.pdf)


def test_print_puts_the_note_on_record_and_empties_the_queue(qtbot, page) -> None:
    select_first(qtbot, page)
    qtbot.keyClicks(page.editor, "Hi! ")
    qtbot.waitUntil(lambda: "Hi!" in pdf_text(page.preview.pdf), timeout=3000)
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(page.fake_printer.printed) == 1
    assert "Hi!" in pdf_text(page.fake_printer.printed[0])
    record = notes.history(page.anna)
    assert len(record) == 1 and record[0].occasion == "purchase" and "Hi!" in record[0].text
    assert page.queue.rowCount() == 0
    assert "put on record" in page.status.text()


def test_cancelled_print_records_nothing(qtbot, page) -> None:
    page.fake_printer.accept = False
    select_first(qtbot, page)
    page.print_button.click()
    assert notes.history(page.anna) == []
    assert page.queue.rowCount() == 1


def test_unfillable_field_blocks_printing_with_a_message(qtbot, page) -> None:
    select_first(qtbot, page)
    page.editor.selectAll()
    qtbot.keyClicks(page.editor, "Love to {partner_name}")
    qtbot.waitUntil(lambda: "partner" in page.status.text().lower(), timeout=3000)
    assert not page.print_button.isEnabled()
    page.on_print()
    assert page.fake_printer.printed == []


def test_batch_of_ticked_rows_and_skip(qtbot, page, make_contact) -> None:
    ben = make_contact("Ben", "Okafor")
    sales.record_sale(ben, 30_000)
    page.refresh()
    assert page.queue.rowCount() == 2
    page.tick_all.click()
    assert page.batch_button.isEnabled()
    page.batch_button.click()
    text = pdf_text(page.fake_printer.printed[-1])
    assert "Dear Anna," in text and "Dear Ben," in text
    assert {len(notes.history(page.anna)), len(notes.history(ben))} == {1}
    assert page.queue.rowCount() == 0


def test_skip_by_delete_key(qtbot, page) -> None:
    select_first(qtbot, page)
    page.queue_view.setFocus()
    qtbot.keyClick(page.queue_view, Qt.Key.Key_Delete)
    assert page.queue.rowCount() == 0
    assert notes.history(page.anna)[0].status == "skipped"


def test_queue_model(qtmodeltester, page) -> None:
    qtmodeltester.check(page.queue)
