"""The bad input of issue 11, through the real command line: each is refused with one
line and exit status 2 (never 70), and nothing is stored — or, for text, stored clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relbook import cli
from relbook.services import plugins
from relbook.services.contacts import search
from relbook.store.db import close_database, open_database
from relbook.store.models import Contact, Sale


def run(*argv: str) -> int:
    return cli.main(list(argv))


@pytest.fixture
def book(db, db_path: Path, make_contact) -> Path:
    plugins.load_all()
    make_contact("Anna", "Schmidt")
    close_database()
    return db_path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize(
    ("amount", "words"),
    [("12.5.0", "is not an amount"), ("1 2 3", "is not an amount"),
     ("1,2,3", "is not an amount"), ("1..5", "is not an amount"),
     ("9" * 30, "far too large"), ("9" * 5000, "too long"), ("１２", "digits 0 to 9")],
)  # fmt: skip
def test_a_misread_amount_is_refused_and_no_sale_is_recorded(book, capsys, amount, words) -> None:
    assert run("sale", "--contact", "1", "--amount", amount, "--db", str(book)) == 2
    assert words in one_line(capsys.readouterr().err)
    open_database(book, backup=False)
    assert Sale.select().count() == 0


@pytest.mark.parametrize("contact", [str(2**63), str(10**30), "１", "٣"])
def test_contact_ids_are_bounded_and_ascii(book, capsys, contact: str) -> None:
    assert run("points", "--contact", contact, "--db", str(book)) == 2
    one_line(capsys.readouterr().err)


def test_nul_and_escape_in_a_sale_note_are_taken_out(book, capsys) -> None:
    note = "oat\x00 flat\x1b[2J white"
    assert run("sale", "--contact", "1", "--amount", "4.50", "--note", note, "--db", str(book)) == 0
    open_database(book, backup=False)
    assert Sale.get().note == "oat flat[2J white"


def _nested(depth: int) -> str:
    return '{"format": "relbook-export", "contacts": [' + "[" * depth + "]" * depth + "]}"


@pytest.mark.parametrize(
    ("content", "words"),
    [(_nested(100_000), "nested far deeper"),
     ('{"format": "relbook-export", "contacts": [{"given_name": ' + '{"a": ' * 5000 + "1"
      + "}" * 5000 + "}]}", "nested far deeper")],
)  # fmt: skip
def test_a_deeply_nested_json_import_is_refused(book, tmp_path, capsys, content, words) -> None:
    source = tmp_path / "deep.json"
    source.write_text(content, encoding="utf-8")
    assert run("import", str(source), "--db", str(book)) == 2
    assert words in one_line(capsys.readouterr().err)
    open_database(book, backup=False)
    assert Contact.select().count() == 1


def test_a_contact_field_that_is_not_text_is_a_rejected_row(book, tmp_path, capsys) -> None:
    doc = {"format": "relbook-export", "contacts": [
        {"given_name": {"a": [1, 2]}, "family_name": "X"},
        {"given_name": "Bea", "family_name": "Good"},
    ]}  # fmt: skip
    source = tmp_path / "odd.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert run("import", str(source), "--db", str(book)) == 0
    out = capsys.readouterr().out
    assert "1 new" in out and "holds dict, not text" in out
    open_database(book, backup=False)
    assert {c.display_name for c in Contact.select()} == {"Anna Schmidt", "Bea Good"}


def test_an_oversized_json_import_is_refused(book, tmp_path, capsys, monkeypatch) -> None:
    from relbook.services.import_export import json_import

    monkeypatch.setattr(json_import, "MAX_JSON_BYTES", 1000)
    source = tmp_path / "big.json"
    source.write_text(json.dumps({"format": "relbook-export", "contacts": [{"notes": "x" * 2000}]}))
    assert run("import", str(source), "--db", str(book)) == 2
    assert "too large to read as JSON" in one_line(capsys.readouterr().err)


def test_search_text_is_capped_in_length_and_words(book, capsys) -> None:
    long_query = " ".join(["anna"] * 8000)
    assert search.capped(long_query) == " ".join(["anna"] * 12)
    assert len(search.capped("x" * 1_000_000)) == search.MAX_SEARCH_CHARS
    assert run("find", long_query, "--db", str(book), "--json") == 0
    assert [h["display_name"] for h in json.loads(capsys.readouterr().out)] == ["Anna Schmidt"]
    assert run("find", "zz " * 8000, "--db", str(book)) == 1
    assert len(capsys.readouterr().out) < 300  # the message quotes the capped text only
