"""Names as people write them: the written name kept, family-name-first order shown and
greeted right, and the name a person goes by winning everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from relbook.errors import ValidationError
from relbook.services import contacts, notes
from relbook.services.contacts import names
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import cues
from relbook.services.import_export import export, importer, writer
from relbook.services.import_export.preview import build_preview
from relbook.services.notes import fields

CARDS = """BEGIN:VCARD
VERSION:3.0
N:Nguyễn;Thị Mai;;;
FN:Nguyễn Thị Mai
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Nagy;Anna;;;
FN:Nagy Anna
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:王;伟;;;
FN:王伟
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Schmidt;Anna;Maria;Dr.;
FN:Dr. Anna Maria Schmidt
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Peterson;Lauren;;;
FN:Lauren Peterson
NICKNAME:Lolly
END:VCARD
"""


def import_cards(tmp_path: Path, text: str) -> dict[str, int]:
    path = tmp_path / "cards.vcf"
    path.write_text(text, encoding="utf-8")
    preview = build_preview(importer.read_file(path))
    assert not preview.errors
    writer.commit(preview)
    return {r.display_name: r.id for r in contacts.list_contacts(limit=50)}


@pytest.fixture
def imported(db, tmp_path) -> dict[str, int]:
    return import_cards(tmp_path, CARDS)


def test_imported_names_are_shown_as_written(imported) -> None:
    assert set(imported) == {
        "Nguyễn Thị Mai",
        "Nagy Anna",
        "王伟",
        "Dr. Anna Maria Schmidt",
        "Lauren Peterson",
    }
    mai = contacts.get_contact(imported["Nguyễn Thị Mai"]).data
    assert (mai.family_name, mai.middle_name, mai.given_name) == ("Nguyễn", "Thị", "Mai")
    assert mai.name_order == "family_first" and mai.formatted_name == ""  # the parts say it
    anna = contacts.get_contact(imported["Nagy Anna"]).data
    assert (anna.given_name, anna.middle_name, anna.name_order) == ("Anna", "", "family_first")
    wei = contacts.get_contact(imported["王伟"]).data
    assert wei.name_order == "family_first" and wei.formatted_name == "王伟"
    dr = contacts.get_contact(imported["Dr. Anna Maria Schmidt"]).data
    assert dr.name_order == "" and dr.formatted_name == "Dr. Anna Maria Schmidt"


def test_greeted_by_the_name_they_go_by(imported) -> None:
    greet = {name: fields.fields_for(cid) for name, cid in imported.items()}
    assert greet["Nguyễn Thị Mai"]["first_name"] == "Mai"
    assert greet["Nagy Anna"]["first_name"] == "Anna"
    assert greet["Lauren Peterson"]["nickname"] == "Lolly"
    note = notes.prepare(imported["Nguyễn Thị Mai"], "Dear {nickname|first_name|friend},")
    assert note.text == "Dear Mai,"
    note = notes.prepare(imported["Lauren Peterson"], "Dear {nickname|first_name|friend},")
    assert note.text == "Dear Lolly,"
    day = dt.date(2026, 12, 7)
    assert cues.cues(imported["Nguyễn Thị Mai"], day)[0] == "Goes by Mai"
    assert cues.cues(imported["Lauren Peterson"], day)[0] == "Goes by Lolly"
    assert cues.cues(imported["Nagy Anna"], day)[0] == "Goes by Anna"  # not "Nagy"
    plain = contacts.create_contact(ContactInput(given_name="Ben", family_name="Ode"))
    assert not any(c.startswith("Goes by") for c in cues.cues(plain.contact_id, day))


def test_the_written_name_goes_back_out_and_a_reimport_keeps_it(imported, tmp_path) -> None:
    text = export.export_text("vcard", None)
    assert "FN:Nguyễn Thị Mai" in text and "N:Nguyễn;Mai;Thị;;" in text
    assert "FN:王伟" in text and "FN:Dr. Anna Maria Schmidt" in text
    from relbook.store.db import close_database, open_database

    close_database()
    open_database(tmp_path / "second.sqlite3")
    again = import_cards(tmp_path, text)
    assert set(again) == set(imported)
    mai = contacts.get_contact(again["Nguyễn Thị Mai"]).data
    assert (mai.given_name, mai.middle_name, mai.name_order) == ("Mai", "Thị", "family_first")


def test_typed_names_follow_the_order_and_the_written_form(db) -> None:
    data = ContactInput(given_name="Mai", middle_name="Thị", family_name="Nguyễn")
    assert names.display_name(data) == "Mai Nguyễn"
    data.name_order = "family_first"
    cid = contacts.create_contact(data).contact_id
    record = contacts.get_contact(cid)
    assert record.display_name == "Nguyễn Thị Mai"
    data.formatted_name = "Nguyễn Thị Mai"  # the same as the parts: nothing extra stored
    contacts.update_contact(cid, data)
    assert contacts.get_contact(cid).data.formatted_name == ""
    data.formatted_name = "Cô Mai"
    contacts.update_contact(cid, data)
    assert contacts.get_contact(cid).display_name == "Cô Mai"
    data.name_order = "sideways"
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(cid, data)
    assert err.value.field == "name_order"


@pytest.mark.parametrize(
    ("written", "family", "given", "order"),
    [
        ("Anna Schmidt", "Schmidt", "Anna", ""),
        ("Schmidt Anna", "Schmidt", "Anna", "family_first"),
        ("Kim Min-jun", "Kim", "Min-jun", "family_first"),
        ("Lee Lee", "Lee", "Lee", ""),  # either way round: left as it is
        ("Bob", "Smith", "Robert", ""),
    ],
)
def test_order_is_learnt_from_the_written_name(written, family, given, order) -> None:
    data = ContactInput(given_name=given, family_name=family)
    names.infer_from_card(written, data)
    assert data.name_order == order
    assert data.given_name == given  # only a Vietnamese card's given names are split
