"""Care settings: tier intervals, reward warnings and the sheet's paper — in the Settings
page's section and in the "How often…" window of the Care page, by keys, then stored."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relbook.services import care, settings
from relbook.services.loyalty import expiring
from relbook.ui.care import sheet_print
from relbook.ui.care.page import CarePage
from relbook.ui.care.settings_section import SECTION, CareSettings, CareSettingsDialog
from relbook.ui.settings.sections import all_sections


def _type_into(qtbot, box, text: str) -> None:
    """Select what a spin box shows and type over it, like a person would."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_section_is_registered_and_saves_all_at_once(qtbot, context) -> None:
    assert SECTION in all_sections() and (SECTION.key, SECTION.order) == ("care", 35)
    section = CareSettings(context)
    qtbot.addWidget(section)
    assert [section.tier_days[t].value() for t in (1, 2, 3)] == [30, 91, 365]
    assert not section.has_changes()
    _type_into(qtbot, section.tier_days[1], "14")
    _type_into(qtbot, section.warn_days, "30")
    section.paper.setFocus()
    qtbot.keyClicks(section.paper, "Letter")
    assert section.has_changes()
    section.save()
    assert care.intervals() == {1: 14, 2: 91, 3: 365}
    assert expiring.window_days() == 30
    assert settings.get(sheet_print.PAPER_KEY) == "letter" and sheet_print.paper() == "letter"
    assert not section.has_changes()
    settings.set_value(sheet_print.PAPER_KEY, None)
    section.reload()
    assert section.paper.currentData() == "" and sheet_print.paper() == "letter"  # a US shop


def test_how_often_from_the_due_list(qtbot, context, make_contact) -> None:
    ada = make_contact("Ada")
    care.set_tier(ada, 1)
    care.mark_touched(ada, when=dt.datetime.combine(dt.date.today() - dt.timedelta(days=20),
                                                    dt.time(9)))  # fmt: skip
    page = CarePage(context)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    assert page.due.model.rowCount() == 0
    qtbot.mouseClick(page.due.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(CareSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    box = dialog.section.tier_days[1]
    _type_into(qtbot, box, "15")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    with qtbot.wait_signal(context.hub.settings_changed):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    assert care.intervals()[1] == 15
    assert [(i.name, i.days_overdue) for i in care.due_list()] == [("Ada Schmidt", 5)]
    assert page.due.model.rowCount() == 1  # the page re-read the list
