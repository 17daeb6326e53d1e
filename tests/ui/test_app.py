"""Starting the app: screenshots from the command line, plain errors, the excepthook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relbook.app import error_log_path, make_excepthook
from relbook.errors import StoreError

RUN = "import sys; from pathlib import Path; from relbook.app import run_gui; " \
      "sys.exit(run_gui(sys.argv[1], screenshot=Path(sys.argv[2]), page=sys.argv[3]))"  # fmt: skip


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip


def test_screenshot_of_the_contacts_page(make_contact, db_path: Path, tmp_path: Path) -> None:
    make_contact("Anna", "Schmidt", phone="+1 503 555 0101")
    shot = tmp_path / "contacts.png"
    proc = run_app(str(db_path), str(shot), "contacts")
    assert proc.returncode == 0, proc.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_first_paint_can_be_noted_in_a_file(make_contact, db_path: Path,
                                               tmp_path: Path) -> None:  # fmt: skip
    """RELBOOK_FIRST_PAINT_FILE: when the contact table was on screen (time.time())."""
    import time

    make_contact("Anna", "Schmidt")
    note = tmp_path / "painted.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RELBOOK_FIRST_PAINT_FILE=str(note))
    started = time.time()
    proc = subprocess.run([sys.executable, "-c", RUN, str(db_path), str(tmp_path / "x.png"),
                           "contacts"], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert started < float(note.read_text()) < time.time()


def test_a_damaged_database_is_one_plain_line(tmp_path: Path) -> None:
    bad = tmp_path / "shop.sqlite3"
    bad.write_bytes(b"this is a shopping list, not a database" * 10)
    proc = run_app(str(bad), str(tmp_path / "x.png"), "contacts")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "is not a relbook database" in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_an_unknown_page_is_named(db_path: Path, db, tmp_path: Path) -> None:
    proc = run_app(str(db_path), str(tmp_path / "x.png"), "kitchen")
    assert proc.returncode == 2
    assert "no page called “kitchen”" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unexpected_errors_are_logged_and_explained() -> None:
    shown: list[tuple[str, str]] = []
    hook = make_excepthook(lambda title, text: shown.append((title, text)))
    try:
        raise KeyError("oops in a slot")
    except KeyError as exc:
        hook(type(exc), exc, exc.__traceback__)
    title, text = shown[0]
    assert title == "Something went wrong"
    assert "Traceback" not in text
    assert str(error_log_path()) in text
    log = error_log_path().read_text(encoding="utf-8")
    assert "Traceback" in log and "oops in a slot" in log


def test_errors_meant_for_people_are_shown_as_they_are() -> None:
    shown: list[tuple[str, str]] = []
    hook = make_excepthook(lambda title, text: shown.append((title, text)))
    error = StoreError("The database is on a drive that was unplugged.")
    hook(StoreError, error, None)
    assert shown == [("relbook", "The database is on a drive that was unplugged.")]


def test_a_missing_book_is_not_made_for_a_screenshot(tmp_path: Path) -> None:
    typo = tmp_path / "shpo.sqlite3"
    proc = run_app(str(typo), str(tmp_path / "x.png"), "contacts")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"relbook: There is no database at {typo}."
    assert not typo.exists() and not (tmp_path / "x.png").exists()


def test_only_a_named_file_that_is_not_there_counts_as_missing(db_path: Path, db) -> None:
    from relbook.app import missing_book

    assert missing_book(None) is None  # the default book is made on first start
    assert missing_book(db_path) is None
    assert missing_book(db_path.with_name("other.sqlite3")) == db_path.with_name("other.sqlite3")
    assert missing_book(f"sqlite:///{db_path.with_name('u.sqlite3')}") == db_path.with_name(
        "u.sqlite3"
    )
    assert missing_book("postgresql://till@localhost/shop") is None


def test_damage_met_while_working_gets_its_own_plain_message() -> None:
    import peewee

    shown: list[tuple[str, str]] = []
    hook = make_excepthook(lambda title, text: shown.append((title, text)))
    try:
        try:
            raise peewee.DatabaseError("database disk image is malformed")
        except peewee.DatabaseError as inner:
            raise RuntimeError("while loading the list") from inner
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    ((title, text),) = shown
    assert title == "The customer book is damaged"
    assert "restore a backup" in text and "Traceback" not in text


def test_screenshot_of_a_customer_found_by_find(make_contact, db_path: Path, tmp_path: Path):
    make_contact("Anna", "Schmidt", phone="+1 503 555 0101")
    make_contact("Grace", "Murphy", phone="+1 503 555 0199", city="Portland")
    shot = tmp_path / "grace.png"
    code = (
        "import sys; from pathlib import Path; from relbook.app import run_gui; "
        "sys.exit(run_gui(sys.argv[1], screenshot=Path(sys.argv[2]), page='contacts', "
        "find=sys.argv[3]))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, str(db_path), str(shot), "murphy"],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    proc = subprocess.run([sys.executable, "-c", code.replace("'contacts'", "'counter'"),
                           str(db_path), str(shot), "murphy"],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert "--find works on the contacts page" in proc.stderr
