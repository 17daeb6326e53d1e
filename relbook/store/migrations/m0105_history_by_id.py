"""History names other customers by id, and erasure can reach append-only rows.

1. Rows written before this release copied a referee's NAME into the referrer's history:
   points ("Referred Erin Erasable"), vouchers ("Thank you for referring Anaïs
   Chevalier"), notes ("Sent us Erin Erasable") and the audit entries of those points.
   They are rewritten to name the referee by id — ``[[contact:42]]``, shown as the name
   (or "a former customer" once erased) by ``relbook.services.contacts.mentions``. The
   append-only guards are lifted for this, inside this migration's one transaction, and
   put back at once.
2. The guards come back with one more sanctioned change: REDACTION. A sale's note, a
   points row's reason and an audit entry's details may be rewritten only in a
   statement that marks the row ``redacted`` (and a redacted row stays marked) — what
   erasing a person does to the free text that names them. Amounts, points, kinds,
   dates, links and who did it never change.

A name that no longer matches any referee (renamed since) is left as it was; erasure
still finds it in the text by the person's name.
"""

from __future__ import annotations

import json

import peewee

LEDGER_MESSAGE = "The points ledger is append-only: correct a mistake with an adjustment."
SALES_MESSAGE = "Recorded sales are never changed: correct a mistake with a refund."
AUDIT_MESSAGE = "The audit log is append-only."

#: table → (columns that never change, the one free-text column, message)
GUARDED = {
    "points_entry": (
        ("id", "points", "kind", "sale_id", "created_at", "contact_id"),
        "reason",
        LEDGER_MESSAGE,
    ),
    "sale": (
        ("id", "amount_minor", "currency", "refund_of_id", "client_token", "created_at",
         "contact_id"),
        "note",
        SALES_MESSAGE,
    ),
}  # fmt: skip


def _mention(contact_id: int) -> str:
    return f"[[contact:{int(contact_id)}]]"


# -- the guards -----------------------------------------------------------------------------


def _forbidden(columns: tuple[str, ...], text: str, distinct: str) -> str:
    """SQL that is true for a change the guard refuses. contact_id may change (a merge
    moves rows and its undo moves them back), so it is not among the fixed columns."""
    fixed = [f"NEW.{c} {distinct} OLD.{c}" for c in columns if c != "contact_id"]
    fixed.append(f"(NEW.staff_id {distinct} OLD.staff_id AND NEW.staff_id IS NOT NULL)")
    fixed.append(f"(NEW.{text} {distinct} OLD.{text} AND NEW.redacted <> 1)")
    fixed.append("NEW.redacted < OLD.redacted")
    return " OR ".join(fixed)


_AUDIT_ALLOWED = (
    # redaction: the details may be blanked or scrubbed, marking the entry redacted for
    # good (a second erasure may scrub it again); what, when, who and whom stay
    "(NEW.redacted = {true} AND NEW.id = OLD.id "
    "AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.staff_id {same} OLD.staff_id AND NEW.contact_ref {same} OLD.contact_ref) "
    "OR "
    # naming who made a settings change the database wrote without a name (m0085)
    "(OLD.action = 'setting.change' AND OLD.staff_id IS NULL AND OLD.staff_name = '' "
    "AND NEW.staff_id IS NOT NULL AND NEW.id = OLD.id AND NEW.at = OLD.at "
    "AND NEW.action = OLD.action AND NEW.subject = OLD.subject "
    "AND NEW.before = OLD.before AND NEW.after = OLD.after "
    "AND NEW.redacted = OLD.redacted AND NEW.contact_ref {same} OLD.contact_ref)"
)


def _drop_sqlite_guards(db: peewee.Database) -> None:
    for table in GUARDED:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_append_only_update")
    db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")


def _make_sqlite_guards(db: peewee.Database, tables: set[str]) -> None:
    for table, (columns, text, message) in GUARDED.items():
        if table in tables:
            db.execute_sql(
                f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table} "
                f"WHEN {_forbidden(columns, text, 'IS NOT')} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    if "audit_entry" in tables:
        allowed = _AUDIT_ALLOWED.format(false="0", true="1", same="IS")
        db.execute_sql(
            f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
            f"WHEN NOT ({allowed}) BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END"
        )


def _disable_postgres_guards(db: peewee.Database, tables: set[str]) -> None:
    for table in GUARDED:
        if table in tables:
            db.execute_sql(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    if "audit_entry" in tables:
        db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_guard")


def _make_postgres_guards(db: peewee.Database, tables: set[str]) -> None:
    for table, (columns, text, message) in GUARDED.items():
        if table not in tables:
            continue
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION relbook_{table}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' OR "
            f"{_forbidden(columns, text, 'IS DISTINCT FROM')} THEN "
            f"RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$"
        )
        db.execute_sql(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
    if "audit_entry" in tables:
        allowed = _AUDIT_ALLOWED.format(false="false", true="true", same="IS NOT DISTINCT FROM")
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION relbook_audit_guard() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN IF TG_OP = 'UPDATE' AND ({allowed}) THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{AUDIT_MESSAGE}'; END $$"
        )
        db.execute_sql("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_guard")


# -- names to ids ---------------------------------------------------------------------------


def _param(db: peewee.Database) -> str:
    return "?" if isinstance(db, peewee.SqliteDatabase) else "%s"


