"""The access-request PDF's content: the person's data in sections a customer can read
(money in the shop's currency, dates in local time, voucher codes as printed), built from
``privacy.subject_data``. A table relbook does not know yet still appears, with its
empty columns left out, so nothing held is missing from the paper.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from relbook.printing.privacy_report import PrivacyReport, Section
from relbook.services.codes import format_code
from relbook.services.display import shop_display
from relbook.services.money import shop_money
from relbook.services.staff import audit

_CARD_FIELDS = (
    ("prefix", "Title"),
    ("given_name", "First name"),
    ("middle_name", "Middle name"),
    ("family_name", "Last name"),
    ("suffix", "Suffix"),
    ("nickname", "Nickname"),
    ("company", "Company"),
    ("street", "Street"),
    ("extended", "Address line 2"),
    ("postcode", "Postcode"),
    ("city", "City"),
    ("region", "Region"),
    ("country", "Country"),
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("how_met", "How we met"),
    ("notes", "Notes"),
    ("card_code", "Loyalty card"),
    ("created_at", "Added on"),
)
#: shown with the card above, or of no meaning to the person
_ON_THE_CARD = {"phone", "email", "personal_detail", "contact_tag"}
_HIDDEN = {"id", "contact_id", "position", "digits", "address_lower", "seed", "event_key"}
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def when(value: object, *, stored_local: bool = False) -> str:
    """A stored timestamp (UTC unless ``stored_local``, as timeline entries are) as local
    date and time; anything else as text."""
    if value is None:
        return ""
    text = str(value)
    if not _STAMP.match(text):
        return text
    try:
        stamp = dt.datetime.fromisoformat(text.replace("T", " ")[:19])
    except ValueError:
        return text[:16]
    return shop_display().datetime_short(stamp, utc=not stored_local, year=True)


def _generic(title: str, rows: list[dict[str, Any]]) -> Section:
    cols = [
        k
        for k in rows[0]
        if k not in _HIDDEN
        and not k.endswith("_id")
        and any(r.get(k) not in (None, "") for r in rows)
    ]
    return Section(
        title,
        headers=[c.replace("_", " ").capitalize() for c in cols],
        rows=[[when(r.get(k)) for k in cols] for r in rows],
    )


def build_report(data: dict[str, Any], names: dict[int, str]) -> PrivacyReport:
    """``data`` from ``subject_data``; ``names`` of the other contacts it mentions."""
    c = data["contact"]
    money = shop_money()
    person = (
        " ".join(p for p in (c["given_name"], c["family_name"]) if p)
        or c["company"]
        or f"contact {c['id']}"
    )
    fields = [(label, str(c.get(key) or "")) for key, label in _CARD_FIELDS]
    fields = [(k, when(v) if k == "Added on" else v) for k, v in fields if v]
    if c.get("referred_by"):
        fields.append(("Referred by", names.get(c["referred_by"], f"contact {c['referred_by']}")))
    fields += [(f"Consent by {ch}", f"given {day}") for ch, day in c["consent"].items() if day]
    sections = [Section("Contact card", fields=fields)]
    sections.append(
        Section(
            "Phones and emails",
            headers=["Kind", "Label", "Value"],
            rows=[["Phone", p["label"], p["number"]] for p in c["phones"]]
            + [["Email", e["label"], e["address"]] for e in c["emails"]],
        )
    )
    sections.append(
        Section(
            "Personal details",
            headers=["Kind", "Name", "Relation", "Text"],
            rows=[[d["kind"], d["name"], d["relation"], d["text"]] for d in c["details"]],
        )
    )
    if c["tags"]:
        sections.append(Section("Tags", fields=[("Tags", ", ".join(c["tags"]))]))
    me = c["id"]
    known: dict[str, tuple[str, Callable[[list[dict[str, Any]]], Section]]] = {
        "sale": ("Purchases", lambda rows: _sales(rows, money)),
        "points_entry": ("Points", _points),
        "loyalty_account": ("Points account", _account),
        "voucher": ("Vouchers", lambda rows: _vouchers(rows, money)),
        "timeline_entry": ("Timeline", _timeline),
        "relationship": ("Relationships", lambda rows: _relationships(rows, me, names)),
        "contact": ("People they referred", _referred),
        "feedback": ("Feedback", _feedback),
        "sent_note": ("Cards and notes sent", _notes),
    }
    order = list(known)
    records = data["records"]
    for table in sorted(records, key=lambda t: (order.index(t) if t in order else 99, t)):
        if table in _ON_THE_CARD or not records[table]:
            continue
        title, make = known.get(table, (table.replace("_", " ").capitalize(), None))  # type: ignore[arg-type]
        section = make(records[table]) if make else _generic(title, records[table])
        section.title = title
        sections.append(section)
    if data["audit_log"]:
        sections.append(
            Section(
                "Changes recorded in the audit log",
                headers=["When", "Who", "What"],
                rows=[
                    [when(e["at"]), e["who"] or "—", audit.describe_action(e["action"])]
                    for e in data["audit_log"]
                ],
            )
        )
    show = shop_display()
    return PrivacyReport(
        str(data["shop"] or ""),
        person,
        f"{show.date_full(dt.date.today())}, {show.time(dt.datetime.now())}",
        sections,
        closing=data["notes"],
    )


def _sales(rows: list[dict[str, Any]], money) -> Section:
    return Section(
        "",
        headers=["When", "Amount", "Note"],
        rows=[
            [when(r["created_at"]), money.format(int(r["amount_minor"])), r.get("note") or ""]
            for r in rows
        ],
    )


def _points(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "",
        headers=["When", "Points", "Kind", "Reason"],
        rows=[
            [when(r["created_at"]), f"{int(r['points']):+d}", r["kind"], r.get("reason") or ""]
            for r in rows
        ],
    )


def _account(rows: list[dict[str, Any]]) -> Section:
    row = rows[0]
    fields = [("Points balance", str(row.get("balance", 0))), ("Visits", str(row.get("visits", 0)))]
    if row.get("last_visit_at"):
        fields.append(("Last visit", when(row["last_visit_at"])))
    return Section("", fields=fields)


def _vouchers(rows: list[dict[str, Any]], money) -> Section:
    def value(r: dict[str, Any]) -> str:
        kind = r.get("value_kind")
        if kind == "amount_off":
            return f"{money.format(int(r.get('amount_minor') or 0))} off"
        if kind == "percent_off":
            return f"{r.get('percent')}% off"
        if kind == "free_item":
            return f"Free: {r.get('free_item')}"
        return f"{r.get('points')} points"

    return Section(
        "",
        headers=["Code", "Value", "Issued", "Valid until", "State"],
        rows=[
            [
                format_code(str(r["code"])),
                value(r),
                when(r.get("issued_at")),
                str(r.get("expires_on") or ""),
                str(r.get("state") or ""),
            ]
            for r in rows
        ],
    )


def _timeline(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "",
        headers=["When", "Kind", "What"],
        rows=[
            [when(r.get("happened_at"), stored_local=True), r["kind"], r.get("text") or ""]
            for r in rows
        ],
    )


def _relationships(rows: list[dict[str, Any]], me: int, names: dict[int, str]) -> Section:
    out = []
    for r in rows:
        other = r["to_contact_id"] if r.get("from_contact_id") == me else r.get("from_contact_id")
        out.append([names.get(other, f"contact {other}"), str(r.get("kind", ""))])
    return Section("", headers=["With", "Relationship"], rows=out)


def _referred(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "",
        headers=["Name", "Since"],
        rows=[[str(r.get("display_name") or ""), when(r.get("created_at"))] for r in rows],
    )


def _feedback(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "",
        headers=["When", "Score", "Comment"],
        rows=[
            [when(r.get("created_at")), str(r.get("score")), r.get("comment") or ""] for r in rows
        ],
    )


def _notes(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "",
        headers=["When", "Occasion", "Text"],
        rows=[
            [when(r.get("created_at")), r.get("occasion") or "", r.get("text") or ""] for r in rows
        ],
    )
