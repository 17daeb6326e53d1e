"""The Data menu on the main window, files dropped onto it, and a contact's privacy."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from relbook.services import contacts, loyalty, privacy
from relbook.store.models import Contact, PointsEntry
from relbook.ui.data.import_dialog import ImportDialog

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Clara Meier\r\nN:Meier;Clara;;;\r\nEND:VCARD\r\n"


def test_data_menu_lists_its_actions_and_ctrl_i_opens_the_import(qtbot, main_window, answers):
    menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "&Data")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Import contacts…",
        "&Export contacts…",
        "&Backups…",
        "Find &duplicates…",
        "Customers without a &visit…",
        "&Audit log…",
    ]
    qtbot.keyClick(main_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = main_window.data_menu.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Import contacts"
    dialog.close()


def test_a_vcard_dropped_on_the_window_is_previewed_then_imported(
    qtbot, main_window, context, tmp_path, answers
):
    path = tmp_path / "clara.vcf"
    path.write_text(VCARD, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(200, 200)
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), action, mime, buttons, mods)
    QApplication.sendEvent(main_window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(main_window, QDropEvent(pos, action, mime, buttons, mods))

    dialog = main_window.data_menu.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.state == "ready", timeout=10_000)
    assert "clara.vcf: vCard" in dialog.files_label.text()
    assert Contact.select().count() == 0
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=10_000)
    assert [c.display_name for c in Contact.select()] == ["Clara Meier"]
    page = main_window.pages["contacts"]
    assert page.model.rowCount() == 1  # the Contacts page read the book again
    assert "1 contact" in main_window.counts.text()


def test_a_text_file_dropped_is_refused(main_window, tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPointF(10, 10).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.setAccepted(False)
    QApplication.sendEvent(main_window, enter)
    assert not enter.isAccepted()
    assert main_window.data_menu.dialog is None


def privacy_action(page, text: str):
    return next(a for a in page.privacy_button.menu().actions() if a.text().startswith(text))


def test_export_everything_from_the_contact(qtbot, contacts_page, make_contact, tmp_path, answers):
    clara = make_contact("Clara", "Meier", email="clara@example.org")
    contacts_page.model.reload()
    contacts_page.open_contact(clara)
    assert contacts_page.privacy_button.isEnabled()
    answers.folders.append(str(tmp_path))
    privacy_action(contacts_page, "Export everything").trigger()
    data = json.loads(next(tmp_path.glob("Clara-Meier-data-*.json")).read_text("utf-8"))
    assert data["contact"]["emails"][0]["address"] == "clara@example.org"
    pdf = next(tmp_path.glob("Clara-Meier-data-*.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    assert "Clara" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Clara-Meier-data-" in answers.told[0]


def test_erase_from_the_contact_keeps_the_points(qtbot, contacts_page, make_contact, answers):
    clara = make_contact("Clara", "Meier", email="clara@example.org")
    loyalty.adjust(clara, 40, "Welcome gift")
    contacts_page.model.reload()
    contacts_page.open_contact(clara)

    answers.answers.append(False)
    privacy_action(contacts_page, "Erase").trigger()
    assert "Kept for the shop's books" in answers.asked[0]
    assert "sales, points history and vouchers" in answers.asked[0]
    assert "Backups made before the erasure still hold" in answers.asked[0]
    assert "months old" in answers.asked[0] and "a former customer" in answers.asked[0]
    assert not privacy.is_erased(clara)

    answers.answers.append(True)
    privacy_action(contacts_page, "Erase").trigger()
    assert privacy.is_erased(clara)
    assert contacts.get_contact(clara).data.emails == []
    assert sum(e.points for e in PointsEntry.select().where(PointsEntry.contact == clara)) == 40
    shown = [contacts_page.model.index(r, 0).data() for r in range(contacts_page.model.rowCount())]
    assert "Clara Meier" not in shown
    assert answers.told == ["The personal data of Clara Meier were erased."]


def test_erase_is_for_owners_only_when_roles_are_on(
    qtbot, contacts_page, context, make_contact, answers
):
    from relbook.services import staff
    from relbook.services.staff import access

    clara = make_contact("Clara", "Meier")
    boss = staff.add_staff("Ada", "owner")
    access.set_pin(boss, "246813")
    access.enable_roles(True, by_staff_id=boss)
    context.staff_id = staff.add_staff("Sam")
    contacts_page.model.reload()
    contacts_page.open_contact(clara)
    privacy_action(contacts_page, "Erase").trigger()
    assert answers.errors[0].startswith("Only an owner may erase a customer's personal data")
    assert answers.asked == []
    assert not privacy.is_erased(clara)
