"""The Today panel beside the counter: shown while nobody is served, a click picks the
customer at the till, "… and N more" opens the whole list, Ctrl+P prints the sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import care, plugins
from relbook.services.contacts.inputs import DetailInput
from relbook.services.dates import PartialDate
from relbook.ui.care import sheet_print
from relbook.ui.context import AppContext, Hub

TODAY = dt.date.today()


@pytest.fixture
def counter(db, qtbot):
    from relbook.ui.counter.page import CounterPage

    plugins.load_all()
    widget = CounterPage(AppContext(Hub()))
    qtbot.addWidget(widget)
    widget.resize(1200, 780)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def _settled(qtbot, panel) -> None:
    """The lists are read in the background: wait until they are shown."""
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)


def _click(qtbot, panel, text: str) -> None:
    item = panel.item_for(text)
    assert item is not None, f"{text!r} is not on the Today panel: {panel.lines()}"
    tree = item.treeWidget()
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_today_beside_the_counter_and_a_click_picks_the_customer(qtbot, counter, make_contact):
    anna = make_contact(
        "Anna", "Okafor",
        details=[DetailInput("family", "", "Mia", "daughter", PartialDate(TODAY.month, TODAY.day))],
    )  # fmt: skip
    bo = make_contact("Bo", "Berg")
    care.set_tier(bo, 1)
    care.mark_touched(bo, when=dt.datetime.combine(TODAY - dt.timedelta(days=45), dt.time(9)))
    counter.context.hub.contact_changed.emit(anna)  # what the Contacts page says on save
    today = counter.today_panel
    assert counter.stack.currentWidget() is today and today.isVisible()
    _settled(qtbot, today.panel)
    lines = today.panel.lines()
    assert "  Mia (Anna Okafor's daughter) turns" not in lines  # no year: no age
    assert "  Mia (Anna Okafor's daughter): birthday" in lines
    assert any(line.startswith("  Bo Berg\ntier 1 · 15 days overdue") for line in lines)
    # the input keeps the focus for the next scan
    assert QApplication.focusWidget() is counter.finder.input
    _click(qtbot, today.panel, "Mia (Anna Okafor's daughter)")
    assert counter.contact_id == anna and counter.card.name.text() == "Anna Okafor"
    assert QApplication.focusWidget() is counter.sale.amount.input
    # Esc: back to the Today panel, which re-reads what changed meanwhile
    care.set_tier(anna, 2)  # never touched: due from today
    counter.context.hub.activity_changed.emit(anna)
    qtbot.keyClick(counter.sale.amount.input, Qt.Key.Key_Escape)
    assert counter.stack.currentWidget() is today
    _settled(qtbot, today.panel)
    assert any(line.startswith("  Anna Okafor\ntier 2 · due today") for line in today.panel.lines())
    _click(qtbot, today.panel, "Bo Berg")
    assert counter.contact_id == bo


def test_long_lists_end_with_a_link_to_the_whole_list(qtbot, counter, make_contact) -> None:
    for i in range(7):
        cid = make_contact(f"Person{i}", "Due")
        care.set_tier(cid, 1)
    counter.today_panel.refresh()
    _settled(qtbot, counter.today_panel.panel)
    lines = counter.today_panel.panel.lines()
    head = lines.index("TOUCHES DUE  ·  7")
    assert lines[head + 1 : head + 5] == [
        "  Person0 Due\ntier 1 · due today · never touched",
        "  Person1 Due\ntier 1 · due today · never touched",
        "  Person2 Due\ntier 1 · due today · never touched",
        "  … and 4 more — show all",
    ]
    with qtbot.wait_signal(counter.context.hub.show_page) as shown:
        _click(qtbot, counter.today_panel.panel, "… and 4 more")
    assert shown.args == ["care", 0]


def test_ctrl_p_prints_the_counter_sheet(qtbot, counter, make_contact, monkeypatch) -> None:
    make_contact("Anna", "Okafor", birthday=PartialDate(TODAY.month, TODAY.day, 1990))
    printed: list[bytes] = []
    monkeypatch.setattr(sheet_print.printing, "preview_and_print",
                        lambda parent, pdf, title: printed.append(pdf) or True)  # fmt: skip
    counter.finder.input.setFocus()
    qtbot.keyClick(counter.finder.input, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(printed[0]))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert f"Anna Okafor turns {TODAY.year - 1990}" in text
    assert f"{TODAY:%A}, {TODAY:%B} {TODAY.day}, {TODAY.year}" in text  # en_US, in full


def test_care_page_saves_the_sheet_as_pdf(qtbot, context, make_contact, tmp_path,
                                          monkeypatch) -> None:  # fmt: skip
    from pypdf import PdfReader

    from relbook.ui import printing
    from relbook.ui.care.page import CarePage

    make_contact("Anna", "Okafor", birthday=PartialDate(TODAY.month, TODAY.day))
    target = tmp_path / "sheet"
    real_save = printing.save_pdf  # the file dialog answers with ``target``
    monkeypatch.setattr(printing, "save_pdf", lambda parent, pdf, name: real_save(
        parent, pdf, name, ask=lambda _parent, _suggested: str(target)))  # fmt: skip
    page = CarePage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.save_sheet_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "sheet.pdf"  # ".pdf" is added when it is missing
    assert page.due.message.text() == f"Saved today's counter sheet to {written}."
    reader = PdfReader(str(written))
    assert len(reader.pages) == 1 and "Anna Okafor: birthday" in reader.pages[0].extract_text()
    assert round(float(reader.pages[0].mediabox.width)) == 612  # a US shop: Letter
