"""Today and the counter sheet read what they show: the first few of each list and its
total, in a number of statements that does not grow with the book."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from relbook.printing.counter_sheet import render_counter_sheet
from relbook.services import care, notes, vouchers
from relbook.services.care import reminders, timeline
from relbook.services.contacts.inputs import DetailInput
from relbook.services.counter import sales, today
from relbook.services.dates import PartialDate
from relbook.services.vouchers.types import VoucherValue
from relbook.store.db import database

TUESDAY = dt.date(2026, 11, 24)


def statements(fn) -> int:
    """How many statements ``fn`` sends to the database."""
    db = database.obj
    count = 0
    original = db.execute_sql

    def spy(sql, params=None):
        nonlocal count
        count += 1
        return original(sql, params)

    db.execute_sql = spy
    try:
        fn()
    finally:
        del db.execute_sql
    return count


def _book(make_contact, people: int) -> list[int]:
    """``people`` customers, each with a birthday this week, a family member's birthday
    today, a monthly care tier long overdue, a voucher running out and a sale."""
    ids = []
    for i in range(people):
        day = TUESDAY + dt.timedelta(days=i % 7)
        cid = make_contact(
            f"P{i:03d}",
            "Many",
            birthday=PartialDate(day.month, day.day, 1980 + i % 30),
            details=[DetailInput("family", "", f"Kid{i:03d}", "son", PartialDate(11, 24))],
        )
        care.set_tier(cid, 1)
        care.mark_touched(cid, when=dt.datetime(2025, 1, 1 + i % 28, 9))
        vouchers.issue(
            cid,
            "goodwill",
            VoucherValue.amount(500),
            expires_on=TUESDAY + dt.timedelta(days=1 + i % 5),
            on=TUESDAY,
        )
        sales.record_sale(cid, 15_000, when=dt.datetime(2026, 10, 1, 10, i % 60))
        ids.append(cid)
    return ids


@pytest.fixture
def book(make_contact):
    return _book(make_contact, 24)


def test_each_section_is_its_first_few_and_its_total(book) -> None:
    full = {s.key: s for s in today.sections(TUESDAY)}
    short = {s.key: s for s in today.sections(TUESDAY, limit=3)}
    assert set(full) == set(short)
    for key, section in full.items():
        assert short[key].total == section.total == len(section.items), key
        assert short[key].items == section.items[:3], key
        assert short[key].more == section.total - 3
    assert full["birthdays_today"].total == 24 + 4  # every son today, four customers
    assert full["touches_due"].total == 24
    assert full["rewards_expiring"].total == 24
    assert full["notes_waiting"].total >= 24


def test_the_thank_you_queue_page_is_the_start_of_the_queue(book) -> None:
    for i, cid in enumerate(book[:3]):  # big sales of the last days: after the birthdays
        sales.record_sale(cid, 20_000, when=dt.datetime(2026, 11, 20 + i, 12))
    whole = notes.queue(TUESDAY)
    assert {s.occasion for s in whole} == {"birthday", "purchase"}
    printed = whole[0]  # a card written for the first birthday leaves both lists
    notes.record_printed(printed.contact_id, occasion="birthday", text="Happy birthday!",
                         event_key=printed.event_key)  # fmt: skip
    whole = notes.queue(TUESDAY)
    assert printed.event_key not in {s.event_key for s in whole}
    for limit in (1, 3, 10, 60):
        page, total = notes.queue_page(TUESDAY, limit=limit)
        assert total == len(whole) and page == whole[:limit], limit


def test_the_page_of_upcoming_days_is_the_start_of_the_whole_list(book) -> None:
    for start, days in ((0, 0), (1, 7), (0, 7), (0, 40), (3, 366)):
        whole = reminders.upcoming_page(days, today=TUESDAY, start=start)
        for limit in (1, 5, 30):
            page, total = reminders.upcoming_page(days, today=TUESDAY, start=start, limit=limit)
            assert total == whole[1] == len(whole[0])
            assert page == whole[0][:limit], (start, days, limit)


def test_statements_do_not_grow_with_the_book(make_contact) -> None:
    _book(make_contact, 6)
    small_today = statements(lambda: today.sections(TUESDAY, limit=4))
    small_sheet = statements(lambda: today.counter_sheet_data(TUESDAY))
    small_queue = statements(lambda: notes.queue(TUESDAY))
    _book(make_contact, 30)
    assert statements(lambda: today.sections(TUESDAY, limit=4)) == small_today
    assert statements(lambda: today.counter_sheet_data(TUESDAY)) == small_sheet
    assert statements(lambda: notes.queue(TUESDAY)) == small_queue


def test_the_sheet_counts_everyone_and_says_how_many_more(make_contact, monkeypatch) -> None:
    monkeypatch.setattr(today, "SHEET_LINES", 5)
    _book(make_contact, 12)
    for i in range(3):  # weekday regulars (their visits are touches, so they are not due)
        cid = make_contact(f"Regular{i}", "Tuesday")
        for weeks in (1, 2, 3):
            day = TUESDAY - dt.timedelta(weeks=weeks)
            timeline.add_entry(cid, "visit", happened_at=dt.datetime.combine(day, dt.time(8)))
    data = today.counter_sheet_data(TUESDAY, paper="a4")
    assert len(data.touches) == 5 and data.total("touches") == 12
    assert len(data.birthdays) == 5 and data.total("birthdays") == 12 + 2
    assert len(data.regulars) == 3 and data.regulars[0].aside == "3 of 12 Tuesdays"
    reader = PdfReader(io.BytesIO(render_counter_sheet(data)))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "DUE FOR A TOUCH (12)" in text and "BIRTHDAYS TODAY (14)" in text
    assert "… and 7 more (see relbook)" in text  # touches: 5 shown of 12
    assert "14 birthdays today · 3 regulars likely in · 12 people to get in touch with" in text
