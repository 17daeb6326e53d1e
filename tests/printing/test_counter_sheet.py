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
            SheetLine("Anna Schmidt turns 40", "", "loves tulips; daughter Lena: starts school"),
            SheetLine("Mia turns 7", "Tom Meyer's daughter"),
        ],
        coming_up=[SheetLine("Ben Ode: birthday", aside="Thu 26 Nov")],
        regulars=[SheetLine("Clara Voss", "", "oat flat white", aside="9 of 12 Tuesdays")],
        touches=[SheetLine("Dora Lind", "12 days overdue · last in touch 13 Oct", aside="tier 1")],
    )
    base.update(kw)
    return CounterSheetData(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheet_reads_back(paper: str) -> None:
    pages, text = _text(render_counter_sheet(_data(paper=paper)))
    assert pages == 1
    for expected in (
        "Tuesday 24 November 2026", "Rosa's Flowers", "BIRTHDAYS TODAY (2)",
        "Anna Schmidt turns 40", "loves tulips; daughter Lena: starts school", "Mia turns 7",
        "Tom Meyer's daughter", "REGULARS LIKELY IN TODAY (1)", "Clara Voss", "9 of 12 Tuesdays",
        "oat flat white", "DUE FOR A TOUCH (1)", "Dora Lind", "12 days overdue", "tier 1",
        "COMING UP THIS WEEK (1)", "Ben Ode: birthday", "Thu 26 Nov", "NOTES",
        "2 birthdays today · 1 regular likely in · 1 person to get in touch with",
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
    assert "Clara Voss" in text and "Ben Ode: birthday" in text  # the rest is untouched


def test_a_long_line_wraps_and_a_too_long_one_says_so() -> None:
    long = "Cardamom bun with the Sunday paper, " * 6
    _, text = _text(render_counter_sheet(_data(regulars=[SheetLine("Clara Voss", "", long)])))
    assert "Cardamom bun with the Sunday paper" in text and "…" in text
