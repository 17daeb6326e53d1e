"""Duplicates across the book, and merging two contacts: every detail, timeline entry,
ledger row (only its contact changes), sale, voucher, relationship and referral is kept,
balances add up, and undo puts both contacts back as they were."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services import care, contacts, loyalty, plugins, settings, vouchers
from relbook.services.care import timeline
from relbook.services.contacts import merge, relationships
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.counter import sales
from relbook.services.dates import PartialDate
from relbook.services.loyalty import ledger
from relbook.services.staff import audit
from relbook.services.vouchers.types import VoucherValue
from relbook.store.db import database
from relbook.store.models import Contact, PointsEntry, Sale
from relbook.store.models.care import CarePlan, Relationship, TimelineEntry
from relbook.store.models.vouchers import Voucher

plugins.load_all()
T0 = dt.datetime(2026, 3, 2, 10, 0)
#: tables whose rows are compared before and after (their contents, by id)
COMPARED = (
    "contact", "phone", "email", "personal_detail", "contact_tag", "tag", "sale",
    "points_entry", "voucher", "timeline_entry", "relationship", "care_plan",
    "household_member", "referral_reward",
)  # fmt: skip


def table(name: str) -> dict[int, dict[str, object]]:
    cursor = database.obj.execute_sql(f'SELECT * FROM "{name}" ORDER BY id')
    cols = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(cols, row, strict=True)) for row in cursor.fetchall()}


def everything() -> dict[str, dict[int, dict[str, object]]]:
    return {name: table(name) for name in COMPARED}


@pytest.fixture
def pair(db) -> tuple[int, int, int, int]:
    """Anna (kept) and her duplicate "Anna Schmidt" (merged), each with a full history;
    Carl and Dora are their friends; Erik was referred by the duplicate. A shop in Germany."""
    settings.set_value("shop.phone_region", "DE")
    anna = contacts.create_contact(
        ContactInput(
            given_name="Anna",
            family_name="Schmidt",
            phones=[PhoneInput("+49 151 2345678")],
            emails=[EmailInput("anna@example.com")],
            details=[DetailInput("preference", "Oat flat white")],
            tags=["regular"],
            notes="Comes on Mondays.",
        )
    ).contact_id
    dup = contacts.create_contact(
        ContactInput(
            given_name="Anna",
            family_name="Schmidt",
            city="Berlin",
            birthday=PartialDate(4, 12, 1985),
            phones=[PhoneInput("0151 2345678", "home"), PhoneInput("+49 30 9876543", "work")],
            emails=[EmailInput("a.schmidt@example.org", "work")],
            details=[DetailInput("family", name="Mia", relation="daughter")],
            tags=["regular", "cakes"],
            notes="Orders birthday cakes.",
        )
    ).contact_id
    carl = contacts.create_contact(ContactInput(given_name="Carl")).contact_id
    dora = contacts.create_contact(ContactInput(given_name="Dora")).contact_id
    erik = contacts.create_contact(ContactInput(given_name="Erik", referred_by=dup)).contact_id
    for cid, amounts in ((anna, (1250, 800)), (dup, (2000, 450, 990))):
        for n, amount in enumerate(amounts):
            sales.record_sale(cid, amount, note=f"sale {n}", when=T0 + dt.timedelta(days=n))
    loyalty.adjust(dup, 25, "Welcome back", when=T0)
    for cid in (anna, dup, dup):
        vouchers.issue(cid, "goodwill", VoucherValue.amount(500))
    timeline.add_entry(anna, "call", "Asked about catering")
    timeline.add_entry(dup, "note", "Prefers the corner table")
    relationships.link(anna, carl, "friend")
    relationships.link(dup, dora, "sibling")
    relationships.link(anna, dup, "partner")  # the two are one person: this link goes
    care.set_tier(anna, 1)
    care.set_tier(dup, 2)
    return anna, dup, erik, carl


def test_merge_keeps_every_record_and_the_points_add_up(pair) -> None:
    anna, dup, erik, carl = pair
    before = everything()
    balances = (ledger.balance(anna), ledger.balance(dup))
    assert balances[1] > 0
    result = merge.merge(anna, dup)
    after = everything()

    assert not Contact.select().where(Contact.id == dup).exists()
    # the ledger: the same rows, untouched but for whose they are
    assert set(after["points_entry"]) == set(before["points_entry"])
    for row_id, row in before["points_entry"].items():
        moved = dict(after["points_entry"][row_id])
        assert moved.pop("contact_id") == anna
        row = dict(row)
        row.pop("contact_id")
        assert moved == row
    assert ledger.balance(anna) == sum(balances) == ledger.ledger_sum(anna)
    assert ledger.check() == []
    # sales, vouchers, timeline: every row kept, now Anna's
    for name, column in (("sale", "contact_id"), ("voucher", "beneficiary_id"),
                         ("timeline_entry", "contact_id")):  # fmt: skip
        assert set(after[name]) == set(before[name]), name
        assert {r[column] for r in after[name].values() if r[column] in (anna, dup)} == {anna}
    assert Sale.select().where(Sale.contact == anna).count() == 5
    assert Voucher.select().where(Voucher.beneficiary == anna).count() == 3
    texts = {e.text for e in TimelineEntry.select().where(TimelineEntry.contact == anna)}
    assert {"Asked about catering", "Prefers the corner table"} <= texts
    # relationships: both friends kept; the link between the two is gone, not a self-link
    links = {
        (link.other_id, link.kind) for link in relationships.links_of(anna, with_referrals=False)
    }
    assert (carl, "friend") in links and any(kind == "sibling" for _, kind in links)
    assert (
        not Relationship.select()
        .where((Relationship.from_contact == anna) & (Relationship.to_contact == anna))
        .exists()
    )
    # the person Dup referred now counts as Anna's referral
    assert Contact.get_by_id(erik).referred_by_id == anna
    # the card: every phone, email, detail and tag, blanks filled, notes appended
    card = contacts.get_contact(anna).data
    assert [p.number for p in card.phones] == ["+49 151 2345678", "+49 30 9876543"]
    assert {e.address for e in card.emails} == {"anna@example.com", "a.schmidt@example.org"}
    assert {(d.kind, d.text or d.name) for d in card.details} == {
        ("preference", "Oat flat white"),
        ("family", "Mia"),
    }
    assert sorted(card.tags) == ["cakes", "regular"]
    assert card.city == "Berlin" and card.birthday == PartialDate(4, 12, 1985)
    assert card.notes == "Comes on Mondays.\n\nOrders birthday cakes."
    # one care plan remains, the merge is in the audit log with its undo record
    assert CarePlan.select().where(CarePlan.contact == anna).count() >= 1
    assert care.get_plan(anna) is not None
    logged = audit.entries(action="merge")
    assert {e.subject for e in logged} == {f"contact {dup} into {anna}"}
    assert any(e.after.get("merge_record") == result.record_id for e in logged)
    assert contacts.find_duplicates(card, exclude_id=anna) == []


def test_undo_puts_both_contacts_back_as_they_were(pair) -> None:
    anna, dup, erik, _ = pair
    before = everything()
    balances = (ledger.balance(anna), ledger.balance(dup))
    result = merge.merge(anna, dup)
    merge.undo(result.record_id)
    after = everything()
    for name in COMPARED:
        if name == "contact":
            continue
        assert after[name] == before[name], name
    for cid, row in before["contact"].items():  # updated_at may move; nothing else does
        row, now = dict(row), dict(after["contact"][cid])
        row.pop("updated_at"), now.pop("updated_at")
        assert now == row, cid
    assert (ledger.balance(anna), ledger.balance(dup)) == balances
    assert ledger.check() == []
    assert Contact.get_by_id(erik).referred_by_id == dup
    assert audit.entries(action="merge.undo")[0].after == {"merge_record": result.record_id}
    with pytest.raises(ValidationError, match="already been undone"):
        merge.undo(result.record_id)


def test_work_done_after_a_merge_stays_with_the_kept_contact_on_undo(pair) -> None:
    anna, dup, _, _ = pair
    result = merge.merge(anna, dup)
    later = sales.record_sale(anna, 700, when=T0 + dt.timedelta(days=9))
    merge.undo(result.record_id)
    assert Sale.get_by_id(later.sale_id).contact_id == anna
    assert ledger.check() == []
    assert PointsEntry.select().where(PointsEntry.sale == later.sale_id).get().contact_id == anna


def test_a_contact_cannot_be_merged_with_itself_or_a_missing_one(pair) -> None:
    anna = pair[0]
    with pytest.raises(ValidationError, match="itself"):
        merge.merge(anna, anna)
    with pytest.raises(NotFoundError):
        merge.merge(anna, 99_999)
    with pytest.raises(NotFoundError):
        merge.undo(12_345)


def test_duplicates_are_found_by_phone_email_and_similar_name_with_birthday(db) -> None:
    settings.set_value("shop.phone_region", "DE")

    def make(given: str, family: str, **extra: object) -> int:
        return contacts.create_contact(
            ContactInput(given_name=given, family_name=family, **extra)  # type: ignore[arg-type]
        ).contact_id

    a = make("Jürgen", "Müller", phones=[PhoneInput("+49 30 1234567")])
    b = make("J.", "Mueller", phones=[PhoneInput("030 1234567")])  # same digits
    c = make("Priya", "Natarajan", emails=[EmailInput("priya@example.in")])
    d = make("Pri", "N.", emails=[EmailInput("PRIYA@example.in")])
    e = make("Katherine", "Johnson", birthday=PartialDate(8, 26))
    f = make("Katharine", "Johnson", birthday=PartialDate(8, 26, 1918))
    make("Katherine", "Johnson", birthday=PartialDate(1, 2))  # same name, other birthday
    make("Someone", "Else", birthday=PartialDate(8, 26))
    pairs = {(p.first_id, p.second_id): p.reason for p in merge.find_duplicate_pairs()}
    assert pairs == {
        (a, b): "same phone number",
        (c, d): "same email address",
        (e, f): "similar name and same birthday",
    }
    contacts.archive_contact(b)  # archived contacts are out of the search
    assert (a, b) not in {(p.first_id, p.second_id) for p in merge.find_duplicate_pairs()}


def test_merge_is_all_or_nothing(pair, monkeypatch) -> None:
    anna, dup, _, _ = pair
    before = everything()

    def broken(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(merge.contacts, "reindex", broken)
    with pytest.raises(RuntimeError):
        merge.merge(anna, dup)
    assert everything() == before
