"""`relbook sale`, `relbook points` and `relbook check` through cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import peewee
import pytest

from relbook import cli
from relbook.services.loyalty import ledger
from relbook.store.models import PointsEntry, Sale


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> tuple[Path, int]:
    return db_path, make_contact("Anna", "Schmidt")


def test_sale_prints_the_new_balance(shop, capsys) -> None:
    path, cid = shop
    assert cli.main(["sale", "--contact", str(cid), "--amount", "12.50", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "$12.50" in out and "New balance: 12 points." in out
    assert Sale.select().count() == 1 and ledger.balance(cid) == 12


def test_sale_and_points_json(shop, capsys) -> None:
    path, cid = shop
    cli.main(["sale", "--contact", str(cid), "--amount", "30", "--db", str(path), "--json"])
    sale = json.loads(capsys.readouterr().out)
    assert sale["balance"] == 30 and sale["amount_minor"] == 3000
    assert cli.main(["points", "--contact", str(cid), "--db", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["balance"] == 30 and info["tier"] == "Bronze" and info["name"] == "Anna Schmidt"
    assert info["card_code"].startswith("RB-")


@pytest.mark.parametrize(
    ("amount", "words"),
    [("abc", "not an amount"), ("-5", "negative"), ("0", "more than zero"),
     ("99999", "more than the most")],
)  # fmt: skip
def test_bad_amount_is_one_line_exit_2(shop, capsys, amount: str, words: str) -> None:
    path, cid = shop
    assert cli.main(["sale", "--contact", str(cid), "--amount", amount, "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert Sale.select().count() == 0


def test_unknown_contact(shop, capsys) -> None:
    path, _ = shop
    assert cli.main(["points", "--contact", "999", "--db", str(path)]) == 2
    assert "no contact number 999" in capsys.readouterr().err


def test_check_sound_then_tampered(shop, capsys) -> None:
    path, cid = shop
    cli.main(["sale", "--contact", str(cid), "--amount", "10", "--db", str(path)])
    assert cli.main(["check", "--db", str(path)]) == 0
    assert "sound" in capsys.readouterr().out
    # The database itself refuses to edit a ledger row…
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        PointsEntry.update(points=99).execute()
    # …so someone who edits it behind relbook's back must drop the guard first: check
    # still reports the damage.
    from relbook.store.db import database

    database.execute_sql("DROP TRIGGER points_entry_append_only_update")
    PointsEntry.update(points=99).execute()
    assert cli.main(["check", "--db", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["sound"]
    assert "cached balance 10 but the ledger sums to 99" in report["problems"][0]
