"""Privacy: answering an access request (everything about one person, as JSON and as a
readable PDF), erasing a person (personal data anonymised, sales and ledger totals kept
for the books), and finding contacts with no visit for N years.

Which tables hold something about a person is asked of the database (every foreign key
to ``contact``), so a feature added later is included without changing this module.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from relbook.errors import NotFoundError
from relbook.services import backup, contacts, settings
from relbook.services.contacts.inputs import TEXT_FIELDS
from relbook.services.contacts.mentions import render_all
from relbook.services.contacts.merge import _mark, _rows, _to_json, contact_links
from relbook.services.import_export.export import contact_json, iter_contacts
from relbook.services.privacy import scrub
from relbook.services.staff import access, audit
from relbook.store.db import database
from relbook.store.models import Contact, utcnow
from relbook.store.models.audit import AuditEntry, MergeRecord

#: kept (linked to the anonymised contact) so sales, points and vouchers still add up
KEEP_FOR_THE_BOOKS = frozenset(
    {"sale", "points_entry", "loyalty_account", "voucher", "referral_reward", "reversal"}
)
ERASED_NAME = "Erased customer"
_TITLES = {
    "sale": "Sales",
    "points_entry": "Points ledger",
    "loyalty_account": "Points account",
    "voucher": "Vouchers",
    "referral_reward": "Referral rewards",
    "timeline_entry": "Timeline",
    "sent_note": "Notes sent",
    "relationship": "Relationships",
    "household_member": "Household",
    "care_plan": "Care plan",
    "feedback": "Feedback",
    "review_mark": "Reviews",
    "phone": "Phones",
    "email": "Emails",
    "personal_detail": "Personal details",
    "contact_tag": "Tags",
    "contact": "Referred by them",
}
_HIDDEN_COLUMNS = {"id", "contact_id", "position", "digits", "address_lower"}


def _require(contact_id: int) -> Contact:
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise NotFoundError(f"There is no contact number {contact_id}.")
    return row


def subject_data(contact_id: int) -> dict[str, Any]:
    """Everything relbook holds about one person, as plain JSON-able data."""
    _require(contact_id)
    card = next(iter_contacts([contact_id]))
    m = _mark(database.obj)
    tables: dict[str, list[dict[str, object]]] = {}
    for table, column in contact_links():
        rows = _rows(table, f'"{column}" = {m}', [contact_id])
        if rows:
            tables.setdefault(table, []).extend(_to_json(r) for r in rows)
    _show_mentions(tables)
    log = [
        {
            "at": str(e.at),
            "who": e.staff_name,
            "action": e.action,
            "subject": e.subject,
            "before": json.loads(e.before),
            "after": json.loads(e.after),
        }
        for e in AuditEntry.select()
        .where(AuditEntry.contact_ref == contact_id)
        .order_by(AuditEntry.id)
    ]
    return {
        "format": "relbook-access-request",
        "version": 1,
        "shop": settings.get("shop.name"),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "contact": contact_json(card),
        "records": tables,
        "audit_log": log,
        "notes": retention_note(),
    }


def _show_mentions(tables: dict[str, list[dict[str, object]]]) -> None:
    """Other customers named by id in these rows ("Referred [[contact:7]]") are shown by
    name — or as a former customer — as everywhere else (``contacts.mentions``)."""
    cells = [(row, key) for rows in tables.values() for row in rows for key, value in row.items()
             if isinstance(value, str) and "[[contact:" in value]  # fmt: skip
    for (row, key), text in zip(cells, render_all(str(r[k]) for r, k in cells), strict=True):
        row[key] = text


def retention_note() -> str:
    return (
        "Backups of the shop's database are kept on a rotating schedule and may still "
        "hold these data until they roll off. " + backups_note()
    )


def backups_note() -> str:
    """What happens to an erased person in backups, for the erase confirmation, the
    access-request file and the README's privacy section."""
    from relbook.services import backup

    months = getattr(backup, "KEEP_MONTHLY", 12)
    return (
        "Backups made before the erasure still hold this person's data until the backup "
        f"rotation removes them: the oldest kept copy is at most about {months} months "
        "old. Copies you made elsewhere (a USB stick, another computer) keep them until "
        "you delete those copies."
    )


def name_for_confirmation(contact_id: int) -> str:
    """The name to show when asking "erase …?" (raises NotFoundError for a wrong id)."""
    return _require(contact_id).display_name


def subject_json(contact_id: int) -> str:
    return json.dumps(subject_data(contact_id), ensure_ascii=False, indent=2, default=str)


