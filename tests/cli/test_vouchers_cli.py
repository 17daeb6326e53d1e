"""`relbook vouchers …` and `relbook referrals top` through cli.main."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from relbook import cli
from relbook.services import referrals
from relbook.services.codes import format_code
from relbook.services.referrals import Programme
from relbook.store.models.vouchers import Voucher


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> tuple[Path, int]:
    return db_path, make_contact("Anna", "Schmidt")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_issue_json_then_redeem_then_refuse_the_second_time(shop, capsys) -> None:
    path, cid = shop
    db = ("--db", str(path))
    status, out, _ = _run(
        capsys,
        "vouchers",
        "issue",
        "--contact",
        str(cid),
        "--kind",
        "goodwill",
        "--value",
        "5.00",
        "--json",
        *db,
    )
    assert status == 0
    issued = json.loads(out)
    assert issued["value"] == {"kind": "amount_off", "amount_minor": 500}
    assert issued["state"] == "issued" and issued["beneficiary"] == "Anna Schmidt"
    code = issued["code"]
    status, out, _ = _run(capsys, "vouchers", "redeem", code.lower(), "--json", *db)
    assert status == 0 and json.loads(out)["voucher"]["state"] == "redeemed"
    assert Voucher.get_by_id(issued["id"]).state == "redeemed"
    status, out, err = _run(capsys, "vouchers", "redeem", code, *db)
    assert status == 1
    assert "already redeemed on" in err and "by Owner" in err and len(err.splitlines()) == 1


def test_percent_item_and_points_values(shop, capsys) -> None:
    path, cid = shop
    for extra, text in (
        (["--value", "10%"], "10% off"),
        (["--item", "Flat white"], "Free: Flat white"),
        (["--points", "25"], "25 points"),
    ):
        status, out, _ = _run(
            capsys, "vouchers", "issue", "--contact", str(cid), *extra, "--db", str(path)
        )
        assert status == 0 and text in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--value", "abc"], "is not an amount"),
        (["--value", "0"], "above zero"),
        (["--value", "x%"], "not a percentage"),
    ],
)
def test_bad_values_are_one_line_and_store_nothing(shop, capsys, argv, words) -> None:
    path, cid = shop
    status, _, err = _run(
        capsys, "vouchers", "issue", "--contact", str(cid), *argv, "--db", str(path)
    )
    assert status == 2 and words in err and len(err.splitlines()) == 1
    assert Voucher.select().count() == 0


def test_unknown_contact(shop, capsys) -> None:
    path, _ = shop
    status, _, err = _run(
        capsys, "vouchers", "issue", "--contact", "999", "--value", "5", "--db", str(path)
    )
    assert status == 2 and "no contact number 999" in err


def test_typo_suggests_the_real_code(shop, capsys) -> None:
    path, cid = shop
    _run(capsys, "vouchers", "issue", "--contact", str(cid), "--value", "5", "--db", str(path))
    code = Voucher.get().code
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    status, _, err = _run(capsys, "vouchers", "redeem", typo, "--db", str(path))
    assert status == 1 and "Did you mean" in err
    assert code[:4] in err and Voucher.get().state == "issued"


def test_print_unprinted_writes_a_pdf_and_marks_them(shop, capsys, tmp_path) -> None:
    path, cid = shop
    for _ in range(2):
        _run(capsys, "vouchers", "issue", "--contact", str(cid), "--value", "5", "--db", str(path))
    out_pdf = tmp_path / "v.pdf"
    status, out, _ = _run(
        capsys, "vouchers", "print", "--out", str(out_pdf), "--unprinted", "--db", str(path)
    )
    assert status == 0 and "Wrote 2 vouchers" in out
    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    for v in Voucher.select():
        assert v.state == "printed"
        assert f"{v.code[:4]}-{v.code[4:8]}-{v.code[8:]}" in text
    assert "Anna Schmidt" in text or "Anna" in text
    status, _, err = _run(
        capsys, "vouchers", "print", "--out", str(out_pdf), "--unprinted", "--db", str(path)
    )
    assert status == 2 and "printed already" in err


def test_print_refuses_used_vouchers_and_writes_nothing(shop, capsys, tmp_path) -> None:
    path, cid = shop
    ids = []
    for _ in range(2):
        _run(capsys, "vouchers", "issue", "--contact", str(cid), "--value", "5", "--db", str(path))
        ids.append(Voucher.select().order_by(Voucher.id.desc()).get().id)
    used = Voucher.get_by_id(ids[0])
    _run(capsys, "vouchers", "redeem", used.code, "--db", str(path))
    out_pdf = tmp_path / "v.pdf"
    argv = ["vouchers", "print", "--out", str(out_pdf), "--id", str(ids[0]), "--id", str(ids[1])]
    status, _, err = _run(capsys, *argv, "--json", "--db", str(path))
    assert status == 2 and "can no longer be used, so it is not printed" in err
    assert "(redeemed)" in err and not out_pdf.exists()
    assert Voucher.get_by_id(ids[1]).state == "issued"  # nothing marked printed
    status, out, _ = _run(capsys, "vouchers", "print", "--out", str(out_pdf), "--id",
                          str(ids[1]), "--json", "--db", str(path))  # fmt: skip
    assert status == 0 and json.loads(out) == {
        "file": str(out_pdf),
        "vouchers": 1,
        "marked_printed": 1,
        "skipped": [],
    }


def test_one_voucher_that_cannot_print_does_not_stop_the_queue(
    shop, capsys, make_contact, tmp_path
) -> None:
    """The audit's case: a name the voucher cannot hold made the whole queue fail with
    exit 2, naming nobody. Now the rest print, and the one left out is named."""
    path, anna = shop
    giant = make_contact("Bartholomew" * 8, "")  # one word wider than any voucher
    long_ok = make_contact("Maria Fernanda da Silva Santos", "Oliveira Pereirah")  # 48
    db = ("--db", str(path))
    status, _, err = _run(
        capsys,
        "vouchers",
        "issue",
        "--contact",
        str(giant),
        "--value",
        "5",
        "--kind",
        "goodwill",
        *db,
    )
    assert status == 0 and "will not print at the shop's size" in err  # warned at issue
    for cid in (anna, long_ok):
        status, _, err = _run(
            capsys,
            "vouchers",
            "issue",
            "--contact",
            str(cid),
            "--item",
            "Coffee and croissant",
            *db,
        )
        assert status == 0 and err == ""
    out_pdf = tmp_path / "queue.pdf"
    for size in ("a4-8up", "dl"):
        status, out, err = _run(
            capsys, "vouchers", "print", "--out", str(out_pdf), "--unprinted", "--size", size, *db
        )
        if size == "a4-8up":
            assert status == 0 and "Wrote 2 vouchers" in out
            giant_code = format_code(Voucher.get(Voucher.beneficiary == giant).code)
            assert "1 voucher was left out" in err and giant_code in err
            assert "Bartholomew" in err and "does not fit" in err
            text = " ".join(PdfReader(out_pdf).pages[0].extract_text().split())
            assert "Free coffee and croissant" in text and "Pereirah" in text
            assert Voucher.get(Voucher.beneficiary == giant).state == "issued"  # still queued
            assert Voucher.get(Voucher.beneficiary == anna).state == "printed"
        else:  # only the one nobody can print is left: a clear message, nothing written
            out_pdf.unlink()
            assert status == 2 and "None of the vouchers could be printed" in err
            assert not out_pdf.exists()


def test_print_refuses_a_non_pdf_name(shop, capsys, tmp_path) -> None:
    path, _ = shop
    status, _, err = _run(
        capsys, "vouchers", "print", "--out", str(tmp_path / "v.png"), "--db", str(path)
    )
    assert status == 2 and "must end in .pdf" in err


def test_referrals_top_json(shop, capsys, make_contact) -> None:
    path, anna = shop
    referrals.save_programme(Programme(enabled=False))
    for name in ("Ben", "Cleo"):
        referrals.set_referrer(make_contact(name, "X"), anna)
    status, out, _ = _run(capsys, "referrals", "top", "--json", "--db", str(path))
    assert status == 0
    assert json.loads(out)[0] == {
        "contact_id": anna,
        "name": "Anna Schmidt",
        "referrals": 2,
        "referee_spend_minor": 0,
        "referee_spend": "$0.00",
    }


def test_cli_does_not_import_qt(shop) -> None:
    path, _cid = shop
    code = (
        "import sys, relbook.cli as c;"
        f"c.main(['vouchers','list','--db',{str(path)!r}]);"
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run(
        [__import__("sys").executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().endswith("False")
