"""Who changed a setting: the audit log learns the person at the till.

The database writes a "setting.change" entry for every settings write (m0051/m0052),
but it cannot know who is at the till. relbook tells each connection (see
``relbook.services.staff.audit.set_actor``):

- SQLite: a TEMP table and TEMP trigger per connection fill in the staff member of the
  entry just written. The append-only guard is replaced by one that, besides redaction,
  allows exactly that: naming the staff member of a settings entry that had none.
- PostgreSQL: the session setting ``relbook.staff_id`` is read by the settings trigger.
"""

from __future__ import annotations

import peewee

_SQLITE = (
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "WHEN NOT ("
    # redaction of an erased person's entry (m0050)
    "(OLD.redacted = 0 AND NEW.redacted = 1 AND NEW.id = OLD.id "
    "AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.before = '{}' AND NEW.after = '{}') "
    "OR "
    # naming who made a settings change the database wrote without a name
    "(OLD.action = 'setting.change' AND OLD.staff_id IS NULL AND OLD.staff_name = '' "
    "AND NEW.staff_id IS NOT NULL AND NEW.id = OLD.id AND NEW.at = OLD.at "
    "AND NEW.action = OLD.action AND NEW.subject = OLD.subject "
    "AND NEW.before = OLD.before AND NEW.after = OLD.after "
    "AND NEW.redacted = OLD.redacted AND NEW.contact_ref IS OLD.contact_ref)"
    ") BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END",
)

_POSTGRES = (
    "CREATE OR REPLACE FUNCTION relbook_audit_setting() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ DECLARE who integer := NULLIF(current_setting('relbook.staff_id', true), '')::int; "
    "BEGIN IF TG_OP = 'INSERT' OR OLD.value IS DISTINCT FROM NEW.value THEN "
    "INSERT INTO audit_entry (at, staff_id, staff_name, action, subject, contact_ref, "
    "before, after, redacted) VALUES ((now() AT TIME ZONE 'UTC'), "
    "(SELECT id FROM staff WHERE id = who), "
    "COALESCE((SELECT name FROM staff WHERE id = who), ''), 'setting.change', "
    "'setting ' || NEW.key, NULL, json_build_object('value', CASE WHEN TG_OP = 'UPDATE' "
    "THEN OLD.value::json END)::text, json_build_object('value', NEW.value::json)::text, "
    "false); END IF; RETURN NULL; END $$",
)


def up(db: peewee.Database) -> None:
    statements = _SQLITE if isinstance(db, peewee.SqliteDatabase) else _POSTGRES
    for sql in statements:
        db.execute_sql(sql)
