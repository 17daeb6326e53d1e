"""The date field reads what is typed the shop's way and says what it understood."""

from __future__ import annotations

import pytest

from relbook.services.dates import PartialDate
from relbook.services.display import Display
from relbook.ui.widgets.partial_date_edit import PartialDateEdit


@pytest.mark.parametrize(
    ("locale", "typed", "understood", "value"),
    [
        ("en_US", "3/4", "March 4", PartialDate(3, 4)),
        ("en_US", "3/14/1990", "March 14, 1990", PartialDate(3, 14, 1990)),
        ("en_GB", "3/4", "3 April", PartialDate(4, 3)),
        ("de_DE", "14.3.", "14. März", PartialDate(3, 14)),
        ("fr_FR", "14/03/1990", "14 mars 1990", PartialDate(3, 14, 1990)),
        ("pl_PL", "7 grudnia", "7 grudnia", PartialDate(12, 7)),
    ],
)
def test_typed_the_shops_way(qtbot, locale, typed, understood, value) -> None:
    edit = PartialDateEdit("birthday", "Birthday", show=Display(locale))
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit.edit, typed)
    assert edit.hint.text() in (understood, "")  # no hint when it reads exactly as typed
    assert edit.value() == value
    edit.set_value(value)
    assert edit.edit.text() == understood


def test_a_us_shop_refuses_a_day_first_date_and_says_why(qtbot) -> None:
    edit = PartialDateEdit("birthday", "Birthday", show=Display("en_US"))
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit.edit, "14/3")
    assert "not a real date" in edit.hint.text()
    assert edit.edit.placeholderText() == "e.g. March 14"
