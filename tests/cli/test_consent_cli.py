"""Consent per channel on the export path: an export for a channel holds only those who
agreed to it and says how many were left out; an owner may override it for one export,
and the audit log names who was included without consent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from relbook import cli
from relbook.errors import PermissionDenied
from relbook.services import plugins, staff
from relbook.services.contacts import consent
from relbook.services.staff import access, audit
from relbook.store.db import close_database, open_database

AGREED = dt.date(2026, 3, 1)


def run(*argv: str) -> int:
    return cli.main(list(argv))


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> tuple[Path, dict[str, int]]:
    plugins.load_all()
    ids = {
        "ann": make_contact("Ann", "Email", email="ann@example.org", consent_email=AGREED),
        "bo": make_contact("Bo", "Never", email="bo@example.org"),
        "cy": make_contact("Cy", "Post", email="cy@example.org", consent_mail=AGREED),
    }
    close_database()
    return db_path, ids


def names(text: str) -> list[str]:
    return sorted(row["given_name"] for row in csv.DictReader(io.StringIO(text)))


def test_an_export_for_a_channel_holds_only_who_agreed(shop, capsys) -> None:
    book, _ = shop
    assert run("export", "--format", "csv", "--channel", "email", "--out", "-", "--db",
               str(book)) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert names(captured.out) == ["Ann"]
    assert captured.err.strip() == "2 left out: no consent to email."
    assert run("export", "--format", "vcard", "--channel", "mail", "--out", "-", "--db",
               str(book)) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out.count("BEGIN:VCARD") == 1 and "Cy Post" in captured.out
    assert captured.err.strip() == "2 left out: no consent to post."


def test_counts_in_json_and_the_owner_override_is_audited(shop, tmp_path, capsys) -> None:
    book, ids = shop
    out = tmp_path / "list.csv"
    assert run("export", "--format", "csv", "--channel", "phone", "--out", str(out), "--json",
               "--db", str(book)) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert (report["exported"], report["left_out_without_consent"]) == (0, 3)
    assert run("export", "--format", "csv", "--channel", "phone", "--ignore-consent", "--out",
               str(out), "--db", str(book)) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "Exported 3 contacts" in said and "owner's override" in said
    assert names(out.read_text(encoding="utf-8")) == ["Ann", "Bo", "Cy"]
    open_database(book, backup=False)
    (entry,) = audit.entries(action="consent.override")
    assert entry.subject == "export for phone (phone)"
    assert sorted(entry.after["without_consent"]) == sorted(ids.values())


def test_staff_cannot_override_consent(shop, monkeypatch, capsys) -> None:
    book, _ = shop
    open_database(book, backup=False)
    owner = staff.ensure_default()
    sam = staff.add_staff("Sam")
    access.set_pin(owner, "739184")
    access.set_pin(sam, "2468")
    access.enable_roles(True)
    with pytest.raises(PermissionDenied, match="Only an owner may contact people"):
        consent.for_channel([1, 2], "mail", purpose="envelopes", override=True, staff_id=sam)
    close_database()
    monkeypatch.setenv("RELBOOK_PIN", "739184")
    assert run("export", "--format", "csv", "--ignore-consent", "--out", "-", "--db",
               str(book)) == 2  # fmt: skip
    assert "goes with --channel" in capsys.readouterr().err
