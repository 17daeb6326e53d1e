"""The contact list model: lazy paging, search mode, and Qt's model contract."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView

from relbook.services import contacts
from relbook.services.contacts.inputs import ContactRow
from relbook.store.db import close_database, database, open_database
from relbook.store.models import Contact, Phone
from relbook.store.textfold import sort_key
from relbook.ui.contacts.table_model import BATCH, FIRST_BATCH, ContactTableModel
from relbook.ui.widgets.table import ID_ROLE

FIRST = ["Ada", "Ben", "Cleo", "Dara", "Emil", "Fatma", "Goran", "Hana", "Ivo", "Jun"]
LAST = ["Adler", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haas",
        "Ilić", "Jansen"]  # fmt: skip


BOOK = 1000


@pytest.fixture(scope="module")
def book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 contacts written once per module with bulk inserts, then indexed."""
    path = tmp_path_factory.mktemp("book") / "book.sqlite3"
    open_database(path)
    try:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rows = []
        for i in range(BOOK):
            given, family = f"{FIRST[i % 10]}{i // 100}", LAST[(i // 10) % 10]
            rows.append({"given_name": given, "family_name": family,
                         "display_name": f"{given} {family}",
                         "sort_name": sort_key(family, given, ""),
                         "created_at": now, "updated_at": now})  # fmt: skip
        with database.atomic():
            Contact.insert_many(rows).execute()
            ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
            Phone.insert_many(
                {"contact": cid, "raw": f"+1 503 555 {i:04d}", "e164": f"+1503555{i:04d}",
                 "digits": f"1503555{i:04d}", "label": "mobile", "position": 0}
                for i, cid in enumerate(ids)
            ).execute()  # fmt: skip
            contacts.reindex(ids)
    finally:
        close_database()
    return path


@pytest.fixture
def book(book_template: Path, tmp_path: Path) -> Iterator[int]:
    path = tmp_path / "book.sqlite3"
    shutil.copy(book_template, path)
    open_database(path)
    yield BOOK
    close_database()


def test_a_big_book_loads_in_pages_as_the_view_scrolls(book, qtbot) -> None:
    model = ContactTableModel()
    model.reload()
    assert model.rowCount() == FIRST_BATCH < BATCH <= 200  # a screenful first, then pages
    assert model.canFetchMore()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > FIRST_BATCH)
    assert (model.rowCount() - FIRST_BATCH) % BATCH == 0  # whole pages as it scrolls
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == book
    names = [model.row_at(r).sort_name for r in range(model.rowCount())]
    assert names == sorted(names)
    assert len({model.contact_id(r) for r in range(model.rowCount())}) == book


def test_search_mode_shows_find_results(book) -> None:
    model = ContactTableModel()
    model.set_search("garcia")
    assert 0 < model.rowCount() <= 200
    assert not model.canFetchMore()
    assert all("García" in model.index(r, 0).data() for r in range(model.rowCount()))
    model.set_search("555 0042")
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["(503) 555-0042"]
    model.set_search("")
    assert model.rowCount() == FIRST_BATCH


def test_archived_mode_shows_only_archived(make_contact) -> None:
    keep = make_contact("Anna", "Schmidt")
    gone = make_contact("Bernd", "Schmidt")
    contacts.archive_contact(gone)
    model = ContactTableModel()
    model.reload()
    assert [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())] == [keep]
    model.set_archived(True)
    assert [model.contact_id(r) for r in range(model.rowCount())] == [gone]
    model.set_search("schmidt")
    assert [model.contact_id(r) for r in range(model.rowCount())] == [gone]


def test_upsert_places_rows_by_name_and_remove_drops_them(make_contact) -> None:
    make_contact("Anna", "Adler")
    make_contact("Carl", "Cohen")
    model = ContactTableModel()
    model.reload()
    row = model.upsert(ContactRow(99, "Bea Berg", "", "", "", "berg bea"))
    assert row == 1
    assert [model.index(r, 0).data() for r in range(3)] == ["Anna Adler", "Bea Berg",
                                                            "Carl Cohen"]  # fmt: skip
    assert model.upsert(ContactRow(99, "Bea Zorn", "", "", "", "zorn bea")) == 2
    model.remove(99)
    assert model.rowCount() == 2
    assert model.row_of(99) is None


def test_model_contract_browsing(book, qtmodeltester) -> None:
    model = ContactTableModel()
    model.reload()
    qtmodeltester.check(model)


def test_model_contract_searching_and_editing(make_contact, long_name, qtmodeltester) -> None:
    for name in ("Anna", "Anna", "Anton", "Antje"):  # two customers called Anna Schmidt
        make_contact(name, "Schmidt")
    make_contact(long_name[0], "Schmidt")
    browsing = ContactTableModel()
    browsing.reload()
    names = [browsing.index(r, 0).data() for r in range(browsing.rowCount())]
    assert names.count("Anna Schmidt") == 2 and f"{long_name[0]} Schmidt" in names
    qtmodeltester.check(browsing, force_py=True)
    model = ContactTableModel()  # (the tester watches each model it checked from then on)
    model.set_search("an")
    qtmodeltester.check(model, force_py=True)
    model.upsert(ContactRow(500, "Zed Zulu", "1", "z@example.com", "", "zulu zed"))
    model.remove(500)
    model.set_archived(True)
    model.set_search("")
    qtmodeltester.check(model, force_py=True)
