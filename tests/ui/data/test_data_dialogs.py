"""Export, backups, duplicates and the audit log, driven by clicks: what is shown and
what is stored."""

from __future__ import annotations

import csv
import io
import json

from PySide6.QtCore import Qt

from relbook.services import backup, contacts, loyalty, staff
from relbook.services.contacts import segments
from relbook.services.staff import access
from relbook.store.models import Contact
from relbook.ui.data.audit_dialog import AuditDialog
from relbook.ui.data.backups_dialog import BackupsDialog
from relbook.ui.data.duplicates_dialog import DuplicatesDialog
from relbook.ui.data.export_dialog import ExportDialog

LEFT = Qt.MouseButton.LeftButton


def shown(dialog, qtbot):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# -- export -------------------------------------------------------------------------------


def test_export_vcard4_and_csv_read_back(qtbot, context, make_contact, tmp_path, answers):
    make_contact("Clara", "Meier", phone="+49 170 1234567", email="clara@example.org")
    make_contact("=cmd", "Evil")
    dialog = shown(ExportDialog(context), qtbot)

    dialog.findChild(type(dialog.format_group.button(0)), "format-vcard4").click()
    target = tmp_path / "book.vcf"
    answers.saves.append(str(target))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written == target, timeout=10_000)
    assert dialog.status.text() == f"Exported 2 contacts to {target}."
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:4.0" in text
    assert "clara@example.org" in text and "FN:Clara Meier" in text

    dialog.findChild(type(dialog.format_group.button(0)), "format-csv").click()
    assert "made safe" in dialog.hint.text()
    sheet = tmp_path / "book.csv"
    answers.saves.append(str(sheet))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written == sheet, timeout=10_000)
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    assert not any(v.startswith("=") for row in rows for v in row.values() if v)


def test_export_json_of_a_segment(qtbot, context, make_contact, tmp_path, answers):
    make_contact("Clara", "Meier", tags=["regular"])
    make_contact("Tom", "Baker")
    segments.save_segment("Regulars", {"tags": ["regular"]})
    dialog = shown(ExportDialog(context), qtbot)
    dialog.findChild(type(dialog.format_group.button(0)), "format-json").click()
    dialog.who.setCurrentIndex(dialog.who.findText("Segment: Regulars"))
    assert "its contacts only" in dialog.hint.text()
    target = tmp_path / "regulars.json"
    answers.saves.append(str(target))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written == target, timeout=10_000)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["given_name"] for c in data["contacts"]] == ["Clara"]
    assert "tables" not in data


def test_export_for_a_channel_only_those_who_agreed(qtbot, context, make_contact, tmp_path,
                                                    answers):  # fmt: skip
    import datetime as dt

    from relbook.services.staff import audit

    make_contact("Ann", "Email", email="ann@example.org", consent_email=dt.date(2026, 1, 2))
    bo = make_contact("Bo", "Never", email="bo@example.org")
    dialog = shown(ExportDialog(context), qtbot)
    dialog.findChild(type(dialog.format_group.button(0)), "format-csv").click()
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    target = tmp_path / "newsletter.csv"
    answers.saves.append(str(target))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written == target, timeout=10_000)
    assert dialog.status.text() == (
        f"Exported 1 contact to {target}. 1 left out: no consent to email."
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["given_name"] for r in rows] == ["Ann"]
    assert audit.entries(action="consent") == []
    qtbot.mouseClick(dialog.override, LEFT)  # the owner: these two agreed at the counter
    again = tmp_path / "newsletter-all.csv"
    answers.saves.append(str(again))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.written == again, timeout=10_000)
    assert "owner's override, recorded in the audit log" in dialog.status.text()
    assert len(list(csv.DictReader(io.StringIO(again.read_text(encoding="utf-8-sig"))))) == 2
    (entry,) = audit.entries(action="consent")
    assert entry.after["without_consent"] == [bo]


# -- backups ------------------------------------------------------------------------------


