"""Export → import gives back the same contacts, in every format relbook writes:
vCard 3.0, vCard 4.0, CSV (with every field) and the whole-shop JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from relbook.services import contacts, plugins
from relbook.services.contacts import segments
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.dates import PartialDate
from relbook.services.import_export import export, importer, writer
from relbook.services.import_export.preview import build_preview
from relbook.store.db import close_database, open_database
from relbook.store.models import Contact

plugins.load_all()

PEOPLE = [
    ContactInput(
        given_name="Adaeze",
        family_name="Okafor-Nwosu",
        middle_name="Chiamaka",
        prefix="Dr.",
        suffix="PhD",
        nickname="Ada, the baker",
        company="Rose City Dental; Portland",
        street="2140 SE Division St, Apt 3",
        extended="Back door\\side",
        postcode="97202",
        city="Portland",
        region="OR",
        country="USA",
        birthday=PartialDate(7, 14),
        anniversary=PartialDate(6, 1, 2015),
        how_met="Came to the grand opening: brought cake.",
        notes='Tree nuts, "really".\nSecond line; with semicolon.\n\n=1+1 is no formula',
        consent_mail=dt.date(2025, 3, 1),
        consent_email=dt.date(2025, 4, 2),
        phones=[PhoneInput("(503) 284-1937"), PhoneInput("+234 803 123 4567", "home")],
        emails=[EmailInput("adaeze@example.com"), EmailInput("ada.work@example.org", "work")],
        details=[
            DetailInput("family", name="Chidi", relation="son", birthday=PartialDate(3, 2, 2016)),
            DetailInput("preference", "Oat flat white, extra hot"),
            DetailInput("interest", "Tulips; peonies"),
            DetailInput("milestone", "Opened her second practice"),
        ],
        tags=["regular", "catering"],
    ),
    ContactInput(
        given_name="Zoë",
        family_name="Größe",
        notes="Ünïcödé ✓ 日本語 and an emoji 🌷",
        birthday=PartialDate(2, 29, 1996),
        consent_phone=dt.date(2024, 12, 31),
        phones=[PhoneInput("+49 30 1234567", "work")],
        tags=["VIP"],
    ),
    ContactInput(company="Blossom & Co", emails=[EmailInput("hello@blossom.example")]),
    ContactInput(given_name="-Dash", family_name="@Handle", notes="+ not a formula"),
]


def _norm(data: ContactInput) -> ContactInput:
    """The stored form compared: referral links stay behind (ids differ between books);
    tags in the order the service lists them."""
    data.referred_by = None
    data.tags = sorted(data.tags)
    return data


def book() -> list[tuple[ContactInput, str]]:
    ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.sort_name).tuples()]
    return [(_norm(contacts.get_contact(i).data), contacts.get_contact(i).card_code) for i in ids]


def move(tmp_path: Path, fmt: str, ids=None) -> tuple[int, str]:
    """Export from the open book, import into a fresh one; returns (imported, text)."""
    text = export.export_text(fmt, ids)
    suffix = {"csv": ".csv", "json": ".json"}.get(fmt, ".vcf")
    path = tmp_path / f"out{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    close_database()
    open_database(tmp_path / f"second-{fmt}.sqlite3")
    preview = build_preview(importer.read_file(path))
    assert not preview.errors, [(i.row.where, i.error) for i in preview.errors]
    result = writer.commit(preview)
    return result.created, text


@pytest.fixture
def people(db) -> list[int]:
    return [contacts.create_contact(p).contact_id for p in PEOPLE]


@pytest.mark.parametrize("fmt", ["vcard", "vcard4", "csv", "json"])
def test_export_then_import_gives_the_same_contacts(tmp_path, people, fmt) -> None:
    before = book()
    assert len(before) == len(PEOPLE)
    created, _ = move(tmp_path, fmt)
    assert created == len(PEOPLE)
    after = book()
    assert [data for data, _ in after] == [data for data, _ in before]
    # loyalty cards go on working in the new book
    assert [code for _, code in after] == [code for _, code in before]


def test_importing_into_a_book_that_has_the_card_code_gives_a_new_one(tmp_path, people) -> None:
    text = export.export_text("vcard")
    path = tmp_path / "again.vcf"
    path.write_text(text, encoding="utf-8")
    codes_before = {c for (c,) in Contact.select(Contact.card_code).tuples()}
    preview = build_preview(importer.read_file(path), default_action="add")
    result = writer.commit(preview)
    assert result.created == len(PEOPLE)  # added as new, by choice
    new_codes = {
        c
        for (c,) in Contact.select(Contact.card_code)
        .where(Contact.id.in_(result.created_ids))
        .tuples()
    }
    assert len(new_codes) == len(PEOPLE) and not new_codes & codes_before


def test_reimporting_the_same_export_merges_instead_of_doubling(tmp_path, people) -> None:
    path = tmp_path / "same.vcf"
    path.write_text(export.export_text("vcard4"), encoding="utf-8")
    before = book()
    result = writer.commit(build_preview(importer.read_file(path)))
    # three share a phone, an email or name and birthday with the book; "-Dash @Handle"
    # has nothing to be recognised by (a name alone is no proof) and comes in again
    assert (result.created, result.merged) == (1, 3)
    after = book()
    assert [d for d, _ in after if d.given_name != "-Dash"] == [
        d for d, _ in before if d.given_name != "-Dash"
    ]  # merging a contact with itself adds nothing


def test_csv_export_neutralises_formula_cells_and_reads_them_back(tmp_path, db) -> None:
    contacts.create_contact(
        ContactInput(given_name="=cmd|' /C calc'!A0", family_name="+SUM(A1)", notes="@risk")
    )
    text = export.export_text("csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["given_name"] == "'=cmd|' /C calc'!A0"
    assert row["family_name"] == "'+SUM(A1)" and row["notes"] == "'@risk"
    for cells in csv.reader(io.StringIO(text)):
        assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)
    move(tmp_path, "csv")
    ((data, _),) = book()
    assert data.given_name == "=cmd|' /C calc'!A0"
    assert (data.family_name, data.notes) == ("+SUM(A1)", "@risk")


def test_whole_shop_json_holds_every_table_and_a_segment_export_only_its_people(
    tmp_path, people
) -> None:
    document = json.loads(export.export_text("json"))
    assert document["format"] == "relbook-export"
    assert {"contact", "phone", "email", "personal_detail", "setting"} <= set(document["tables"])
    assert len(document["tables"]["contact"]) == len(PEOPLE)
    contacts.update_contact(
        people[1], ContactInput(given_name="Zoë", family_name="Größe", tags=["tulips"])
    )
    segments.save_segment("tulip lovers", {"tags": ["tulips"]})
    ids = segments.evaluate("tulip lovers")
    assert ids == [people[1]]
    vcf = export.export_text("vcard", ids)
    assert vcf.count("BEGIN:VCARD") == 1 and "Größe" in vcf
    assert "tables" not in json.loads(export.export_text("json", ids))


def test_vcard_lines_are_folded_at_75_octets_without_splitting_characters(people) -> None:
    text = export.export_text("vcard")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "🌷" in text.replace("\r\n ", "")
