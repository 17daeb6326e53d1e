"""Names in the contact card: family name first, the written form and the name a person
goes by, typed by keys and seen in the list, on the card and at the counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from relbook.services import contacts
from relbook.services.counter import cues

CTRL = Qt.KeyboardModifier.ControlModifier


def compose(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` the way a keyboard layout or input method delivers "ễ" and "ị": a
    committed string (QTest's key clicks know only ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    qtbot.wait(1)


def test_family_name_first_typed_in_the_editor(contacts_page, qtbot) -> None:
    page = contacts_page
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    editor = page.editor
    qtbot.keyClicks(editor.fields["given_name"], "Mai")
    compose(qtbot, editor.fields["middle_name"], "Thị")
    compose(qtbot, editor.fields["family_name"], "Nguyễn")
    shown_as = editor.fields["formatted_name"]
    assert shown_as.placeholderText() == "Mai Nguyễn"  # what "Shown as" left empty gives
    editor.name_order.setFocus()
    qtbot.keyClick(editor.name_order, Qt.Key.Key_Down)  # "Family name first"
    assert editor.name_order.currentText() == "Family name first"
    assert shown_as.placeholderText() == "Nguyễn Thị Mai"
    qtbot.keyClick(editor.name_order, Qt.Key.Key_S, CTRL)
    (row,) = [r for r in contacts.list_contacts() if r.display_name == "Nguyễn Thị Mai"]
    assert editor.title.text() == "Nguyễn Thị Mai"
    assert cues.cues(row.id)[0] == "Goes by Mai"
    # a name written its own way, and the name she goes by
    compose(qtbot, editor.fields["formatted_name"], "Cô Mai Nguyễn")
    qtbot.keyClicks(editor.fields["nickname"], "Mimi")
    qtbot.keyClick(editor.fields["nickname"], Qt.Key.Key_S, CTRL)
    stored = contacts.get_contact(row.id)
    assert stored.display_name == "Cô Mai Nguyễn"
    assert stored.data.name_order == "family_first" and stored.data.nickname == "Mimi"
    assert cues.cues(row.id)[0] == "Goes by Mimi"
    page.model.reload()
    names = [page.table.model().index(r, 0).data() for r in range(page.table.model().rowCount())]
    assert "Cô Mai Nguyễn" in names


def test_a_stored_order_is_shown_when_the_card_opens(contacts_page, make_contact, qtbot) -> None:
    cid = make_contact("Anna", "Nagy", name_order="family_first")
    contacts_page.model.reload()
    contacts_page.open_contact(cid)
    assert contacts_page.editor.title.text() == "Nagy Anna"
    assert contacts_page.editor.name_order.currentText() == "Family name first"
    assert contacts_page.editor.dirty is False
