"""The Care page driven by keys: touches, snoozes, the review, feedback and the map."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from relbook.services import care
from relbook.services.care import reminders, review, timeline
from relbook.services.contacts import relationships
from relbook.services.dates import PartialDate
from relbook.store.models.care import CarePlan, Feedback, ReviewMark
from relbook.ui.care.birthdays_panel import reminder_model
from relbook.ui.care.due_panel import due_model
from relbook.ui.care.page import CarePage
from relbook.ui.care.review_view import review_lines, review_model

TODAY = dt.date.today()


def _touched(cid: int, days_ago: int) -> None:
    when = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10))
    care.mark_touched(cid, "earlier", when=when)


@pytest.fixture
def people(make_contact) -> dict[str, int]:
    ids = {
        "ada": make_contact("Ada", "Lovelace", birthday=PartialDate(TODAY.month, TODAY.day)),
        "bo": make_contact("Bo", "Berg"),
        "cy": make_contact("Cy", "Chan"),
    }
    for key, tier, days_ago in (("ada", 1, 40), ("bo", 1, 70), ("cy", 2, 10)):
        care.set_tier(ids[key], tier)
        _touched(ids[key], days_ago)
    relationships.link(ids["bo"], ids["cy"], "friend")
    return ids


@pytest.fixture
def page(qtbot, context, people) -> CarePage:
    widget = CarePage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _due_names(page: CarePage) -> list[str]:
    model = page.due.model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_due_list_most_overdue_first_and_t_marks_touched(qtbot, page, people) -> None:
    assert _due_names(page) == ["Bo Berg", "Ada Lovelace"]
    assert page.due.title.text() == "Due for a touch  (2)"
    qtbot.keyClick(page.due.table, Qt.Key.Key_T)
    assert _due_names(page) == ["Ada Lovelace"]
    assert page.due.message.text() == "Logged a touch with Bo Berg."
    latest = timeline.list_entries(people["bo"], kinds=["touch"])[0]
    assert latest.happened_at.date() == TODAY and latest.text == "Got in touch"


def test_kind_and_text_of_a_touch(qtbot, page, people) -> None:
    page.due.touch_kind.setCurrentIndex(page.due.touch_kind.findData("call"))
    page.due.touch_text.setFocus()
    qtbot.keyClicks(page.due.touch_text, "Asked about the party")
    qtbot.keyClick(page.due.touch_text, Qt.Key.Key_Return)
    (entry,) = timeline.list_entries(people["bo"], kinds=["call"])
    assert entry.text == "Asked about the party"
    assert page.due.touch_text.text() == ""


def test_s_snoozes_for_the_chosen_time(qtbot, page, people) -> None:
    page.due.snooze_choice.setCurrentIndex(1)  # 2 weeks
    page.due.table.setFocus()
    qtbot.keyClick(page.due.table, Qt.Key.Key_S)
    assert _due_names(page) == ["Ada Lovelace"]
    plan = CarePlan.get(CarePlan.contact == people["bo"])
    assert plan.snoozed_until == TODAY + dt.timedelta(days=14)
    assert "Snoozed until" in page.due.message.text()


def test_today_panel_and_enter_opens_the_card(qtbot, page, people, context) -> None:
    qtbot.waitUntil(lambda: not page.today_panel.loading)  # read in the background
    lines = page.today_panel.lines()
    assert any("Ada Lovelace: birthday" in line for line in lines)
    assert any(line.startswith("  Bo Berg") for line in lines)
    page.today_panel.tree.setFocus()
    with qtbot.wait_signal(context.hub.show_page) as shown:
        qtbot.keyClick(page.today_panel.tree, Qt.Key.Key_Return)
    assert shown.args == ["contacts", people["ada"]]
    with qtbot.wait_signal(context.hub.show_page) as shown:
        page.due.table.setFocus()
        qtbot.keyClick(page.due.table, Qt.Key.Key_Return)
    assert shown.args == ["contacts", people["bo"]]


def test_review_marks_by_number_keys(qtbot, page, people, make_contact) -> None:
    qtbot.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.current_tab() == "review"
    qtbot.waitUntil(lambda: not page.review.loading)  # read in the background
    table = page.review.table
    assert table.hasFocus()
    total = page.review.model.rowCount()
    assert total >= 3  # everyone is new this month
    first = page.review.model.row_at(0).item
    qtbot.keyClick(table, Qt.Key.Key_3)
    mark = ReviewMark.get(ReviewMark.contact == first.contact_id)
    assert (mark.month, mark.action) == (review.month_key(TODAY), "card")
    assert page.review.model.row_at(0).item.action == "card"
    assert table.currentIndex().row() == 1  # moved on to the next person
    assert page.review.progress.text() == f"1 of {total} marked."
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert ReviewMark.select().count() == 0
    with qtbot.wait_signal(page.context.hub.show_page) as shown:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert shown.args == ["contacts", first.contact_id]
    # the month before: nobody was new then, and marks are kept per month
    qtbot.keyClick(table, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: not page.review.loading)
    before = TODAY.replace(day=1) - dt.timedelta(days=1)
    assert page.review.title.text() == f"Monthly review · {before:%B %Y}"
    assert page.review.month == review.month_key(before)
    assert all(line.item.section != "new" for line in page.review.model.rows)
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert page.review.title.text().endswith("(this month so far)")


def test_feedback_by_keys(qtbot, page) -> None:
    qtbot.keyClick(page, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    panel = page.feedback
    assert panel.picker.hasFocus()
    qtbot.keyClick(panel.picker, Qt.Key.Key_Tab)
    assert panel.score.hasFocus()
    panel.score.selectAll()
    qtbot.keyClicks(panel.score, "6")
    qtbot.keyClick(panel.score, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.comment, "Queue was long")
    qtbot.keyClick(panel.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    row = Feedback.get()
    assert (row.score, row.comment, row.contact_id) == (6, "Queue was long", None)
    assert panel.message.text() == "Thank you — feedback saved."
    assert panel.nps_label.text() == "Net Promoter Score -100"
    assert panel.breakdown.text().startswith("1 answer: 0 promoters (9–10), 0 passives")
    bars = panel.chart.bars()
    assert len(bars) == 12 and bars[-1] == (review.month_key(TODAY), -100)
    assert all(score is None for _, score in bars[:-1])  # empty months are not zeros
    assert "Queue was long" in panel.recent.item(0).text()


def test_m_shows_the_connection_map(qtbot, page, people) -> None:
    page.due.table.setFocus()
    page.due.table.selectRow(0)  # Bo
    with qtbot.wait_signal(page.connections.map.drawn, timeout=5000):
        qtbot.keyClick(page.due.table, Qt.Key.Key_M)
    assert page.current_tab() == "map"
    assert page.connections.map.people() == ["Bo Berg", "Cy Chan"]
    assert page.connections.map.legend() == ["Friends"]  # the colours say what kind of link each is
    assert "Bo Berg and 1 person within two steps" in page.connections.status.text()
    # Tab picks a person on the map, Enter centres the map on them
    qtbot.keyClick(page.connections.map, Qt.Key.Key_Tab)
    qtbot.keyClick(page.connections.map, Qt.Key.Key_Tab)
    assert page.connections.map.selected_contact() == people["cy"]
    with qtbot.wait_signal(page.connections.map.drawn, timeout=5000):
        qtbot.keyClick(page.connections.map, Qt.Key.Key_Return)
    assert page.connections.map.people()[0] == "Cy Chan"
    assert page.connections.picker.text() == "Cy Chan"


def test_birthdays_tab_by_keys(qtbot, page, people, make_contact, context) -> None:
    from relbook.services.contacts.inputs import DetailInput

    soon = TODAY + dt.timedelta(days=20)
    if (soon.month, soon.day) == (2, 29):  # a birth year six years back has no 29 Feb
        soon = TODAY + dt.timedelta(days=19)
    make_contact("Eve", "Stone", details=[
        DetailInput("family", "", "Lou", "son", PartialDate(soon.month, soon.day, soon.year - 6))
    ])  # fmt: skip
    qtbot.keyClick(page, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    panel = page.birthdays
    assert page.current_tab() == "birthdays" and panel.table.hasFocus()

    def shown() -> list[tuple[str, str, str]]:
        m = panel.model
        return [tuple(m.index(r, c).data() for c in (1, 2, 3)) for r in range(m.rowCount())]

    assert shown() == [("today", "Ada Lovelace — birthday", "Ada Lovelace")]
    panel.days.setFocus()
    panel.days.selectAll()
    qtbot.keyClicks(panel.days, "30")
    assert shown()[1] == (f"in {(soon - TODAY).days} days", "Lou (son) — turns 6", "Eve Stone")
    assert panel.summary.text().startswith("2 days to remember, 2 customers.")
    panel.family.setChecked(False)
    assert len(shown()) == 1
    panel.table.setFocus()
    with qtbot.wait_signal(context.hub.show_page) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened.args == ["contacts", people["ada"]]


@pytest.fixture
def crowd(people, make_contact, long_name) -> dict[str, int]:
    """The people above, a second Bo Berg and someone with the longest name the book
    takes: both overdue, both with a birthday today."""
    today = PartialDate(TODAY.month, TODAY.day)
    ids = {
        "bo2": make_contact("Bo", "Berg", birthday=today),
        "long": make_contact(*long_name, birthday=today),
    }
    for cid in ids.values():
        care.set_tier(cid, 1)
        _touched(cid, 70)
    return ids


def test_due_model_passes_the_model_tester(qtmodeltester, crowd, long_name) -> None:
    model = due_model()
    model.set_rows(care.due_list(TODAY))
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names.count("Bo Berg") == 2 and " ".join(long_name) in names
    assert model.row_of(crowd["bo2"]) is not None
    qtmodeltester.check(model, force_py=True)


def test_review_model_passes_the_model_tester(qtmodeltester, crowd, long_name) -> None:
    model = review_model()
    model.set_rows(review_lines(review.build(TODAY).all_items()))
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert names.count("Bo Berg") == 2 and " ".join(long_name) in names
    assert model.index(0, 0).data() == "New" and model.index(1, 0).data() == ""
    qtmodeltester.check(model, force_py=True)


def test_birthday_model_passes_the_model_tester(qtmodeltester, crowd, long_name) -> None:
    model = reminder_model()
    model.set_rows(reminders.upcoming(30, today=TODAY))
    customers = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert sorted(customers) == sorted(["Ada Lovelace", "Bo Berg", " ".join(long_name)])
    qtmodeltester.check(model, force_py=True)


#: the offscreen platform cannot raise the name completer's popup or grab the keyboard
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
def test_person_panel_links_household_and_timeline_by_keys(qtbot, page, people) -> None:
    qtbot.keyClick(page, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    with qtbot.wait_signal(page.connections.map.drawn, timeout=5000):
        page.connections.on_show_contact(people["ada"])
    links, story = page.connections.person.links_view, page.connections.person.timeline
    assert links.name.text() == "Ada Lovelace"
    assert links.tier.currentData() == 1
    # the care tier: pick "Tier 3" with the keyboard
    links.tier.setFocus()
    qtbot.keyClick(links.tier, Qt.Key.Key_End)
    assert care.get_plan(people["ada"]).tier == 3
    assert links.message.text() == "Care tier saved: a reminder every 365 days."
    # a link: choose the kind, type a name, Enter (one match is taken)
    links.link_kind.setCurrentIndex(links.link_kind.findData("child"))
    links.link_picker.setFocus()
    with qtbot.wait_signal(page.connections.map.drawn, timeout=5000):
        qtbot.keyClicks(links.link_picker, "Berg")
        qtbot.keyClick(links.link_picker, Qt.Key.Key_Return)
    assert [lk.kind for lk in relationships.links_of(people["ada"])] == ["child"]
    assert [lk.kind for lk in relationships.links_of(people["bo"])] == ["parent", "friend"]
    assert links.links.item(0).text() == "Child:  Bo Berg"
    assert "Bo Berg" in page.connections.map.people()
    # Delete on the selected link removes it
    links.links.setFocus()
    links.links.setCurrentRow(0)
    qtbot.keyClick(links.links, Qt.Key.Key_Delete)
    assert relationships.links_of(people["ada"]) == []
    # household: type a name, Enter
    links.household_picker.setFocus()
    qtbot.keyClicks(links.household_picker, "Chan")
    qtbot.keyClick(links.household_picker, Qt.Key.Key_Return)
    info = relationships.household_of(people["ada"])
    assert info is not None and {n for _, n in info.members} == {"Ada Lovelace", "Cy Chan"}
    assert "Household “The Lovelace household”" in links.household.text()
    # quick-add to the timeline, then filter by kind
    story.add_kind.setCurrentIndex(story.add_kind.findData("meeting"))
    story.add_text.setFocus()
    qtbot.keyClicks(story.add_text, "Planned the wedding cake")
    qtbot.keyClick(story.add_text, Qt.Key.Key_Return)
    (entry,) = timeline.list_entries(people["ada"], kinds=["meeting"])
    assert entry.text == "Planned the wedding cake"
    assert story.message.text() == "Meeting added to the timeline."
    story.kind_filter.setCurrentIndex(story.kind_filter.findData("meeting"))
    assert len(story.lines()) == 1
    assert "Meeting" in story.lines()[0] and "Planned the wedding cake" in story.lines()[0]
    # whole household: Cy's touch shows too, with Cy's name on it
    story.whole_household.setChecked(True)
    story.kind_filter.setCurrentIndex(0)
    assert any(" · Cy Chan · Touch" in line for line in story.lines())


def test_tag_colours_and_saved_segments_by_keys(qtbot, page, people, make_contact) -> None:
    from relbook.services.contacts import segments, tags

    make_contact("Dee", "Dahl", tags=["tulips"])
    qtbot.keyClick(page, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    panel = page.segments
    assert panel.tag_list.hasFocus()
    assert panel.tag_list.item(0).text() == "tulips  ·  1 person"
    qtbot.keyClick(panel.tag_list, Qt.Key.Key_4)
    assert tags.list_tags()[0].colour == tags.PALETTE[3]
    # a filter: tier 1 customers
    panel.f_tiers[0].setChecked(True)
    panel.f_tags.setFocus()
    qtbot.keyClick(panel.f_tags, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.result.text() == "2 people match: Bo Berg, Ada Lovelace."
    assert [panel.matches.item(i).text() for i in range(panel.matches.count())] == [
        "Bo Berg", "Ada Lovelace"]  # fmt: skip
    panel.matches.setFocus()
    panel.matches.setCurrentRow(1)
    with qtbot.wait_signal(page.context.hub.show_page) as shown:
        qtbot.keyClick(panel.matches, Qt.Key.Key_Return)
    assert shown.args == ["contacts", people["ada"]]
    panel.f_tags.setFocus()
    panel.f_after.setText("yesterday")
    qtbot.keyClick(panel.f_tags, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.result.text().startswith("Last visit after: “yesterday” is not a date")
    panel.f_after.clear()
    panel.name.setFocus()
    qtbot.keyClicks(panel.name, "Monthly regulars")
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    (saved,) = segments.list_segments()
    assert saved.name == "Monthly regulars" and saved.filter.tiers == [1]
    assert len(segments.evaluate("Monthly regulars")) == 2
    panel.saved.setFocus()
    panel.saved.setCurrentRow(0)
    qtbot.keyClick(panel.saved, Qt.Key.Key_Delete)
    assert segments.list_segments() == []


def test_connection_map_layout_keeps_circles_together(make_contact) -> None:
    """Each inner person's own people sit in their slice, further out; names never
    share a spot."""
    from relbook.ui.care.connection_map import layout_network

    centre = make_contact("Centre", "Person")
    friends = [make_contact(f"Friend{i}", "F") for i in range(4)]
    for i, f in enumerate(friends):
        relationships.link(centre, f, "friend")
        for j in range(3):
            relationships.link(f, make_contact(f"Kid{i}{j}", "K"), "child")
    relationships.link(friends[0], friends[1], "colleague")
    net = relationships.network(centre, depth=2)
    placed = layout_network(net)
    assert len(placed) == 1 + 4 + 12
    assert placed[centre].step == 0 and (placed[centre].x, placed[centre].y) == (0.0, 0.0)
    radius = {s: {round((p.x**2 + p.y**2) ** 0.5) for p in placed.values() if p.step == s}
              for s in (1, 2)}  # fmt: skip
    (inner,), (outer,) = radius[1], radius[2]  # one ring each
    assert outer > inner
    spots = {(round(p.x), round(p.y)) for p in placed.values()}
    assert len(spots) == len(placed)
    angles = {}
    for a, b, _ in net.edges:
        if placed[a].step == 1 and placed[b].step == 2:
            angles.setdefault(a, []).append(placed[b].angle)
    for friend, kids in angles.items():  # the kids fan out around their parent
        assert min(kids) <= placed[friend].angle <= max(kids)
