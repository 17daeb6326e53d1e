"""find(): accents, prefixes, phone digits, emails, codes, details, tags, ranking,
archived contacts, and an index that moves in the same transaction as the write."""

from __future__ import annotations

import pytest

from relbook.services import contacts, settings
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.contacts.search import find
from relbook.store.db import database
from relbook.store.models import Contact


def names(text: str, **kwargs: object) -> list[str]:
    return [hit.display_name for hit in find(text, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def book(db, make_contact) -> dict[str, int]:
    ids = {
        "jose": make_contact("José", "García", phone="(503) 284-1937"),
        "muller": make_contact("Jürgen", "Müller", email="j.mueller@blumenhaus.example"),
        "lukasz": make_contact("Łukasz", "Wiśniewski", phone="+48 512 345 678"),
        "thao": make_contact("Thảo", "Nguyễn", phone="503-555-0199"),
        "anna": make_contact("Anna", "Schmidt", email="anna.schmidt@example.com"),
    }
    return ids


def test_accents_are_optional(book) -> None:
    assert names("jose") == ["José García"]
    assert names("JOSÉ") == ["José García"]
    assert names("mull") == ["Jürgen Müller"]
    assert names("müller") == ["Jürgen Müller"]
    assert names("lukasz") == ["Łukasz Wiśniewski"]
    assert names("wisn") == ["Łukasz Wiśniewski"]
    assert names("nguyen") == ["Thảo Nguyễn"]
    assert names("thao") == ["Thảo Nguyễn"]


def test_accents_typed_find_names_stored_without(db, make_contact) -> None:
    make_contact("Jose", "Garcia")
    make_contact("Francoise", "Muller", email="fmuller@example.com")
    assert names("José") == ["Jose Garcia"]
    assert names("Françoise Müller") == ["Francoise Muller"]
    assert names("MÜLL") == ["Francoise Muller"]


def test_a_number_ending_in_the_digits_ranks_first(db, make_contact) -> None:
    make_contact("Hải", "Huỳnh", phone="(503) 482-1033")
    make_contact("María", "Fernández", phone="(503) 321-4821")
    make_contact("Begoña", "Ruiz", phone="(212) 482-1125")
    assert names("4821")[0] == "María Fernández"
    assert set(names("4821")) == {"María Fernández", "Hải Huỳnh", "Begoña Ruiz"}


def test_a_whole_word_ranks_before_a_longer_one(db, make_contact) -> None:
    make_contact("Amy", "Leeson")
    make_contact("Zoe", "Lee")
    make_contact("Ann", "Annabel")
    assert names("lee") == ["Zoe Lee", "Amy Leeson"]
    assert names("ann")[0] == "Ann Annabel"


def test_several_words_narrow_the_search(book) -> None:
    assert names("anna sch") == ["Anna Schmidt"]
    assert names("sch anna") == ["Anna Schmidt"]
    assert names("anna garc") == []


def test_last_four_digits_and_digits_in_the_middle(book) -> None:
    assert names("1937") == ["José García"]
    assert names("284") == ["José García"]  # three digits in the middle
    assert names("2841") == ["José García"]
    assert names("0199") == ["Thảo Nguyễn"]
    assert names("12") == []  # two digits are too few to mean a phone number


def test_digits_with_a_leading_zero_are_the_end_of_a_number(db, make_contact) -> None:
    make_contact("Ayşe", "Yılmaz", phone="(503) 284-0126")
    make_contact("Emre", "Kaya", phone="(503) 126-4455")
    make_contact("Ömer", "Demir", phone="(971) 331-2605")
    assert names("0126") == ["Ayşe Yılmaz"]
    assert names("40126") == ["Ayşe Yılmaz"]
    assert len(names("126")) == 3  # three digits anywhere: 284-0126, 126-4455, 331-2605
    assert names("2605") == ["Ömer Demir"]
    assert names("05") == []  # too short to be phone digits


def test_international_and_national_forms_find_the_same_number(book) -> None:
    assert names("+1 503 284 1937") == ["José García"]
    assert names("(503) 284-1937") == ["José García"]
    assert names("503.284.1937") == ["José García"]
    assert names("+48 512 345 678") == ["Łukasz Wiśniewski"]
    assert names("0048 512 345 678") == ["Łukasz Wiśniewski"]
    assert names("512 345 678") == ["Łukasz Wiśniewski"]


def test_national_form_of_a_number_from_the_shops_own_country(db, make_contact) -> None:
    settings.set_value("shop.phone_region", "DE")
    make_contact("Käthe", "Schröder", phone="0151 12345678")
    assert names("+49 151 12345678") == ["Käthe Schröder"]
    assert names("0151 1234 5678") == ["Käthe Schröder"]
    assert names("5678") == ["Käthe Schröder"]


def test_hits_carry_phones_and_emails_as_shown(book) -> None:
    (hit,) = find("garcia")
    assert hit.contact_id == book["jose"]
    assert hit.phones == ("(503) 284-1937",)
    (hit,) = find("anna")
    assert hit.emails == ("anna.schmidt@example.com",)
    assert hit.archived is False


def test_email_fragment(book) -> None:
    assert names("blumenhaus") == ["Jürgen Müller"]
    assert names("mueller") == ["Jürgen Müller"]
    assert names("anna.schmidt@exa") == ["Anna Schmidt"]


def test_card_code(book) -> None:
    cid = book["anna"]
    with database.atomic():
        Contact.update(card_code="RB-4K7-M9Q-X2T").where(Contact.id == cid).execute()
        contacts.reindex([cid])
    assert names("RB-4K7-M9Q-X2T") == ["Anna Schmidt"]
    assert names("rb4k7m9qx2t") == ["Anna Schmidt"]
    assert names("RB-4K7") == ["Anna Schmidt"]


def test_personal_details_and_tags(db, make_contact) -> None:
    make_contact(
        "Priya", "Iyer",
        details=[
            DetailInput("preference", "Oat flat white"),
            DetailInput("family", name="Rohan", relation="son"),
        ],
        tags=["catering", "VIP"],
    )  # fmt: skip
    make_contact("Owen", "Reed")
    assert names("oat flat") == ["Priya Iyer"]
    assert names("flat white") == ["Priya Iyer"]
    assert names("rohan") == ["Priya Iyer"]
    assert names("cater") == ["Priya Iyer"]
    assert names("vip") == ["Priya Iyer"]


def test_surname_prefix_ranks_above_a_personal_detail(db, make_contact) -> None:
    make_contact("Tom", "Jones", details=[DetailInput("interest", "Baking bread at home")])
    make_contact("Lena", "Bakerman")
    make_contact("Greta", "Baker")
    found = names("bak")
    assert set(found) == {"Tom Jones", "Lena Bakerman", "Greta Baker"}
    assert found[-1] == "Tom Jones"


def test_archived_contacts_are_hidden_unless_asked(book) -> None:
    contacts.archive_contact(book["jose"])
    assert names("jose") == []
    assert names("1937") == []
    (hit,) = find("jose", include_archived=True)
    assert hit.archived is True
    contacts.restore_contact(book["jose"])
    assert names("jose") == ["José García"]


def test_the_index_follows_an_update(book) -> None:
    data = contacts.get_contact(book["anna"]).data
    data.family_name = "Okafor"
    data.phones = [PhoneInput("971 222 3344")]
    data.emails = []
    contacts.update_contact(book["anna"], data)
    assert names("schmidt") == []
    assert names("okafor") == ["Anna Okafor"]
    assert names("3344") == ["Anna Okafor"]


def test_a_failed_write_leaves_the_index_unchanged(book) -> None:
    with pytest.raises(RuntimeError), database.atomic():
        contacts.create_contact(ContactInput(given_name="Zofia", family_name="Król"))
        assert names("zofia") == ["Zofia Król"]  # visible inside the transaction
        raise RuntimeError("the till lost power")
    assert names("zofia") == []
    assert names("krol") == []
    data = contacts.get_contact(book["anna"]).data
    data.emails = [EmailInput("anna@neu.example")]
    with pytest.raises(RuntimeError), database.atomic():
        contacts.update_contact(book["anna"], data)
        raise RuntimeError("cancelled")
    assert names("neu") == []
    assert names("anna.schmidt") == ["Anna Schmidt"]


def test_limit_empty_and_odd_input(db, make_contact) -> None:
    for i in range(8):
        make_contact(f"Anna{i}", "Schmidt")
    assert len(find("schmidt", limit=3)) == 3
    assert find("") == [] and find("   ") == []
    for odd in ('"', "(", "*", "AND", "NOT schmidt", "schmidt OR", "a:b", "-", "^", "''"):
        find(odd)  # never raises
    assert len(find("NOT schmidt")) == 0  # "not" is just a word nobody has
