"""Hypothesis against the readers: any bytes at all give rows (data or a plain reason),
never an exception; broken copies of good files still read their good cards; and any
contact relbook can hold survives its own vCard 3.0/4.0, CSV and JSON exports."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.dates import PartialDate
from relbook.services.import_export import export, importer
from relbook.services.import_export.csv_import import read_csv
from relbook.services.import_export.json_import import read_json
from relbook.services.import_export.parsed import ParsedRow
from relbook.services.import_export.vcard_import import read_vcards

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chidi;;;\r\nFN:Chidi Okafor\r\n"
    "TEL;TYPE=cell:+44 7700 900123\r\nEMAIL:chidi@example.co.uk\r\n"
    "NOTE:Likes\\, a lot\\nof tea\r\nBDAY:1980-03-04\r\nEND:VCARD\r\n"
)
GOOD_CSV = (
    "First Name,Last Name,E-mail,Phone,Birthday,Notes\r\n"
    'Ann,Lee,ann@example.com,+1 503 555 0100,1990-01-02,"one, two"\r\n'
    "Bo,Ng,bo@example.com,,--05-06,\r\n"
)


def check_rows(rows: list[ParsedRow]) -> None:
    assert rows, "a reader always says something"
    for row in rows:
        assert (row.data is None) == bool(row.error), row
        if row.error:
            assert row.error.strip() and "Traceback" not in row.error
        assert row.where


# -- any bytes --------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_vcard_never_raise(raw: bytes) -> None:
    check_rows(read_vcards(b"BEGIN:VCARD\r\n" + raw, "x.vcf"))


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_as_csv_never_raise(raw: bytes) -> None:
    check_rows(read_csv(raw, "x.csv"))


@FAST
@given(st.binary(max_size=500))
def test_any_bytes_as_json_never_raise(raw: bytes) -> None:
    check_rows(read_json(raw, "x.json"))


vcard_line = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "VERSION:4.0",
            "N:;;;;",
            "FN:",
            "NOTE;ENCODING=QUOTED-PRINTABLE:=",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=x:a=",
            "PHOTO;ENCODING=b:",
            " continued",
            "BDAY:--0230",
            "BDAY:99999999",
            "TEL:",
            "EMAIL:@",
            'TEL;TYPE="a:b":1',
            "item1.X-ABLabel:_$!<>!$_",
            "ADR:;;;;;;;;;;",
            "ORG:;;;",
            "CATEGORIES:,,,",
            "X-RELBOOK-DETAIL;KIND=family:x",
            "X-RELBOOK-CONSENT;CHANNEL=mail:not-a-date",
            "N:a\\",
            "RELATED:",
        ]
    ),
    st.text(max_size=80).map(lambda t: t.replace("\n", " ")),
    st.builds(
        "{}:{}".format,
        st.sampled_from(
            [
                "N",
                "FN",
                "NOTE",
                "TEL",
                "EMAIL",
                "ADR",
                "BDAY",
                "ORG",
                "TITLE",
                "NICKNAME",
                "CATEGORIES",
                "ANNIVERSARY",
                "X-RELBOOK-DETAIL",
            ]
        ),
        st.text(max_size=60).map(lambda t: t.replace("\n", " ")),
    ),
)


@FAST
@given(st.lists(vcard_line, max_size=40))
def test_vcard_lines_in_any_order_never_raise(lines: list[str]) -> None:
    check_rows(read_vcards(("\r\n".join(["BEGIN:VCARD", *lines])).encode(), "x.vcf"))


@FAST
@given(st.integers(min_value=0, max_value=len(GOOD_CARD) * 2), st.binary(max_size=20))
def test_a_damaged_copy_of_a_good_card_still_reads_the_card_after_it(
    position: int, junk: bytes
) -> None:
    raw = GOOD_CARD.encode()
    cut = position % len(raw)
    damaged = raw[:cut] + junk + raw[cut:]
    rows = read_vcards(damaged + GOOD_CARD.encode(), "x.vcf")
    check_rows(rows)
    last = rows[-1]
    assert last.ok and last.data.family_name == "Okafor"
    assert last.data.emails[0].address == "chidi@example.co.uk"


@FAST
@given(st.integers(min_value=1, max_value=len(GOOD_CSV) - 1))
def test_a_csv_cut_anywhere_never_raises(cut: int) -> None:
    raw = GOOD_CSV.encode()[:cut]
    if not raw.strip():
        return
    check_rows(read_csv(raw, "x.csv"))


# -- round trips of any contact relbook can hold -----------------------------------------

# what the contacts service stores: no control characters but newline (notes) and tab
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
words = st.text(_chars, max_size=30).map(lambda t: " ".join(t.split()))
notes = st.text(st.one_of(_chars, st.just("\n")), max_size=200).map(str.strip)
dates = st.builds(
    PartialDate,
    st.integers(1, 12),
    st.integers(1, 28),
    st.one_of(st.none(), st.integers(1900, 2024)),
)
phones = st.builds(
    PhoneInput,
    st.from_regex(r"\+?[0-9][0-9 ]{5,14}[0-9]", fullmatch=True),
    st.sampled_from(["mobile", "home", "work"]),
)
emails = st.builds(
    EmailInput,
    st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}@[a-z0-9-]{1,12}\.[a-z]{2,6}", fullmatch=True),
    st.sampled_from(["home", "work"]),
)
details = st.one_of(
    st.builds(
        DetailInput,
        st.just("family"),
        name=words.filter(bool),
        relation=st.sampled_from(["", "son", "partner"]),
        birthday=st.one_of(st.none(), dates),
    ),
    st.builds(
        DetailInput,
        st.sampled_from(["interest", "preference", "milestone", "other"]),
        text=words.filter(bool),
    ),
)
tags = st.lists(
    st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=15),
    max_size=3,
    unique_by=str.lower,
)
days = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))


@st.composite
def people(draw: st.DrawFn) -> ContactInput:
    data = ContactInput(
        given_name=draw(words),
        family_name=draw(words),
        middle_name=draw(words),
        nickname=draw(words),
        company=draw(words),
        street=draw(words),
        city=draw(words),
        postcode=draw(words.map(lambda t: t[:20].strip())),
        country=draw(words),
        how_met=draw(words),
        notes=draw(notes),
        birthday=draw(st.one_of(st.none(), dates)),
        anniversary=draw(st.one_of(st.none(), dates)),
        consent_email=draw(days),
        phones=draw(st.lists(phones, max_size=3, unique_by=lambda p: p.number)),
        emails=draw(st.lists(emails, max_size=2, unique_by=lambda e: e.address)),
        details=draw(st.lists(details, max_size=3)),
        tags=draw(tags),
    )
    assume(data.given_name or data.family_name)
    return data


def exported(data: ContactInput, fmt: str) -> ParsedRow:
    contact = export.ExportContact(7, data, "RB-4K7-M9Q-X2T", False, "2026-01-01T00:00:00")
    if fmt == "csv":
        import io

        out = io.StringIO()
        export.write_csv(out, [contact])
        text, name = out.getvalue(), "x.csv"
    elif fmt == "json":
        import json

        text = json.dumps({"format": "relbook-export", "contacts": [export.contact_json(contact)]})
        name = "x.json"
    else:
        text = export.vcard(contact, "4.0" if fmt == "vcard4" else "3.0")
        name = "x.vcf"
    (row,) = importer.read_bytes(text.encode("utf-8"), name)
    return row


def same(got: ContactInput, want: ContactInput) -> None:
    for name in (
        "given_name",
        "family_name",
        "middle_name",
        "nickname",
        "company",
        "street",
        "city",
        "postcode",
        "country",
        "how_met",
        "notes",
        "birthday",
        "anniversary",
        "consent_email",
        "phones",
        "emails",
        "details",
    ):
        assert getattr(got, name) == getattr(want, name), name
    assert sorted(got.tags) == sorted(want.tags)


@pytest.mark.parametrize("fmt", ["vcard", "vcard4", "csv", "json"])
@FAST
@given(data=people())
def test_any_contact_survives_its_own_export(fmt: str, data: ContactInput) -> None:
    row = exported(data, fmt)
    assert row.ok, row.error
    same(row.data, data)
    assert row.card_code == "RB-4K7-M9Q-X2T"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["vcard", "vcard4", "csv", "json"])
@THOROUGH
@given(data=people())
def test_any_contact_survives_its_own_export_thoroughly(fmt: str, data: ContactInput) -> None:
    row = exported(data, fmt)
    assert row.ok, row.error
    same(row.data, data)
