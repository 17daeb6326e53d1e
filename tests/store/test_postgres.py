"""Several tills on one PostgreSQL database: the same services, the same guarantees.

They run in the default suite: the tests start a throw-away server themselves
(``tests/pg_server.py``, skipped with the reason when PostgreSQL is not installed), or use
the one ``RELBOOK_TEST_PG_URL`` names. Each test gets a fresh database (``pg_url``).
"""

from __future__ import annotations

import multiprocessing as mp

import pytest

pytestmark = pytest.mark.enable_socket  # the test server's unix socket


def _contact(given: str, family: str, phone: str = "", email: str = "") -> int:
    from relbook.services import contacts
    from relbook.services.contacts.inputs import ContactInput, EmailInput, PhoneInput

    data = ContactInput(given_name=given, family_name=family)
    if phone:
        data.phones.append(PhoneInput(phone))
    if email:
        data.emails.append(EmailInput(email))
    return contacts.create_contact(data).contact_id


def test_migrations_run_and_a_second_open_changes_nothing(pg_url: str) -> None:
    from relbook.store.db import close_database, open_database

    db = open_database(pg_url)
    first = {row[0] for row in db.execute_sql("SELECT name FROM schema_migration")}
    assert {"m0001_foundation", "m0010_counter_loyalty", "m0020_vouchers"} <= first
    close_database()
    db = open_database(pg_url)
    again = [row[0] for row in db.execute_sql("SELECT name FROM schema_migration")]
    assert sorted(again) == sorted(first)


def test_search_finds_by_prefix_accent_and_phone_digits(pg_url: str) -> None:
    from relbook.services.contacts import search
    from relbook.store.db import open_database

    open_database(pg_url)
    jose = _contact("José", "Müller", phone="+49 30 1234 5678", email="jose@example.org")
    other = _contact("Anna", "Schmidt", phone="+49 30 9999 0000")

    def ids(text: str) -> list[int]:
        return [hit.contact_id for hit in search.find(text)]

    assert ids("jose") == [jose]
    assert ids("mull") == [jose]
    assert ids("5678") == [jose]
    assert ids("schm") == [other]
    assert ids("example.org") == [jose]


def test_sale_earns_points_and_the_ledger_balances(pg_url: str) -> None:
    from relbook.services import loyalty, plugins
    from relbook.services.counter import sales
    from relbook.store.db import open_database
    from relbook.store.models.loyalty import LoyaltyAccount, PointsEntry

    open_database(pg_url)
    plugins.load_all()
    anna = _contact("Anna", "Schmidt")
    first = sales.record_sale(anna, 1250, client_token="till-1-0001")
    again = sales.record_sale(anna, 1250, client_token="till-1-0001")  # a bouncing scanner
    assert again.sale_id == first.sale_id and again.duplicate
    sales.record_sale(anna, 800)
    ledger = sum(e.points for e in PointsEntry.select().where(PointsEntry.contact == anna))
    account = LoyaltyAccount.get(LoyaltyAccount.contact == anna)
    assert ledger == account.balance == loyalty.summary(anna).balance > 0


def _redeem_worker(url: str, codes: list[str], barrier, results, name: str) -> None:
    from relbook.services import vouchers
    from relbook.services.vouchers.types import VoucherProblem
    from relbook.store.db import open_database

    open_database(url)
    for i, code in enumerate(codes):
        barrier.wait(timeout=60)
        try:
            vouchers.redeem(code)
            outcome = "ok"
        except VoucherProblem as exc:
            outcome = exc.reason
        except Exception as exc:  # a failure the test must show
            outcome = f"error: {type(exc).__name__}: {exc}"
        results.put((i, name, outcome))


def test_two_tills_redeem_the_same_voucher_exactly_one_wins(pg_url: str) -> None:
    from relbook.services import vouchers
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import close_database, open_database
    from relbook.store.models.vouchers import Voucher

    rounds = 30
    open_database(pg_url)
    anna = _contact("Anna", "Schmidt")
    codes = [vouchers.issue(anna, "goodwill", VoucherValue.amount(500)).code for _ in range(rounds)]
    close_database()

    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_redeem_worker, args=(pg_url, codes, barrier, results, name))
        for name in ("till-1", "till-2")
    ]
    for proc in procs:
        proc.start()
    outcomes: dict[int, list[str]] = {}
    for _ in range(2 * rounds):
        i, _name, outcome = results.get(timeout=120)
        outcomes.setdefault(i, []).append(outcome)
    for proc in procs:
        proc.join(timeout=60)
    for i in range(rounds):
        assert sorted(outcomes[i]) == ["ok", "redeemed"], (i, outcomes[i])
    open_database(pg_url)
    assert Voucher.select().where(Voucher.state == "redeemed").count() == rounds


