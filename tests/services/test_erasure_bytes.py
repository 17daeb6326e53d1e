"""Erasure that erases: a person with a unique marker name, email and phone — a referee
whose referrer got points and a voucher, in sales notes, notes, the timeline, feedback,
the audit log, a household, another customer's notes, a printed card's text — is erased,
and then neither the database file nor its write-ahead log holds a trace of the marker
in any case or in UTF-16. The books still add up, and the referrer's history now reads
"a former customer"."""

from __future__ import annotations

from pathlib import Path

import pytest

from relbook.services import contacts, loyalty, plugins, privacy, referrals, vouchers
from relbook.services.care import feedback, timeline
from relbook.services.contacts import relationships
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.contacts.search import find
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.notes import record_printed
from relbook.services.referrals import Programme
from relbook.services.staff import audit
from relbook.services.vouchers.types import Filters, VoucherValue
from relbook.store.db import database

GIVEN, FAMILY = "Zorbaq", "Xyqwenthö"
EMAIL = "zorbaq.xyqw@example.org"
PHONE = "+44 7700 900417"
#: what must not be found: the name parts (and the 4-letter prefixes the search index
#: keeps), the accent-folded family name, the email, the phone's digits
MARKERS = ("zorbaq", "zorb", "xyqwenthö", "xyqwentho", "xyqw", "zorbaq.xyqw", "7700900417",
           "7700 900417")  # fmt: skip


def traces(path: Path) -> list[str]:
    """Markers found in a file's bytes: UTF-8, UTF-16 (both orders), any letter case."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    lowered = raw.lower()
    found = []
    for marker in MARKERS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            for variant in {marker, marker.upper(), marker.title()}:
                if variant.encode(encoding) in raw or variant.lower().encode(encoding) in lowered:
                    found.append(f"{marker} ({encoding}) in {path.name}")
    return sorted(set(found))


def files(db_path: Path) -> list[Path]:
    return [db_path, db_path.with_name(db_path.name + "-wal")]


@pytest.fixture
def marked(db, db_path: Path) -> dict[str, int]:
    """The marked person everywhere a shop could have written them down."""
    plugins.load_all()
    referrals.save_programme(Programme(reward=VoucherValue.amount(500)))
    referrer = contacts.create_contact(ContactInput(given_name="Ada", family_name="Referrer"))
    referrer = referrer.contact_id
    friend = contacts.create_contact(
        ContactInput(given_name="Bo", family_name="Friend",
                     notes=f"Comes with {GIVEN} {FAMILY}; ask {EMAIL}. {GIVEN} likes rye.")
    ).contact_id  # fmt: skip
    person = contacts.create_contact(
        ContactInput(
            given_name=GIVEN,
            family_name=FAMILY,
            how_met=f"{GIVEN} walked in",
            notes=f"{GIVEN} {FAMILY} prefers oat milk",
            phones=[PhoneInput(PHONE)],
            emails=[EmailInput(EMAIL)],
            details=[DetailInput("family", f"{GIVEN}'s daughter", f"Mia {FAMILY}", "daughter")],
            tags=["regular"],
            referred_by=referrer,
        )
    ).contact_id
    sales.record_sale(person, 4590, note=f"for {GIVEN}'s party")  # the referrer's voucher
    loyalty.adjust(person, 10, f"Sorry {GIVEN}, wrong order")
    vouchers.issue(person, "goodwill", VoucherValue.amount(300), note=f"For {GIVEN} {FAMILY}")
    sales.record_sale(referrer, 1200, note=f"bought a gift for {GIVEN} {FAMILY}")
    ledger.append(referrer, 25, "referral", reason=f"Referred {GIVEN} {FAMILY}")  # old style
    loyalty.adjust(friend, 5, f"Sorry about {EMAIL} mix-up")
    timeline.add_entry(person, "call", f"{GIVEN} rang")
    timeline.add_entry(referrer, "note", f"Came in with {GIVEN} {FAMILY} ({PHONE})")
    feedback.record(9, f"Staff were kind to {GIVEN} {FAMILY}", contact_id=referrer)
    record_printed(referrer, occasion="referral", text=f"Dear Ada, thank you for sending "
                   f"{GIVEN} {FAMILY.upper()} our way!", reason="Sent us somebody")  # fmt: skip
    household = relationships.create_household(f"The {FAMILY} family", [person, friend])
    relationships.link(person, friend, "friend")
    audit.record("merge", subject=f"{GIVEN} {FAMILY}", after={"who": f"{GIVEN} {FAMILY}"})
    return {"person": person, "referrer": referrer, "friend": friend, "household": household}


def test_no_trace_of_the_marker_in_the_file_or_its_log(marked, db_path: Path) -> None:
    database.obj.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    before = [t for f in files(db_path) for t in traces(f)]
    assert any("zorbaq (utf-8)" in t for t in before)  # the test can see the marker at all
    shop_total = database.obj.execute_sql("SELECT SUM(amount_minor) FROM sale").fetchone()[0]
    balances = {c: ledger.balance(c) for c in (marked["person"], marked["referrer"])}

    summary = privacy.erase(marked["person"])

    assert summary["file_compacted"]["vacuumed"] and summary["file_compacted"]["wal_truncated"]
    assert [t for f in files(db_path) for t in traces(f)] == []  # while the book is open
    # the books are whole
    assert database.obj.execute_sql("SELECT SUM(amount_minor) FROM sale").fetchone()[0] == (
        shop_total
    )
    assert {c: ledger.balance(c) for c in balances} == balances and ledger.check() == []
    # the referrer's history names a former customer, by id, rendered now
    history = [r.reason for r in sales.history(marked["referrer"])]
    assert "Referred a former customer" in history
    notes = [v.note for v in vouchers.list_vouchers(Filters(contact_id=marked["referrer"]))]
    assert notes == ["Thank you for referring a former customer"]
    assert find(GIVEN, include_archived=True) == [] and find(EMAIL, include_archived=True) == []
    assert find("7700900417", include_archived=True) == []
    database.obj.close()
    assert [t for f in files(db_path) for t in traces(f)] == []  # and once closed


def test_the_referrers_voucher_and_points_read_a_former_customer(marked) -> None:
    from relbook.store.models import PointsEntry, Voucher

    referrer = marked["referrer"]
    note = Voucher.get(Voucher.beneficiary == referrer).note
    assert note == f"Thank you for referring [[contact:{marked['person']}]]"  # stored by id
    shown = vouchers.view(Voucher.get(Voucher.beneficiary == referrer)).note
    assert shown == f"Thank you for referring {GIVEN} {FAMILY}"  # rendered while they exist
    privacy.erase(marked["person"])
    assert vouchers.view(Voucher.get(Voucher.beneficiary == referrer)).note == (
        "Thank you for referring a former customer"
    )
    legacy = PointsEntry.get((PointsEntry.contact == referrer) & (PointsEntry.points == 25))
    assert legacy.reason == "Referred a former customer" and legacy.redacted == 1
    assert [e.after.get("who") for e in audit.entries(action="merge")] == ["a former customer"]
