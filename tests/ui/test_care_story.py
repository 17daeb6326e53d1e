"""A customer's story (Ctrl+T) from the contact card and from the counter: the timeline
with quick-add and filter, Delete with Undo, tier and links — by keys, then stored."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from relbook.services import care, notes, plugins
from relbook.services.care import timeline
from relbook.services.contacts import relationships
from relbook.services.display import Display
from relbook.store.models import Sale, Staff
from relbook.ui.care.story import StoryDialog
from relbook.ui.care.timeline_view import TimelineModel


def _story_open(widget) -> bool:
    dialog = widget.findChild(StoryDialog, "storyDialog")
    return dialog is not None and dialog.isVisible()


def _story(widget) -> StoryDialog:
    dialog = widget.findChild(StoryDialog, "storyDialog")
    assert dialog is not None and dialog.isVisible(), "the Story window did not open"
    return dialog


@pytest.fixture
def contacts_page(qtbot, context, messenger):
    from relbook.ui.contacts.page import ContactsPage

    page = ContactsPage(context, messenger)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    return page


#: the offscreen platform cannot raise the name completer's popup or grab the keyboard
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
def test_story_from_the_contact_card_by_keys(qtbot, contacts_page, make_contact) -> None:
    from relbook.services.contacts import tags

    ada = make_contact("Ada", "Lovelace", tags=["VIP", "tulips"])
    vip = next(t for t in tags.list_tags() if t.name == "VIP")
    tags.set_colour(vip.id, "#b5525c")
    bo = make_contact("Bo", "Berg")
    Sale.create(contact=ada, amount_minor=1250, currency="USD",
                created_at=timeline.local_to_utc(dt.datetime(2026, 3, 2, 9, 30)))  # fmt: skip
    contacts_page.model.reload()
    contacts_page.open_contact(ada)
    assert contacts_page.story_button.isEnabled()
    contacts_page.search.setFocus()
    qtbot.keyClick(contacts_page.search, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    story = _story(contacts_page)
    assert story.title.text() == "Ada Lovelace"
    assert story.chips.names() == ["VIP", "tulips"]  # in their colours
    assert "#b5525c" in story.chips.findChildren(QLabel)[0].styleSheet()
    assert contacts_page.editor.tag_chips.names() == ["VIP", "tulips"]  # on the card too
    assert "no contact recorded yet" not in story.summary.text()  # the sale counts
    view = story.timeline
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.add_text)  # ready to type
    assert view.lines() == ["Mar 2, 2026, 9:30\u202fAM · Sale\n$12.50"]  # the shop's way (en_US)
    # quick-add: choose the kind with the keyboard, type, Enter
    view.add_kind.setFocus()
    qtbot.keyClicks(view.add_kind, "Call")
    assert view.add_kind.currentData() == "call"
    view.add_text.setFocus()
    qtbot.keyClicks(view.add_text, "Asked about the wedding flowers")
    qtbot.keyClick(view.add_text, Qt.Key.Key_Return)
    (call,) = timeline.list_entries(ada, kinds=["call"])
    assert call.text == "Asked about the wedding flowers"
    assert call.happened_at.date() == dt.date.today()
    assert view.lines()[0].endswith("· Call\nAsked about the wedding flowers")
    assert view.message.text() == "Call added to the timeline."
    assert "last in touch" in story.summary.text()
    # filter by kind
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("sale"))
    assert view.lines() == ["Mar 2, 2026, 9:30\u202fAM · Sale\n$12.50"]  # the shop's way (en_US)
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("meeting"))
    assert view.lines() == [] and view.empty.text() == "Nothing of this kind yet."
    view.kind_filter.setCurrentIndex(0)
    # a link and a tier from the same window
    links = story.links_view
    links.link_kind.setCurrentIndex(links.link_kind.findData("partner"))
    links.link_picker.setFocus()
    qtbot.keyClicks(links.link_picker, "Berg")
    qtbot.keyClick(links.link_picker, Qt.Key.Key_Return)
    assert [(lk.other_id, lk.kind) for lk in relationships.links_of(ada)] == [(bo, "partner")]
    links.tier.setFocus()
    qtbot.keyClick(links.tier, Qt.Key.Key_Down)
    assert care.get_plan(ada).tier == 1
    assert story.summary.text().startswith("Tier 1 · monthly")
    qtbot.keyClick(story, Qt.Key.Key_Escape)
    assert not story.isVisible()


def test_delete_takes_back_an_entry_and_undo_brings_it_back(qtbot, contacts_page,
                                                            make_contact) -> None:  # fmt: skip
    ada = make_contact("Ada", "Lovelace")
    lea = Staff.create(name="Lea").id
    timeline.add_entry(ada, "meeting", "Tasting", staff_id=lea,
                       happened_at=dt.datetime(2026, 5, 4, 15))  # fmt: skip
    Sale.create(contact=ada, amount_minor=900, currency="USD",
                created_at=timeline.local_to_utc(dt.datetime(2026, 5, 1, 9)))  # fmt: skip
    notes.record_printed(ada, occasion="birthday", text="Happy birthday, Ada!")
    contacts_page.model.reload()
    contacts_page.open_contact(ada)
    contacts_page.story_button.click()
    view = _story(contacts_page).timeline
    assert [line.split("\n")[0].split(" · ", 1)[1] for line in view.lines()] == [
        "Card or note sent", "Meeting · Lea", "Sale",
    ]  # fmt: skip
    assert view.lines()[0].endswith("Birthday card printed — “Happy birthday, Ada!”")
    view.entries.setFocus()
    view.entries.setCurrentIndex(view.model.index(1))
    qtbot.keyClick(view.entries, Qt.Key.Key_Delete)
    assert timeline.list_entries(ada, kinds=["meeting"]) == []
    day = Display().date_short(dt.date(2026, 5, 4))  # "May 4" (with the year in other years)
    assert view.message.text() == f"Removed the meeting of {day}." and view.undo_button.isVisible()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    (back,) = timeline.list_entries(ada, kinds=["meeting"])
    assert (back.text, back.staff_name, back.happened_at) == (
        "Tasting", "Lea", dt.datetime(2026, 5, 4, 15))  # fmt: skip
    # a sale belongs to the till: Delete explains instead of removing it
    view.entries.setCurrentIndex(view.model.index(2))
    qtbot.keyClick(view.entries, Qt.Key.Key_Delete)
    assert "History, F9" in view.message.text()
    assert Sale.select().count() == 1


def test_quick_add_from_the_counter_records_the_staff(qtbot, db, make_contact) -> None:
    from relbook.ui.context import AppContext, Hub
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    ada = make_contact("Ada", "Lovelace")
    lea = Staff.create(name="Lea").id
    counter = CounterPage(AppContext(Hub(), staff_id=lea))
    qtbot.addWidget(counter)
    counter.show()
    counter.activateWindow()
    qtbot.waitActive(counter)
    counter.context.staff_id = lea
    counter.select_contact(ada)
    counter.sale.amount.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.sale.amount.input)
    with qtbot.wait_signal(counter.context.hub.activity_changed) as changed:
        qtbot.keyClick(counter.sale.amount.input, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        view = _story(counter).timeline
        qtbot.waitUntil(lambda: QApplication.focusWidget() is view.add_text)
        qtbot.keyClicks(view.add_text, "Loves the new rye loaf")
        qtbot.keyClick(view.add_text, Qt.Key.Key_Return)
    assert changed.args == [ada]
    (entry,) = timeline.list_entries(ada, kinds=["note"])
    assert (entry.text, entry.staff_id, entry.staff_name) == ("Loves the new rye loaf", lea, "Lea")
    qtbot.keyClick(view.add_text, Qt.Key.Key_Escape)
    assert not _story_open(counter)
    assert counter.contact_id == ada  # Esc closed the Story window, Ada is still served


def test_timeline_model_passes_the_model_tester(qtmodeltester, make_contact, long_name) -> None:
    ada = make_contact("Ada")
    longest = make_contact(*long_name)
    long_text = "Asked about the wedding cake: three tiers, lemon and elderflower. " * 6
    for _ in range(2):  # the same call logged twice (a double click): both are shown
        timeline.add_entry(ada, "call", "Hello", happened_at=dt.datetime(2026, 1, 2, 3))
    timeline.add_entry(ada, "visit", happened_at=dt.datetime(2026, 1, 3, 3))
    timeline.add_entry(longest, "note", long_text, happened_at=dt.datetime(2026, 1, 4, 3))
    model = TimelineModel()
    household = {ada: "Ada", longest: " ".join(long_name)}
    model.set_rows(timeline.list_entries(ada) + timeline.list_entries(longest), household)
    lines = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert sum(line.endswith("\nHello") for line in lines) == 2
    assert any(" ".join(long_name) in line and long_text.strip() in line for line in lines)
    qtmodeltester.check(model, force_py=True)
