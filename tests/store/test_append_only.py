"""The database itself refuses to edit or delete points rows and sales (m0090).

A merge may still move rows to the kept contact (and its undo back): that changes whom a
row belongs to, never what it says.
"""

from __future__ import annotations

import peewee
import pytest

from relbook.services.contacts import merge
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.store.models import PointsEntry, Sale, Staff


@pytest.fixture
def sold(db, make_contact) -> tuple[int, int]:
    cid = make_contact("Anna", "Schmidt")
    sale = sales.record_sale(cid, 1250)
    return cid, sale.sale_id


@pytest.mark.parametrize(
    "change",
    [
        {"points": 999},
        {"kind": "bonus"},
        {"reason": "made up"},
        {"sale": None},
        {"created_at": "2001-01-01 00:00:00"},
    ],
)
def test_a_ledger_row_cannot_be_edited(sold, change: dict) -> None:
    before = list(PointsEntry.select().dicts())
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(**change).execute()
    assert list(PointsEntry.select().dicts()) == before


def test_a_ledger_row_cannot_be_deleted(sold) -> None:
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.delete().execute()
    assert PointsEntry.select().count() == 1


@pytest.mark.parametrize("change", [{"amount_minor": 1}, {"note": "x"}, {"currency": "EUR"}])
def test_a_sale_cannot_be_edited_or_deleted(sold, change: dict) -> None:
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        Sale.update(**change).execute()
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        Sale.delete().execute()
    assert Sale.get().amount_minor == 1250


def test_a_row_cannot_be_given_to_another_staff_member(sold) -> None:
    other = Staff.create(name="Mallory")
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(staff=other.id).execute()


def test_a_merge_moves_rows_and_its_undo_moves_them_back(sold, make_contact) -> None:
    cid, _ = sold
    twin = make_contact("Anna", "Schmidt", email="anna@example.com")
    sales.record_sale(twin, 500)
    total = ledger.balance(cid) + ledger.balance(twin)
    result = merge.merge(cid, twin)
    assert ledger.balance(cid) == total == ledger.ledger_sum(cid)
    assert PointsEntry.select().where(PointsEntry.contact == twin).count() == 0
    merge.undo(result.record_id)
    assert PointsEntry.select().where(PointsEntry.contact == twin).count() == 1
    assert ledger.check() == []


# -- redaction (m0105): the one change erasure needs -------------------------------------


def test_free_text_changes_only_as_a_redaction(sold) -> None:
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(reason="scrubbed").execute()  # not marked as a redaction
    PointsEntry.update(reason="scrubbed", redacted=1).execute()
    assert PointsEntry.get().reason == "scrubbed"
    PointsEntry.update(reason="scrubbed again", redacted=1).execute()  # a later erasure
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(redacted=0).execute()  # a redacted row stays marked
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(points=999, redacted=1).execute()  # amounts never change
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        Sale.update(note="x").execute()
    Sale.update(note="", redacted=1).execute()
    with pytest.raises(peewee.IntegrityError, match="never changed"):
        Sale.update(amount_minor=1, redacted=1).execute()
    assert (Sale.get().amount_minor, Sale.get().note) == (1250, "")


def test_an_audit_entry_is_changed_only_by_redaction(sold) -> None:
    from relbook.store.models.audit import AuditEntry

    entry = AuditEntry.get()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.update(after='{"x": 1}').where(AuditEntry.id == entry.id).execute()
    AuditEntry.update(after='{"x": 1}', redacted=True).where(AuditEntry.id == entry.id).execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.update(action="forged", redacted=True).where(AuditEntry.id == entry.id).execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.delete().execute()
