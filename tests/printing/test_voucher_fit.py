"""Vouchers and cards fit what a shop really prints: long names and free items shrink,
wrap or are written shorter; what cannot print is left out of a batch, named; greetings
never collide with the name under them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_card_batch
from relbook.printing.text_runs import fonts, runs
from relbook.printing.voucher_parts import name_forms
from relbook.printing.vouchers import SIZES, VoucherPrint, layout, render_voucher_batch
from relbook.services.codes import new_card_code, new_voucher_code

# The lengths the audit found to stop a whole batch: 36 characters on the 8-up voucher,
# 48 on DL, 47 on a loyalty card, and a 25-character free item.
NAME_36 = "Maria Fernanda Oliveira dos Santos X"
NAME_48 = "Maria Fernanda da Silva Santos Oliveira Pereirah"
FREE_ITEM = "Free coffee and croissant"


def _voucher(name: str = "Anna Nowak", **kw) -> VoucherPrint:
    fields = {
        "code": new_voucher_code(),
        "shop_name": "Café Morgenrot",
        "beneficiary_name": name,
        "value_text": "€10.00",
        "expiry_text": "Valid until 31 Dec 2026",
        "terms": "One voucher per visit. Not exchangeable for cash.",
        "message": "So kind of you to send Ben our way!",
        "signature": "Rosa",
    }
    fields.update(kw)
    return VoucherPrint(**fields)


def _words(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_audit_lengths_fit_the_smallest_layouts():
    assert (len(NAME_36), len(NAME_48), len(FREE_ITEM)) == (36, 48, 25)
    for size in SIZES:
        batch = render_voucher_batch(
            [_voucher(NAME_36, value_text=FREE_ITEM), _voucher(NAME_48)], size
        )
        assert batch.skipped == [] and batch.printed == [0, 1], size
        text = _words(batch.pdf)
        assert "Free coffee and croissant" in text, size
        assert "Oliveira" in text and "Pereirah" in text, size


def test_a_name_too_long_even_for_two_lines_is_written_shorter():
    name = "Maria Fernanda da Silva Santos Oliveira Pereira de Albuquerque Jr."
    assert list(name_forms(name)) == [
        name,
        "Maria F. S. S. O. P. Albuquerque Jr.",
        "Maria Albuquerque Jr.",
        "M. Albuquerque Jr.",
    ]
    batch = render_voucher_batch([_voucher(name)], "a4-8up")
    assert batch.skipped == []
    text = _words(batch.pdf)
    assert "Albuquerque Jr." in text and "Maria" in text


def test_one_voucher_that_cannot_print_leaves_the_rest_printing():
    good = [_voucher(n) for n in ("Anna", "Ben", "Chloé", "Dara")]
    bad = _voucher("Bartholomew" * 8)  # one word wider than any voucher
    batch = render_voucher_batch([good[0], good[1], bad, good[2], good[3]], "a4-8up")
    assert batch.printed == [0, 1, 3, 4]
    assert [s.index for s in batch.skipped] == [2]
    assert "Bartholomew" in batch.skipped[0].reason
    assert "does not fit" in batch.skipped[0].reason
    text = _words(batch.pdf)
    for v in good:
        assert v.code in text
    assert bad.code not in text


def test_nothing_printable_gives_no_pdf_and_every_reason():
    batch = render_voucher_batch([_voucher("X" * 70), _voucher("Y" * 70)], "a6")
    assert batch.pdf is None and batch.printed == []
    assert [s.index for s in batch.skipped] == [0, 1]


def test_a_card_batch_skips_only_the_card_that_cannot_print():
    def card(name: str) -> LoyaltyCardPrint:
        return LoyaltyCardPrint(name=name, code=new_card_code(), shop_name="Café")

    cards = [card("Anna"), card("Q" * 70), card(NAME_48[:47])]
    batch = render_card_batch(cards, "a4")
    assert batch.printed == [0, 2] and [s.index for s in batch.skipped] == [1]
    assert "QQQQ" in batch.skipped[0].reason
    text = _words(batch.pdf)
    assert cards[0].code in text and cards[2].code in text and cards[1].code not in text


def test_a_dropped_character_leaves_no_stray_space():
    plain, _ = fonts()
    assert "".join(t for _, _, t in runs("Dear Ada 🦖, hello", plain)) == "Dear Ada, hello"
    assert "".join(t for _, _, t in runs("Ada 🦖 🦖 Bea", plain)) == "Ada Bea"


def _rows_with(img: Image.Image, match) -> list[int]:
    px = img.load()
    return [y for y in range(img.height) if any(match(px[x, y]) for x in range(img.width))]


@pytest.mark.parametrize("size", ["dl", "a4-8up", "a6"])
def test_greeting_descenders_clear_the_name(size):
    """ "Happy birthday!" in red (the voucher's accent), the name in the blue-black ink:
    inside the message column, no pixel row of the name reaches the greeting's lowest
    descender (before, Kristi's "y" and "p" ran into the name)."""
    v = _voucher("Ágata Ýrr Jäger", kind_label="Happy birthday!", accent="#ff0000")
    v.message = v.signature = ""
    img = _rgb(render_voucher_batch([v], size).pdf)
    slot = layout(size).slots[0]
    k = 200 / 72  # pixels per point
    left = slot.x + slot.w * (0.1 if slot.w > slot.h else 0.15)
    right = slot.x + slot.w * (0.45 if slot.w > slot.h else 0.85)
    top = img.height - (slot.top - slot.h * 0.1) * k
    column = img.crop((int(left * k), int(top), int(right * k), int(img.height - slot.y * k)))
    red = _rows_with(column, lambda p: p[0] > 180 and p[1] < 90 and p[2] < 90)
    ink = _rows_with(column, lambda p: p[2] > p[0] + 25 and p[0] < 100)
    _shop, label, value = _blocks(red)[:3]  # the shop's name, the greeting, the value
    name_rows = [y for y in ink if label[0] < y < value[0]]
    assert name_rows, "the name was not found under the greeting"
    assert label[1] < min(name_rows), (size, label, min(name_rows))


def _rgb(pdf: bytes) -> Image.Image:
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "v.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "200",
                "-png",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(Path(tmp) / "v.pdf"),
                str(Path(tmp) / "v"),
            ],
            check=True,
        )
        with Image.open(Path(tmp) / "v.png") as img:
            return img.convert("RGB")


def _blocks(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive rows as (first, last), allowing gaps of up to 2 rows."""
    out: list[list[int]] = []
    for y in rows:
        if out and y - out[-1][1] <= 3:
            out[-1][1] = y
        else:
            out.append([y, y])
    return [(a, b) for a, b in out]
