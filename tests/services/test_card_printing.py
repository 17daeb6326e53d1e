"""Which customers need a card, the print data, and the record of cards printed."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import NotFoundError, ValidationError
from relbook.services import loyalty, settings
from relbook.services.loyalty import cards as card_printing
from relbook.store.models import Contact


def test_unprinted_printed_and_replaced_cards(make_contact) -> None:
    anna, ben = make_contact("Anna", "Alt"), make_contact("Ben", "Berg")
    assert card_printing.unprinted_ids() == [anna, ben]
    assert card_printing.mark_printed([anna]) == 1
    assert card_printing.unprinted_ids() == [ben]
    assert card_printing.last_printed(anna) is not None
    loyalty.replace_card_code(anna)  # a lost card: the new one is not printed yet
    assert card_printing.unprinted_ids() == [anna, ben]
    assert card_printing.last_printed(anna) is None


def test_print_data_in_the_order_given_with_the_shop_name(make_contact) -> None:
    settings.set_value("shop.name", "Café Morgenrot")
    anna, ben = make_contact("Anna", "Alt"), make_contact("Ben", "Berg")
    cards = card_printing.print_data([ben, anna, ben])
    assert [c.name for c in cards] == ["Ben Berg", "Anna Alt"]
    assert cards[0].code == Contact.get_by_id(ben).card_code
    assert cards[0].shop_name == "Café Morgenrot" and cards[0].logo_png is None
    with pytest.raises(NotFoundError):
        card_printing.print_data([999])
    with pytest.raises(ValidationError, match="at least one"):
        card_printing.print_data([])


def test_added_since_a_local_date(make_contact) -> None:
    anna = make_contact("Anna", "Alt")
    Contact.update(created_at=dt.datetime(2020, 1, 1)).where(Contact.id == anna).execute()
    ben = make_contact("Ben", "Berg")
    assert card_printing.added_since_ids(dt.date.today()) == [ben]
    assert card_printing.added_since_ids(dt.date(2019, 12, 1)) == [anna, ben]


def test_the_next_position_on_a_part_used_sheet_and_the_paper_remembered(make_contact) -> None:
    ids = [make_contact(f"P{i}", "Test") for i in range(3)]
    assert card_printing.default_sheet() == "letter"  # a US shop by default
    card_printing.mark_printed(ids, sheet="a4", start_at=9)  # positions 9, 10, then 1
    assert card_printing.next_position() == 2 and card_printing.default_sheet() == "a4"
    card_printing.mark_printed(ids[:1], sheet="single")
    assert card_printing.next_position() == 2  # a card-sized page uses no sheet position
    with pytest.raises(ValidationError, match="1 to 10"):
        card_printing.render(ids, "a4", start_at=0)
    assert card_printing.render(ids, "single").startswith(b"%PDF")
