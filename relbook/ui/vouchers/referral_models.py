"""The tables of the Referrals view: top referrers, and one referrer's referees.

Their rows are plain lines read from ``referrals.insights`` with money and dates already
written out in the shop's currency and language, so the columns only pick a field.
"""

from __future__ import annotations

from dataclasses import dataclass

from relbook.services.display import Display
from relbook.services.money import Money
from relbook.services.referrals import insights
from relbook.services.referrals.insights import Referee, TopReferrer
from relbook.ui.widgets.table import RIGHT, Column

TOP_LIMIT = 200


@dataclass(frozen=True, slots=True)
class RankedReferrer:
    """A referrer in the ranking: their place, their figures, what their people spent."""

    rank: int
    referrer: TopReferrer
    spent: str


@dataclass(frozen=True, slots=True)
class RefereeLine:
    """A customer a referrer brought in: since when (month and year), what they spent."""

    referee: Referee
    joined: str
    spent: str


def top_lines(by: str, money: Money) -> list[RankedReferrer]:
    """Who brought in the most customers (``by="count"``) or the best ones ("spend")."""
    rows = insights.top_referrers(by=by, limit=TOP_LIMIT)
    return [
        RankedReferrer(i + 1, row, money.format(row.referee_spend_minor))
        for i, row in enumerate(rows)
    ]


def referee_lines(referrer_id: int | None, money: Money, locale: str) -> list[RefereeLine]:
    """The customers one referrer brought in, oldest first."""
    rows = insights.referees(referrer_id) if referrer_id else []
    show = Display(locale, money.currency)
    return [
        RefereeLine(
            row,
            show.month_year(row.joined, short=True),
            money.format(row.spend_minor),
        )
        for row in rows
    ]


def _referee_name(line: RefereeLine) -> str:
    row = line.referee
    return f"{row.display_name} (archived)" if row.archived else row.display_name


TOP_COLUMNS: tuple[Column[RankedReferrer], ...] = (
    Column("", lambda r: f"{r.rank}.", align=RIGHT, header_align=RIGHT),
    Column("Referrer", lambda r: r.referrer.display_name),
    Column("Referred", lambda r: str(r.referrer.referrals), align=RIGHT, header_align=RIGHT),
    Column(
        "What they spent",
        lambda r: r.spent,
        align=RIGHT,
        header_align=RIGHT,
        sort_key=lambda r: r.referrer.referee_spend_minor,
    ),
    Column(
        "Rewards",
        lambda r: str(r.referrer.rewards) if r.referrer.rewards else "–",
        align=RIGHT,
        header_align=RIGHT,
    ),
)
REFEREE_COLUMNS: tuple[Column[RefereeLine], ...] = (
    Column("Customer", _referee_name),
    Column("With us since", lambda r: r.joined, sort_key=lambda r: r.referee.joined),
    Column(
        "Spent",
        lambda r: r.spent,
        align=RIGHT,
        header_align=RIGHT,
        sort_key=lambda r: r.referee.spend_minor,
    ),
    Column(
        "Referred in turn",
        lambda r: str(r.referee.referred) if r.referee.referred else "–",
        align=RIGHT,
        header_align=RIGHT,
    ),
)
