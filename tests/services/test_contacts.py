"""The contacts service: validation that names the field, phones kept as typed,
partial dates, archive and restore, duplicates, and a faithful round trip."""

from __future__ import annotations

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services import contacts
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.dates import PartialDate, parse_partial_date
from relbook.store.models import Phone


def test_round_trip_keeps_every_field(db) -> None:
    data = ContactInput(
        given_name="Adaeze", family_name="Okafor", company="Rose City Dental",
        street="2140 SE Division St", city="Portland", region="OR", postcode="97202",
        birthday=PartialDate(7, 14), anniversary=PartialDate(6, 1, 2015),
        how_met="Came to the grand opening.", notes="Allergic to tree nuts.",
        phones=[PhoneInput("(503) 284-1937"), PhoneInput("+234 803 123 4567", "home")],
        emails=[EmailInput("adaeze@example.com")],
        details=[
            DetailInput("family", name="Chidi", relation="son", birthday=PartialDate(3, 2, 2016)),
            DetailInput("preference", "Oat flat white"),
        ],
        tags=["regular", "catering"],
    )  # fmt: skip
    result = contacts.create_contact(data)
    assert result.warnings == ()
    record = contacts.get_contact(result.contact_id)
    assert record.display_name == "Adaeze Okafor"
    assert record.data.birthday == PartialDate(7, 14)
    assert record.data.anniversary == PartialDate(6, 1, 2015)
    assert [p.shown for p in record.phones] == ["(503) 284-1937", "+234 803 123 4567"]
    assert [p.e164 for p in record.phones] == ["+15032841937", "+2348031234567"]
    assert record.data.details[0].name == "Chidi"
    assert record.data.details[0].birthday == PartialDate(3, 2, 2016)
    assert record.data.details[1].text == "Oat flat white"
    assert sorted(record.data.tags) == ["catering", "regular"]
    assert record.data.notes == "Allergic to tree nuts."


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (ContactInput(), "given_name", "name"),
        (ContactInput(given_name="  "), "given_name", "name"),
        (ContactInput(given_name="A" * 121), "given_name", "First name is too long"),
        (ContactInput(given_name="Ann", family_name="B" * 200), "family_name", "Last name"),
        (ContactInput(given_name="Ann", emails=[EmailInput("anna@")]), "emails[0]", "anna@"),
        (ContactInput(given_name="Ann", emails=[EmailInput("ok@example.com"),
                                                EmailInput("no spaces@x.org")]),
         "emails[1]", "Email 2"),
        (ContactInput(given_name="Ann", phones=[PhoneInput("12")]), "phones[0]", "too few"),
        (ContactInput(given_name="Ann", details=[DetailInput("interest", "  ")]),
         "details[0]", "empty"),
        (ContactInput(given_name="Ann", details=[DetailInput("family", relation="son")]),
         "details[0]", "name"),
    ],
)  # fmt: skip
def test_validation_names_the_field(db, data: ContactInput, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        contacts.create_contact(data)
    assert err.value.field == field
    assert words in str(err.value)
    assert contacts.count_contacts() == 0


def test_a_company_alone_is_a_name(db) -> None:
    cid = contacts.create_contact(ContactInput(company="Bluebird Books")).contact_id
    assert contacts.get_contact(cid).display_name == "Bluebird Books"


def test_unparsable_phone_is_kept_as_typed_with_a_warning(db) -> None:
    typed = "ask Tom: 4471 ext 2"
    result = contacts.create_contact(ContactInput(given_name="Tom", phones=[PhoneInput(typed)]))
    assert len(result.warnings) == 1 and "kept as typed" in result.warnings[0]
    phone = Phone.get(Phone.contact == result.contact_id)
    assert phone.raw == typed and phone.e164 is None
    (record_phone,) = contacts.get_contact(result.contact_id).phones
    assert record_phone.shown == typed and not record_phone.recognised


def test_feb_29_birthday_without_a_year(db) -> None:
    cid = contacts.create_contact(
        ContactInput(given_name="Leap", birthday=parse_partial_date("29 February"))
    ).contact_id
    assert contacts.get_contact(cid).data.birthday == PartialDate(2, 29, None)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1990-03-14", PartialDate(3, 14, 1990)),
        ("--03-14", PartialDate(3, 14)),
        ("03-14", PartialDate(3, 14)),
        ("14.03.", PartialDate(3, 14)),
        ("14.3.1990", PartialDate(3, 14, 1990)),
        ("14/03/1990", PartialDate(3, 14, 1990)),
        ("14/03", PartialDate(3, 14)),
        ("14 March", PartialDate(3, 14)),
        ("14 mar 1990", PartialDate(3, 14, 1990)),
        ("March 14, 1990", PartialDate(3, 14, 1990)),
        ("march 14th", PartialDate(3, 14)),
        ("  29.02.  ", PartialDate(2, 29)),
        ("29.02.2000", PartialDate(2, 29, 2000)),
        ("", None),
    ],
)
def test_partial_date_variants(typed: str, expected: PartialDate | None) -> None:
    assert parse_partial_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [("31.02.", "not a real date"), ("29.02.2001", "not a real date"),
     ("yesterday", "not a date relbook understands"), ("14.03.1850", "looks wrong"),
     ("13/13", "not a real date")],
)  # fmt: skip
def test_partial_date_mistakes_name_the_field(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_partial_date(typed, "birthday")
    assert err.value.field == "birthday"
    assert words in str(err.value) and str(err.value).startswith("Birthday")


def test_partial_date_display_and_next_birthday() -> None:
    import datetime as dt

    leap = PartialDate(2, 29)
    assert leap.iso() == "--02-29" and leap.human() == "29 February"
    assert leap.next_occurrence(dt.date(2027, 1, 10)) == dt.date(2027, 2, 28)
    assert leap.next_occurrence(dt.date(2028, 1, 10)) == dt.date(2028, 2, 29)
    assert PartialDate(3, 14, 1990).age_on(dt.date(2026, 3, 13)) == 35


def test_archive_and_restore(db, make_contact) -> None:
    keep, gone = make_contact("Anna", "Schmidt"), make_contact("Ben", "Schmidt")
    contacts.archive_contact(gone)
    assert contacts.count_contacts() == 1 and contacts.count_contacts(archived=True) == 1
    assert [r.id for r in contacts.list_contacts()] == [keep]
    assert [r.id for r in contacts.list_contacts(archived=True)] == [gone]
    assert contacts.get_contact(gone).archived is True
    contacts.restore_contact(gone)
    assert contacts.count_contacts() == 2 and contacts.get_contact(gone).archived is False
    with pytest.raises(NotFoundError, match="no contact number 999"):
        contacts.archive_contact(999)


def test_list_contacts_pages_in_name_order(db, make_contact) -> None:
    for given, family in [("Zoé", "Ábel"), ("Amy", "Zimmer"), ("Ömer", "Öztürk"), ("Bo", "Abel")]:
        make_contact(given, family)
    first = contacts.list_contacts(limit=2)
    rest = contacts.list_contacts(limit=10, after=(first[-1].sort_name, first[-1].id))
    assert [r.display_name for r in first + rest] == [
        "Bo Abel", "Zoé Ábel", "Ömer Öztürk", "Amy Zimmer"
    ]  # fmt: skip


def test_duplicates_by_phone_email_and_name_with_birthday(db, make_contact) -> None:
    anna = make_contact("Anna", "Schmidt", phone="(503) 284-1937", email="Anna@Example.com")
    jose = make_contact("José", "García", birthday=PartialDate(5, 1, 1980))

    def reasons(data: ContactInput, **kw: object) -> dict[int, str]:
        return {m.contact_id: m.reason for m in contacts.find_duplicates(data, **kw)}  # type: ignore[arg-type]

    assert reasons(ContactInput(given_name="A", phones=[PhoneInput("+1 503-284-1937")])) == {
        anna: "same phone number"
    }
    assert reasons(ContactInput(given_name="A", emails=[EmailInput("anna@example.COM")])) == {
        anna: "same email address"
    }
    same_name = ContactInput(given_name="Jose", family_name="Garcia", birthday=PartialDate(5, 1))
    assert reasons(same_name) == {jose: "same name and birthday"}
    same_name.birthday = PartialDate(5, 2)
    assert reasons(same_name) == {}
    assert reasons(ContactInput(given_name="A", phones=[PhoneInput("503 284 1937")]),
                   exclude_id=anna) == {}  # fmt: skip
    contacts.archive_contact(anna)
    assert reasons(ContactInput(given_name="A", emails=[EmailInput("anna@example.com")])) == {}


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("after", [None, ("meier anna", 7)])
def test_a_page_of_the_book_is_read_from_an_index_not_sorted(
    db, make_contact, archived: bool, after: tuple[str, int] | None
) -> None:
    """Sorting the whole book for every page of 200 took 30 ms at 100,000 contacts."""
    make_contact("Anna", "Meier")
    sql, params = contacts.list_page_query(after=after, archived=archived).sql()
    plan = " | ".join(row[3] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "TEMP B-TREE" not in plan, plan
    assert "INDEX contact_list_order" in plan or "INDEX contact_archived_order" in plan, plan


def test_paging_continues_exactly_after_the_last_row(db, make_contact) -> None:
    for given in ("Ben", "Anna", "Anna", "Cleo", "Anna"):
        make_contact(given, "Meier")
    seen: list[int] = []
    after = None
    while page := contacts.list_contacts(after=after, limit=2):
        seen += [r.id for r in page]
        after = (page[-1].sort_name, page[-1].id)
    assert seen == [r.id for r in contacts.list_contacts(limit=10)]
    assert len(seen) == len(set(seen)) == 5
