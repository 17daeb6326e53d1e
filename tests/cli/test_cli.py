"""The relbook command: find, demo, GUI start-up arguments, and plain one-line mistakes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

import relbook
from relbook import cli
from relbook.store.db import close_database, demo_database_path, open_database


def run(*argv: str) -> int:
    return cli.main(list(argv))


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("relbook: ") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> Path:
    make_contact("José", "García", phone="(503) 284-1937", email="jose@example.com")
    make_contact("Jürgen", "Müller", phone="+49 151 12345678")
    make_contact("Anna", "Schmidt")
    close_database()
    return db_path


def test_help_shows_examples_and_commands(capsys) -> None:
    assert run("--help") == 0
    out = capsys.readouterr().out
    assert "relbook --demo" in out and "find" in out and "demo" in out
    assert run("find", "--help") == 0
    out = capsys.readouterr().out
    assert "exit status" in out and "--json" in out


def test_version(capsys) -> None:
    assert run("--version") == 0
    assert capsys.readouterr().out.strip() == f"relbook {relbook.__version__}"


def test_find_prints_an_aligned_table(shop: Path, capsys) -> None:
    assert run("find", "garc", "--db", str(shop)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "Name", "Phone", "Email"]
    assert "José García" in lines[2] and "(503) 284-1937" in lines[2]
    assert lines[0].index("Name") == lines[2].index("José")  # columns line up


def test_find_json(shop: Path, capsys) -> None:
    assert run("find", "1937", "--db", str(shop), "--json") == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert hit["display_name"] == "José García"
    assert hit["phones"] == ["(503) 284-1937"] and hit["emails"] == ["jose@example.com"]
    assert isinstance(hit["id"], int)
    assert run("find", "mull", "--db", str(shop), "--json") == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert hit["phones"] == ["+49 1511 2345678"]


def test_db_before_the_command_is_the_same_book(shop: Path, capsys) -> None:
    assert run("--db", str(shop), "find", "garc", "--json") == 0
    assert [h["display_name"] for h in json.loads(capsys.readouterr().out)] == ["José García"]
    assert run("--db", str(shop), "find", "garc", "--db", str(shop)) == 0


def test_find_limit(shop: Path, capsys) -> None:
    assert run("find", "j", "--db", str(shop), "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert run("find", "j", "--db", str(shop), "--json", "--limit", "1") == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_find_without_a_match_exits_1(shop: Path, capsys) -> None:
    assert run("find", "nobody", "--db", str(shop)) == 1
    assert capsys.readouterr().out.strip() == "No contacts match “nobody”."
    assert run("find", "nobody", "--db", str(shop), "--json") == 1
    assert json.loads(capsys.readouterr().out) == []


def test_find_in_a_missing_file_does_not_create_it(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo.sqlite3"
    assert run("find", "anna", "--db", str(missing)) == 2
    assert "There is no database at" in one_line_error(capsys.readouterr().err)
    assert not missing.exists()


def test_find_in_the_default_book_that_does_not_exist_yet(capsys) -> None:
    assert run("find", "anna") == 2
    assert "run relbook once" in one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["find"], "required: TEXT"),
        (["find", "x", "--limit", "0"], "a number from 1 to 100,000"),
        (["find", "x", "--limit", "９"], "digits 0 to 9"),
        (["find", "x", "--limit", "9" * 5000], "far too long"),
        (["points", "--contact", str(2**63)], "there is none as large as"),
        (["points", "--contact", "１"], "digits 0 to 9"),
        (["find", "x", "--limit", "lots"], "not a whole number"),
        (["frobnicate"], "invalid choice"),
        (["--bogus"], "unrecognized arguments"),
        (["demo"], "--db"),
        (["--demo", "find", "x"], "does not go with"),
        (["find", "x", "--demo"], "unrecognized arguments: --demo"),
        (["--demo", "--db", "x.sqlite3"], "either --demo or --db"),
        (["--screenshot", "shot.jpg"], "must end in .png"),
        (["find", ""], "Give find something to look for"),
        (["find", "   "], "Give find something to look for"),
        (["--db", "a.sqlite3", "find", "x", "--db", "b.sqlite3"], "Two databases"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(argv: list[str], words: str, capsys) -> None:
    assert run(*argv) == 2
    assert words in one_line_error(capsys.readouterr().err)


def test_not_a_database_and_newer_database(tmp_path: Path, capsys) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert run("find", "x", "--db", str(text)) == 2
    assert "not a relbook database" in one_line_error(capsys.readouterr().err)
    newer = tmp_path / "newer.sqlite3"
    open_database(newer).execute_sql("INSERT INTO schema_migration VALUES ('m9999_x', 'later')")
    close_database()
    before = newer.read_bytes()
    assert run("find", "x", "--db", str(newer)) == 2
    assert "newer relbook" in one_line_error(capsys.readouterr().err)
    assert newer.read_bytes() == before


def test_demo_writes_a_shop_and_refuses_to_overwrite_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(path), "--contacts", "120", "--seed", "4") == 0
    assert "Wrote 120 contacts" in capsys.readouterr().out
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 120
    con.close()
    assert run("demo", "--db", str(path)) == 2
    assert "--force" in one_line_error(capsys.readouterr().err)
    assert run("demo", "--db", str(path), "--contacts", "30", "--force", "--quiet") == 0
    assert capsys.readouterr().out == ""
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 30
    con.close()
    assert run("find", "a", "--db", str(path), "--json", "--limit", "3") == 0


@pytest.fixture
def fake_app(monkeypatch) -> list[tuple]:
    """Stands in for relbook.app (the Qt side) and records how it was started."""
    calls: list[tuple] = []
    module = types.ModuleType("relbook.app")

    def run_gui(target, screenshot=None, page=None, find=None) -> int:
        calls.append((target, screenshot, page) + ((find,) if find else ()))
        return 0

    module.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "relbook.app", module)
    monkeypatch.setattr(relbook, "app", module, raising=False)
    return calls


def test_no_command_opens_the_app(fake_app: list[tuple]) -> None:
    assert run() == 0
    assert run("--db", "shop.sqlite3") == 0
    assert fake_app == [(None, None, None), ("shop.sqlite3", None, None)]


def test_screenshot_and_page_are_passed_on(fake_app: list[tuple], tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    assert run("--screenshot", str(shot), "--page", "contacts", "--db", "x.sqlite3") == 0
    assert fake_app == [("x.sqlite3", shot, "contacts")]


def test_find_is_passed_on_and_belongs_to_the_app(fake_app: list[tuple], capsys) -> None:
    assert run("--find", "okafor", "--page", "contacts") == 0
    assert fake_app == [(None, None, "contacts", "okafor")]
    assert run("--find", "x", "find", "y") == 2
    assert "--find opens the app" in one_line_error(capsys.readouterr().err)


def test_demo_flag_makes_the_demo_shop_once(fake_app: list[tuple]) -> None:
    assert run("--demo") == 0
    path = demo_database_path()
    assert fake_app == [(str(path), None, None)]
    con = sqlite3.connect(path)
    count = con.execute("SELECT COUNT(*) FROM contact").fetchone()[0]
    con.close()
    assert 200 <= count <= 1000
    stamp = path.stat().st_mtime_ns
    assert run("--demo") == 0
    assert path.stat().st_mtime_ns == stamp  # opened again, not rewritten


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_python_m_relbook_exit_codes(tmp_path: Path) -> None:
    done = _python("-m", "relbook", "--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"relbook {relbook.__version__}"
    done = _python("-m", "relbook", "find", "anna", "--db", "missing.sqlite3", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "There is no database at missing.sqlite3" in one_line_error(done.stderr)
    assert not (tmp_path / "missing.sqlite3").exists()
    done = _python("-m", "relbook", "find", cwd=tmp_path)
    assert done.returncode == 2 and "TEXT" in one_line_error(done.stderr)


def test_cli_and_every_command_module_import_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys, relbook.cli as c; c.build_parser(); "
        "import relbook.demo; "
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))); "
        "print(bad)"
    )
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_opening_the_app_loads_no_subcommand_module(tmp_path: Path) -> None:
    """The window is what most starts ask for: it does not wait for every command."""
    code = (
        "import sys, relbook.app as app; app.run_gui = lambda *a, **k: 0; "
        "import relbook.cli as c; status = c.main(['--db', 'x.sqlite3', '--page', 'contacts']); "
        "print(status, sorted(m for m in sys.modules if m.startswith('relbook.commands.') "
        "and m != 'relbook.commands.common'))"
    )
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "[]"]


def test_table_columns_line_up_with_combining_accents_and_wide_letters(capsys) -> None:
    from relbook.commands.common import print_table, text_width

    assert text_width("Ọlájùmọ̀kẹ́") == 9 and text_width("김민준") == 6
    print_table(["Name", "Phone"], [["Ọlájùmọ̀kẹ́ Adeyemi", "1"], ["김민준", "2"], ["Bo", "3"]])
    lines = capsys.readouterr().out.splitlines()
    assert {
        text_width(line[: line.index(d)]) for line, d in zip(lines[2:], "123", strict=True)
    } == {19}


def test_postgres_without_its_driver_is_a_plain_mistake(capsys) -> None:
    status = run("find", "x", "--db", "postgresql://shop:secret@localhost:1/book")
    assert status == 2  # without psycopg2, or with it and nobody listening on port 1
    assert "secret" not in one_line_error(capsys.readouterr().err)  # no password shown


def test_a_bug_is_one_line_with_exit_70(monkeypatch, capsys) -> None:
    from relbook.commands import core

    def broken(args) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(core, "run_find", broken)
    monkeypatch.delenv("RELBOOK_DEBUG", raising=False)
    assert run("find", "x") == 70
    assert "RELBOOK_DEBUG=1" in one_line_error(capsys.readouterr().err)
    monkeypatch.setenv("RELBOOK_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("find", "x")
