"""The Data dialogs' tables pass pytest-qt's model tester over realistic rows: people of
the same name, the longest name the book takes, errors and unreadable backups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt

from relbook.services import backup, loyalty, privacy
from relbook.services.contacts import merge
from relbook.services.contacts.inputs import ContactInput, EmailInput
from relbook.services.import_export.parsed import ParsedRow
from relbook.services.import_export.preview import build_preview
from relbook.services.staff import audit
from relbook.ui.data.audit_dialog import audit_model
from relbook.ui.data.backup_table import COLUMNS as BACKUP_COLUMNS
from relbook.ui.data.backup_table import BackupTable
from relbook.ui.data.duplicates_dialog import COLUMNS as PAIR_COLUMNS
from relbook.ui.data.preview_model import PreviewModel
from relbook.ui.data.quiet_dialog import COLUMNS as QUIET_COLUMNS
from relbook.ui.widgets.table import TableModel


def column(model, c: int) -> list[str]:
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_preview_model(qtmodeltester, make_contact, long_name) -> None:
    make_contact("Clara", "Meier", email="clara@example.org")
    given, family = long_name

    def tom() -> ContactInput:
        return ContactInput(given_name="Tom", family_name="Berg", emails=[EmailInput("t@b.de")])

    rows = [
        ParsedRow("a.csv", "line 2", data=tom()),
        ParsedRow("a.csv", "line 3", data=tom()),  # the same Tom twice in one file
        ParsedRow("a.csv", "line 4", data=ContactInput(given_name=given, family_name=family)),
        ParsedRow("a.csv", "line 5", error="Birthday: not a date."),
    ]
    model = PreviewModel()
    model.set_preview(build_preview(rows))
    assert column(model, 1) == ["Tom Berg", "Tom Berg", f"{given} {family}", "—"]
    assert column(model, 0) == ["New", "Duplicate?", "New", "Error"]  # the second Tom
    assert model.index(3, 3).data() == "Birthday: not a date."
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    qtmodeltester.check(model, force_py=True)
    assert model.set_action([0, 1, 3], merge_action := "merge") == 1  # only the duplicate
    assert model.item(1).action == merge_action
    assert model.index(1, 4).data().startswith("Merged into")
    qtmodeltester.check(model, force_py=True)


LONG_REASON = "Typed one too many at the till while the queue was out of the door, " * 2


def test_audit_model(qtmodeltester, make_contact, long_name) -> None:
    loyalty.adjust(make_contact("Clara", "Meier"), 5, "Sorry for the wait")
    loyalty.adjust(make_contact("Clara", "Meier"), 5, "Sorry for the wait")
    long_id = make_contact(*long_name)
    loyalty.adjust(long_id, 5, "Sorry for the wait")
    loyalty.adjust(long_id, -3, LONG_REASON)
    model = audit_model()
    model.set_rows(audit.entries())
    assert column(model, 2) == ["Points adjusted"] * 4
    assert column(model, 3).count(f"contact {long_id}") == 2  # by id: erasure erases
    assert any(LONG_REASON.strip() in after for after in column(model, 5))
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == model.index(0, 5).data()
    qtmodeltester.check(model, force_py=True)
    proxy = QSortFilterProxyModel()  # the dialog's filter box
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterFixedString("Sorry")
    assert proxy.rowCount() == 3
    qtmodeltester.check(proxy, force_py=True)


def test_backup_table(qtbot, qtmodeltester, db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    taken = [
        backup.backup_now(folder, now=dt.datetime(2026, 12, 1, hour), rotate=False)
        for hour in (9, 10, 11)
    ]
    taken[0].path.write_bytes(b"not a database")  # a copy that went bad on the stick
    found = backup.list_backups(folder)
    model = TableModel(BACKUP_COLUMNS)  # (the tester outlives a table's own model)
    model.set_rows(found)
    states = column(model, 4)
    assert states.count("Good") == 2 and any(s.startswith("Cannot be restored") for s in states)
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith(str(folder))
    qtmodeltester.check(model, force_py=True)
    table = BackupTable()
    qtbot.addWidget(table)
    table.show_backups(found)
    assert column(table.model(), 4) == states
    table.selectRow(1)
    assert table.selected() == found[1]


def test_quiet_and_duplicate_tables(qtmodeltester, make_contact, long_name) -> None:
    old = dt.datetime(2019, 5, 1)
    ids = [
        make_contact("Olga", "Old", phone="+49 171 5550101"),
        make_contact("Olga", "Old", phone="+49 171 5550101"),  # entered twice
        make_contact(*long_name),
    ]
    from relbook.store.models import Contact

    Contact.update(created_at=old).where(Contact.id.in_(ids)).execute()
    quiet = TableModel(QUIET_COLUMNS, key=lambda q: q[0])
    quiet.set_rows(privacy.inactive_contacts(3))
    assert sorted(column(quiet, 0)) == sorted(["Olga Old", "Olga Old", " ".join(long_name)])
    assert column(quiet, 1) == ["never"] * 3
    qtmodeltester.check(quiet, force_py=True)
    pairs = TableModel(PAIR_COLUMNS)
    pairs.set_rows(merge.find_duplicate_pairs())
    assert column(pairs, 0) == ["Olga Old"] and column(pairs, 1) == ["Olga Old"]
    qtmodeltester.check(pairs, force_py=True)
