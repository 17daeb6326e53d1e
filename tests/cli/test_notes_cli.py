"""``relbook notes``: print a note to PDF (read back), the queue, refusing unfilled fields."""

from __future__ import annotations

import json

from pypdf import PdfReader

from relbook.cli import main
from relbook.services import notes


def test_notes_print_writes_the_filled_note_and_records_it(
    make_contact, db_path, tmp_path, capsys
) -> None:
    cid = make_contact("José", "García")
    out = tmp_path / "thanks.pdf"
    status = main(
        [
            "notes",
            "print",
            "--db",
            str(db_path),
            "--contact",
            str(cid),
            "--template",
            "purchase",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert text.startswith("Dear José,")
    assert "{" not in text
    assert [n.occasion for n in notes.history(cid)] == ["purchase"]
    assert "Printed" in capsys.readouterr().out


def test_notes_print_refuses_an_unfillable_field(make_contact, db_path, tmp_path, capsys) -> None:
    from relbook.services.notes import templates

    cid = make_contact("Anna", "Schmidt")
    templates.save_template("Partner", "custom", "Love to {partner_name}!")
    out = tmp_path / "x.pdf"
    status = main(
        [
            "notes",
            "print",
            "--db",
            str(db_path),
            "--contact",
            str(cid),
            "--template",
            "Partner",
            "--out",
            str(out),
        ]
    )
    assert status == 2
    assert "partner" in capsys.readouterr().err.lower()
    assert not out.exists()
    assert notes.history(cid) == []


def test_notes_queue_json(make_contact, db_path, capsys) -> None:
    import datetime as dt

    from relbook.services.dates import PartialDate

    soon = dt.date.today() + dt.timedelta(days=2)
    cid = make_contact("Zoë", "Keller", birthday=PartialDate(soon.month, soon.day))
    assert main(["notes", "queue", "--db", str(db_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"contact_id": cid, "occasion": "birthday"}.items() <= rows[0].items()


def test_notes_print_sizes_sheets_and_a_left_out_emoji(make_contact, db_path, tmp_path,
                                                        capsys) -> None:  # fmt: skip
    from relbook.services.notes import templates

    cid = make_contact("Nguyễn", "Thị Mỹ")
    templates.save_template("Party", "custom", "Dear {first_name}, see you at 8 🎉 – 5 €!")
    out = tmp_path / "card.pdf"
    args = ["notes", "print", "--db", str(db_path), "--contact", str(cid), "--template",
            "Party", "--size", "a7", "--sheet", "a4-4up", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4, four A7 cards
    assert " ".join(page.extract_text().split()).startswith("Dear Nguyễn, see you at 8 – 5 €!")
    captured = capsys.readouterr()
    assert "🎉" in captured.err and "left out" in captured.err
    bad = main([*args[:-2], "--size", "a9", "--out", str(out)])
    assert bad != 0 and "Unknown card size 'a9'" in capsys.readouterr().err
