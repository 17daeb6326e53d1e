"""Migration m0105: rows from before that copied a referee's name into the referrer's
history now name them by id — points, the audit entry of those points, the voucher and
the note — and the append-only guards are back, with redaction as their one exception."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import peewee
import pytest

from relbook.services import vouchers
from relbook.services.counter import sales
from relbook.store import migrations
from relbook.store.db import close_database, open_database
from relbook.store.models import PointsEntry, Voucher
from relbook.store.models.audit import AuditEntry

ALL = migrations.available()
BEFORE = [m for m in ALL if m.name < "m0105"]


def _old_book(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A book as the relbook before m0105 left it, referral rows written the old way."""
    monkeypatch.setattr(migrations, "available", lambda: BEFORE)
    open_database(path)
    close_database()
    monkeypatch.undo()
    con = sqlite3.connect(path)
    stamp = "2026-05-01 10:00:00"
    for cid, given, family, referrer in ((1, "Ada", "Referrer", None),
                                         (2, "Anaïs", "Chevalier", 1)):  # fmt: skip
        con.execute(
            "INSERT INTO contact (id, given_name, family_name, display_name, sort_name, prefix, "
            "middle_name, suffix, nickname, company, street, extended, postcode, city, region, "
            "country, how_met, notes, referred_by_id, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, '', '', '', '', '', '', '', '', '', '', '', '', '', ?, ?, ?)",
            (cid, given, family, f"{given} {family}", family.lower(), referrer, stamp, stamp),
        )
    con.execute(
        "INSERT INTO referral_reward (id, referrer_id, referee_id, role, outcome, created_at) "
        "VALUES (1, 1, 2, 'referrer', 'voucher', ?)",
        (stamp,),
    )
    con.execute(
        "INSERT INTO voucher (code, kind, value_kind, amount_minor, currency, beneficiary_id, "
        "note, referral_id, issued_at, state, free_item, void_reason) VALUES ('ABCDEFGHJKMN', "
        "'referral', 'amount_off', 500, 'USD', 1, 'Thank you for referring Anaïs Chevalier', "
        "1, ?, 'issued', '', '')",
        (stamp,),
    )
    con.execute(
        "INSERT INTO points_entry (contact_id, points, kind, reason, created_at) "
        "VALUES (1, 50, 'referral', 'Referred Anaïs Chevalier', ?)",
        (stamp,),
    )
    con.execute(
        "INSERT INTO sent_note (contact_id, occasion, reason, text, template_name, event_key, "
        "status, seed, created_at) VALUES (1, 'referral', 'Sent us Anaïs Chevalier', 'Thanks', "
        "'', 'referral:2', 'printed', 0, ?)",
        (stamp,),
    )
    con.execute("INSERT INTO loyalty_account (contact_id, balance, visits, updated_at) "
                "VALUES (1, 50, 0, ?)", (stamp,))  # fmt: skip
    con.commit()
    con.close()


def test_old_referral_rows_name_the_referee_by_id(db_path: Path, monkeypatch) -> None:
    _old_book(db_path, monkeypatch)
    open_database(db_path)
    try:
        entry = PointsEntry.get(PointsEntry.kind == "referral")
        assert entry.reason == "Referred [[contact:2]]" and entry.redacted == 0
        after = json.loads(AuditEntry.get(AuditEntry.action == "points.referral").after)
        assert after["reason"] == "Referred [[contact:2]]"
        assert Voucher.get().note == "Thank you for referring [[contact:2]]"
        from relbook.store.models.notes import SentNote

        assert SentNote.get().reason == "Sent us [[contact:2]]"
        # shown with the name while Anaïs is a customer
        assert vouchers.view(Voucher.get()).note == "Thank you for referring Anaïs Chevalier"
        assert [r.reason for r in sales.history(1)] == ["Referred Anaïs Chevalier"]
        # and the guards are back
        with pytest.raises(peewee.IntegrityError, match="append-only"):
            PointsEntry.update(reason="Referred someone").execute()
        with pytest.raises(peewee.IntegrityError, match="append-only"):
            PointsEntry.delete().execute()
    finally:
        close_database()
