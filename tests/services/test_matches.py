"""The counter's matches tell people apart and say why they matched, in a fixed number of
queries however many people match."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.services import loyalty
from relbook.services.contacts.inputs import DetailInput
from relbook.services.contacts.matches import find_matches
from relbook.services.counter import sales
from relbook.services.display import Display
from relbook.store.db import database

TODAY = dt.date.today()


def statements(fn) -> int:
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


@pytest.fixture
def book(make_contact) -> dict[str, int]:
    ids = {
        "lauren_a": make_contact("Lauren", "Peterson", phone="+1 503 555 4417",
                                 email="lauren.p@example.com"),
        "lauren_b": make_contact("Lauren", "Peterson", phone="+1 971 555 0188"),
        "eleanor": make_contact(
            "Eleanor", "Larsen",
            details=[DetailInput("family", "", "Sara", "partner"),
                     DetailInput("interest", "sourdough baking")],
        ),
        "sara": make_contact("Sara", "Okafor", tags=["wholesale"]),
        "tom": make_contact("Tom", "Meyer", tags=["sourcream fan"]),
    }  # fmt: skip
    sales.record_sale(ids["lauren_a"], 2_500)  # 25 points, a visit today
    loyalty.assign_card_code(ids["lauren_b"])
    return ids


def test_two_people_of_one_name_are_told_apart(book) -> None:
    a, b = find_matches("lauren peterson", show=Display("en_US"))
    assert {a.contact_id, b.contact_id} == {book["lauren_a"], book["lauren_b"]}
    first = a if a.contact_id == book["lauren_a"] else b
    second = b if first is a else a
    phone, email, card, *rest = first.facts
    assert (phone, email, rest) == ("(503) 555-4417", "lauren.p@example.com",
                                    ["last visit today", "25 pts"])  # fmt: skip
    assert second.facts[0] == "(971) 555-0188" and second.facts[1].startswith("card RB-")
    assert card.startswith("card RB-") and card != second.facts[1]
    assert "no visit yet" in second.facts
    assert first.why == second.why == ""  # the name explains them
    assert first.facts != second.facts


def test_why_they_matched_when_it_is_not_the_name(book) -> None:
    found = {m.contact_id: m.why for m in find_matches("sara")}
    assert found[book["sara"]] == ""
    assert found[book["eleanor"]] == "partner: Sara"
    assert {m.contact_id: m.why for m in find_matches("4417")} == {
        book["lauren_a"]: "phone ends 4417"
    }
    assert find_matches("sourdough")[0].why == "interest: sourdough baking"
    assert find_matches("wholesale")[0].why == "tag wholesale"
    assert find_matches("example")[0].why == "email lauren.p@example.com"


def test_a_fixed_number_of_queries_however_many_match(make_contact) -> None:
    for i in range(3):
        make_contact("Kim", f"Ng{i}", details=[DetailInput("family", "", "Jo", "son")])
    few = statements(lambda: find_matches("jo"))
    for i in range(3, 30):
        make_contact("Kim", f"Ng{i}", details=[DetailInput("family", "", "Jo", "son")])
    assert len(find_matches("jo", limit=30)) == 30
    assert statements(lambda: find_matches("jo", limit=30)) == few
