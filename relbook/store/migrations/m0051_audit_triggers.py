"""Audit entries written by the database itself for points, vouchers and settings.

Triggers catch every change whichever code makes it, inside the same transaction, so
the log cannot miss one. SQLite only; on PostgreSQL the services' own ``audit.record``
calls are the log. Who made a settings change is not known to the database; points and
vouchers carry their staff member.
"""

from __future__ import annotations

import peewee

_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_INSERT = (
    "INSERT INTO audit_entry (at, staff_id, staff_name, action, subject, contact_ref, "
    "before, after, redacted) VALUES "
)


def _staff_name(column: str) -> str:
    return f"COALESCE((SELECT name FROM staff WHERE id = {column}), '')"


TRIGGERS = (
    f"""CREATE TRIGGER audit_points_insert AFTER INSERT ON points_entry BEGIN
    {_INSERT} ({_NOW}, NEW.staff_id, {_staff_name("NEW.staff_id")}, 'points.' || NEW.kind,
    'contact ' || NEW.contact_id, NEW.contact_id, '{{}}',
    json_object('points', NEW.points, 'reason', NEW.reason, 'sale', NEW.sale_id), 0); END""",
    f"""CREATE TRIGGER audit_voucher_insert AFTER INSERT ON voucher BEGIN
    {_INSERT} ({_NOW}, NEW.issued_by_id, {_staff_name("NEW.issued_by_id")}, 'voucher.issue',
    'voucher ' || NEW.code, NEW.beneficiary_id, '{{}}',
    json_object('kind', NEW.kind, 'amount_minor', NEW.amount_minor, 'percent', NEW.percent,
                'points', NEW.points, 'state', NEW.state), 0); END""",
    f"""CREATE TRIGGER audit_voucher_state AFTER UPDATE OF state ON voucher
    WHEN OLD.state IS NOT NEW.state BEGIN
    {_INSERT} ({_NOW}, COALESCE(NEW.voided_by_id, NEW.redeemed_by_id),
    {_staff_name("COALESCE(NEW.voided_by_id, NEW.redeemed_by_id)")}, 'voucher.' || NEW.state,
    'voucher ' || NEW.code, NEW.beneficiary_id, json_object('state', OLD.state),
    json_object('state', NEW.state, 'reason', NEW.void_reason), 0); END""",
    f"""CREATE TRIGGER audit_setting_insert AFTER INSERT ON setting BEGIN
    {_INSERT} ({_NOW}, NULL, '', 'setting.change', 'setting ' || NEW.key, NULL,
    json_object('value', NULL), json_object('value', json(NEW.value)), 0); END""",
    f"""CREATE TRIGGER audit_setting_update AFTER UPDATE OF value ON setting
    WHEN OLD.value IS NOT NEW.value BEGIN
    {_INSERT} ({_NOW}, NULL, '', 'setting.change', 'setting ' || NEW.key, NULL,
    json_object('value', json(OLD.value)), json_object('value', json(NEW.value)), 0); END""",
)


def up(db: peewee.Database) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        return
    tables = set(db.get_tables())
    for sql in TRIGGERS:
        table = sql.split(" ON ", 1)[1].split()[0]
        if table in tables:
            db.execute_sql(sql)
