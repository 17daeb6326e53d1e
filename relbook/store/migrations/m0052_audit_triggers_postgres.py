"""The audit log's triggers and append-only guards on PostgreSQL (m0050/m0051 are SQLite's).

Several tills share one PostgreSQL database, so the log must be written by the database
itself there too: whichever till (or relbook version) changes points, vouchers or
settings, the entry lands in the same transaction. Nothing happens on SQLite.
"""

from __future__ import annotations

import peewee

_NOW = "(now() AT TIME ZONE 'UTC')"
_INSERT = (
    "INSERT INTO audit_entry (at, staff_id, staff_name, action, subject, contact_ref, "
    "before, after, redacted) VALUES "
)


def _staff_name(column: str) -> str:
    return f"COALESCE((SELECT name FROM staff WHERE id = {column}), '')"


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} END $$"
    )


_WHO = "COALESCE(NEW.voided_by_id, NEW.redeemed_by_id)"

STATEMENTS = (
    _function(
        "relbook_audit_guard",
        "IF TG_OP = 'UPDATE' AND OLD.redacted = false AND NEW.redacted = true "
        "AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action "
        "AND NEW.before = '{}' AND NEW.after = '{}' THEN RETURN NEW; END IF; "
        "RAISE EXCEPTION 'The audit log is append-only.';",
    ),
    "CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION relbook_audit_guard()",
    _function(
        "relbook_audit_points",
        f"{_INSERT} ({_NOW}, NEW.staff_id, {_staff_name('NEW.staff_id')}, "
        "'points.' || NEW.kind, 'contact ' || NEW.contact_id, NEW.contact_id, '{}', "
        "json_build_object('points', NEW.points, 'reason', NEW.reason, "
        "'sale', NEW.sale_id)::text, false); RETURN NULL;",
    ),
    "CREATE TRIGGER audit_points_insert AFTER INSERT ON points_entry "
    "FOR EACH ROW EXECUTE FUNCTION relbook_audit_points()",
    _function(
        "relbook_audit_voucher",
        "IF TG_OP = 'INSERT' THEN "
        f"{_INSERT} ({_NOW}, NEW.issued_by_id, {_staff_name('NEW.issued_by_id')}, "
        "'voucher.issue', 'voucher ' || NEW.code, NEW.beneficiary_id, '{}', "
        "json_build_object('kind', NEW.kind, 'amount_minor', NEW.amount_minor, "
        "'percent', NEW.percent, 'points', NEW.points, 'state', NEW.state)::text, false); "
        "ELSIF OLD.state IS DISTINCT FROM NEW.state THEN "
        f"{_INSERT} ({_NOW}, {_WHO}, {_staff_name(_WHO)}, 'voucher.' || NEW.state, "
        "'voucher ' || NEW.code, NEW.beneficiary_id, "
        "json_build_object('state', OLD.state)::text, "
        "json_build_object('state', NEW.state, 'reason', NEW.void_reason)::text, false); "
        "END IF; RETURN NULL;",
    ),
    "CREATE TRIGGER audit_voucher AFTER INSERT OR UPDATE OF state ON voucher "
    "FOR EACH ROW EXECUTE FUNCTION relbook_audit_voucher()",
    _function(
        "relbook_audit_setting",
        "IF TG_OP = 'INSERT' OR OLD.value IS DISTINCT FROM NEW.value THEN "
        f"{_INSERT} ({_NOW}, NULL, '', 'setting.change', 'setting ' || NEW.key, NULL, "
        "json_build_object('value', CASE WHEN TG_OP = 'UPDATE' "
        "THEN OLD.value::json END)::text, "
        "json_build_object('value', NEW.value::json)::text, false); "
        "END IF; RETURN NULL;",
    ),
    "CREATE TRIGGER audit_setting AFTER INSERT OR UPDATE OF value ON setting "
    "FOR EACH ROW EXECUTE FUNCTION relbook_audit_setting()",
)


def up(db: peewee.Database) -> None:
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for sql in STATEMENTS:
        db.execute_sql(sql)
