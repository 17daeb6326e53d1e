"""No points balance below zero, on either engine, whatever the code (or a tool) tries.

The services' conditional UPDATE decides which till gets the last points; the database
backs it (m0100: a CHECK on PostgreSQL, triggers on SQLite). A book that an earlier
release left with negative balances is repaired by reasoned adjustment rows when it is
upgraded, so the ledger and the cached balances agree and the constraint holds.
"""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest

from relbook.errors import ValidationError

pytestmark = pytest.mark.enable_socket  # PostgreSQL through its unix socket


@pytest.fixture(params=["sqlite", "postgresql"])
def book(request: pytest.FixtureRequest, tmp_path: Path):
    from relbook.store.db import close_database, open_database

    url = str(tmp_path / "shop.sqlite3") if request.param == "sqlite" else None
    url = url or request.getfixturevalue("pg_url")
    db = open_database(url)
    yield url, db
    close_database()


def _customer_with(points: int) -> int:
    from relbook.services import contacts, loyalty
    from relbook.services.contacts.inputs import ContactInput

    cid = contacts.create_contact(ContactInput(given_name="Nora")).contact_id
    if points:
        loyalty.adjust(cid, points, "Start")
    return cid


def test_the_database_refuses_a_negative_balance(book) -> None:
    from relbook.store.db import database
    from relbook.store.models import LoyaltyAccount

    _url, _db = book
    cid = _customer_with(40)
    refused = r"below zero|balance_not_negative"
    with pytest.raises(peewee.IntegrityError, match=refused), database.atomic():
        LoyaltyAccount.update(balance=-1).where(LoyaltyAccount.contact == cid).execute()
    assert LoyaltyAccount.get(LoyaltyAccount.contact == cid).balance == 40


def test_a_stale_balance_cannot_spend_points_twice(book) -> None:
    """A writer that read 100 points before another till spent them: the conditional
    UPDATE finds 0 and changes nothing, whatever the writer believed."""
    from relbook.services.loyalty import ledger
    from relbook.services.loyalty.ledger import AccountRef
    from relbook.store.models import PointsEntry

    _url, _db = book
    cid = _customer_with(100)
    stale = AccountRef(ledger.account_for(cid).id, 100)
    assert ledger.append(cid, -100, "redeem", reason="Coffee", account=stale) == 0
    rows_before = PointsEntry.select().count()
    with pytest.raises(ValidationError, match="Only 0 points available; 100 cannot"):
        ledger.append(cid, -100, "redeem", reason="Coffee again", account=stale)
    assert PointsEntry.select().count() == rows_before
    assert ledger.balance(cid) == ledger.ledger_sum(cid) == 0
    assert ledger.check() == []


def _make_it_an_old_book(db: peewee.Database) -> None:
    """Undo m0100 as if the book came from the release before it."""
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "ALTER TABLE loyalty_account DROP CONSTRAINT loyalty_account_balance_not_negative"
        )
        mark = "%s"
    else:
        db.execute_sql("DROP TRIGGER loyalty_account_balance_not_negative_insert")
        db.execute_sql("DROP TRIGGER loyalty_account_balance_not_negative_update")
        mark = "?"
    db.execute_sql(f"DELETE FROM schema_migration WHERE name = {mark}",
                   ("m0100_no_negative_balance",))  # fmt: skip


def test_an_old_book_with_points_spent_twice_is_repaired_on_upgrade(book) -> None:
    from relbook.services.loyalty import ledger
    from relbook.store.db import close_database, database, open_database
    from relbook.store.models import LoyaltyAccount, PointsEntry

    url, db = book
    cid = _customer_with(100)
    _make_it_an_old_book(db)
    with database.atomic():  # what two tills did before: the same 100 points spent twice
        PointsEntry.create(contact=cid, points=-100, kind="redeem", reason="Cake")
        PointsEntry.create(contact=cid, points=-100, kind="redeem", reason="Cake")
        LoyaltyAccount.update(balance=-100).where(LoyaltyAccount.contact == cid).execute()
    close_database()

    open_database(url, backup=False)
    assert ledger.balance(cid) == ledger.ledger_sum(cid) == 0
    fix = PointsEntry.select().where(PointsEntry.kind == "adjust").order_by(PointsEntry.id)[-1]
    assert fix.points == 100 and "spent twice" in fix.reason
    assert ledger.check() == []
    with pytest.raises(peewee.IntegrityError), database.atomic():
        LoyaltyAccount.update(balance=-5).where(LoyaltyAccount.contact == cid).execute()
