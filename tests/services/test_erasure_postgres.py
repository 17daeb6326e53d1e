"""On PostgreSQL too: history names a referee by id, erasure scrubs what names them from
other rows (through the redaction the append-only guards allow, m0105), and the books
still add up. The test server is started by the suite (``pg_url`` in tests/conftest.py)."""

from __future__ import annotations

import pytest
from peewee import IntegrityError, InternalError

pytestmark = pytest.mark.enable_socket  # the test server's unix socket


def test_erasure_reaches_other_rows_and_the_guards_still_hold(pg_url: str) -> None:
    from relbook.services import contacts, plugins, privacy, referrals
    from relbook.services.contacts.inputs import ContactInput
    from relbook.services.counter import sales
    from relbook.services.loyalty import ledger
    from relbook.services.referrals import Programme
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import database, open_database
    from relbook.store.models import PointsEntry, Sale

    open_database(pg_url)
    plugins.load_all()
    referrals.save_programme(Programme(reward=VoucherValue.points_of(40)))
    ada = contacts.create_contact(ContactInput(given_name="Ada", family_name="Ref")).contact_id
    erin = contacts.create_contact(
        ContactInput(given_name="Erin", family_name="Erasable", referred_by=ada)
    ).contact_id
    sales.record_sale(erin, 2000)
    sales.record_sale(ada, 900, note="gift for Erin Erasable")
    assert PointsEntry.get(PointsEntry.kind == "referral").reason == f"Referred [[contact:{erin}]]"
    privacy.erase(erin)
    assert Sale.get(Sale.contact == ada).note == "gift for a former customer"
    assert [r.reason for r in sales.history(ada) if r.what == "referral"] == [
        "Referred a former customer"
    ]
    assert ledger.check() == []
    with pytest.raises((IntegrityError, InternalError), match="append-only"), database.atomic():
        PointsEntry.update(points=1).execute()
