"""Feedback scores and the Net Promoter Score, overall and per local month."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services.care import feedback, timeline


def test_nps_overall(make_contact) -> None:
    anna = make_contact("Anna")
    assert feedback.nps().score is None
    for score in (10, 9, 8, 7, 6, 0):
        feedback.record(score, contact_id=anna)
    result = feedback.nps()
    assert (result.promoters, result.passives, result.detractors) == (2, 2, 2)
    assert result.score == 0
    feedback.record(10, "Lovely bread")
    assert feedback.nps().score == round(100 * (3 - 2) / 7)


def test_nps_per_month_uses_local_months(db) -> None:
    feedback.record(10, when=dt.datetime(2026, 4, 30, 23, 30))  # late evening, local
    feedback.record(3, when=dt.datetime(2026, 5, 1, 0, 15))
    feedback.record(9, when=dt.datetime(2026, 5, 20, 12))
    months = feedback.nps_by_month(months=3, today=dt.date(2026, 5, 31))
    assert [m.month for m in months] == ["2026-03", "2026-04", "2026-05"]
    assert [m.nps.score for m in months] == [None, 100, 0]
    assert feedback.nps(since=dt.date(2026, 5, 1)).responses == 2


def test_feedback_lands_on_the_timeline_and_bad_scores_are_named(make_contact) -> None:
    anna = make_contact("Anna")
    feedback.record(8, "Quick service", contact_id=anna)
    (entry,) = timeline.list_entries(anna, kinds=["feedback"])
    assert entry.text == "Would recommend us: 8/10 — Quick service"
    assert feedback.recent()[0].contact_name == "Anna Schmidt"
    for bad in (11, -1, 7.5, True):
        with pytest.raises(ValidationError) as err:
            feedback.record(bad)  # type: ignore[arg-type]
        assert err.value.field == "score"