def subject_pdf(contact_id: int) -> bytes:
    """The readable PDF for an access request (see ``privacy_pdf`` for its sections)."""
    from relbook.printing.privacy_report import render
    from relbook.services.privacy.report import build_report

    data = subject_data(contact_id)
    mentioned = {data["contact"].get("referred_by")}
    for row in data["records"].get("relationship", []):
        mentioned |= {row.get("from_contact_id"), row.get("to_contact_id")}
    mentioned = {m for m in mentioned if isinstance(m, int)}
    names = dict(
        Contact.select(Contact.id, Contact.display_name)
        .where(Contact.id.in_(list(mentioned)))
        .tuples()
    )
    return render(build_report(data, names))


# -- erasure ------------------------------------------------------------------------------


def erase(contact_id: int, *, staff_id: int | None = None, compact: bool = True) -> dict[str, Any]:
    """Anonymise one person: their card is blanked and archived, every personal record
    is deleted, and sales, points, vouchers and referral rewards stay (linked to the
    anonymous card, their free text blanked) so the shop's totals and books are
    unchanged. What names them in anyone else's rows is scrubbed, and the bytes are made
    to leave the file (``scrub``). Other customers' history names them by id and now
    shows "a former customer"."""
    access.require_owner(staff_id, "erase a customer's personal data")
    row = _require(contact_id)
    if not database.obj.in_transaction():
        backup.before("erase")  # erasure cannot be undone but by this backup
    m = _mark(database.obj)
    removed: dict[str, int] = {}
    who = scrub.identifiers(contact_id)  # read before the card is blanked
    scrub.secure_deletes()
    with database.atomic():
        for table, column in contact_links():
            if table in KEEP_FOR_THE_BOOKS:
                continue
            if table == "contact":  # others who were referred by this person keep the link
                continue
            cursor = database.obj.execute_sql(
                f'DELETE FROM "{table}" WHERE "{column}" = {m}', [contact_id]
            )
            if cursor.rowcount:
                removed[table] = cursor.rowcount
        blank = {f: "" for f in (*TEXT_FIELDS, "notes")}
        blank.update(
            {
                f"{p}_{part}": None
                for p in ("birthday", "anniversary")
                for part in ("year", "month", "day")
            }
        )
        name = f"{ERASED_NAME} {contact_id}"
        Contact.update(
            **blank,
            display_name=name,
            sort_name=f"~erased {contact_id:010d}",
            consent_mail=None,
            consent_email=None,
            consent_phone=None,
            card_code=None,
            referred_by=None,
            archived_at=row.archived_at or utcnow(),
            updated_at=utcnow(),
        ).where(Contact.id == contact_id).execute()
        blanked = scrub.blank_own(contact_id)
        redacted = audit.redact_contact(contact_id)
        scrubbed = scrub.scrub_others(contact_id, who)
        MergeRecord.update(state=json.dumps({"erased": True}), merged_name="").where(
            (MergeRecord.kept_id == contact_id) | (MergeRecord.merged_id == contact_id)
        ).execute()
        contacts.reindex([contact_id])
        audit.record(
            "erase", staff_id=staff_id, subject=f"contact {contact_id}", after={"removed": removed}
        )
    # after the commit (VACUUM cannot run inside it); erasing many: once, at the end
    compacted = scrub.compact() if compact else {"vacuumed": False, "later": True}
    return {
        "contact": contact_id,
        "removed": removed,
        "audit_entries_redacted": redacted,
        "own_text_blanked": blanked,
        "mentions_scrubbed": scrubbed,
        "file_compacted": compacted,
        "backups": backups_note(),
    }


def compact_file() -> dict[str, object]:
    """After erasing several people with ``compact=False``: make the bytes go now."""
    return scrub.compact()


def is_erased(contact_id: int) -> bool:
    row = _require(contact_id)
    return row.display_name == f"{ERASED_NAME} {contact_id}"


# -- contacts gone quiet ------------------------------------------------------------------


def inactive_contacts(years: int, *, today: dt.date | None = None) -> list[tuple[int, str, str]]:
    """Active contacts with no visit (sale or visit entry) for ``years`` years and added
    before that: (id, name, last visit or "never") — candidates for erasure."""
    from relbook.services.care import timeline

    today = today or dt.date.today()
    cutoff = (
        today.replace(year=today.year - years)
        if not (today.month == 2 and today.day == 29)
        else dt.date(today.year - years, 2, 28)
    )
    rows = list(
        Contact.select(Contact.id, Contact.display_name, Contact.created_at)
        .where(Contact.archived_at.is_null())
        .order_by(Contact.sort_name)
        .tuples()
    )
    last = timeline.last_visits([r[0] for r in rows])
    out = []
    for cid, name, created in rows:
        seen = last.get(cid)
        created_day = timeline.as_datetime(created).date()
        if (seen is None and created_day < cutoff) or (seen is not None and seen < cutoff):
            out.append((cid, name, seen.isoformat() if seen else "never"))
    return out
