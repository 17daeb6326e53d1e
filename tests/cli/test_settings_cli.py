"""`relbook settings show / set` through cli.main: checked like the Settings page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relbook import cli
from relbook.services import loyalty, settings


@pytest.fixture
def path(db, db_path: Path) -> Path:
    return db_path


def test_show_as_json(path, capsys) -> None:
    assert cli.main(["settings", "show", "--db", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["shop.currency"] == "USD" and shown["loyalty.points_per_unit"] == "1"
    assert shown["loyalty.rewards"][0]["name"] == "Free coffee"


def test_set_by_name_or_code_and_numbers_the_shops_way(path, capsys) -> None:
    assert cli.main(["settings", "set", "shop.locale", "Deutsch (Deutschland) — German (Germany)",
                     "--db", str(path)]) == 0  # fmt: skip
    assert cli.main(["settings", "set", "shop.currency", "eur", "--db", str(path)]) == 0
    assert cli.main(["settings", "set", "loyalty.points_per_unit", "1,5", "--db", str(path)]) == 0
    assert cli.main(["settings", "set", "shop.largest_sale", "200,00", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "shop.largest_sale: 200,00" in out
    assert (settings.get("shop.locale"), settings.get("shop.currency")) == ("de_DE", "EUR")
    rules = loyalty.get_rules()
    assert rules.points_per_unit == 1.5 and rules.max_sale_minor == 20_000


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [("loyalty.points_per_unit", "abc", "such as 1 or 1.5"),
     ("shop.currency", "Doubloons", "choose one from the list"),
     ("shop.name", " ", "type the name"),
     ("loyalty.rewards", "[]", "Settings page"),
     ("shop.colour", "red", "no setting called")],
)  # fmt: skip
def test_mistakes_are_one_line_exit_2_and_change_nothing(path, capsys, key, value, words) -> None:
    before = cli.main(["settings", "show", "--db", str(path), "--json"])
    stored = capsys.readouterr().out
    assert before == 0
    assert cli.main(["settings", "set", key, value, "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    cli.main(["settings", "show", "--db", str(path), "--json"])
    assert capsys.readouterr().out == stored
