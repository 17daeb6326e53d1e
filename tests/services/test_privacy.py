"""Privacy: an access request answered with everything relbook holds about the person
(JSON and a readable PDF, read back), and erasure that anonymises the person while the
shop's sales, points and vouchers still add up."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from relbook.errors import NotFoundError
from relbook.services import contacts, loyalty, plugins, privacy, settings, vouchers
from relbook.services.care import feedback, timeline
from relbook.services.codes import compact_code, format_code
from relbook.services.contacts import merge, relationships, search
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.counter import sales
from relbook.services.dates import PartialDate
from relbook.services.loyalty import ledger
from relbook.services.staff import audit
from relbook.services.vouchers.types import VoucherValue
from relbook.store.db import database
from relbook.store.models import Contact, PointsEntry, Sale
from relbook.store.models.audit import AuditEntry, MergeRecord
from relbook.store.models.vouchers import Voucher

plugins.load_all()
T0 = dt.datetime(2026, 2, 3, 11, 0)


@pytest.fixture
def maria(db) -> dict[str, int | str]:
    settings.set_value("shop.name", "Blumen Berg")
    friend = contacts.create_contact(ContactInput(given_name="Lena", family_name="Vogel"))
    cid = contacts.create_contact(
        ContactInput(
            given_name="Maria",
            family_name="Fernández",
            street="Calle Mayor 5",
            city="Madrid",
            birthday=PartialDate(11, 2, 1990),
            how_met="Walked in during the spring market",
            notes="Allergic to lilies",
            consent_email=dt.date(2025, 5, 1),
            phones=[PhoneInput("+34 612 345 678")],
            emails=[EmailInput("mj@example.es")],
            details=[
                DetailInput("family", name="Pablo", relation="son"),
                DetailInput("interest", "Orchids"),
            ],
            tags=["wedding-2026"],
        )
    ).contact_id
    referred = contacts.create_contact(ContactInput(given_name="Tomás", referred_by=cid))
    sale = sales.record_sale(cid, 4590, note="Orchid bouquet", when=T0)
    sales.record_sale(cid, 1200, when=T0 + dt.timedelta(days=3))
    loyalty.adjust(cid, 10, "Sorry for the wait")
    code = vouchers.issue(cid, "goodwill", VoucherValue.amount(500)).code
    timeline.add_entry(cid, "call", "Asked for white peonies in June")
    relationships.link(cid, friend.contact_id, "friend")
    feedback.record(9, "Lovely flowers", contact_id=cid)
    return {
        "id": cid,
        "friend": friend.contact_id,
        "referred": referred.contact_id,
        "sale": sale.sale_id,
        "voucher": code,
    }


def test_access_request_json_holds_everything_about_the_person(maria) -> None:
    data = json.loads(privacy.subject_json(maria["id"]))
    assert data["format"] == "relbook-access-request" and data["shop"] == "Blumen Berg"
    card = data["contact"]
    assert (card["given_name"], card["family_name"], card["city"]) == (
        "Maria",
        "Fernández",
        "Madrid",
    )
    assert card["birthday"] == "1990-11-02" and card["notes"] == "Allergic to lilies"
    assert card["phones"] == [{"label": "mobile", "number": "+34 612 345 678"}]
    assert card["emails"][0]["address"] == "mj@example.es"
    assert {d["name"] or d["text"] for d in card["details"]} == {"Pablo", "Orchids"}
    assert card["consent"]["email"] == "2025-05-01" and card["tags"] == ["wedding-2026"]
    records = data["records"]
    assert {s["amount_minor"] for s in records["sale"]} == {4590, 1200}
    assert sum(p["points"] for p in records["points_entry"]) == ledger.balance(maria["id"])
    assert [format_code(v["code"]) for v in records["voucher"]] == [maria["voucher"]]
    assert any(t["text"] == "Asked for white peonies in June" for t in records["timeline_entry"])
    assert len(records["relationship"]) == 1
    assert records["feedback"][0]["comment"] == "Lovely flowers"
    assert [c["given_name"] for c in records["contact"]] == ["Tomás"]  # whom she referred
    actions = {e["action"] for e in data["audit_log"]}
    assert {"points.adjust", "voucher.issue"} <= actions
    assert "backups" in data["notes"].lower()


def test_access_request_pdf_is_readable_and_complete(maria) -> None:
    pdf = privacy.subject_pdf(maria["id"])
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for expected in (
        "Blumen Berg",
        "Maria Fernández",
        "Calle Mayor 5",
        "Madrid",
        "1990-11-02",
        "+34 612 345 678",
        "mj@example.es",
        "Pablo",
        "Orchids",
        "Allergic to lilies",
        "wedding-2026",
        "Orchid bouquet",
        "$45.90",
        "$12.00",
        "+10",
        "Sorry for the wait",
        "$5.00 off",
        "Lena Vogel",
        "Points adjusted",
        maria["voucher"],
        "Asked for white peonies in June",
        "Lovely flowers",
        "Tomás",
        "Consent by email",
    ):
        assert expected in text, expected
    assert "backup" in text.lower()
    assert "amount minor" not in text.lower() and "client token" not in text.lower()


def test_access_request_for_a_missing_contact(db) -> None:
    with pytest.raises(NotFoundError):
        privacy.subject_json(404)


def test_erase_anonymises_the_person_and_keeps_the_books(maria) -> None:
    cid = maria["id"]
    shop_sales = Sale.select().count()
    shop_total = sum(s.amount_minor for s in Sale.select())
    points = ledger.balance(cid)
    ledger_rows = {
        r.id: (r.points, r.kind, r.reason, r.sale_id)
        for r in PointsEntry.select().where(PointsEntry.contact == cid)
    }
    merge_rec = MergeRecord.create(kept_id=cid, merged_id=9999, state='{"x": "Maria"}')
    summary = privacy.erase(cid)

    row = Contact.get_by_id(cid)
    assert row.display_name == f"Erased customer {cid}" and privacy.is_erased(cid)
    for field in ("given_name", "family_name", "street", "city", "notes", "how_met"):
        assert getattr(row, field) == "", field
    assert (row.birthday_month, row.card_code, row.consent_email) == (None, None, None)
    assert row.archived_at is not None
    card = contacts.get_contact(cid).data
    assert card.phones == [] and card.emails == [] and card.details == [] and card.tags == []
    assert summary["removed"]["phone"] == 1 and summary["removed"]["timeline_entry"] >= 1
    # nothing findable, nothing left in the text of the database
    for word in ("Maria", "Fernández", "612 345", "mj@example", "lilies", "peonies", "Orchids"):
        assert search.find(word, include_archived=True) == [], word
    everything = "\n".join(database.obj.connection().iterdump())
    for word in ("Fernández", "mj@example.es", "Allergic to lilies", "white peonies",
                 "Lovely flowers", "Pablo"):  # fmt: skip
        assert word not in everything, word
    # the books: same sales, same total, same ledger rows, the voucher still on record
    assert Sale.select().count() == shop_sales
    assert sum(s.amount_minor for s in Sale.select()) == shop_total
    assert ledger.balance(cid) == points and ledger.check() == []
    typed = {k: (*v[:2], "", v[3]) for k, v in ledger_rows.items() if v[1] == "adjust"}
    assert typed  # what staff typed about her goes; the system's own reasons stay
    assert {
        r.id: (r.points, r.kind, r.reason, r.sale_id)
        for r in PointsEntry.select().where(PointsEntry.contact == cid)
    } == ledger_rows | typed
    kept = Voucher.select().where(Voucher.code == compact_code(maria["voucher"])).get()
    assert kept.beneficiary_id == cid
    # people she referred keep their own card; her friend keeps theirs
    assert Contact.get_by_id(maria["referred"]).given_name == "Tomás"
    assert Contact.get_by_id(maria["friend"]).given_name == "Lena"
    # the audit log: earlier entries about her are redacted, the erasure itself recorded
    about_her = list(AuditEntry.select().where(AuditEntry.contact_ref == cid))
    assert about_her and all(e.redacted and e.before == "{}" for e in about_her)
    assert audit.entries(action="erase")[0].subject == f"contact {cid}"
    assert MergeRecord.get_by_id(merge_rec.id).state == '{"erased": true}'


def test_an_erased_contact_is_not_offered_as_a_duplicate_and_can_be_exported(maria) -> None:
    privacy.erase(maria["id"])
    data = json.loads(privacy.subject_json(maria["id"]))
    assert data["contact"]["given_name"] == "" and data["contact"]["phones"] == []
    assert merge.find_duplicate_pairs() == []


def test_contacts_without_a_visit_for_years(db) -> None:
    old = contacts.create_contact(ContactInput(given_name="Old")).contact_id
    recent = contacts.create_contact(ContactInput(given_name="Recent")).contact_id
    never = contacts.create_contact(ContactInput(given_name="Never")).contact_id
    sales.record_sale(old, 500, when=dt.datetime(2020, 1, 10, 12))
    sales.record_sale(recent, 500, when=dt.datetime(2026, 1, 10, 12))
    database.obj.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id IN (?, ?, ?)",
        ["2019-06-01 10:00:00", old, recent, never],
    )
    found = privacy.inactive_contacts(3, today=dt.date(2026, 6, 1))
    assert [(cid, last) for cid, _, last in found] == [(never, "never"), (old, "2020-01-10")]
