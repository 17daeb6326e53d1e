"""The Settings page by keys: earn rate to the counter's preview, mistakes stored nowhere,
owner only with roles, unsaved changes asked about when leaving, Revert."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import loyalty, settings, staff
from relbook.services.staff import access
from relbook.store.models import Setting
from relbook.ui.widgets.messages import Answer
from tests.ui.settings.conftest import ctrl_s, retype


def test_f7_shows_the_sections_shop_first(settings_page) -> None:
    titles = [settings_page.list.item(i).text() for i in range(settings_page.list.count())]
    assert titles[:2] == ["Shop", "Loyalty"]
    assert settings_page.current_key() == "shop" and settings_page.heading.text() == "Shop"
    assert not settings_page.save_button.isEnabled()  # nothing changed yet


def test_earn_rate_saved_and_used_by_the_counter_preview(window, settings_page, qtbot,
                                                         make_contact) -> None:  # fmt: skip
    cid = make_contact("Anna", "Schmidt")
    settings_page.show_section("loyalty")
    section = settings_page.section("loyalty")
    retype(qtbot, section.points_per_unit, "2")
    assert settings_page.list.item(1).text() == "Loyalty  ●"
    assert "earns 25 points" in section.example.text()  # live, before saving
    with qtbot.waitSignal(settings_page.hub.settings_changed):
        ctrl_s(qtbot)
    assert settings_page.status() == "Saved Loyalty."
    assert loyalty.get_rules().points_per_unit == 2
    assert settings_page.list.item(1).text() == "Loyalty"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    counter = window.pages["counter"]
    assert window.current_page_key() == "counter"
    counter.select_contact(cid)
    qtbot.keyClicks(counter.sale.amount.input, "12.50")
    assert counter.sale.amount.hint.text().startswith("Earns 25 points")


def test_a_bad_value_shows_a_message_and_stores_nothing(settings_page, qtbot) -> None:
    before = list(Setting.select().tuples())
    settings_page.show_section("loyalty")
    section = settings_page.section("loyalty")
    retype(qtbot, section.points_per_unit, "lots")
    ctrl_s(qtbot)
    assert "type a number such as 1 or 1.5" in settings_page.status()
    assert "Loyalty was not saved" in settings_page.status()
    assert section.points_per_unit.property("invalid") is True
    assert QApplication.focusWidget() is section.points_per_unit
    retype(qtbot, section.points_per_unit, "-1")
    ctrl_s(qtbot)
    assert "type a number such as 1 or 1.5" in settings_page.status()
    assert list(Setting.select().tuples()) == before
    assert settings_page.has_changes()


def test_shop_mistake_stores_none_of_the_shop_boxes(settings_page, qtbot) -> None:
    section = settings_page.section("shop")
    retype(qtbot, section.name, "Cafe Morgenrot")
    retype(qtbot, section.max_sale, "a lot")
    ctrl_s(qtbot)
    assert "Largest sale: “a lot” is not an amount (write it like 1,234.50)." in (
        settings_page.status()
    )
    assert settings.get("shop.name") == "My Shop"  # the good box was not saved either
    retype(qtbot, section.max_sale, "250")
    retype(qtbot, section.name, "")
    ctrl_s(qtbot)
    assert "Shop name: type the name" in settings_page.status()
    assert QApplication.focusWidget() is section.name
    retype(qtbot, section.name, "Cafe Morgenrot")
    ctrl_s(qtbot)
    assert settings.get("shop.name") == "Cafe Morgenrot"
    assert loyalty.get_rules().max_sale_minor == 25_000


def test_only_an_owner_may_save_when_roles_are_on(settings_page, qtbot) -> None:
    owner = staff.ensure_default()
    access.set_pin(owner, "123456")
    access.enable_roles(True)
    sam = staff.add_staff("Sam")
    settings_page.context.staff_id = sam
    settings_page.on_staff_changed()  # what the page does when shown or told of a switch
    assert settings_page.notice.isVisible()
    assert "Only an owner may change settings" in settings_page.notice.text()
    section = settings_page.section("shop")
    retype(qtbot, section.name, "Sam's shop")
    ctrl_s(qtbot)
    assert "Only an owner may change settings" in settings_page.status()
    assert settings.get("shop.name") == "My Shop"
    settings_page.context.staff_id = owner
    settings_page.on_staff_changed()
    assert not settings_page.notice.isVisible()
    ctrl_s(qtbot)
    assert settings.get("shop.name") == "Sam's shop"


def test_leaving_with_unsaved_changes_asks(window, settings_page, qtbot, messenger) -> None:
    section = settings_page.section("shop")
    retype(qtbot, section.name, "Half typed")
    messenger.answers.extend([Answer.CANCEL, Answer.DISCARD])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert messenger.questions == ["the settings"]
    assert window.current_page_key() == "settings"  # Cancel: stay
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)
    assert window.current_page_key() == "contacts"  # Discard: go, nothing stored
    assert settings.get("shop.name") == "My Shop" and section.name.text() == "My Shop"
    window.show_page("settings")
    retype(qtbot, section.name, "Saved on the way out")
    messenger.answers.append(Answer.SAVE)
    window.show_page("counter")
    assert window.current_page_key() == "counter"
    assert settings.get("shop.name") == "Saved on the way out"


def test_closing_the_window_with_unsaved_changes_asks(window, settings_page, qtbot,
                                                      messenger) -> None:  # fmt: skip
    retype(qtbot, settings_page.section("shop").name, "Not yet")
    messenger.answers.append(Answer.CANCEL)
    window.close()
    assert window.isVisible() and messenger.questions == ["the settings"]


def test_revert_shows_what_is_stored(settings_page, qtbot) -> None:
    section = settings_page.section("shop")
    retype(qtbot, section.owner, "Somebody else")
    assert settings_page.revert_button.isEnabled()
    qtbot.mouseClick(settings_page.revert_button, Qt.MouseButton.LeftButton)
    assert section.owner.text() == "" and not settings_page.has_changes()
    assert "Changes undone" in settings_page.status()
