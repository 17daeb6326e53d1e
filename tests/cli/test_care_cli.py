"""`relbook due`, `relbook birthdays` and `relbook sheet` through cli.main."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from relbook import cli
from relbook.services import care
from relbook.services.contacts.inputs import DetailInput
from relbook.services.dates import PartialDate


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> Path:
    anna = make_contact("Anna", birthday=PartialDate(12, 31, 1986))
    ben = make_contact(
        "Ben", details=[DetailInput("family", "", "Mia", "daughter", PartialDate(1, 2))]
    )
    care.set_tier(anna, 1)
    care.set_tier(ben, 1)
    care.mark_touched(anna, when=dt.datetime(2026, 11, 1, 9))  # 29 days overdue on 30 Dec
    care.mark_touched(ben, when=dt.datetime(2026, 11, 20, 9))  # 10 days overdue
    return db_path


def test_due_lists_most_overdue_first(shop: Path, capsys) -> None:
    assert cli.main(["due", "--db", str(shop), "--date", "2026-12-30"]) == 0
    out = capsys.readouterr().out
    assert out.index("Anna Schmidt") < out.index("Ben Schmidt")
    assert "29 days overdue" in out
    assert cli.main(["due", "--db", str(shop), "--date", "2026-12-30", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["days_overdue"]) for r in rows] == [
        ("Anna Schmidt", 29), ("Ben Schmidt", 10)]  # fmt: skip


def test_birthdays_cross_the_year_end(shop: Path, capsys) -> None:
    args = ["birthdays", "--db", str(shop), "--date", "2026-12-30", "--days", "4"]
    assert cli.main([*args, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["person"], r["date"], r["turning"]) for r in rows] == [
        ("Anna Schmidt", "2026-12-31", 40), ("Mia", "2027-01-02", None)]  # fmt: skip
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Anna Schmidt turns 40" in out and "Mia (Ben Schmidt's daughter): birthday" in out
    assert cli.main([*args[:-2], "--days", "1", "--date", "2026-06-01"]) == 0
    assert "No birthdays or anniversaries today or tomorrow." in capsys.readouterr().out


def test_sheet_writes_a_readable_pdf(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "today.pdf"
    args = ["sheet", "--db", str(shop), "--out", str(out), "--date", "2026-12-31"]
    assert cli.main(args) == 0
    said = capsys.readouterr().out
    assert "Thursday, December 31, 2026 (Letter)" in said  # a US shop prints on Letter
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 612
    text = reader.pages[0].extract_text()
    assert "Anna Schmidt turns 40" in text and "Ben Schmidt" in text
    assert cli.main([*args, "--paper", "a4", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["paper"] == "a4" and summary["date"] == "2026-12-31"
    assert summary["birthdays"] == ["Anna Schmidt turns 40"]
    assert summary["touches"] == ["Anna Schmidt", "Ben Schmidt"]
    assert summary["coming_up"] == ["Sat, Jan 2, 2027: Mia (Ben Schmidt's daughter): birthday"]
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width)) == 595


@pytest.mark.parametrize(
    ("args", "words"),
    [(["birthdays", "--days", "x"], "not a whole number"),
     (["birthdays", "--days", "999"], "a number from 0 to 366"),
     (["due", "--date", "31.12.2026"], "not a date like"),
     (["sheet", "--out", "/no/such/folder/x.pdf"], "does not exist")],
)  # fmt: skip
def test_mistakes_are_one_line_exit_2(shop: Path, capsys, args: list[str], words: str) -> None:
    assert cli.main([*args, "--db", str(shop)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