def test_backup_now_then_restore_brings_the_book_back(
    qtbot, request, context, make_contact, answers
):
    make_contact("Clara", "Meier")
    dialog = shown(BackupsDialog(context), qtbot)
    assert dialog.table.model().rowCount() == 0
    assert "No backup" in dialog.status.text()
    qtbot.mouseClick(dialog.backup_button, LEFT)
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 1, timeout=10_000)
    files = list(backup.backup_folder().glob("relbook-*.sqlite3"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert dialog.table.model().index(0, 2).data() == "1"  # contacts in it
    assert dialog.table.model().index(0, 4).data() == "Good"
    assert dialog.status.text().startswith("Backed up to relbook-")

    make_contact("Tom", "Baker")  # after the backup: the restore takes it away
    contacts_page = request.getfixturevalue("main_window").pages["contacts"]
    assert contacts_page.model.rowCount() == 2

    answers.answers.append(False)  # first time: think again
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert "safety copy of the current database is made first" in answers.asked[0]
    assert "1 contacts" in answers.asked[0]
    assert Contact.select().count() == 2

    answers.answers.append(True)
    with qtbot.waitSignal(context.hub.contact_changed, timeout=5_000) as signal:
        qtbot.mouseClick(dialog.restore_button, LEFT)
    assert signal.args == [0]
    assert [c.display_name for c in Contact.select()] == ["Clara Meier"]
    assert contacts_page.model.rowCount() == 1  # the page read the book again
    assert "kept in before-restore-" in dialog.status.text()
    assert dialog.table.model().index(0, 4).data() == "Safety copy before a restore"


def test_restore_is_for_owners_only_when_roles_are_on(qtbot, context, make_contact, answers):
    make_contact("Clara", "Meier")
    backup.backup_now()
    clerk = staff.add_staff("Sam")
    boss = staff.add_staff("Ada", "owner")
    access.set_pin(boss, "246813")
    access.enable_roles(True, by_staff_id=boss)
    context.staff_id = clerk
    dialog = shown(BackupsDialog(context), qtbot)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert answers.errors and answers.errors[0].startswith("Only an owner may restore a backup")
    assert answers.asked == []


def test_choose_backup_folder(qtbot, context, tmp_path, answers):
    stick = tmp_path / "usb"
    answers.folders.append(str(stick))
    dialog = shown(BackupsDialog(context), qtbot)
    with qtbot.waitSignal(context.hub.settings_changed):
        qtbot.mouseClick(dialog.folder_button, LEFT)
    assert backup.backup_folder() == stick
    assert str(stick) in dialog.folder_label.text()
    qtbot.mouseClick(dialog.backup_button, LEFT)
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 1, timeout=10_000)
    assert len(list(stick.glob("relbook-*.sqlite3"))) == 1


# -- duplicates ---------------------------------------------------------------------------


def test_merge_keeping_the_second_then_undo(qtbot, context, make_contact, answers):
    first = make_contact("Anna", "Schmidt", phone="+49 171 7654321")
    second = make_contact("Anna", "Schmitt", phone="+49 171 7654321", email="anna@example.org")
    dialog = shown(DuplicatesDialog(context), qtbot)
    assert dialog.intro.text().startswith("1 pair that may be the same person")
    assert dialog.table.model().index(0, 2).data() == "Same phone number"
    assert "Anna Schmitt" in dialog.cards[1].text() and "anna@example.org" in dialog.cards[1].text()
    assert not dialog.undo_button.isEnabled()

    dialog.keep_buttons[1].click()
    with qtbot.waitSignal(context.hub.contact_changed):
        qtbot.mouseClick(dialog.merge_button, LEFT)
    assert [c.id for c in Contact.select()] == [second]
    assert (
        dialog.status.text()
        == "Merged Anna Schmidt into Anna Schmitt. Undo last merge splits them again."
    )
    assert dialog.table.model().rowCount() == 0
    assert dialog.undo_button.isEnabled()

    qtbot.mouseClick(dialog.undo_button, LEFT)
    assert sorted(c.id for c in Contact.select()) == [first, second]
    assert contacts.get_contact(first).display_name == "Anna Schmidt"
    assert dialog.table.model().rowCount() == 1
    assert dialog.status.text().startswith("Undone: Anna Schmidt")
    assert not dialog.undo_button.isEnabled()


# -- audit log ----------------------------------------------------------------------------


def test_audit_viewer_shows_a_points_adjustment_and_exports(
    qtbot, context, make_contact, tmp_path, answers
):
    clara = make_contact("Clara", "Meier")
    loyalty.adjust(clara, 50, "Welcome gift")
    from relbook.services import settings

    settings.set_value("backup.folder", str(tmp_path))
    dialog = shown(AuditDialog(context), qtbot)
    model = dialog.proxy
    whats = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert "Points adjusted" in whats
    row = whats.index("Points adjusted")
    assert '"Welcome gift"' in model.index(row, 5).data() and "50" in model.index(row, 5).data()

    dialog.kind.setCurrentIndex(dialog.kind.findData("points"))
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == ["Points adjusted"]
    dialog.kind.setCurrentIndex(0)
    qtbot.keyClicks(dialog.search, "welcome")
    assert model.rowCount() == 1
    assert dialog.count.text().startswith("1 of ")

    target = tmp_path / "audit.csv"
    answers.saves.append(str(target))
    qtbot.mouseClick(dialog.export_button, LEFT)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["action"] for r in rows] == ["points.adjust"]
    assert "Welcome gift" in rows[0]["after"]
