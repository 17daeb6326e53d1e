"""The command line under staff roles, through relbook's own entry point: it asks for the
PIN of the person it acts as (a prompt without echo, or RELBOOK_PIN for scripts), a wrong
PIN counts towards the till's throttle, owner-only work needs an owner, and what it
writes (book, backups, exports) is private to the account. Also: erase and restore ask
first, and import never makes a book at a mistyped --db."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from relbook import cli
from relbook.services import plugins, staff
from relbook.services.staff import access
from relbook.store.db import close_database, open_database
from relbook.store.models import Contact, Sale, Setting
from relbook.store.models.audit import StaffPin

OWNER_PIN, SAM_PIN = "739184", "2468"


def run(*argv: str) -> int:
    return cli.main(list(argv))


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert lines and "Traceback" not in err, err
    return lines[-1]


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> Path:
    """Roles on: the owner (PIN 739184) and Sam (staff, PIN 2468); one customer."""
    plugins.load_all()
    owner = staff.ensure_default()
    sam = staff.add_staff("Sam")
    access.set_pin(owner, OWNER_PIN)
    access.set_pin(sam, SAM_PIN)
    access.enable_roles(True)
    make_contact("Anna", "Schmidt", email="anna@example.org")
    close_database()
    return db_path


@pytest.fixture
def no_terminal(monkeypatch) -> None:
    monkeypatch.delenv("RELBOOK_PIN", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)


def sales_by(book: Path) -> list[str]:
    open_database(book, backup=False)
    try:
        return [s.staff.name for s in Sale.select()]
    finally:
        close_database()


def test_without_a_pin_nothing_is_done(shop, no_terminal, capsys) -> None:
    assert run("sale", "--contact", "1", "--amount", "5", "--staff", "Sam", "--db", str(shop)) == 2
    message = one_line(capsys.readouterr().err)
    assert "needs Sam's PIN" in message and "RELBOOK_PIN" in message
    assert run("find", "anna", "--db", str(shop)) == 2  # reading the book needs a PIN too
    assert sales_by(shop) == []


def test_a_sale_as_sam_needs_sams_pin(shop, no_terminal, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RELBOOK_PIN", OWNER_PIN)  # the owner's PIN is not Sam's
    assert run("sale", "--contact", "1", "--amount", "5", "--staff", "Sam", "--db", str(shop)) == 2
    assert "That PIN is not right." in one_line(capsys.readouterr().err)
    assert sales_by(shop) == []
    monkeypatch.setenv("RELBOOK_PIN", SAM_PIN)
    assert run("sale", "--contact", "1", "--amount", "5", "--staff", "Sam", "--db", str(shop)) == 0
    assert sales_by(shop) == ["Sam"]


def test_the_pin_prompt_at_a_terminal(shop, monkeypatch, capsys) -> None:
    monkeypatch.delenv("RELBOOK_PIN", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or OWNER_PIN)
    assert run("settings", "set", "shop.name", "Juniper Café", "--db", str(shop)) == 0
    assert asked == ["PIN for Owner: "]  # no --staff: the owner, whose PIN is asked
    open_database(shop, backup=False)
    assert json.loads(Setting.get_by_id("shop.name").value) == "Juniper Café"


def test_wrong_pins_are_throttled_like_at_the_till(shop, no_terminal, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RELBOOK_PIN", "0000")
    for _ in range(access.FREE_ATTEMPTS):
        assert run("points", "--contact", "1", "--staff", "Sam", "--db", str(shop)) == 2
        assert "That PIN is not right." in one_line(capsys.readouterr().err)
    monkeypatch.setenv("RELBOOK_PIN", SAM_PIN)  # right, but too soon
    assert run("points", "--contact", "1", "--staff", "Sam", "--db", str(shop)) == 2
    assert "Too many wrong PINs. Try again in" in one_line(capsys.readouterr().err)
    open_database(shop, backup=False)
    assert StaffPin.get(StaffPin.staff == 2).failed == access.FREE_ATTEMPTS


@pytest.mark.parametrize(
    "argv",
    [["settings", "set", "shop.name", "Sam's shop"],
     ["erase", "--contact", "1", "--yes"],
     ["export", "--format", "csv", "--out", "-"],
     ["backup", "--out", "{tmp}/bk"],
     ["restore", "{tmp}/none.sqlite3", "--yes"]],
)  # fmt: skip
def test_owner_only_commands_refuse_staff(shop, no_terminal, monkeypatch, capsys, tmp_path, argv):
    monkeypatch.setenv("RELBOOK_PIN", SAM_PIN)
    words = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if words[0] == "restore":  # restore reads the file first: give it a real backup
        monkeypatch.setenv("RELBOOK_PIN", OWNER_PIN)
        assert run("backup", "--out", str(tmp_path / "bk"), "--db", str(shop)) == 0
        words[1] = str(next((tmp_path / "bk").glob("relbook-*.sqlite3")))
        monkeypatch.setenv("RELBOOK_PIN", SAM_PIN)
        capsys.readouterr()
    assert run(*words, "--staff", "Sam", "--db", str(shop)) == 2
    captured = capsys.readouterr()
    assert "Only an owner may" in one_line(captured.err) and captured.out == ""
    open_database(shop, backup=False)
    assert Contact.get_by_id(1).given_name == "Anna"
    assert not Setting.select().where(Setting.value == json.dumps("Sam's shop")).exists()
    assert not (tmp_path / "bk").exists() or words[0] == "restore"


def test_an_owner_may_do_owner_work(shop, no_terminal, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RELBOOK_PIN", OWNER_PIN)
    assert run("erase", "--contact", "1", "--yes", "--db", str(shop)) == 0
    assert "Backups made before the erasure" in capsys.readouterr().out
    open_database(shop, backup=False)
    assert Contact.get_by_id(1).given_name == ""


def test_roles_off_no_pin_is_asked(db, db_path, make_contact, no_terminal, capsys) -> None:
    plugins.load_all()
    make_contact("Anna", "Schmidt")
    close_database()
    assert run("sale", "--contact", "1", "--amount", "5", "--db", str(db_path)) == 0
    assert sales_by(db_path) == ["Owner"]


def test_json_export_never_holds_pin_hashes(shop, no_terminal, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RELBOOK_PIN", OWNER_PIN)
    assert run("export", "--format", "json", "--out", "-", "--db", str(shop)) == 0
    exported = json.loads(capsys.readouterr().out)
    assert "staff_pin" not in exported["tables"] and "staff" in exported["tables"]
    open_database(shop, backup=False)
    text = json.dumps(exported)
    for row in StaffPin.select():
        import base64

        assert base64.b64encode(bytes(row.pin_hash)).decode() not in text


def test_import_never_makes_a_book_at_a_mistyped_db(tmp_path, no_terminal, capsys) -> None:
    source = tmp_path / "people.vcf"
    source.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Ng\r\nN:Ng;Bo;;;\r\nEND:VCARD\r\n")
    typo = tmp_path / "shp.sqlite3"
    assert run("import", str(source), "--db", str(typo)) == 2
    assert "add --create" in one_line(capsys.readouterr().err)
    assert not typo.exists()
    assert run("import", str(source), "--db", str(typo), "--create") == 0
    assert typo.exists()


# -- a real process: the environment variable, no terminal, and what lands on disk -------


def relbook(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relbook", *argv],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.real_kdf  # the child process hashes PINs at the real cost
@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_script_with_relbook_pin_and_private_files(shop, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RELBOOK_PIN"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = relbook("sale", "--contact", "1", "--amount", "5", "--staff", "Sam", "--db",
                   str(shop), env=env, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2 and "RELBOOK_PIN" in done.stderr
    env["RELBOOK_PIN"] = SAM_PIN
    done = relbook("sale", "--contact", "1", "--amount", "5", "--staff", "Sam", "--db",
                   str(shop), env=env, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    env["RELBOOK_PIN"] = OWNER_PIN
    book = tmp_path / "new" / "book.sqlite3"
    book.parent.mkdir()
    vcf = tmp_path / "one.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Ng\r\nN:Ng;Bo;;;\r\nEND:VCARD\r\n")
    old = os.umask(0o022)  # what a shell usually has: files it makes are world-readable
    try:
        for argv in (
            ("import", str(vcf), "--create", "--db", str(book)),
            ("backup", "--out", str(tmp_path / "bk"), "--db", str(book)),
            ("export", "--format", "csv", "--out", str(tmp_path / "out.csv"), "--db", str(book)),
        ):
            done = relbook(*argv, env=env, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
    finally:
        os.umask(old)
    backup_file = next((tmp_path / "bk").glob("relbook-*.sqlite3"))
    for path in (book, backup_file, tmp_path / "out.csv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "bk").stat().st_mode) == 0o700
    assert "PIN hashes" in relbook("backup", "--out", str(tmp_path / "bk"), "--db", str(book),
                                   env=env, cwd=tmp_path).stdout  # fmt: skip
