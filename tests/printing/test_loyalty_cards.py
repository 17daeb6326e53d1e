"""Loyalty cards read back: every code on a 10-up sheet decodes; names and codes are text."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from relbook.printing.loyalty_cards import (
    CardLayoutError,
    LoyaltyCardPrint,
    render_loyalty_cards,
)
from relbook.services.codes import is_valid_card_code, new_card_code, normalise_code

NAMES = [
    "Łukasz Nowak",
    "José García",
    "Zoë Brontë",
    "Anna",
    "Ólafur Arnalds",
    "Tom",
    "Ines",
    "Björn",
    "Chloé",
    "Maria Fernanda",
]


def _card(name: str, **kw) -> LoyaltyCardPrint:
    return LoyaltyCardPrint(name=name, code=new_card_code(), shop_name="Café Morgenrot", **kw)


def _logo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (80, 80), (200, 120, 40, 255)).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("sheet", "width_mm"), [("a4", 210), ("letter", 215.9)])
def test_ten_up_sheet_decodes_every_card(sheet, width_mm, decode_pdf_codes):
    cards = [_card(n, logo_png=_logo() if i % 2 else None) for i, n in enumerate(NAMES)]
    pdf = render_loyalty_cards(cards, sheet)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_mm * mm, abs=0.5)
    decoded = decode_pdf_codes(pdf, 0)
    expected = sorted(
        [("QRCode", normalise_code(c.code)) for c in cards]
        + [("Code128", normalise_code(c.code)) for c in cards]
    )
    assert decoded == expected
    assert all(is_valid_card_code(text) for _, text in decoded)
    text = reader.pages[0].extract_text()
    for c in cards:
        assert c.name in text
        assert c.code in text
    assert "CAFÉ MORGENROT" in text and "LOYALTY CARD" in text


def test_single_cards_are_card_sized_pages(decode_pdf_codes):
    cards = [_card("Łukasz Nowak"), _card("José García", label="Stammkundenkarte")]
    pdf = render_loyalty_cards(cards, "single")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((85.6 * mm, 54 * mm))
    for i, card in enumerate(cards):
        assert decode_pdf_codes(pdf, i) == [
            ("Code128", normalise_code(card.code)),
            ("QRCode", normalise_code(card.code)),
        ]
        assert card.name in reader.pages[i].extract_text()
    assert "STAMMKUNDENKARTE" in reader.pages[1].extract_text()


def test_eleven_cards_take_two_sheets():
    pdf = render_loyalty_cards([_card(f"Guest {i}") for i in range(11)], "a4")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Guest 10" in reader.pages[1].extract_text()


def test_long_name_shrinks_and_too_long_is_refused():
    long_name = "Maria Fernanda de los Santos"
    pdf = render_loyalty_cards([_card(long_name)], "single")
    assert long_name in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with pytest.raises(CardLayoutError, match="does not fit on the card"):
        render_loyalty_cards([_card("Bartholomew" * 6)], "single")


def test_bad_input_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="Unknown card sheet 'a5'"):
        render_loyalty_cards([_card("Anna")], "a5")
    with pytest.raises(ValueError, match="no loyalty cards"):
        render_loyalty_cards([], "a4")
    with pytest.raises(CardLayoutError, match="card for Anna has no code"):
        render_loyalty_cards([LoyaltyCardPrint("Anna", "", "Café")], "single")
    with pytest.raises(CardLayoutError, match="logo could not be read"):
        render_loyalty_cards([_card("Anna", logo_png=b"nope")], "a4")


def test_start_at_a_later_position_on_a_used_sheet(decode_pdf_codes):
    cards = [_card(n) for n in NAMES[:5]]
    pdf = render_loyalty_cards(cards, "a4", start_at=8)  # positions 1–7 already used
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    first = [t for f, t in decode_pdf_codes(pdf, 0) if f == "Code128"]
    second = [t for f, t in decode_pdf_codes(pdf, 1) if f == "Code128"]
    assert len(first) == 3 and len(second) == 2
    assert sorted(first + second) == sorted(normalise_code(c.code) for c in cards)
    with pytest.raises(ValueError, match="1 to 10"):
        render_loyalty_cards(cards, "a4", start_at=11)