def test_the_audit_log_is_written_by_the_database_and_append_only(pg_url: str) -> None:
    import peewee

    from relbook.services import loyalty, settings, vouchers
    from relbook.services.staff import audit
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import database, open_database
    from relbook.store.models.audit import AuditEntry

    open_database(pg_url)
    anna = _contact("Anna", "Schmidt")
    loyalty.adjust(anna, 25, "Sorry for the wait")
    voucher = vouchers.issue(anna, "goodwill", VoucherValue.amount(500))
    vouchers.void(voucher.id, "Issued twice")
    settings.set_value("shop.name", "Juniper & Rye")
    actions = [row.action for row in audit.entries()]
    assert {"points.adjust", "voucher.issue", "voucher.void", "setting.change"} <= set(actions)
    changed = next(r for r in audit.entries(action="setting.change"))
    assert changed.after == {"value": "Juniper & Rye"}

    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEntry.delete().execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEntry.update(action="nothing").execute()
    assert audit.redact_contact(anna) >= 2  # erasure's sanctioned change still works
    assert all(r.redacted for r in audit.entries(contact_id=anna))


def test_points_rows_and_sales_are_append_only(pg_url: str) -> None:
    import peewee

    from relbook.services import plugins
    from relbook.services.contacts import merge
    from relbook.services.counter import sales
    from relbook.services.loyalty import ledger
    from relbook.store.db import database, open_database
    from relbook.store.models import PointsEntry, Sale

    open_database(pg_url)
    plugins.load_all()
    anna, twin = _contact("Anna", "Schmidt"), _contact("Anna", "Schmidt", email="a@example.com")
    sales.record_sale(anna, 1250)
    sales.record_sale(twin, 500)
    for query in (PointsEntry.update(points=999), PointsEntry.delete(),
                  Sale.update(amount_minor=1), Sale.delete()):  # fmt: skip
        with (
            pytest.raises(peewee.DatabaseError, match=r"append-only|never changed"),
            database.atomic(),
        ):
            query.execute()
    result = merge.merge(anna, twin)  # moving rows to the kept contact stays allowed
    assert ledger.balance(anna) == ledger.ledger_sum(anna) == 17
    merge.undo(result.record_id)
    assert ledger.check() == []


def test_today_sheet_matches_names_and_undo_on_postgres(pg_url: str) -> None:
    """Issue 13's set-based Today and sheet, counter matches, names and undo, on the
    other engine (its own SQL: windows, UNION ALL of day ranges, triggers)."""
    import datetime as dt

    import peewee

    from relbook.services import care, contacts, loyalty, plugins, vouchers
    from relbook.services.care import timeline
    from relbook.services.contacts.inputs import ContactInput, DetailInput
    from relbook.services.contacts.matches import find_matches
    from relbook.services.counter import sales, today, undo
    from relbook.services.dates import PartialDate
    from relbook.services.vouchers.types import VoucherValue
    from relbook.store.db import database, open_database
    from relbook.store.models import Reversal

    open_database(pg_url)
    plugins.load_all()
    day = dt.date.today()
    ids = []
    for i in range(6):
        data = ContactInput(given_name=f"P{i}", family_name="Many", birthday=PartialDate(
            day.month, day.day), details=[DetailInput("family", "", f"Kid{i}", "son")])  # fmt: skip
        ids.append(contacts.create_contact(data).contact_id)
        care.set_tier(ids[-1], 1)
        vouchers.issue(ids[-1], "goodwill", VoucherValue.amount(500), valid_days=3)
        for weeks in (1, 2, 3):
            when = dt.datetime.combine(day - dt.timedelta(weeks=weeks), dt.time(9))
            timeline.add_entry(ids[-1], "visit", happened_at=when)
    found = {s.key: s for s in today.sections(day, limit=2)}
    assert found["birthdays_today"].total == 6 and len(found["birthdays_today"].items) == 2
    assert found["rewards_expiring"].total == 6
    sheet = today.counter_sheet_data(day)
    assert len(sheet.regulars) == 6 and sheet.total("birthdays") == 6
    mai = contacts.create_contact(ContactInput(
        given_name="Mai", middle_name="Thị", family_name="Nguyễn", name_order="family_first",
        details=[DetailInput("family", "", "Sara", "partner")])).contact_id  # fmt: skip
    assert contacts.get_contact(mai).display_name == "Nguyễn Thị Mai"
    assert [m.why for m in find_matches("sara")] == ["partner: Sara"]
    sales.record_sale(mai, 30_000)
    loyalty.redeem_reward(mai, "Free coffee")
    (row,) = [r for r in sales.history(mai) if r.what == "redeem"]
    result = undo.undo("points", row.entry_id, "wrong customer", staff_id=None)
    assert result.balance == 300
    with pytest.raises(peewee.DatabaseError, match="never changed"), database.atomic():
        Reversal.delete().execute()
