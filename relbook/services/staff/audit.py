"""The audit log: who changed points, vouchers, merges, erasures, restores and settings,
when, and what it was before and after. Append-only; viewable and exportable as CSV.

``record`` is called inside the writer's transaction, so an entry lands exactly when the
change does. Other features call ``record(action, …)``; actions are dotted words such as
"points.adjust", "voucher.void", "setting.change", "merge", "merge.undo", "erase",
"restore".
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import peewee

from relbook.store.db import database
from relbook.store.models import Staff, utcnow
from relbook.store.models.audit import AuditEntry

#: the log's actions in words
ACTION_NAMES = {
    "points.earn": "Points earned",
    "points.redeem": "Points redeemed",
    "points.adjust": "Points adjusted",
    "points.expire": "Points expired",
    "points.bonus": "Bonus points",
    "points.referral": "Referral points",
    "points.refund": "Points taken back (refund)",
    "voucher.issue": "Voucher issued",
    "voucher.redeemed": "Voucher redeemed",
    "voucher.void": "Voucher voided",
    "voucher.voided": "Voucher voided",
    "voucher.expired": "Voucher expired",
    "setting.change": "Setting changed",
    "merge": "Contacts merged",
    "merge.undo": "Merge undone",
    "erase": "Personal data erased",
    "consent.override": "Contacted without consent (owner)",
    "restore": "Backup restored",
    "staff.pin": "PIN set",
    "staff.role": "Role changed",
    "staff.add": "Staff member added",
    "staff.rename": "Staff member renamed",
    "staff.active": "Staff member (de)activated",
}


def describe_action(action: str) -> str:
    """An action in words ("points.adjust" → "Points adjusted")."""
    if action in ACTION_NAMES:
        return ACTION_NAMES[action]
    words = action.replace(".", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    staff: str
    action: str
    subject: str
    before: dict[str, Any]
    after: dict[str, Any]
    redacted: bool


def record(
    action: str,
    *,
    staff_id: int | None = None,
    subject: str = "",
    contact_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> int:
    """Append one entry; returns its id."""
    name = ""
    if staff_id is not None:
        row = Staff.get_or_none(Staff.id == staff_id)
        name = row.name if row else ""
        staff_id = row.id if row else None
    entry = AuditEntry.create(
        at=utcnow(),
        staff=staff_id,
        staff_name=name,
        action=action[:40],
        subject=subject[:200],
        contact_ref=contact_id,
        before=_dump(before),
        after=_dump(after),
    )
    return entry.id


_ACTOR_SQLITE = (
    "CREATE TEMP TABLE IF NOT EXISTS relbook_actor (staff_id INTEGER)",
    "CREATE TEMP TRIGGER IF NOT EXISTS relbook_setting_who AFTER INSERT ON main.audit_entry "
    "WHEN NEW.action = 'setting.change' AND NEW.staff_id IS NULL "
    "AND (SELECT staff_id FROM relbook_actor) IS NOT NULL BEGIN "
    "UPDATE audit_entry SET staff_id = (SELECT staff_id FROM relbook_actor), "
    "staff_name = COALESCE((SELECT name FROM staff WHERE id = "
    "(SELECT staff_id FROM relbook_actor)), '') WHERE id = NEW.id; END",
)


def set_actor(staff_id: int | None) -> None:
    """Tell this thread's database connection who is at the till, so the settings
    changes the database logs by itself carry a name (see migration m0085)."""
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        with database.atomic():
            for sql in _ACTOR_SQLITE:
                db.execute_sql(sql)
            db.execute_sql("DELETE FROM relbook_actor")
            db.execute_sql("INSERT INTO relbook_actor (staff_id) VALUES (?)", [staff_id])
    elif isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "SELECT set_config('relbook.staff_id', %s, false)",
            ["" if staff_id is None else str(int(staff_id))],
        )


def _dump(value: Any) -> str:
    return json.dumps(
        {} if value is None else value, ensure_ascii=False, default=str, sort_keys=True
    )


def entries(
    *,
    action: str | None = None,
    contact_id: int | None = None,
    since: dt.datetime | None = None,
    limit: int | None = 500,
    before_id: int | None = None,
) -> list[AuditRow]:
    """Newest first; ``before_id`` pages further back."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if contact_id is not None:
        query = query.where(AuditEntry.contact_ref == contact_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if limit:
        query = query.limit(limit)
    return _with_names([_row(e) for e in query])


def _with_names(rows: list[AuditRow]) -> list[AuditRow]:
    """Customers named by id inside an entry's details ("Referred [[contact:7]]") get the
    name to show now — or "a former customer" once erased (``contacts.mentions``)."""
    from relbook.services.contacts.mentions import render_all

    texts = [v for r in rows for side in (r.before, r.after) for v in side.values()
             if isinstance(v, str) and "[[contact:" in v]  # fmt: skip
    if not texts:
        return rows
    shown = dict(zip(texts, render_all(texts), strict=True))
    for r in rows:
        for side in (r.before, r.after):
            for key, value in side.items():
                if isinstance(value, str) and value in shown:
                    side[key] = shown[value]
    return rows


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(
        e.id,
        e.at,
        e.staff_name,
        e.action,
        e.subject,
        json.loads(e.before or "{}"),
        json.loads(e.after or "{}"),
        bool(e.redacted),
    )


def to_csv(rows: Iterable[AuditRow]) -> str:
    """The log as CSV (when in UTC, who, what, subject, before, after), formula-safe."""
    from relbook.services import csv_safe

    out = io.StringIO()
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "when_utc", "who", "action", "subject", "before", "after"])
    for r in rows:
        when = (
            r.at.isoformat(sep=" ", timespec="seconds") if isinstance(r.at, dt.datetime) else r.at
        )
        writer.writerow(
            [
                r.id,
                when,
                r.staff,
                r.action,
                r.subject,
                json.dumps(r.before, ensure_ascii=False),
                json.dumps(r.after, ensure_ascii=False),
            ]
        )
    return out.getvalue()


def redact_contact(contact_id: int) -> int:
    """Blank the before/after of every entry about an erased person (the one change
    the log allows); returns how many entries were redacted."""
    return (
        AuditEntry.update(before="{}", after="{}", redacted=True)
        .where(
            (AuditEntry.contact_ref == contact_id)
            & ((AuditEntry.before != "{}") | (AuditEntry.after != "{}"))
        )
        .execute()
    )
