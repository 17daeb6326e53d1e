"""Batches from the command line: notes for several customers, a segment or the thank-you
queue; envelopes, address labels and loyalty cards. Each writes one PDF, read back here,
and names every customer left out (exit 0 with a warning; 2 when nothing could print)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from relbook import cli
from relbook.services import notes, settings
from relbook.services.contacts import segments
from relbook.services.counter import sales
from relbook.store.models import CardPrint

AGREED = dt.date(2026, 1, 5)


@pytest.fixture
def shop(db, db_path: Path, make_contact) -> dict[str, int]:
    settings.set_value("shop.name", "Café Morgenrot")
    settings.set_value("shop.phone_region", "DE")
    settings.set_value("shop.locale", "de_DE")
    people = {
        "anna": make_contact(
            "Anna",
            "Schmidt",
            street="Hauptstraße 5",
            postcode="10115",
            city="Berlin",
            consent_mail=AGREED,
            tags=["Regulars"],
        ),
        "jane": make_contact(
            "Jane",
            "Doe",
            street="1234 NW Bobcat Lane",
            city="Portland",
            region="Oregon",
            postcode="97298",
            country="USA",
            consent_mail=AGREED,
            tags=["Regulars"],
        ),
        "ada": make_contact("Ada", "Lovelace", consent_mail=AGREED, tags=["Regulars"]),
        "ben": make_contact(
            "Ben",
            "Okafor",
            street="Ringstraße 1",
            postcode="80331",
            city="München",
            tags=["Regulars"],
        ),  # no consent to post
        "giant": make_contact("Q" * 70, "", tags=["Regulars"]),
    }
    segments.save_segment("Regulars", {"tags": ["Regulars"]})
    return {**people, "db": str(db_path)}


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def _pages(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_labels_for_a_segment_respect_post_consent_and_name_who_is_left_out(
    shop, capsys, tmp_path
) -> None:
    out = tmp_path / "labels.pdf"
    status, said, err = _run(
        capsys,
        "labels",
        "--segment",
        "Regulars",
        "--sheet",
        "l7163",
        "--start-at",
        "13",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 0 and "Wrote 2 labels" in said
    assert "2 left out: no consent to post" in err  # Ben and the giant never agreed
    assert "Ada Lovelace: no postal address" in err
    pages = _pages(out)
    assert len(pages) == 1  # positions 13 and 14: the last two of the sheet
    assert "PORTLAND, OR 97298 VEREINIGTE STAATEN" in pages[0] and "10115 BERLIN" in pages[0]


def test_envelopes_for_contacts(shop, capsys, tmp_path) -> None:
    out = tmp_path / "env.pdf"
    status, said, err = _run(
        capsys,
        "envelopes",
        "--contact",
        str(shop["jane"]),
        "--contact",
        str(shop["anna"]),
        "--size",
        "dl",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 0 and "Wrote 2 envelopes" in said and err == ""
    pages = _pages(out)
    assert "Jane Doe 1234 NW Bobcat Lane PORTLAND, OR 97298" in pages[0]
    assert pages[1].endswith("Anna Schmidt Hauptstraße 5 10115 BERLIN")


def test_nothing_printable_is_a_clear_failure(shop, capsys, tmp_path) -> None:
    out = tmp_path / "env.pdf"
    status, _, err = _run(
        capsys, "envelopes", "--contact", str(shop["ada"]), "--out", str(out), "--db", shop["db"]
    )
    assert status == 2 and "None of the envelopes could be printed" in err
    assert "Ada Lovelace" in err and not out.exists()


def test_cards_for_a_segment_leave_out_the_one_that_cannot_print(shop, capsys, tmp_path) -> None:
    out = tmp_path / "cards.pdf"
    status, said, err = _run(
        capsys,
        "cards",
        "--segment",
        "Regulars",
        "--sheet",
        "a4",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 0 and "Wrote 4 loyalty cards" in said
    assert "1 card was left out" in err and "QQQQ" in err
    text = _pages(out)[0]
    assert "Anna Schmidt" in text and "Ben Okafor" in text and "QQQQ" not in text
    assert CardPrint.select().count() == 4


def test_notes_for_several_contacts_with_free_text(shop, capsys, tmp_path) -> None:
    out = tmp_path / "notes.pdf"
    status, said, err = _run(
        capsys,
        "notes",
        "print",
        "--contact",
        str(shop["anna"]),
        "--contact",
        str(shop["jane"]),
        "--text",
        "Thank you, {first_name}! See you soon.",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 0 and "Printed 2 notes" in said, err
    text = " ".join(_pages(out))
    assert "Thank you, Anna!" in text and "Thank you, Jane!" in text
    assert [h.text for h in notes.history(shop["anna"])] == ["Thank you, Anna! See you soon."]


def test_a_referral_note_names_the_friend(shop, capsys, tmp_path) -> None:
    out = tmp_path / "ref.pdf"
    status, _, err = _run(
        capsys,
        "notes",
        "print",
        "--contact",
        str(shop["anna"]),
        "--text",
        "Thank you for sending {referee_name}!",
        "--referee",
        str(shop["ben"]),
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 0, err
    assert "Thank you for sending Ben!" in _pages(out)[0]


def test_notes_for_a_segment_leave_out_who_cannot_be_written_to(shop, capsys, tmp_path) -> None:
    out = tmp_path / "seg.pdf"
    status, _, err = _run(
        capsys,
        "notes",
        "print",
        "--segment",
        "Regulars",
        "--text",
        "Dear {first_name}, thank you for your friend {referee_name}!",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 2  # nobody has a referee: every note names the field to fill
    assert "fill in" in err.lower() and not out.exists()
    status, _said, err = _run(
        capsys,
        "notes",
        "print",
        "--segment",
        "Regulars",
        "--text",
        "Dear {first_name|friend}, " + "so glad you came by! " * 60,
        "--size",
        "a7",
        "--out",
        str(out),
        "--db",
        shop["db"],
    )
    assert status == 2 and "No note could be printed" in err  # 1,300 characters on A7


def test_the_thank_you_queue_prints_each_occasions_template(shop, capsys, tmp_path) -> None:
    sales.record_sale(shop["anna"], 40_000)  # a big sale: Anna is in the queue
    waiting = [s.contact_id for s in notes.queue()]
    assert shop["anna"] in waiting
    out = tmp_path / "queue.pdf"
    status, said, err = _run(
        capsys, "notes", "print", "--queue", "--out", str(out), "--db", shop["db"]
    )
    assert status == 0, err
    assert f"Printed {len(waiting)} note" in said
    assert "Anna" in " ".join(_pages(out))
    assert shop["anna"] not in [s.contact_id for s in notes.queue()]  # thanked: off the queue


def test_an_unknown_envelope_size_is_one_plain_message(shop, capsys, tmp_path) -> None:
    out = tmp_path / "env.pdf"
    argv = ["envelopes", "--contact", str(shop["anna"]), "--size", "b5", "--out", str(out)]
    status, _, err = _run(capsys, *argv, "--db", shop["db"])
    assert status == 2 and "Unknown envelope size 'b5'" in err and "Anna" not in err
