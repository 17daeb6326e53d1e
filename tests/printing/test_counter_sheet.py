"""The daily counter sheet: one page, everything readable back, overflow said plainly."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from relbook.printing.counter_sheet import CounterSheetData, SheetLine, render_counter_sheet

DAY = dt.date(2026, 11, 24)


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _data(**kw: object) -> CounterSheetData:
    base = dict(
        shop_name="Rosa's Flowers",
        day=DAY,
        birthdays=[
            SheetLine("Anna Schmidt turns 40"),
            SheetLine("Mia (Tom Meyer's daughter) turns 7"),
        ],
        coming_up=[SheetLine("Ben Ode: birthday", "Thursday 26 November")],
        regulars=[SheetLine("Clara Voss", "came on a Tuesday in 9 of the last 12 weeks")],
        touches=[SheetLine("Dora Lind", "tier 1 · 12 days overdue · last touch 13 Oct 2026")],
        talking_points=[SheetLine("Anna Schmidt", "loves tulips; daughter Lena: starts school")],
    )
    base.update(kw)
    return CounterSheetData(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheet_reads_back(paper: str) -> None:
    pages, text = _text(render_counter_sheet(_data(paper=paper)))
    assert pages == 1
    for expected in (
        "Tuesday 24 November 2026", "Rosa's Flowers", "BIRTHDAYS TODAY (2)",
        "Anna Schmidt turns 40", "Mia (Tom Meyer's daughter) turns 7", "REGULARS LIKELY IN TODAY",
        "Clara Voss", "came on a Tuesday in 9 of the last 12 weeks", "DUE FOR A TOUCH",
        "Dora Lind", "12 days overdue", "TALKING POINTS", "loves tulips", "NOTES FOR THE OWNER",
        "Ben Ode: birthday",
    ):  # fmt: skip
        assert expected in text


def test_empty_day_says_so() -> None:
    _, text = _text(render_counter_sheet(CounterSheetData("Shop", DAY)))
    assert "No birthdays today." in text
    assert "Nobody is due. Well done." in text


def test_overflow_stays_on_one_page_and_says_how_many_more() -> None:
    many = [SheetLine(f"Customer {i:03d}", "tier 2 · 3 days overdue") for i in range(120)]
    pages, text = _text(render_counter_sheet(_data(touches=many)))
    assert pages == 1
    assert "Customer 000" in text
    shown = sum(1 for i in range(120) if f"Customer {i:03d}" in text)
    assert f"and {120 - shown} more (see relbook)" in text
    assert "TALKING POINTS" in text  # the other column is untouched
