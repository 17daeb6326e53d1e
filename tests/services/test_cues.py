"""Conversation cues: timely, personal, at most three."""

from __future__ import annotations

import datetime as dt

from relbook.services.contacts.inputs import DetailInput
from relbook.services.counter import cues, sales
from relbook.services.dates import PartialDate

TODAY = dt.date(2026, 3, 4)  # a Wednesday


def test_birthday_family_and_preference_first(make_contact) -> None:
    cid = make_contact(
        "Margaret", "Okafor", birthday=PartialDate(3, 6),
        details=[DetailInput("family", text="Started university", name="Mia", relation="daughter"),
                 DetailInput("preference", text="oat flat white"),
                 DetailInput("interest", text="cycling")],
    )  # fmt: skip
    assert cues.cues(cid, TODAY) == [
        "Birthday on Friday",
        "Ask about Mia — started university",
        "Usually: oat flat white",
    ]


def test_birthday_today_tomorrow_and_family_birthdays(make_contact) -> None:
    today = make_contact("A", "Today", birthday=PartialDate(3, 4))
    tomorrow = make_contact("B", "Tomorrow", birthday=PartialDate(3, 5))
    leo = DetailInput("family", name="Leo", birthday=PartialDate(3, 9))
    far = make_contact("C", "Far", birthday=PartialDate(5, 1), details=[leo])
    assert cues.cues(today, TODAY)[0] == "Birthday today"
    assert cues.cues(tomorrow, TODAY)[0] == "Birthday tomorrow"
    assert cues.cues(far, TODAY)[0] == "Leo's birthday on Monday"


def test_usual_order_from_sale_notes_and_last_visit(make_contact) -> None:
    cid = make_contact("Ben", "Baker")
    assert cues.cues(cid, TODAY) == ["First visit — welcome them"]
    for days in (30, 25, 21):
        when = dt.datetime.combine(TODAY, dt.time(12)) - dt.timedelta(days=days)
        sales.record_sale(cid, 400, note="Sourdough loaf", when=when)
    assert cues.cues(cid, TODAY) == ["Usually: sourdough loaf", "Last visit 3 weeks ago"]


def test_at_most_three_and_ago_words(make_contact) -> None:
    cid = make_contact(
        "D", "Many", birthday=PartialDate(3, 5),
        details=[DetailInput("milestone", text="Opened her second shop"),
                 DetailInput("family", name="Sam", text="New job"),
                 DetailInput("preference", text="tea")],
    )  # fmt: skip
    assert len(cues.cues(cid, TODAY)) == 3
    assert cues.ago(TODAY, TODAY) == "today"
    assert cues.ago(TODAY - dt.timedelta(days=1), TODAY) == "yesterday"
    assert cues.ago(TODAY - dt.timedelta(days=90), TODAY) == "3 months ago"
    assert cues.ago(TODAY - dt.timedelta(days=400), TODAY) == "over a year ago"
