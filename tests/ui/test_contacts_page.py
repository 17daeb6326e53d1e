"""The Contacts page driven as a person at the till drives it: by keys."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import contacts
from relbook.services.dates import PartialDate
from relbook.ui.widgets.messages import Answer

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    return {
        "anna": make_contact("Anna", "Schmidt", phone="+49 171 5558642",
                             email="anna@example.de", city="Berlin"),
        "jose": make_contact("José", "García", phone="+34 612 345 678"),
        "hans": make_contact("Hans", "Müller", email="hans@example.de"),
    }  # fmt: skip


def shown_names(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def test_search_box_has_focus_and_finds_as_you_type(people, contacts_page, qtbot) -> None:
    page = contacts_page
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "mull")
    assert shown_names(page) == ["Hans Müller"]
    qtbot.keyClicks(page.search, "x")
    assert shown_names(page) == []
    assert "Nobody matches" in page.list.empty_hint.text()
    press(qtbot, page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert shown_names(page) == ["José García", "Hans Müller", "Anna Schmidt"]


def test_last_phone_digits_and_enter_open_the_first_result(people, contacts_page, qtbot) -> None:
    page = contacts_page
    qtbot.keyClicks(page.search, "8642")
    press(qtbot, page.search, Qt.Key.Key_Return)
    assert page.editor.contact_id == people["anna"]
    assert page.editor.title.text() == "Anna Schmidt"
    assert page.editor.fields["city"].text() == "Berlin"


def test_ctrl_f_returns_to_the_search_box(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.editor.fields["city"].setFocus()
    press(qtbot, page.editor.fields["city"], Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()


def test_edit_a_field_and_save_with_ctrl_s(people, contacts_page, qtbot) -> None:
    page = contacts_page
    qtbot.keyClicks(page.search, "schmidt")
    press(qtbot, page.search, Qt.Key.Key_Return)
    city = page.editor.fields["city"]
    city.selectAll()
    qtbot.keyClicks(city, "Potsdam")
    with qtbot.waitSignal(page.hub.contact_changed) as signal:
        press(qtbot, city, Qt.Key.Key_S, CTRL)
    assert signal.args == [people["anna"]]
    assert contacts.get_contact(people["anna"]).data.city == "Potsdam"
    assert page.editor.dirty is False
    assert "Saved Anna Schmidt" in page.notice.text()


def test_rename_updates_the_row(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Hans Müller"))
    family = page.editor.fields["family_name"]
    family.selectAll()
    qtbot.keyClicks(family, "Meier")
    press(qtbot, family, Qt.Key.Key_S, CTRL)
    assert "Hans Meier" in shown_names(page)
    assert "Hans Müller" not in shown_names(page)
    assert page.table.currentIndex().data() == "Hans Meier"


def test_create_a_new_contact_by_keys(people, main_window, contacts_page, qtbot) -> None:
    page = contacts_page
    press(qtbot, page.search, Qt.Key.Key_N, CTRL)
    assert page.editor.title.text() == "New contact"
    assert page.editor.fields["given_name"].hasFocus()
    qtbot.keyClicks(page.editor.fields["given_name"], "Mei")
    qtbot.keyClicks(page.editor.fields["family_name"], "Tanaka")
    qtbot.keyClicks(page.editor.phones.rows[0].number, "+1 503 555 0199")
    qtbot.keyClicks(page.editor.birthday.edit, "14 March")
    qtbot.keyClicks(page.editor.tags, "regular, tea")
    press(qtbot, page.editor.tags, Qt.Key.Key_S, CTRL)
    found = contacts.list_contacts()
    mei = next(row for row in found if row.display_name == "Mei Tanaka")
    stored = contacts.get_contact(mei.id).data
    assert stored.birthday == PartialDate(3, 14)
    assert stored.tags == ["regular", "tea"]
    assert stored.phones[0].number == "+1 503 555 0199"
    assert "Mei Tanaka" in shown_names(page)
    assert page.table.currentIndex().data() == "Mei Tanaka"
    assert main_window.counts.text() == "4 contacts"


def test_new_contact_starts_from_what_was_searched(people, contacts_page, qtbot) -> None:
    page = contacts_page
    qtbot.keyClicks(page.search, "Priya Raman")
    press(qtbot, page.search, Qt.Key.Key_N, CTRL)
    assert page.editor.fields["given_name"].text() == "Priya"
    assert page.editor.fields["family_name"].text() == "Raman"


def test_duplicate_banner_while_typing_a_known_phone(people, contacts_page, qtbot) -> None:
    page = contacts_page
    press(qtbot, page.search, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.editor.fields["given_name"], "Ann")
    qtbot.keyClicks(page.editor.phones.rows[0].number, "+49 (171) 555-8642")
    qtbot.waitUntil(page.banner.isVisible, timeout=2000)
    assert [m.contact_id for m in page.banner.matches] == [people["anna"]]
    assert "same phone number" in page.banner.matches[0].reason
    button = page.banner.findChildren(type(page.card.new_button))[0]
    assert button.text() == "Open Anna Schmidt"
    page.messenger.answers.append(Answer.DISCARD)  # leave the half-typed draft
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.editor.contact_id == people["anna"]
    assert not page.banner.isVisible()
    assert contacts.count_contacts() == 3


def test_no_banner_for_a_new_person(people, contacts_page, qtbot) -> None:
    page = contacts_page
    press(qtbot, page.search, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.editor.phones.rows[0].number, "+1 503 555 0100")
    qtbot.wait(400)
    assert not page.banner.isVisible()


def test_archive_with_delete_and_undo_with_ctrl_z(
    people, main_window, contacts_page, qtbot
) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    page.table.setFocus()
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert contacts.get_contact(people["anna"]).archived
    assert "Anna Schmidt" not in shown_names(page)
    assert page.notice_bar.isVisible()
    assert page.notice.text() == "Archived Anna Schmidt."
    assert page.notice_bar.undo_button.isVisible()
    assert main_window.counts.text() == "2 contacts  ·  1 archived"
    press(qtbot, page.table, Qt.Key.Key_Z, CTRL)
    assert not contacts.get_contact(people["anna"]).archived
    assert "Anna Schmidt" in shown_names(page)
    assert page.editor.contact_id == people["anna"]
    assert main_window.counts.text() == "3 contacts"


def test_an_empty_book_and_an_empty_archive_say_so(contacts_page, qtbot) -> None:
    page = contacts_page
    assert page.model.rowCount() == 0
    assert page.list.empty_hint.isVisible()
    assert page.list.empty_hint.text().startswith("The book is empty. Press Ctrl+N")
    page.list.show_archived.click()
    assert page.list.empty_hint.text() == "No archived contacts."


def test_down_and_enter_go_from_the_box_through_the_list_to_the_card(
    people, contacts_page, qtbot
) -> None:
    page = contacts_page
    press(qtbot, page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.current_row() == 0
    press(qtbot, page.table, Qt.Key.Key_Down)
    assert page.editor.contact_id == page.model.contact_id(1)
    press(qtbot, page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor.isAncestorOf(QApplication.focusWidget()))


def test_show_archived_finds_and_restores(people, contacts_page, qtbot) -> None:
    contacts.archive_contact(people["jose"])
    page = contacts_page
    page.list.show_archived.click()
    assert shown_names(page) == ["José García"]
    qtbot.keyClicks(page.search, "garc")
    assert shown_names(page) == ["José García"]
    press(qtbot, page.search, Qt.Key.Key_Return)
    assert page.archive_button.text() == "Restore"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert not contacts.get_contact(people["jose"]).archived
    assert shown_names(page) == []
    page.list.show_archived.click()
    assert "José García" in shown_names(page)


def test_bad_email_is_named_inline_and_nothing_is_stored(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    email = page.editor.emails.rows[0].address
    email.selectAll()
    qtbot.keyClicks(email, "anna@nowhere")
    city = page.editor.fields["city"]
    city.selectAll()
    qtbot.keyClicks(city, "Hamburg")
    press(qtbot, city, Qt.Key.Key_S, CTRL)
    assert page.editor.error.isVisible()
    assert "Email 1" in page.editor.error.text()
    assert "anna@nowhere" in page.editor.error.text()
    assert email.hasFocus()
    stored = contacts.get_contact(people["anna"]).data
    assert stored.emails[0].address == "anna@example.de"
    assert stored.city == "Berlin"


def test_date_errors_show_inline_and_block_saving(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    qtbot.keyClicks(page.editor.birthday.edit, "31 February")
    assert "not a real date" in page.editor.birthday.hint.text()
    press(qtbot, page.editor.birthday.edit, Qt.Key.Key_S, CTRL)
    assert "Birthday" in page.editor.error.text()
    assert page.editor.birthday.edit.hasFocus()
    assert contacts.get_contact(people["anna"]).data.birthday is None
    page.editor.birthday.edit.clear()
    qtbot.keyClicks(page.editor.birthday.edit, "14.03.1990")
    assert page.editor.birthday.hint.text() == "March 14, 1990"  # shown the shop's way
    page.editor.birthday.edit.clear()
    qtbot.keyClicks(page.editor.birthday.edit, "3/14/90")  # typed the US way, month first
    assert page.editor.birthday.hint.text() == "March 14, 1990"
    press(qtbot, page.editor.birthday.edit, Qt.Key.Key_S, CTRL)
    assert not page.editor.error.isVisible()
    assert contacts.get_contact(people["anna"]).data.birthday == PartialDate(3, 14, 1990)


def test_phone_kept_as_typed_is_flagged(people, contacts_page, qtbot) -> None:
    page = contacts_page
    press(qtbot, page.search, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.editor.fields["given_name"], "Ola")
    row = page.editor.phones.rows[0]
    qtbot.keyClicks(row.number, "12345")
    assert row.warning.isVisible()
    assert "kept as typed" in row.warning.text()
    press(qtbot, row.number, Qt.Key.Key_S, CTRL)
    assert page.editor.warnings.isVisible()
    assert "12345" in page.editor.warnings.text()


def test_family_member_consent_and_second_phone_are_stored(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    editor = page.editor
    qtbot.mouseClick(editor.details.add_button, Qt.MouseButton.LeftButton)
    detail = editor.details.rows[-1]
    detail.kind.setCurrentIndex(detail.kind.findData("family"))
    qtbot.keyClicks(detail.name, "Lena")
    qtbot.keyClicks(detail.relation, "daughter")
    qtbot.keyClicks(detail.birthday.edit, "2 June")
    qtbot.mouseClick(editor.details.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.details.rows[-1].text, "Oat milk flat white")
    qtbot.mouseClick(editor.phones.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.phones.rows[-1].number, "+49 30 5550 987")
    editor.consent["email"].check.click()
    qtbot.keyClicks(editor.how_met, "Spring market")
    press(qtbot, editor.how_met, Qt.Key.Key_S, CTRL)
    assert not editor.error.isVisible(), editor.error.text()
    data = contacts.get_contact(people["anna"]).data
    family, preference = data.details
    assert (family.kind, family.name, family.relation) == ("family", "Lena", "daughter")
    assert family.birthday == PartialDate(6, 2)
    assert (preference.kind, preference.text) == ("interest", "Oat milk flat white")
    assert [p.number for p in data.phones] == ["+49 171 5558642", "+49 30 5550 987"]
    assert data.consent_email == dt.date.today()
    assert data.consent_mail is None
    assert data.how_met == "Spring market"


def test_removing_a_phone_row_removes_the_number(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    qtbot.mouseClick(page.editor.phones.rows[0].remove_button, Qt.MouseButton.LeftButton)
    press(qtbot, page.editor.fields["city"], Qt.Key.Key_S, CTRL)
    assert contacts.get_contact(people["anna"]).data.phones == []


def test_unsaved_changes_are_asked_about(people, contacts_page, qtbot) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("Anna Schmidt"))
    qtbot.keyClicks(page.editor.fields["nickname"], "Annie")
    page.messenger.answers.extend([Answer.CANCEL, Answer.SAVE])
    page.list.select_row(shown_names(page).index("Hans Müller"))
    assert page.editor.contact_id == people["anna"]  # cancelled: still on Anna
    assert page.table.currentIndex().data() == "Anna Schmidt"
    page.list.select_row(shown_names(page).index("Hans Müller"))
    assert page.editor.contact_id == people["hans"]
    assert contacts.get_contact(people["anna"]).data.nickname == "Annie"
    assert page.messenger.questions == ["Anna Schmidt", "Anna Schmidt"]


def test_other_pages_can_open_a_contact(people, contacts_page, qtbot) -> None:
    contacts_page.hub.show_page.emit("contacts", people["jose"])
    assert contacts_page.editor.title.text() == "José García"


def test_changes_made_elsewhere_refresh_the_line_and_the_card(people, contacts_page) -> None:
    page = contacts_page
    page.list.select_row(shown_names(page).index("José García"))
    record = contacts.get_contact(people["jose"])
    record.data.given_name = "Josefina"
    contacts.update_contact(people["jose"], record.data)
    page.hub.contact_changed.emit(people["jose"])  # as another page would
    assert "Josefina García" in shown_names(page)
    assert page.editor.title.text() == "Josefina García"
    contacts.archive_contact(people["hans"])
    page.hub.contact_changed.emit(people["hans"])
    assert "Hans Müller" not in shown_names(page)


def test_search_for_opens_the_best_match(people, contacts_page) -> None:
    contacts_page.search_for("garc")
    assert shown_names(contacts_page) == ["José García"]
    assert contacts_page.editor.contact_id == people["jose"]
    assert contacts_page.search.text() == "garc"
