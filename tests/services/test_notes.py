"""The "who to thank" queue, filling templates, and the record of notes sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services import notes, settings
from relbook.services.counter import sales
from relbook.services.dates import PartialDate
from relbook.services.notes import templates


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()


def test_big_sale_is_suggested_once_then_leaves_the_queue(make_contact, today) -> None:
    anna = make_contact("Anna", "Schmidt")
    sale = sales.record_sale(anna, 15_000)
    small = make_contact("Ben", "Okafor")
    sales.record_sale(small, 500)

    keys = {s.event_key: s for s in notes.queue(today)}
    assert f"sale:{sale.sale_id}" in keys
    assert keys[f"sale:{sale.sale_id}"].contact_id == anna
    assert not any(s.contact_id == small for s in keys.values())

    note = notes.prepare(anna, "Dear {first_name}, thank you!", event_key=f"sale:{sale.sale_id}")
    notes.record_printed(
        anna, occasion="purchase", text=note.text, event_key=f"sale:{sale.sale_id}", seed=note.seed
    )
    assert f"sale:{sale.sale_id}" not in {s.event_key for s in notes.queue(today)}
    with pytest.raises(ValidationError, match="already been thanked"):
        notes.record_printed(
            anna, occasion="purchase", text="again", event_key=f"sale:{sale.sale_id}"
        )
    record = notes.history(anna)
    assert [r.text for r in record] == ["Dear Anna, thank you!"]


def test_refunded_big_sale_is_not_suggested(make_contact, today) -> None:
    anna = make_contact()
    sale = sales.record_sale(anna, 20_000)
    sales.refund_sale(sale.sale_id)
    assert not [s for s in notes.queue(today) if s.event_key == f"sale:{sale.sale_id}"]


def test_coming_birthday_and_skip(make_contact, today) -> None:
    soon = today + dt.timedelta(days=3)
    far = today + dt.timedelta(days=60)
    near_id = make_contact("Zoë", "Keller", birthday=PartialDate(soon.month, soon.day))
    far_id = make_contact("Far", "Away", birthday=PartialDate(far.month, far.day))
    queue = notes.queue(today)
    birthday = [s for s in queue if s.occasion == "birthday"]
    assert [s.contact_id for s in birthday] == [near_id]
    assert birthday[0].when == soon
    assert far_id not in {s.contact_id for s in queue}
    notes.skip(birthday[0])
    assert not [s for s in notes.queue(today) if s.occasion == "birthday"]
    assert notes.history(near_id)[0].status == "skipped"


def test_referral_thanks_the_referrer(make_contact, today) -> None:
    maria = make_contact("Maria", "Lopez")
    tom = make_contact("Tom", "Berg", referred_by=maria)
    suggestion = next(s for s in notes.queue(today) if s.occasion == "referral")
    assert (suggestion.contact_id, suggestion.referee_id) == (maria, tom)
    note = notes.prepare(
        maria, "Thank you for sending {referee_name|a friend}!", referee_id=suggestion.referee_id
    )
    assert note.text == "Thank you for sending Tom!"


def test_tenth_visit_is_a_milestone(make_contact, today) -> None:
    regular = make_contact("Ólafur", "Jónsson")
    for _ in range(9):
        sales.record_sale(regular, 450)
    assert not [s for s in notes.queue(today) if s.occasion == "milestone"]
    sales.record_sale(regular, 450)
    milestone = [s for s in notes.queue(today) if s.occasion == "milestone"]
    assert [(s.contact_id, s.event_key) for s in milestone] == [
        (regular, f"milestone:{regular}:10")
    ]
    assert milestone[0].reason.startswith("10th visit on ")


def test_a_milestone_reached_long_ago_is_not_suggested(make_contact, today) -> None:
    old_regular = make_contact("Grace", "Okafor")
    long_ago = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(10))
    for i in range(12):
        sales.record_sale(old_regular, 450, when=long_ago + dt.timedelta(days=i))
    sales.record_sale(old_regular, 450)  # the 13th visit, today: no milestone
    assert not [s for s in notes.queue(today) if s.occasion == "milestone"]
    settings.set_value("notes.milestones", [13])
    assert [s.reason.split(" on ")[0] for s in notes.queue(today)
            if s.occasion == "milestone"] == ["13th visit"]  # fmt: skip
    assert [notes.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip


def test_prepare_uses_fallbacks_and_flags_what_cannot_be_filled(make_contact) -> None:
    from relbook.services.contacts.inputs import DetailInput

    cid = make_contact(
        "Łukasz",
        "Nowak",
        details=[
            DetailInput("family", name="Mia", relation="daughter", text="started university"),
            DetailInput("interest", text="sourdough baking"),
        ],
    )
    settings.set_value("shop.name", "Juniper & Rye")
    note = notes.prepare(
        cid,
        "Dear {nickname|first_name|friend}, love to {children_names}. {interests} — {shop_name}",
    )
    assert note.ok
    assert note.text == "Dear Łukasz, love to Mia. sourdough baking — Juniper & Rye"
    missing = notes.prepare(cid, "Hello {partner_name}")
    assert not missing.ok and missing.missing == ("partner_name",)
    with pytest.raises(ValidationError, match="not filled"):
        notes.record_printed(cid, occasion="custom", text=missing.text)


def test_same_note_same_seed_different_people_differ(make_contact) -> None:
    a, b = make_contact("A", "One"), make_contact("B", "Two")
    assert notes.seed_for(a, "x") == notes.seed_for(a, "x")
    assert notes.seed_for(a, "x") != notes.seed_for(b, "x")


def test_templates_seeded_editable_and_named_uniquely(db) -> None:
    names = [t.occasion for t in templates.list_templates()]
    assert {
        "purchase",
        "referral",
        "birthday",
        "welcome",
        "milestone",
        "sympathy",
        "custom",
    } <= set(names)
    birthday = templates.get_template("birthday")
    assert "{" in birthday.text  # a real merge template
    templates.save_template(
        birthday.name, "birthday", "Happy birthday, {first_name}!", template_id=birthday.id
    )
    assert templates.get_template("Birthday").text == "Happy birthday, {first_name}!"
    templates.ensure_defaults()  # never overwrites an edit
    assert templates.get_template("Birthday").text == "Happy birthday, {first_name}!"
    with pytest.raises(ValidationError, match="already a template"):
        templates.save_template("Welcome", "custom", "Hi")
    with pytest.raises(ValidationError, match="empty"):
        templates.save_template("New", "custom", "   ")
    with pytest.raises(NotFoundError, match="no note template"):
        templates.get_template("nope")


def test_unedited_old_default_is_brought_up_to_date_an_edited_one_is_not(db) -> None:
    from relbook.store.models import utcnow
    from relbook.store.models.notes import NoteTemplate

    old_purchase = (
        "Dear {nickname|first_name|friend},\n\nthank you so much for choosing us for "
        "{last_purchase|your order}. It means a great deal to a small shop like ours, and I "
        "really hope you enjoy it.\n\nSee you again soon!\n"
    )
    NoteTemplate.create(name="Thank you for your purchase", occasion="purchase",
                        text=old_purchase, builtin=True, updated_at=utcnow())  # fmt: skip
    NoteTemplate.create(name="Welcome", occasion="welcome", text="Hi {first_name}, welcome!",
                        builtin=True, updated_at=utcnow())  # fmt: skip
    purchase = templates.get_template("purchase").text
    assert purchase.startswith("Dear {nickname|first_name|friend},\n\nThank you so much")
    assert purchase.rstrip().endswith("Warmly,")
    assert templates.get_template("welcome").text == "Hi {first_name}, welcome!"


def test_fields_read_like_a_person_wrote_them(make_contact) -> None:
    from relbook.services.contacts.inputs import DetailInput

    cid = make_contact(
        "Siobhan", "Sullivan",
        details=[DetailInput("family", name="Owen Sullivan", relation="husband"),
                 DetailInput("family", name="Biscuit", relation="dog")],
    )  # fmt: skip
    sales.record_sale(cid, 4_200)  # no note at the till: nothing to name
    note = notes.prepare(cid, "For {last_purchase|your order}; love to {partner_name} and {dog}.")
    assert note.text == "For your order; love to Owen and Biscuit."
    sales.record_sale(cid, 900, note="the birthday cake")
    assert notes.prepare(cid, "{last_purchase}").text == "the birthday cake"


def test_a_batch_for_multilingual_contacts_prints_every_name_exactly(make_contact) -> None:
    """Generated contacts through the whole path: template → fields → 4-up sheet."""
    import io
    import random

    from pypdf import PdfReader

    from relbook.services.notes import printing

    rng = random.Random(5)
    firsts = ["Łukasz", "Ólafur", "Nguyễn", "Zoë", "José", "Şükrü", "Dvořák", "Ærin"]
    lasts = ["Kowalczyk", "Guðmundsson", "Thị Mỹ Hạnh", "Ólafsdóttir", "Núñez",
             "von Hohenberg-Lichtenstein-Württemberg"]  # fmt: skip
    settings.set_value("shop.owner_name", "Rosa Delgado")
    template = "Dear {nickname|first_name|friend},\n\nthank you for the 42 € order, {full_name}!"
    prepared = []
    for i in range(8):
        first, last = firsts[i], rng.choice(lasts)
        cid = make_contact(first, last)
        prepared.append(notes.prepare(cid, template, event_key=f"test:{i}"))
    assert all(n.ok for n in prepared)
    assert any(len(n.text.split(", ")[-1]) > 40 for n in prepared)  # some 40+ names
    pdf = printing.render(prepared, size="a6", sheet="a4-4up")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    # A line broken after a hyphen joins up again when read back.
    text = re.sub(r"-\s+", "-", " ".join(" ".join(p.extract_text().split()) for p in pages))
    for note in prepared:
        assert " ".join(note.text.split()) in text
    assert text.count("Rosa Delgado") == 8
