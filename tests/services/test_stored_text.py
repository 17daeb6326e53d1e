"""Control characters never reach the book: a NUL, an escape sequence, a C1 control or
a lone surrogate typed (or pasted, or passed on the command line) into any text a person
writes is taken out at the service, and then no text column of any table holds one."""

from __future__ import annotations

import pytest

from relbook.services import plugins, staff, typed
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput

#: NUL, ESC, BEL, DEL, NEL, CSI (C1) and a lone surrogate
DIRT = "\x00\x1b\x07\x7f\x85\x9b\ud800"


def dirty(text: str) -> str:
    """``text`` with control characters before, inside and after it."""
    return f"{DIRT[:3]}{text[:2]}{DIRT[3:5]}{text[2:]}{DIRT[5:]}"


def text_columns(db) -> list[tuple[str, str]]:
    out = []
    for table in db.get_tables():
        if table.startswith(("contact_fts", "sqlite_")):
            continue
        for column in db.get_columns(table):
            if column.data_type.upper() in ("TEXT", "VARCHAR", "CHAR") or "CHAR" in (
                column.data_type.upper()
            ):
                out.append((table, column.name))
    return out


def test_clean_line_and_block() -> None:
    assert typed.clean_line(dirty("Anna Smith")) == "Anna Smith"
    assert typed.clean_line("a\tb\nc\r\nd") == "a b c d"
    assert typed.clean_block("one\r\ntwo\x00\n\tthree") == "one\ntwo\n\tthree"
    assert not typed.has_control(typed.clean_block(DIRT * 3))


@pytest.fixture
def everything_typed_dirty(db) -> None:
    """Every service that stores what a person types, fed control characters."""
    from relbook.services import contacts, loyalty, vouchers
    from relbook.services.care import feedback, timeline
    from relbook.services.contacts import relationships, segments, tags
    from relbook.services.counter import sales
    from relbook.services.notes import record_printed
    from relbook.services.notes.templates import save_template
    from relbook.services.settings import shop
    from relbook.services.staff import team
    from relbook.services.vouchers.types import VoucherValue

    plugins.load_all()
    data = ContactInput(
        given_name=dirty("Anna"),
        family_name=dirty("Smith"),
        company=dirty("Acme"),
        street=dirty("1 High St"),
        how_met=dirty("at the market"),
        notes=dirty("likes tea\nand cake"),
        phones=[PhoneInput(dirty("+1 503 555 0100"), dirty("mobile"))],
        emails=[EmailInput("anna@example.com", dirty("home"))],
        details=[DetailInput("family", dirty("starts school"), dirty("Mia"), dirty("daughter"))],
        tags=[dirty("regular")],
    )
    cid = contacts.create_contact(data).contact_id
    contacts.update_contact(cid, data)
    clerk = staff.add_staff(dirty("Sam Clerk"))
    team.rename(clerk, dirty("Sam Till"))
    sale = sales.record_sale(cid, 5000, staff_id=clerk, note=dirty("oat flat white"))
    sales.refund_sale(sale.sale_id, reason=dirty("wrong order"))
    sales.record_sale(cid, 5000, note="x")
    loyalty.adjust(cid, 5, dirty("sorry for the wait"))
    voucher = vouchers.issue(cid, "goodwill", VoucherValue.item(dirty("a cake")),
                             note=dirty("thanks"))  # fmt: skip
    vouchers.void(voucher.id, dirty("printed twice"))
    timeline.add_entry(cid, "call", dirty("rang about the order"))
    feedback.record(9, dirty("lovely"), contact_id=cid)
    record_printed(cid, occasion="purchase", text=dirty("Dear Anna"), reason=dirty("big sale"))
    save_template(dirty("My note"), "purchase", dirty("Dear {first_name},\nthanks"))
    segments.save_segment(dirty("Regulars"), {"tags": []})
    relationships.create_household(dirty("The Smiths"), [cid])
    tags.rename(tags.list_tags()[0].id, dirty("regulars"))
    settings = shop.load()
    shop.save(
        shop.parse(
            name=dirty("Juniper Café"),
            owner_name=dirty("Jo"),
            address=dirty("1 High St\nTown"),
            locale=settings.locale,
            currency=settings.currency,
            phone_region=settings.phone_region,
            max_sale="500",
        )
    )


def test_no_text_column_holds_a_control_character(db, everything_typed_dirty) -> None:
    columns = text_columns(db)
    assert ("contact", "given_name") in columns and ("sale", "note") in columns
    found = []
    for table, column in columns:
        for (value,) in db.execute_sql(f'SELECT "{column}" FROM "{table}"'):
            if isinstance(value, str) and typed.has_control(value):
                found.append((table, column, value))
    assert found == []


def test_the_cleaned_text_is_what_was_meant(db, everything_typed_dirty) -> None:
    from relbook.store.models import Contact, Sale, Staff

    anna = Contact.get()
    assert (anna.display_name, anna.notes) == ("Anna Smith", "likes tea\nand cake")
    assert {s.name for s in Staff.select()} >= {"Sam Till"}
    assert Sale.select().where(Sale.note == "oat flat white").exists()
