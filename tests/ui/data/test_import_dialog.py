"""The import dialog, driven by clicks: preview first, then one transaction."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from relbook.services import contacts
from relbook.store.models import Contact
from relbook.ui.data.import_dialog import ImportDialog

VCARDS = """BEGIN:VCARD
VERSION:3.0
N:Meier;Clara;;;
FN:Clara Meier
TEL;TYPE=CELL:+49 170 1234567
EMAIL:clara@example.org
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Schmidt;Anna;;;
FN:Anna Schmidt
TEL:+49 171 7654321
END:VCARD
"""

CSV = (
    "First Name;Last Name;Mobile;E-mail;Birthday\n"
    "Jonas;Weber;+49 160 5550001;jonas@example.org;1990-04-01\n"
    "Lena;Koch;+49 160 5550002;;1990-13-45\n"
    "Anna;Schmidt;+49 171 7654321;;\n"
)


def open_dialog(qtbot, context, paths: list[Path]) -> ImportDialog:
    dialog = ImportDialog(context, [str(p) for p in paths])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=10_000)
    return dialog


def test_vcard_preview_then_import_with_a_skipped_duplicate(
    qtbot, context, make_contact, tmp_path, answers
) -> None:
    existing = make_contact("Anna", "Schmidt", phone="+49 171 7654321")
    path = tmp_path / "phone.vcf"
    path.write_text(VCARDS, encoding="utf-8")
    dialog = open_dialog(qtbot, context, [path])

    assert "phone.vcf: vCard, UTF-8, 2 card(s)" in dialog.files_label.text()
    assert dialog.counts_label.text().startswith("1 new contact  ·  1 probable duplicate")
    assert not dialog.csv_box.isVisible()
    model = dialog.model
    shown = {model.index(r, 1).data(): model.index(r, 4).data() for r in range(model.rowCount())}
    assert shown == {"Clara Meier": "Added", "Anna Schmidt": "Merged into Anna Schmidt"}
    assert "same phone number" in model.index(1, 3).data().lower()
    assert Contact.select().count() == 1  # the preview wrote nothing

    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert model.index(1, 4).data() == "Skipped"
    with qtbot.waitSignal(context.hub.contact_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert "1 new contact added" in dialog.status_label.text()
    assert "1 duplicate skipped" in dialog.status_label.text()
    assert dialog.cancel_button.text() == "Close"
    names = sorted(c.display_name for c in Contact.select())
    assert names == ["Anna Schmidt", "Clara Meier"]
    assert contacts.get_contact(existing).data.emails == []


def test_csv_with_an_error_row_only_good_rows_and_rejected_rows_saved(
    qtbot, context, make_contact, tmp_path, answers
) -> None:
    make_contact("Anna", "Schmidt", phone="+49 171 7654321")
    path = tmp_path / "shop.csv"
    path.write_text(CSV, encoding="cp1252")
    dialog = open_dialog(qtbot, context, [path])

    assert "shop.csv: CSV" in dialog.files_label.text()
    assert "semicolon-separated, 3 row(s)" in dialog.files_label.text()
    assert dialog.csv_box.isVisible()
    assert dialog.mapping_table.rowCount() == 5
    assert dialog.mapping_table.item(0, 1).text() == "Jonas"
    assert dialog.counts_label.text() == (
        "1 new contact  ·  1 probable duplicate  ·  1 row in error"
    )
    error_row = next(r for r in range(3) if dialog.model.index(r, 0).data() == "Error")
    assert "not a real date" in dialog.model.index(error_row, 3).data()

    rejected = tmp_path / "rejected.csv"
    answers.saves.append(str(rejected))
    qtbot.mouseClick(dialog.save_rejected_button, Qt.MouseButton.LeftButton)
    assert "line 3" in rejected.read_text(encoding="utf-8-sig")

    # all-or-nothing refuses while a row is in error, and stores nothing
    dialog.all_or_nothing.click()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=10_000)
    assert answers.errors and "nothing was imported" in answers.errors[0]
    assert Contact.select().count() == 1

    dialog.only_good.click()
    with qtbot.waitSignal(context.hub.contact_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "1 row merged" in dialog.status_label.text()
    assert "1 row in error left out" in dialog.status_label.text()
    assert sorted(c.display_name for c in Contact.select()) == ["Anna Schmidt", "Jonas Weber"]


def test_manual_column_mapping(qtbot, context, tmp_path, answers) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Kunde,Telefonnummer\nBerta Blum,+49 170 9999999\n", encoding="utf-8")
    dialog = open_dialog(qtbot, context, [path])
    assert "choose the columns by hand" in dialog.files_label.text()  # nothing mapped yet
    assert dialog.counts_label.text() == "Nothing to import yet."
    assert not dialog.import_button.isEnabled()

    for row, target in ((0, "name"), (1, "phone")):
        combo = dialog.mapping_table.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findData(target))
    assert dialog.preset_combo.currentData() == "manual"
    qtbot.mouseClick(dialog.reread_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "ready" and dialog.model.rowCount() == 1)
    assert dialog.counts_label.text().startswith("1 new contact")
    with qtbot.waitSignal(context.hub.contact_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    record = contacts.get_contact(Contact.get().id)
    assert record.display_name == "Berta Blum"
    assert record.data.phones[0].number


def test_cancel_during_a_long_import_stores_nothing(
    qtbot, context, tmp_path, monkeypatch, answers
) -> None:
    from relbook.services.import_export import writer

    lines = ["Name,Phone"] + [f"Person {i},+49 160 {7000000 + i}" for i in range(1200)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    dialog = open_dialog(qtbot, context, [path])
    assert dialog.counts_label.text().startswith("1,200 new contacts")

    gate = threading.Event()
    real_insert = writer.insert_contacts

    def slow_insert(inputs, codes=None):
        gate.wait(10)  # hold the first batch until Cancel has been pressed
        return real_insert(inputs, codes)

    monkeypatch.setattr(writer, "insert_contacts", slow_insert)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    assert dialog.status_label.text() == "Cancelled: nothing was changed."
    assert answers.errors == []
    assert Contact.select().count() == 0
    assert dialog.isVisible()  # Cancel stopped the import, it did not close the dialog


GOOGLE = (
    "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,"
    "Phone 1 - Value\n"
    "Jo Rose,Jo,Rose,* Home,jo@example.org,Mobile,+44 7700 900123\n"
)


def test_google_csv_is_recognised_and_the_preset_can_be_changed(
    qtbot, context, tmp_path, answers
) -> None:
    path = tmp_path / "google.csv"
    path.write_bytes(GOOGLE.encode("utf-8-sig"))
    dialog = open_dialog(qtbot, context, [path])
    assert "UTF-8 (BOM)" in dialog.files_label.text()
    assert "recognised as Google Contacts CSV" in dialog.files_label.text()
    assert dialog.preset_combo.currentText() == "Recognise automatically"

    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("square"))
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=10_000)
    assert dialog.counts_label.text() == "Nothing to import yet."  # Square's columns: none

    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("google"))
    qtbot.waitUntil(lambda: dialog.state == "ready" and dialog.model.rowCount() == 1)
    with qtbot.waitSignal(context.hub.contact_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    record = contacts.get_contact(Contact.get().id)
    assert record.display_name == "Jo Rose"
    assert [e.address for e in record.data.emails] == ["jo@example.org"]
    assert record.phones[0].e164 == "+447700900123"


def test_reading_shows_progress_and_cancel_stops_it_at_once(
    qtbot, context, tmp_path, monkeypatch, answers
) -> None:
    from relbook.services.import_export import preview as preview_service

    lines = ["Name,Phone"] + [f"Person {i},+49 160 {7000000 + i}" for i in range(3000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    gate = threading.Event()
    real_classify = preview_service._classify

    def slow_classify(*args, **kwargs):
        gate.wait(10)  # the duplicate check waits until Cancel was pressed
        return real_classify(*args, **kwargs)

    monkeypatch.setattr(preview_service, "_classify", slow_classify)
    dialog = ImportDialog(context, [str(path)])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 3000, timeout=10_000)
    assert dialog.progress.isVisible() and "Cancel stops at once" in dialog.status_label.text()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert answers.errors == [] and Contact.select().count() == 0


def test_relbook_json_is_read_back(qtbot, context, make_contact, tmp_path, answers) -> None:
    from relbook.services.import_export import export

    make_contact("Clara", "Meier", phone="+49 170 1234567")
    path = tmp_path / "shop.json"
    path.write_text(export.export_text("json"), encoding="utf-8")
    dialog = open_dialog(qtbot, context, [path])
    assert dialog.files_label.text() == "shop.json: relbook JSON, 1 contact(s)"
    assert dialog.counts_label.text() == (
        "0 new contacts  ·  1 probable duplicate  ·  0 rows in error"
    )
    assert not dialog.csv_box.isVisible()