def _referees(db: peewee.Database) -> dict[int, dict[str, int]]:
    """referrer id → {referee's display name: referee id}, from both the referred-by
    links and the reward rows (a referee may have been unlinked since)."""
    found: dict[int, dict[str, int]] = {}
    rows = list(
        db.execute_sql(
            "SELECT referred_by_id, id, display_name FROM contact WHERE referred_by_id IS NOT NULL"
        )
    )
    if "referral_reward" in db.get_tables():
        rows += list(
            db.execute_sql(
                "SELECT r.referrer_id, c.id, c.display_name FROM referral_reward r "
                "JOIN contact c ON c.id = r.referee_id WHERE r.referrer_id IS NOT NULL"
            )
        )
    for referrer, referee, name in rows:
        found.setdefault(int(referrer), {})[str(name)] = int(referee)
    return found


def _tokenised(text: str, prefix: str, names: dict[str, int]) -> str | None:
    """``prefix`` + a referee's name → ``prefix`` + their mention; None if no match."""
    if not text.startswith(prefix):
        return None
    referee = names.get(text[len(prefix) :])
    return None if referee is None else prefix + _mention(referee)


def _rewrite_ledger(db: peewee.Database, referees: dict[int, dict[str, int]]) -> dict[tuple, str]:
    """Referral points rows; returns (referrer, old reason) → new reason for the audit."""
    m = _param(db)
    done: dict[tuple, str] = {}
    rows = list(
        db.execute_sql(
            "SELECT id, contact_id, reason FROM points_entry "
            f"WHERE kind = 'referral' AND reason LIKE {m}",
            ("Referred %",),
        )
    )
    for entry_id, contact_id, reason in rows:
        new = _tokenised(reason, "Referred ", referees.get(int(contact_id), {}))
        if new is not None:
            db.execute_sql(f"UPDATE points_entry SET reason = {m} WHERE id = {m}", (new, entry_id))
            done[(int(contact_id), reason)] = new
    return done


def _rewrite_vouchers(db: peewee.Database) -> None:
    if "voucher" not in db.get_tables() or "referral_reward" not in db.get_tables():
        return
    m = _param(db)
    prefix = "Thank you for referring "
    for voucher_id, note, referee, name in list(
        db.execute_sql(
            "SELECT v.id, v.note, r.referee_id, c.display_name FROM voucher v "
            "JOIN referral_reward r ON r.id = v.referral_id "
            "JOIN contact c ON c.id = r.referee_id "
            f"WHERE v.note LIKE {m}",
            (prefix + "%",),
        )
    ):
        if note == prefix + str(name):
            new = prefix + _mention(referee)
            db.execute_sql(f"UPDATE voucher SET note = {m} WHERE id = {m}", (new, voucher_id))


def _rewrite_sent_notes(db: peewee.Database) -> None:
    if "sent_note" not in db.get_tables():
        return
    m = _param(db)
    notes = [
        (note_id, reason, int(str(key).split(":", 1)[1]))
        for note_id, reason, key in db.execute_sql(
            "SELECT id, reason, event_key FROM sent_note "
            f"WHERE reason LIKE {m} AND event_key LIKE {m}",
            ("Sent us %", "referral:%"),
        )
        if str(key).split(":", 1)[1].isdigit()
    ]
    for note_id, reason, referee in notes:
        row = db.execute_sql(f"SELECT display_name FROM contact WHERE id = {m}", (referee,))
        found = row.fetchone()
        if found is not None and reason == f"Sent us {found[0]}":
            db.execute_sql(
                f"UPDATE sent_note SET reason = {m} WHERE id = {m}",
                (f"Sent us {_mention(referee)}", note_id),
            )


def _rewrite_audit(db: peewee.Database, ledger: dict[tuple, str]) -> None:
    if "audit_entry" not in db.get_tables() or not ledger:
        return
    m = _param(db)
    for entry_id, contact_ref, after in list(
        db.execute_sql(
            "SELECT id, contact_ref, after FROM audit_entry WHERE action = 'points.referral'"
        )
    ):
        try:
            details = json.loads(after or "{}")
        except ValueError:
            continue
        new = ledger.get((contact_ref, details.get("reason")))
        if isinstance(details, dict) and new is not None:
            details["reason"] = new
            db.execute_sql(
                f"UPDATE audit_entry SET after = {m} WHERE id = {m}",
                (json.dumps(details, ensure_ascii=False), entry_id),
            )


def up(db: peewee.Database) -> None:
    tables = set(db.get_tables())
    sqlite = isinstance(db, peewee.SqliteDatabase)
    for table in GUARDED:
        if table in tables:
            kind = "INTEGER" if sqlite else "SMALLINT"
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN redacted {kind} NOT NULL DEFAULT 0")
    if sqlite:
        _drop_sqlite_guards(db)
    else:
        _disable_postgres_guards(db, tables)
    if {"contact", "points_entry"} <= tables:
        ledger = _rewrite_ledger(db, _referees(db))
        _rewrite_audit(db, ledger)
    if "contact" in tables:
        _rewrite_vouchers(db)
        _rewrite_sent_notes(db)
    if sqlite:
        _make_sqlite_guards(db, tables)
    else:
        _make_postgres_guards(db, tables)
