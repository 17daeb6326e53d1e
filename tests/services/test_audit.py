"""The audit log: every change to points, vouchers, merges, erasures, restores and
settings with who, when, before and after; append-only in the database itself;
viewable (filtered, paged) and exportable as formula-safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import peewee
import pytest

from relbook.services import backup, contacts, loyalty, plugins, privacy, settings, staff, vouchers
from relbook.services.contacts import merge
from relbook.services.contacts.inputs import ContactInput, PhoneInput
from relbook.services.counter import sales
from relbook.services.staff import access, audit
from relbook.services.vouchers.types import VoucherValue
from relbook.store.db import database
from relbook.store.models.audit import AuditEntry

plugins.load_all()


@pytest.fixture
def shop(db) -> dict[str, int]:
    owner = staff.ensure_default()
    staff.add_staff("Sam")
    anna = contacts.create_contact(ContactInput(given_name="Anna", family_name="Berg"))
    return {"owner": owner, "sam": staff.list_staff()[1].id, "anna": anna.contact_id}


def newest(action: str) -> audit.AuditRow:
    return audit.entries(action=action, limit=1)[0]


def test_points_are_logged_with_who_when_and_what(shop) -> None:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=5)
    sale = sales.record_sale(shop["anna"], 1234, staff_id=shop["sam"])
    earned = newest("points.earn")
    assert (earned.staff, earned.subject) == ("Sam", f"contact {shop['anna']}")
    assert earned.after == {"points": 12, "reason": "Sale $12.34", "sale": sale.sale_id}
    assert before <= earned.at <= before + dt.timedelta(minutes=1)
    loyalty.adjust(shop["anna"], -2, "Typed twice", staff_id=shop["owner"])
    adjusted = newest("points.adjust")
    assert (adjusted.staff, adjusted.after["points"], adjusted.after["reason"]) == (
        "Owner",
        -2,
        "Typed twice",
    )


def test_vouchers_issue_and_void_are_logged_with_before_and_after(shop) -> None:
    issued = vouchers.issue(
        shop["anna"], "goodwill", VoucherValue.amount(500), staff_id=shop["sam"]
    )
    entry = newest("voucher.issue")
    assert entry.staff == "Sam" and entry.after["amount_minor"] == 500
    vouchers.void(issued.id, "Printed by mistake", staff_id=shop["owner"])
    voided = newest("voucher.void")
    assert voided.staff == "Owner"
    assert voided.before == {"state": "issued"}
    assert voided.after == {"state": "void", "reason": "Printed by mistake"}


def test_merges_erasures_and_restores_are_logged(shop, tmp_path) -> None:
    dup = contacts.create_contact(
        ContactInput(given_name="Anna", family_name="Berg", phones=[PhoneInput("+1 503 555 0199")])
    ).contact_id
    result = merge.merge(shop["anna"], dup, staff_id=shop["owner"])
    merged = newest("merge")
    assert merged.staff == "Owner" and merged.subject == f"contact {dup} into {shop['anna']}"
    merge.undo(result.record_id, staff_id=shop["sam"])
    assert newest("merge.undo").staff == "Sam"
    taken = backup.backup_now(tmp_path / "bk")
    privacy.erase(dup, staff_id=shop["owner"])
    erased = newest("erase")
    assert erased.staff == "Owner" and erased.subject == f"contact {dup}"
    assert erased.after["removed"]["phone"] == 1  # what was removed, by table
    backup.restore(taken.path, staff_id=shop["owner"], safety_folder=tmp_path / "s")
    restored = newest("restore")
    assert restored.staff == "Owner" and restored.after["contacts"] == 2
    assert "before-restore-" in restored.before["safety_copy"]


def test_settings_changes_name_the_person_at_the_till(shop) -> None:
    settings.set_value("shop.name", "Café Berg")
    first = newest("setting.change")
    assert first.subject == "setting shop.name" and first.staff == ""  # nobody told yet
    assert first.after == {"value": "Café Berg"}
    audit.set_actor(shop["sam"])
    settings.set_value("shop.name", "Café Berg & Söhne")
    entry = newest("setting.change")
    assert entry.staff == "Sam"
    assert entry.before == {"value": "Café Berg"} and entry.after == {"value": "Café Berg & Söhne"}
    audit.set_actor(shop["owner"])
    settings.set_value("shop.currency", "EUR")
    assert newest("setting.change").staff == "Owner"
    assert first.id != entry.id and audit.entries(action="setting.change", limit=10)[2].staff == ""


def test_the_log_is_append_only_in_the_database_itself(shop) -> None:
    sales.record_sale(shop["anna"], 500)
    target = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    for sql, params in (
        ("UPDATE audit_entry SET after = '{}' WHERE id = ?", [target.id]),
        ("UPDATE audit_entry SET staff_name = 'Someone' WHERE id = ?", [target.id]),
        ("UPDATE audit_entry SET staff_id = ? WHERE id = ?", [shop["sam"], target.id]),
        ("DELETE FROM audit_entry WHERE id = ?", [target.id]),
        ("DELETE FROM audit_entry", []),
    ):
        with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
            database.obj.execute_sql(sql, params)
    assert AuditEntry.get_by_id(target.id).after == target.after
    with pytest.raises(peewee.DatabaseError, match="append-only"):
        AuditEntry.delete().execute()


def test_only_an_erasure_may_blank_an_entry_and_only_a_nameless_setting_be_named(shop) -> None:
    settings.set_value("shop.name", "X")
    entry = AuditEntry.select().where(AuditEntry.action == "setting.change").first()
    # naming the person of a nameless settings entry: allowed once
    AuditEntry.update(staff=shop["owner"], staff_name="Owner").where(
        AuditEntry.id == entry.id
    ).execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEntry.update(staff=shop["sam"], staff_name="Sam").where(
            AuditEntry.id == entry.id
        ).execute()
    # blanking is allowed only all at once, marked redacted
    with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
        AuditEntry.update(after="{}").where(AuditEntry.id == entry.id).execute()
    sales.record_sale(shop["anna"], 300)
    assert audit.redact_contact(shop["anna"]) == 1
    (blank,) = audit.entries(contact_id=shop["anna"])
    assert (blank.before, blank.after, blank.redacted) == ({}, {}, True)


def test_viewing_filtered_and_paged_newest_first(shop) -> None:
    for i in range(7):
        sales.record_sale(shop["anna"], 100 + i)
    page = audit.entries(action="points", limit=3)
    assert len(page) == 3 and page[0].id > page[1].id > page[2].id
    older = audit.entries(action="points", limit=10, before_id=page[-1].id)
    assert len(older) == 4 and all(e.id < page[-1].id for e in older)
    assert {e.action for e in audit.entries(contact_id=shop["anna"])} == {"points.earn"}


def test_export_as_csv_is_formula_safe(shop) -> None:
    staff.add_staff("=HYPERLINK(evil)")
    evil = next(s for s in staff.list_staff() if s.name.startswith("="))
    sales.record_sale(shop["anna"], 990, staff_id=evil.id)
    text = audit.to_csv(audit.entries())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "when_utc", "who", "action", "subject", "before", "after"]
    assert any(r[2] == "'=HYPERLINK(evil)" for r in rows[1:])
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)


def test_roles_changes_are_logged(shop) -> None:
    access.set_pin(shop["owner"], "739184")
    access.set_role(shop["sam"], "owner", by_staff_id=shop["owner"])
    entry = newest("staff.role")
    assert entry.before == {"role": "staff"} and entry.after == {"role": "owner"}
    assert newest("staff.pin").subject == f"staff {shop['owner']}"
