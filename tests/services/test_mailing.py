"""Envelopes and address labels from contact cards, read back line by line: every
tested country's address in its post office's order, the return address with the shop's
country for mail abroad, labels from any position of a used sheet, and customers without
an address left out by name while the rest print."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from relbook.errors import ValidationError
from relbook.printing.labels import SHEETS, label_sheet
from relbook.services import mailing, settings

ADDRESSES = {
    "US": (
        "Jane",
        "Doe",
        dict(
            street="1234 NW Bobcat Lane",
            city="Portland",
            region="Oregon",
            postcode="97298",
            country="United States",
        ),
    ),
    "GB": (
        "Sherlock",
        "Holmes",
        dict(
            street="221B Baker Street", city="London", postcode="NW1 6XE", country="United Kingdom"
        ),
    ),
    "IE": (
        "Seán",
        "Ó Briain",
        dict(
            street="12 Merrion Square",
            city="Dublin 2",
            region="Dublin",
            postcode="D02 XY45",
            country="Ireland",
        ),
    ),
    "DE": ("Jürgen", "Müller", dict(street="Hauptstraße 5", city="Berlin", postcode="10115")),
    "FR": (
        "Chloé",
        "Martin",
        dict(street="12 rue de la Paix", city="Paris", postcode="75002", country="France"),
    ),
    "PL": (
        "Łukasz",
        "Nowak",
        dict(street="ul. Długa 5/7", city="Warszawa", postcode="00-238", country="Polen"),
    ),
    "JP": (
        "Taro",
        "Yamada",
        dict(
            street="1-2-3 Shibuya",
            city="Shibuya-ku",
            region="Tokyo",
            postcode="150-0002",
            country="Japan",
        ),
    ),
    "VN": (
        "Văn An",
        "Nguyễn",
        dict(
            street="12 Lê Lợi",
            city="Quận 1",
            region="Hồ Chí Minh",
            postcode="700000",
            country="Vietnam",
        ),
    ),
}
EXPECTED = {
    "US": ["Jane Doe", "1234 NW Bobcat Lane", "PORTLAND, OR 97298", "VEREINIGTE STAATEN"],
    "GB": ["Sherlock Holmes", "221B Baker Street", "LONDON", "NW1 6XE", "VEREINIGTES KÖNIGREICH"],
    "IE": ["Seán Ó Briain", "12 Merrion Square", "DUBLIN 2", "Co. Dublin", "D02 XY45", "IRLAND"],
    "DE": ["Jürgen Müller", "Hauptstraße 5", "10115 BERLIN"],
    "FR": ["Chloé Martin", "12 rue de la Paix", "75002 PARIS", "FRANKREICH"],
    "PL": ["Łukasz Nowak", "ul. Długa 5/7", "00-238 WARSZAWA", "POLEN"],
    "JP": ["Taro Yamada", "1-2-3 Shibuya", "Shibuya-ku, TOKYO", "150-0002", "JAPAN"],
    "VN": ["Văn An Nguyễn", "12 Lê Lợi", "QUẬN 1", "Hồ Chí Minh 700000", "VIETNAM"],
}
RETURN = ["Café Morgenrot", "Bergmannstraße 12", "10961 Berlin"]


@pytest.fixture
def shop_in_berlin(db) -> None:
    settings.set_value("shop.name", "Café Morgenrot")
    settings.set_value("shop.address", "Bergmannstraße 12\n10961 Berlin")
    settings.set_value("shop.phone_region", "DE")
    settings.set_value("shop.locale", "de_DE")


@pytest.fixture
def customers(shop_in_berlin, make_contact) -> dict[str, int]:
    return {
        cc: make_contact(given, family, **fields)
        for cc, (given, family, fields) in ADDRESSES.items()
    }


def _lines(pdf: bytes) -> list[list[str]]:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [[line.strip() for line in p.extract_text().splitlines() if line.strip()] for p in pages]


def test_envelopes_read_back_line_by_line_for_every_tested_country(customers):
    order = list(customers)
    run = mailing.envelopes([customers[cc] for cc in order], size="dl", font="DKG handwriting")
    assert run.skipped == [] and run.printed_ids == [customers[cc] for cc in order]
    for cc, page in zip(order, _lines(run.pdf), strict=True):
        abroad = cc != "DE"
        assert page == [*RETURN, *(["DEUTSCHLAND"] if abroad else []), *EXPECTED[cc]], cc


def test_labels_start_mid_sheet_and_read_back_in_order(customers):
    order = list(customers)
    run = mailing.labels([customers[cc] for cc in order], "l7160", start_at=17)
    pages = _lines(run.pdf)
    assert len(pages) == 2  # positions 17–21 on the first sheet, 3 on a fresh one
    assert pages[0] + pages[1] == [line for cc in order for line in EXPECTED[cc]]
    assert settings.get(mailing.LABEL_SHEET_KEY) == "l7160"  # offered first next time


def test_a_label_sits_inside_its_position_on_the_sheet(customers):
    sheet = label_sheet("5160")
    run = mailing.labels([customers["US"]], "5160", start_at=8)  # row 3, column 2
    seen: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            seen.append((tm[4], tm[5], text.strip()))

    PdfReader(io.BytesIO(run.pdf)).pages[0].extract_text(visitor_text=visit)
    x, y = sheet.slot(7)
    for tx, ty, _ in seen:
        assert x < tx < x + sheet.label_w and y < ty < y + sheet.label_h


def test_every_sheet_matches_its_page():
    for sheet in SHEETS.values():
        w, h = sheet.page
        right = sheet.left + (sheet.cols - 1) * sheet.pitch_x + sheet.label_w
        bottom = sheet.top + (sheet.rows - 1) * sheet.pitch_y + sheet.label_h
        assert abs((w - right) - sheet.left) < 0.1 * mm, sheet.key  # centred across
        assert abs((h - bottom) - sheet.top) < 0.1 * mm, sheet.key  # and down


def test_no_address_is_left_out_by_name_and_the_rest_print(customers, make_contact):
    nobody = make_contact("Ada", "Lovelace")
    run = mailing.labels([customers["FR"], nobody, customers["PL"]], "l7163")
    assert run.printed_ids == [customers["FR"], customers["PL"]]
    assert "Ada Lovelace: no postal address" in run.skipped_message()
    assert "1 label was left out" in run.skipped_message()
    with pytest.raises(ValidationError, match="None of the envelopes could be printed"):
        mailing.envelopes([nobody])


def test_return_address_carries_the_shop_country_only_abroad(shop_in_berlin):
    assert mailing.return_lines(abroad=False) == RETURN
    assert mailing.return_lines(abroad=True) == [*RETURN, "DEUTSCHLAND"]
