"""Saved segments where they are used: the contact list shows a segment's people, the
Notes page writes to everyone in one (a ticked batch), exports get their ids."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from relbook.services import notes
from relbook.services.contacts import segment_uses, segments
from relbook.store.models.notes import SentNote


class FakePrinter:
    """Keeps what would have gone to the printer."""

    def __init__(self) -> None:
        self.printed: list[bytes] = []

    def preview_and_print(self, _parent, pdf: bytes, _title: str) -> bool:
        self.printed.append(pdf)
        return True

    def save_pdf(self, _parent, pdf: bytes, _name: str) -> Path | None:
        self.printed.append(pdf)
        return Path("/tmp/x.pdf")


@pytest.fixture
def tulips(make_contact) -> dict[str, int]:
    ids = {
        "anna": make_contact("Anna", "Zander", tags=["tulips"], phone="+1 503 555 0101"),
        "ben": make_contact("Ben", "Adler", tags=["tulips", "vip"]),
        "cy": make_contact("Cy", "Berg", tags=["roses"]),
    }
    ids["segment"] = segments.save_segment("Tulip lovers", {"tags": ["tulips"]})
    return ids


def test_contact_rows_in_the_order_given(tulips) -> None:
    rows = segment_uses.contact_rows([tulips["anna"], tulips["ben"], 9999])
    assert [r.display_name for r in rows] == ["Anna Zander", "Ben Adler"]
    assert rows[0].phone == "(503) 555-0101"


#: the offscreen platform cannot raise the combo box's popup or grab the keyboard
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
def test_contact_list_shows_a_segment_by_keys(qtbot, context, messenger, tulips) -> None:
    from relbook.ui.contacts.page import ContactsPage

    page = ContactsPage(context, messenger)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)

    def names() -> list[str]:
        return [page.model.row_at(r).display_name for r in range(page.model.rowCount())]

    assert names() == ["Ben Adler", "Cy Berg", "Anna Zander"]
    combo = page.list.segment_filter
    assert [combo.itemText(i) for i in range(combo.count())] == ["Everyone", "Tulip lovers"]
    segments.save_segment("Roses", {"tags": ["roses"]})  # saved meanwhile on the Care page
    combo.showPopup()  # the popup re-reads the list when it opens
    combo.hidePopup()
    assert [combo.itemText(i) for i in range(combo.count())] == ["Everyone", "Roses",
                                                                 "Tulip lovers"]  # fmt: skip
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert names() == ["Ben Adler", "Anna Zander"]
    assert page.editor.contact_id == tulips["ben"]  # the first of them is shown
    qtbot.keyClicks(page.search, "zander")
    assert names() == ["Anna Zander"]
    page.search.clear()
    qtbot.keyClicks(page.search, "berg")
    assert names() == []
    assert "Nobody in “Tulip lovers” matches “berg”." in page.list.empty_hint.text()
    page.search.clear()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert names() == ["Ben Adler", "Cy Berg", "Anna Zander"]


def test_notes_page_writes_to_a_segment(qtbot, context, tulips, make_contact) -> None:
    from relbook.store.models import Contact
    from relbook.ui.notes.page import NotesPage

    agreed = Contact.id.in_([tulips["anna"], tulips["ben"]])
    Contact.update(consent_mail=dt.date(2026, 3, 1)).where(agreed).execute()
    make_contact("Di", "Vogt", tags=["tulips"])  # never agreed to post: not written to
    printer = FakePrinter()
    page = NotesPage(context, printer=printer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.queue.segment_button.names() == ["Tulip lovers"]
    assert page.queue.model.rowCount() == 0
    page.queue.segment_button.menu_.actions()[0].trigger()
    assert [s.display_name for s in page.queue.checked()] == ["Ben Adler", "Anna Zander"]
    assert page.printing.batch_button.text() == "Print ticked (2)…"
    assert page.status.text().startswith("2 notes queued and ticked")
    assert page.status.text().endswith("1 left out: no consent to post.")
    page.printing.batch_button.click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(printer.printed[-1])).pages)
    assert "Anna" in text and "Ben" in text
    keys = sorted(k for (k,) in SentNote.select(SentNote.event_key).tuples())
    day = dt.date.today()
    assert keys == sorted(segment_uses.event_key(tulips["segment"], tulips[p], day)
                          for p in ("anna", "ben"))  # fmt: skip
    assert page.queue.model.rowCount() == 0  # written to: they leave the queue
    assert [n.reason for n in notes.history(tulips["anna"])] == ["In the segment “Tulip lovers”"]
    assert segment_uses.note_suggestions(tulips["segment"]) == []  # not twice the same day
