"""The contact card as a person reads and types it: phones shown the way people read
them, every duplicate reason warned about while typing, the shop's country followed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relbook.services import contacts, settings
from relbook.services.dates import PartialDate
from relbook.store.models import Phone

CTRL = Qt.KeyboardModifier.ControlModifier


def shown_names(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def open_by_search(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.search, text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)


@pytest.fixture
def typed_digits(make_contact) -> int:
    """A number typed once as bare digits, as people often do at the till."""
    return make_contact("Chiamaka", "Adéwálé", phone="2122361856", city="Portland")


def test_a_stored_phone_is_shown_the_way_people_read_it(typed_digits, contacts_page, qtbot):
    page = contacts_page
    open_by_search(qtbot, page, "chiamaka")
    (row,) = page.editor.phones.rows
    assert row.number.text() == "(212) 236-1856"
    assert page.table.model().index(0, 1).data() == "(212) 236-1856"
    assert not row.warning.isVisible()
    assert page.editor.dirty is False  # showing it nicely is not an edit


def test_saving_another_field_leaves_the_number_as_stored(typed_digits, contacts_page, qtbot):
    page = contacts_page
    open_by_search(qtbot, page, "chiamaka")
    city = page.editor.fields["city"]
    city.selectAll()
    qtbot.keyClicks(city, "Salem")
    qtbot.keyClick(city, Qt.Key.Key_S, CTRL)
    assert not page.editor.error.isVisible(), page.editor.error.text()
    phone = Phone.get(Phone.contact == typed_digits)
    assert (phone.raw, phone.e164) == ("2122361856", "+12122361856")
    assert contacts.get_contact(typed_digits).data.city == "Salem"


def test_a_changed_number_is_stored_and_shown_formatted(typed_digits, contacts_page, qtbot):
    page = contacts_page
    open_by_search(qtbot, page, "chiamaka")
    number = page.editor.phones.rows[0].number
    number.selectAll()
    qtbot.keyClicks(number, "5032841937")
    qtbot.keyClick(number, Qt.Key.Key_S, CTRL)
    phone = Phone.get(Phone.contact == typed_digits)
    assert phone.e164 == "+15032841937"
    assert page.editor.phones.rows[0].number.text() == "(503) 284-1937"
    assert "(503) 284-1937" in [page.table.model().index(r, 1).data() for r in range(1)]


def test_a_number_kept_as_typed_is_shown_as_typed(make_contact, contacts_page, qtbot):
    make_contact("Tom", "Reed", phone="ask for Tom: 4471")
    page = contacts_page
    open_by_search(qtbot, page, "reed")
    row = page.editor.phones.rows[0]
    assert row.number.text() == "ask for Tom: 4471"
    assert row.warning.isVisible() and "kept as typed" in row.warning.text()


def test_duplicate_banner_for_a_known_email(make_contact, contacts_page, qtbot) -> None:
    anna = make_contact("Anna", "Schmidt", email="anna@example.de")
    page = contacts_page
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.editor.fields["given_name"], "A.")
    qtbot.keyClicks(page.editor.emails.rows[0].address, "ANNA@example.de")
    qtbot.waitUntil(page.banner.isVisible, timeout=2000)
    assert [(m.contact_id, m.reason) for m in page.banner.matches] == [(anna, "same email address")]
    assert contacts.count_contacts() == 1  # a warning, nothing stored


def test_duplicate_banner_for_name_and_birthday(make_contact, contacts_page, qtbot) -> None:
    jose = make_contact("José", "García", birthday=PartialDate(5, 1, 1980))
    page = contacts_page
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.editor.fields["given_name"], "Jose")
    qtbot.keyClicks(page.editor.fields["family_name"], "Garcia")
    qtbot.wait(400)
    assert not page.banner.isVisible()  # a shared name alone is not a duplicate
    qtbot.keyClicks(page.editor.birthday.edit, "1 May")
    qtbot.waitUntil(page.banner.isVisible, timeout=2000)
    assert [(m.contact_id, m.reason) for m in page.banner.matches] == [
        (jose, "same name and birthday")
    ]
    page.editor.birthday.edit.clear()
    qtbot.keyClicks(page.editor.birthday.edit, "2 May")
    qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=2000)


def test_the_banner_is_only_for_new_contacts(make_contact, contacts_page, qtbot) -> None:
    make_contact("Anna", "Schmidt", email="anna@example.de")
    make_contact("Ben", "Ode")
    page = contacts_page
    open_by_search(qtbot, page, "ben")
    address = page.editor.emails.rows[0].address
    qtbot.keyClicks(address, "anna@example.de")
    qtbot.wait(400)
    assert not page.banner.isVisible()


def test_the_shops_country_is_followed_when_settings_change(make_contact, contacts_page, qtbot):
    cid = make_contact("Käthe", "Schröder", phone="+49 151 12345678")
    page = contacts_page
    open_by_search(qtbot, page, "kathe")
    assert page.editor.phones.rows[0].number.text() == "+49 1511 2345678"
    settings.set_value("shop.phone_region", "DE")
    page.hub.settings_changed.emit()
    assert page.editor.phones.rows[0].number.text() == "01511 2345678"
    assert page.editor.contact_id == cid and page.editor.dirty is False
    assert shown_names(page) == ["Käthe Schröder"]
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    number = page.editor.phones.rows[0]
    qtbot.keyClicks(number.number, "030 1234567")
    assert not number.warning.isVisible()  # a Berlin number, read as German now


def test_a_new_card_shows_no_buttons_about_a_stored_person(typed_digits, contacts_page, qtbot):
    page = contacts_page
    assert page.story_button.isVisible() and page.privacy_button.isVisible()
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    assert not page.story_button.isVisible() and not page.privacy_button.isVisible()
    assert not page.archive_button.isEnabled()
