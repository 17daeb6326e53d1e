"""The contact picker: search as you type, pick by keys, edits un-pick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCompleter

from relbook.ui.widgets.contact_picker import ContactPicker


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    return {
        "anna": make_contact("Anna", "Schmidt", phone="+49 171 5558642"),
        "annika": make_contact("Annika", "Berg"),
        "ben": make_contact("Ben", "Okafor"),
    }


@pytest.fixture
def picker(qtbot, monkeypatch) -> ContactPicker:
    # the offscreen test platform cannot raise popup windows; the list itself is tested
    monkeypatch.setattr(QCompleter, "complete", lambda self, *a: None)
    widget = ContactPicker()
    qtbot.addWidget(widget)
    return widget


def test_typing_offers_matches_and_the_popup_choice_is_taken(people, picker, qtbot) -> None:
    picked: list[int] = []
    picker.contact_picked.connect(picked.append)
    qtbot.keyClicks(picker, "ann")
    assert any(text.startswith("Anna Schmidt  ·  ") for _, text in picker.matches())
    assert {cid for cid, _ in picker.matches()} == {people["anna"], people["annika"]}
    completer = picker.findChild(QCompleter)
    row = [cid for cid, _ in picker.matches()].index(people["annika"])
    completer.activated[QModelIndex].emit(completer.model().index(row, 0))
    assert picker.contact_id() == people["annika"] and picker.text() == "Annika Berg"
    assert picked == [people["annika"]]
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)  # editing after a pick un-picks
    assert picker.contact_id() is None and picked[-1] == 0


def test_enter_with_one_match_takes_it_and_excluded_are_never_offered(
    people, picker, qtbot
) -> None:
    picker.exclude(people["anna"])
    qtbot.keyClicks(picker, "ann")
    assert [cid for cid, _ in picker.matches()] == [people["annika"]]
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.contact_id() == people["annika"]


def test_set_contact_shows_the_stored_choice(people, picker) -> None:
    picker.set_contact(people["ben"])
    assert (picker.contact_id(), picker.text()) == (people["ben"], "Ben Okafor")
    picker.set_contact(999)
    assert (picker.contact_id(), picker.text()) == (None, "")


def test_the_offered_list_passes_the_model_tester(
    picker, make_contact, long_name, qtbot, qtmodeltester
) -> None:
    twins = [make_contact("Tom", "Berg", phone=f"+49 171 555 01{i}1") for i in range(2)]
    longest = make_contact(long_name[0], "Berg")
    qtbot.keyClicks(picker, "berg")
    offered = picker.findChild(QCompleter).model()  # what the completer shows
    assert {cid for cid, _ in picker.matches()} == {*twins, longest}
    names = [offered.index(r, 0).data() for r in range(offered.rowCount())]
    assert sum(n.startswith("Tom Berg  ·  ") for n in names) == 2  # told apart by phone
    assert any(n.startswith(long_name[0]) for n in names)
    qtmodeltester.check(offered, force_py=True)
    qtmodeltester.check(offered.sourceModel(), force_py=True)
