"""The broken-file corpus: every exporter quirk read right, every broken row named with
a reason a shop owner can act on, never a crash, and nothing half-imported."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from relbook.errors import ValidationError
from relbook.services import contacts, plugins
from relbook.services.dates import PartialDate
from relbook.services.import_export import importer, writer
from relbook.services.import_export.importer import UnreadableFile
from relbook.services.import_export.parsed import MAX_NOTE_CHARS
from relbook.services.import_export.preview import DUPLICATE, ERROR, NEW, SKIP, build_preview
from relbook.store.db import database
from relbook.store.models import Contact

CORPUS = Path(__file__).parent / "corpus"

plugins.load_all()


def dump() -> tuple[str, ...]:
    """Everything stored, statement by statement: equal dumps, equal databases."""
    return tuple(database.obj.connection().iterdump())


def rows_of(name: str):
    return importer.read_file(CORPUS / name)


def by_where(preview) -> dict[str, object]:
    return {item.row.where: item for item in preview.items}


# -- exporters' quirks are read right ---------------------------------------------------


def test_apple_export_labels_photo_and_year_less_birthday(db) -> None:
    first, company = rows_of("apple.vcf")
    assert first.ok and company.ok
    data = first.data
    assert (data.given_name, data.family_name, data.company) == ("Chidi", "Okafor", "Okafor Bikes")
    assert [(p.number, p.label) for p in data.phones] == [("+44 7700 900123", "mobile")]
    assert [(e.address, e.label) for e in data.emails] == [("chidi@example.co.uk", "work")]
    assert data.birthday == PartialDate(7, 21)  # 1604 = "no year"
    assert [(d.kind, d.name, d.relation) for d in data.details] == [("family", "Ada", "daughter")]
    assert any("photo" in w for w in first.warnings)
    assert company.data.company == "Blossom & Co"
    assert contacts.display_name_for(company.data) == "Blossom & Co"


def test_google_vcard_escaped_address_categories_and_second_address(db) -> None:
    (row,) = rows_of("google.vcf")
    data = row.data
    assert data.street == "Calle Mayor 5, 2º" and data.city == "Madrid"
    assert data.postcode == "28013" and data.country == "Spain"
    assert data.notes == "Allergic to nuts.\nLikes almond croissants anyway (nut-free version)."
    assert data.tags == ["Regulars"]  # Google's own "myContacts" group is not a tag
    assert any("Work address: Gran Vía 1" in d.text for d in data.details)


def test_outlook_21_quoted_printable_in_windows_1252_keeps_every_character(db) -> None:
    (row,) = rows_of("outlook21_cp1252.vcf")
    data = row.data
    assert (data.given_name, data.family_name) == ("Jürgen", "Müller")
    assert data.notes == "Stammkunde seit 2019, mag Brötchen\nzweite Zeile"
    assert data.birthday == PartialDate(3, 14, 1975)
    assert [p.label for p in data.phones] == ["work", "mobile"]
    assert any("Windows-1252" in w for w in row.warnings)
    assert any("photo" in w for w in row.warnings)


def test_folded_vcard_4_is_unfolded(db) -> None:
    (row,) = rows_of("folded_v4.vcf")
    data = row.data
    assert data.notes.startswith("This note is long enough that the exporter folded it over")
    assert "\n" not in data.notes and data.notes.endswith("into one line again.")
    assert data.birthday == PartialDate(2, 29)
    assert data.anniversary == PartialDate(6, 12, 2010)
    assert data.phones[0].number == "+46-70-123-45-67"
    assert data.details[0].name == "Lars" and data.details[0].relation == "partner"


def test_unescaped_commas_in_text_are_not_cut_off(db) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Kim;;;\r\nFN:Kim Lee\r\n"
        "NOTE:Likes tea, no sugar, oat milk\r\nORG:Smith, Jones & Co\r\n"
        "TITLE:Head baker, mornings\r\nEND:VCARD\r\n"
    )
    (row,) = importer.read_bytes(text.encode(), "x.vcf")
    assert row.data.notes == "Likes tea, no sugar, oat milk"
    assert row.data.company == "Smith, Jones & Co"
    assert row.data.details[0].text == "Job title: Head baker, mornings"


def test_google_outlook_and_square_csv_presets(db) -> None:
    priya, tom = (r.data for r in rows_of("google_contacts.csv"))
    assert (priya.given_name, priya.nickname, priya.birthday) == (
        "Priya",
        "Pri",
        PartialDate(5, 17),
    )
    assert [(p.number, p.label) for p in priya.phones] == [
        ("+91 98765 43210", "mobile"),
        ("+91 22 2345 6789", "work"),
    ]
    assert priya.tags == ["Regulars"]
    assert [(d.name, d.relation) for d in priya.details] == [("Arjun", "son")]
    assert [e.address for e in tom.emails] == ["tom@example.com", "tom.baker@example.org"]
    assert tom.company == "Baker's Dozen"

    chloe, olav = (r.data for r in rows_of("outlook.csv"))
    assert (chloe.given_name, chloe.family_name, chloe.prefix) == ("Chloé", "Dubois", "Mme")
    assert chloe.birthday == PartialDate(6, 15, 1988)  # month first
    assert chloe.tags == ["Fleurs", "VIP"]
    assert olav.birthday is None  # Outlook's 0/0/00

    (sam,) = (r.data for r in rows_of("square.csv"))
    assert sam.birthday == PartialDate(9, 9)  # Square's 0000-09-09
    assert sam.notes == "Oat flat white" and sam.tags == ["Regulars"]
    assert sam.consent_email is not None


def test_semicolon_separated_windows_1252_csv(db) -> None:
    juergen, zoe = (r.data for r in rows_of("semicolon_cp1252.csv"))
    assert (juergen.given_name, juergen.family_name) == ("Jürgen", "Weiß")
    assert juergen.birthday == PartialDate(3, 14, 1975)
    assert juergen.emails[0].address == "j.weiss@example.de"
    assert (zoe.given_name, zoe.family_name) == ("Zoë", "Größe")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("cp1252", b"")],
)  # fmt: skip
def test_csv_in_every_common_encoding(db, encoding: str, bom: bytes) -> None:
    text = "First Name,Last Name,Notes\r\nRenée,Brontë,Crème brûlée — twice\r\n"
    raw = bom + text.encode(encoding)
    (row,) = importer.read_bytes(raw, "x.csv")
    assert (row.data.given_name, row.data.family_name) == ("Renée", "Brontë")
    assert row.data.notes == "Crème brûlée — twice"


# -- broken files: a reason per row, the good rows still read ----------------------------


def test_truncated_vcard_loses_only_the_cut_card(db) -> None:
    preview = build_preview(rows_of("truncated.vcf"))
    assert [i.status for i in preview.items] == [NEW, NEW, ERROR]
    assert "no END:VCARD" in preview.items[2].error
    assert preview.items[2].row.where == "card 3 (line 13)"


def test_missing_end_vcard_reads_the_next_card(db) -> None:
    preview = build_preview(rows_of("missing_end.vcf"))
    assert [i.status for i in preview.items] == [ERROR, NEW]
    assert "Felix" in preview.items[1].row.data.given_name


def test_quirky_values_become_warnings_and_a_nameless_card_an_error(db) -> None:
    preview = build_preview(rows_of("quirks.vcf"))
    quentin, nameless, qp = preview.items
    assert quentin.status == NEW
    warnings = " ".join(quentin.row.warnings)
    assert "not-an-email" in warnings and "“12”" in warnings and "sometime" in warnings
    assert nameless.status == ERROR and "name" in nameless.error
    assert qp.status == NEW  # a broken quoted-printable note is kept as written


def test_broken_csv_rows_each_have_their_reason(db) -> None:
    items = by_where(build_preview(rows_of("broken_rows.csv")))
    assert items["line 2"].status == NEW
    assert items["line 4"].status == ERROR and "31.02.1990" in items["line 4"].error
    assert items["line 5"].status == ERROR and "quotation mark" in items["line 5"].error


def test_formula_cells_are_refused_per_row_and_escaped_cells_kept(db) -> None:
    items = by_where(build_preview(rows_of("formula_cells.csv")))
    assert items["line 2"].status == ERROR
    assert "spreadsheet formula" in items["line 2"].error
    assert "First Name" in items["line 2"].error
    ann = items["line 3"]
    assert ann.status == NEW
    assert ann.row.data.family_name == "=Safe"  # the apostrophe guard is taken off
    assert ann.row.data.notes == "@cmd"  # an @ without a function call is just text


def test_a_phone_number_with_a_plus_is_not_a_formula(db) -> None:
    raw = b"Name,Phone,Notes\r\nAda Lovelace,+44 20 7946 0001,- likes scones\r\n"
    (row,) = importer.read_bytes(raw, "x.csv")
    assert row.ok and row.data.phones[0].number == "+44 20 7946 0001"
    assert row.data.notes == "- likes scones"


def test_a_10_mb_note_is_refused_on_its_row_only(db) -> None:
    huge = "x" * 10_000_000
    vcf = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Big;Bob;;;\r\nFN:Bob Big\r\n"
        f"NOTE:{huge}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Small;Sue;;;\r\nFN:Sue Small\r\nEND:VCARD\r\n"
    ).encode()
    big, small = importer.read_bytes(vcf, "big.vcf")
    assert big.error and "MB" in big.error
    assert small.ok and small.data.given_name == "Sue"
    csv_raw = f"Name,Notes\r\nBob Big,{huge}\r\nSue Small,short\r\n".encode()
    big, small = importer.read_bytes(csv_raw, "big.csv")
    assert big.error and f"{MAX_NOTE_CHARS:,}" in big.error
    assert small.ok


BAD_LINES = {7, 12_345, 49_999}


def big_csv(path: Path) -> Path:
    lines = ["First Name,Last Name,E-mail,Birthday"]
    for i in range(50_000):
        birthday = "31.02.1990" if i in BAD_LINES else "1990-01-01"
        lines.append(f"Given{i},Family{i},person{i}@example.com,{birthday}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_50000_row_csv_names_each_bad_row_and_all_or_nothing_refuses(db, tmp_path) -> None:
    preview = build_preview(importer.read_file(big_csv(tmp_path / "big.csv")))
    assert preview.summary() == {"new": 49_997, "duplicates": 0, "errors": 3, "rows": 50_000}
    assert [i.row.where for i in preview.errors] == ["line 9", "line 12347", "line 50001"]
    assert all("31.02.1990" in i.error for i in preview.errors)
    before = dump()
    with pytest.raises(ValidationError, match="3 rows are in error"):
        writer.commit(preview, only_good=False)
    assert dump() == before  # all or nothing: nothing


@pytest.mark.slow
def test_a_50000_row_csv_imports_its_good_rows(db, tmp_path) -> None:
    preview = build_preview(importer.read_file(big_csv(tmp_path / "big.csv")))
    result = writer.commit(preview, only_good=True)
    assert result.created == 49_997 and len(result.rejected) == 3
    assert Contact.select().count() == 49_997
    assert Contact.select().where(Contact.card_code.is_null()).count() == 0
    stored = contacts.get_contact(result.created_ids[-1]).data
    assert stored.emails[0].address == "person49998@example.com"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \r\n  ", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"First Name,Last Name\r\n", "no rows"),
        (b"colour,size\r\nred,10\r\n", "No column"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "No column"),
    ],
)
def test_files_that_cannot_be_read_at_all_say_why(db, tmp_path, content, reason) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        importer.read_file(path)
    assert reason.lower() in str(caught.value).lower()
    assert "bad.csv" in str(caught.value)


def test_a_vcf_without_any_card_and_a_missing_file_and_a_folder(db, tmp_path) -> None:
    (tmp_path / "empty.vcf").write_text("hello\r\n")
    with pytest.raises(UnreadableFile, match="no vCard"):
        importer.read_file(tmp_path / "empty.vcf")
    with pytest.raises(UnreadableFile, match="no such file"):
        importer.read_file(tmp_path / "nope.vcf")
    with pytest.raises(UnreadableFile, match="folder"):
        importer.read_file(tmp_path)


# -- nothing half-imported --------------------------------------------------------------


def test_all_or_nothing_refuses_a_file_with_one_bad_row(db) -> None:
    before = dump()
    preview = build_preview(rows_of("truncated.vcf"))
    with pytest.raises(ValidationError, match="nothing was"):
        writer.commit(preview, only_good=False)
    assert dump() == before


def test_a_failure_in_the_middle_of_an_import_leaves_the_book_as_it_was(
    db, make_contact, monkeypatch
) -> None:
    make_contact("Existing", "Person", phone="+1 503 555 0100")
    before = dump()
    rows = [r for name in ("apple.vcf", "google.vcf") for r in rows_of(name)]
    rows += importer.read_bytes(
        "\r\n".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:P{i};Q;;;\r\nFN:Q P{i}\r\nEND:VCARD"
            for i in range(writer.BATCH * 2)
        ).encode(),
        "many.vcf",
    )
    preview = build_preview(rows)
    real = writer.insert_contacts
    calls = []

    def failing(inputs, codes=None):
        calls.append(len(inputs))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(inputs, codes)

    monkeypatch.setattr(writer, "insert_contacts", failing)
    with pytest.raises(OSError):
        writer.commit(preview, only_good=True)
    assert len(calls) == 2
    assert dump() == before


def test_cancel_leaves_the_book_as_it_was(db) -> None:
    before = dump()
    rows = importer.read_bytes(
        "\r\n".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:P{i};Q;;;\r\nFN:Q P{i}\r\nEND:VCARD"
            for i in range(1200)
        ).encode(),
        "many.vcf",
    )
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 1000

    with pytest.raises(writer.ImportCancelled, match="nothing was changed"):
        writer.commit(build_preview(rows), progress=progress)
    assert seen == [500, 1000]
    assert dump() == before


# -- duplicates in the preview ----------------------------------------------------------


def test_duplicates_of_the_book_and_within_the_file_merge_skip_or_add(db, make_contact) -> None:
    anna = make_contact("Anna", "Schmidt", email="anna@example.com")
    csv_raw = (
        b"First Name,Last Name,E-mail,Phone\r\n"
        b"Anna,Schmidt,ANNA@example.com,+1 503 555 0101\r\n"  # same email as the book
        b"Ben,Baker,ben@example.com,+1 503 555 0102\r\n"
        b"Benjamin,Baker,,+1 (503) 555-0102\r\n"  # same phone as the row before
        b"Cleo,Day,cleo@example.com,\r\n"
    )
    preview = build_preview(importer.read_bytes(csv_raw, "x.csv"))
    statuses = [(i.status, i.reason) for i in preview.items]
    assert statuses == [
        (DUPLICATE, "same email address"),
        (NEW, ""),
        (DUPLICATE, "same phone number"),
        (NEW, ""),
    ]
    assert preview.items[0].match_id == anna and preview.items[0].match_name == "Anna Schmidt"
    assert preview.items[2].match_row == 1
    preview.items[3].status = DUPLICATE  # pretend: the owner wants Cleo skipped
    preview.items[3].action = SKIP
    result = writer.commit(preview)
    assert (result.created, result.merged, result.skipped) == (1, 2, 1)
    merged = contacts.get_contact(anna).data
    assert [p.number for p in merged.phones] == ["+1 503 555 0101"]
    ben = contacts.get_contact(result.created_ids[0]).data
    assert ben.given_name == "Ben" and len(ben.phones) == 1
    assert Contact.select().count() == 2


def test_rejected_rows_can_be_saved_as_csv(db) -> None:
    preview = build_preview(rows_of("broken_rows.csv"))
    text = preview.rejected_csv()
    lines = text.strip().splitlines()
    assert lines[0] == "file,where,reason"
    assert any("broken_rows.csv,line 4" in line and "31.02.1990" in line for line in lines)
    assert len(lines) == 1 + len(preview.errors)


def test_imported_contacts_are_stored_as_if_typed_in(db) -> None:
    """The bulk writer's rows and search documents equal what contacts.reindex and
    contacts.get_contact make of the same contacts."""
    from relbook.store import search_index

    preview = build_preview(rows_of("apple.vcf") + rows_of("google_contacts.csv"))
    result = writer.commit(preview)

    def documents() -> list[tuple]:
        cursor = database.obj.execute_sql(f"SELECT rowid, * FROM {search_index.FTS} ORDER BY rowid")
        return cursor.fetchall()

    bulk = documents()
    assert len(bulk) == result.created == 4
    contacts.reindex(result.created_ids)
    assert documents() == bulk
    for cid in result.created_ids:
        record = contacts.get_contact(cid)
        assert record.card_code and record.display_name


def test_reading_and_checking_report_progress_and_can_be_cancelled(db, tmp_path) -> None:
    from relbook.services.import_export.parsed import ReadCancelled

    path = big_csv(tmp_path / "big.csv")
    seen: list[tuple[int, int]] = []
    rows = importer.read_file(path, progress=lambda d, t: seen.append((d, t)) or True)
    assert seen[0] == (0, 50_000) and seen[-1] == (49_000, 50_000) and len(seen) == 50
    seen.clear()
    build_preview(rows, progress=lambda d, t: seen.append((d, t)) or True)
    assert len(seen) == 50
    with pytest.raises(ReadCancelled, match="nothing was changed"):
        importer.read_file(path, progress=lambda d, t: d < 5_000)
    vcf = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:P{i};Q;;;\r\nFN:Q P{i}\r\nEND:VCARD\r\n"
        for i in range(2500)
    ).encode()
    seen.clear()
    importer.read_bytes(vcf, "x.vcf", progress=lambda d, t: seen.append((d, t)) or True)
    assert seen == [(0, 2500), (1000, 2500), (2000, 2500)]
