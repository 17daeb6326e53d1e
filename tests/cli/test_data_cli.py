"""``relbook import / export / backup / restore / erase``: counts and reasons, JSON for
scripts, exit status 2 (and nothing changed) for a file that cannot be read at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relbook import cli
from relbook.services.contacts import segments
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact, Sale

CORPUS = Path(__file__).parent.parent / "services" / "corpus"


def run(*argv: str) -> int:
    return cli.main(list(argv))


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("relbook: ") and "Traceback" not in err
    return lines[0]


def dump(db_path: Path) -> tuple[str, ...]:
    open_database(db_path, backup=False)
    try:
        return tuple(database.obj.connection().iterdump())
    finally:
        close_database()


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> Path:
    make_contact("Chloé", "Dubois", email="chloe.dubois@example.fr")
    make_contact("Tom", "Baker", phone="+1 503 555 0100")
    segments.save_segment("french", {"tags": []})
    close_database()
    return db_path


# -- import -----------------------------------------------------------------------------


def test_import_counts_new_merged_and_rejected_with_reasons(shop, capsys) -> None:
    files = [str(CORPUS / n) for n in ("outlook.csv", "truncated.vcf", "broken_rows.csv")]
    assert run("import", *files, "--db", str(shop)) == 0
    out = capsys.readouterr().out
    # outlook: Chloé (same email: merged) and Olav; truncated: 2 good cards; broken: 1 good
    assert out.startswith(
        "Imported: 4 new, 1 merged into existing contacts, 0 skipped, 4 rejected."
    )
    assert "rejected truncated.vcf, card 3 (line 13): The card has no END:VCARD" in out
    assert "rejected broken_rows.csv, line 4: Birthday: “31.02.1990” is not a real date." in out
    open_database(shop, backup=False)
    assert Contact.select().count() == 2 + 4


def test_import_dry_run_json_changes_nothing(shop, capsys) -> None:
    before = dump(shop)
    assert (
        run(
            "import",
            str(CORPUS / "google_contacts.csv"),
            str(CORPUS / "formula_cells.csv"),
            "--db",
            str(shop),
            "--dry-run",
            "--json",
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True
    assert (report["new"], report["merged"], report["rejected"]) == (3, 0, 1)
    (bad,) = report["rejected_rows"]
    assert bad["where"] == "formula_cells.csv, line 2" and "formula" in bad["reason"]
    assert dump(shop) == before


def test_strict_import_refuses_everything_with_status_1(shop, capsys) -> None:
    before = dump(shop)
    assert run("import", str(CORPUS / "truncated.vcf"), "--db", str(shop), "--strict") == 1
    assert "Nothing was imported" in capsys.readouterr().err
    assert dump(shop) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (bytes(range(256)) * 8, "binary"), (b"colour,size\r\nred,1\r\n", "column")],
)
def test_a_file_that_cannot_be_read_exits_2_and_changes_nothing(
    shop, tmp_path, capsys, content: bytes, words: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    before = dump(shop)
    # a good file first: it must not be imported either
    assert run("import", str(CORPUS / "google.vcf"), str(bad), "--db", str(shop)) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "bad.csv" in line and words in line.lower()
    assert dump(shop) == before


def test_a_missing_file_exits_2_before_anything_is_opened(tmp_path, capsys) -> None:
    book = tmp_path / "new.sqlite3"
    assert run("import", str(tmp_path / "nope.vcf"), "--db", str(book)) == 2
    assert "no such file" in one_line_error(capsys.readouterr().err)
    assert not book.exists()


def test_duplicates_can_be_skipped_and_rejected_rows_saved(shop, tmp_path, capsys) -> None:
    rejected = tmp_path / "rejected.csv"
    assert (
        run(
            "import",
            str(CORPUS / "outlook.csv"),
            str(CORPUS / "broken_rows.csv"),
            "--db",
            str(shop),
            "--duplicates",
            "skip",
            "--rejected",
            str(rejected),
        )
        == 0
    )
    out = capsys.readouterr().out  # Chloé is already in the book: skipped
    assert out.startswith(
        "Imported: 2 new, 0 merged into existing contacts, 1 skipped, 3 rejected."
    )
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,where,reason" and len(lines) == 1 + 3


# -- export -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("vcard", "VERSION:3.0"),
        ("vcard4", "VERSION:4.0"),
        ("csv", "given_name,"),
        ("json", '"relbook-export"'),
    ],
)
def test_export_every_format_to_a_file(shop, tmp_path, capsys, fmt: str, marker: str) -> None:
    out = tmp_path / f"book.{fmt}"
    assert run("export", "--format", fmt, "--out", str(out), "--db", str(shop)) == 0
    assert capsys.readouterr().out.strip() == f"Exported 2 contacts to {out}."
    text = out.read_text(encoding="utf-8")
    assert marker in text and "Dubois" in text
    assert not list(tmp_path.glob("*.part"))


def test_export_a_segment_as_json_for_scripts(shop, tmp_path, capsys) -> None:
    open_database(shop, backup=False)
    segments.save_segment("vip", {"tags": ["vip"]})
    chloe = Contact.get(Contact.given_name == "Chloé").id
    from relbook.services import contacts

    data = contacts.get_contact(chloe).data
    data.tags = ["vip"]
    contacts.update_contact(chloe, data)
    close_database()
    out = tmp_path / "vip.vcf"
    assert (
        run(
            "export",
            "--format",
            "vcard",
            "--segment",
            "vip",
            "--out",
            str(out),
            "--db",
            str(shop),
            "--json",
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {
        "exported": 1,
        "format": "vcard",
        "out": str(out),
    }
    assert out.read_text().count("BEGIN:VCARD") == 1


def test_export_to_stdout_and_mistakes(shop, tmp_path, capsys) -> None:
    assert run("export", "--format", "csv", "--out", "-", "--db", str(shop)) == 0
    assert capsys.readouterr().out.startswith("id,given_name,family_name")
    assert (
        run("export", "--format", "csv", "--segment", "nope", "--out", "-", "--db", str(shop)) == 2
    )
    assert "nope" in one_line_error(capsys.readouterr().err)
    assert (
        run("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"), "--db", str(shop))
        == 2
    )
    assert "does not exist" in one_line_error(capsys.readouterr().err)
    assert run("export", "--format", "pdf", "--out", "-", "--db", str(shop)) == 2
    one_line_error(capsys.readouterr().err)


# -- backup, restore, erase -------------------------------------------------------------


def test_backup_then_restore_from_the_command_line(shop, tmp_path, capsys, monkeypatch) -> None:
    folder = tmp_path / "usb"
    assert run("backup", "--out", str(folder), "--db", str(shop), "--json") == 0
    taken = Path(json.loads(capsys.readouterr().out)["file"])
    assert taken.parent == folder and taken.exists()
    open_database(shop, backup=False)
    Contact.create(given_name="Later", display_name="Later", sort_name="later")
    close_database()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # a script: nobody to ask
    assert run("restore", str(taken), "--db", str(shop)) == 2
    assert "add --yes" in one_line_error(capsys.readouterr().err)
    open_database(shop, backup=False)
    assert Contact.select().count() == 3  # nothing was restored
    close_database()
    assert run("restore", str(taken), "--db", str(shop), "--yes") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {taken.name}. The database as it was is kept in ")
    open_database(shop, backup=False)
    assert Contact.select().count() == 2
    close_database()


def test_restore_asks_first_at_a_terminal(shop, tmp_path, capsys, monkeypatch) -> None:
    assert run("backup", "--out", str(tmp_path / "bk"), "--db", str(shop)) == 0
    taken = next((tmp_path / "bk").glob("relbook-*.sqlite3"))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert run("restore", str(taken), "--db", str(shop)) == 2
    captured = capsys.readouterr()
    assert "2 contacts, 0 sales" in captured.out
    assert "Nothing was restored" in captured.err


def test_restore_of_a_file_that_is_no_backup_exits_2(shop, tmp_path, capsys) -> None:
    bad = tmp_path / "x.sqlite3"
    bad.write_text("nope")
    before = dump(shop)
    assert run("restore", str(bad), "--db", str(shop), "--yes") == 2
    assert "cannot be restored" in one_line_error(capsys.readouterr().err)
    assert dump(shop) == before


def test_erase_a_contact(shop, capsys, monkeypatch) -> None:
    open_database(shop, backup=False)
    tom = Contact.get(Contact.given_name == "Tom").id
    from relbook.services.counter import sales

    sales.record_sale(tom, 1500)
    close_database()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run("erase", "--contact", str(tom), "--db", str(shop), "--json") == 2
    assert "Nothing was erased" in one_line_error(capsys.readouterr().err)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert run("erase", "--contact", str(tom), "--db", str(shop)) == 2
    out = capsys.readouterr().out
    assert "Backups made before the erasure still hold" in out and "months old" in out
    open_database(shop, backup=False)
    assert Contact.get_by_id(tom).given_name == "Tom"  # still there: nothing was erased
    close_database()
    assert run("erase", "--contact", str(tom), "--db", str(shop), "--json", "--yes") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["contact"] == tom and summary["removed"]["phone"] == 1
    open_database(shop, backup=False)
    assert Contact.get_by_id(tom).given_name == ""
    assert Sale.select().where(Sale.contact == tom).count() == 1  # the books stay
    close_database()
    assert run("erase", "--contact", "999", "--db", str(shop), "--yes") == 2
    assert "999" in one_line_error(capsys.readouterr().err)


def test_backup_of_a_book_that_does_not_exist(tmp_path, capsys) -> None:
    assert run("backup", "--db", str(tmp_path / "none.sqlite3")) == 2
    assert "There is no database" in one_line_error(capsys.readouterr().err)
