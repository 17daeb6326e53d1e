"""Customers gone quiet for years, found and erased by the owner; and the customer book
leaves the shop (export, backup folder, a person's data) only by an owner's hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from relbook.services import plugins, privacy, staff
from relbook.services.counter import sales
from relbook.services.staff import access
from relbook.store.db import database
from relbook.store.models import Contact, Sale
from relbook.ui.data import privacy_actions
from relbook.ui.data.backups_dialog import BackupsDialog
from relbook.ui.data.quiet_dialog import QuietDialog

LEFT = Qt.MouseButton.LeftButton
plugins.load_all()


def test_customers_without_a_visit_for_years_are_listed_and_erased(
    qtbot, context, make_contact, answers
) -> None:
    old = make_contact("Olga", "Old")
    recent = make_contact("Rita", "Recent")
    sales.record_sale(old, 900, when=dt.datetime(2019, 5, 1, 10))
    sales.record_sale(recent, 900)
    database.obj.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id IN (?, ?)", ["2018-01-01 09:00:00", old, recent]
    )
    dialog = QuietDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert (
        dialog.table.model().rowCount() == 1
        and dialog.table.model().index(0, 0).data() == "Olga Old"
    )
    assert dialog.table.model().index(0, 1).data() == "2019-05-01"
    assert dialog.status.text() == "1 customer without a visit for 3 years or more."
    dialog.years.setFocus()
    qtbot.keyClick(dialog.years, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.years, "9")
    assert dialog.table.model().rowCount() == 0 and "Everyone has visited" in dialog.status.text()
    qtbot.keyClick(dialog.years, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.years, "3")
    assert not dialog.erase_button.isEnabled()
    dialog.table.selectRow(0)
    answers.answers.append(True)
    qtbot.mouseClick(dialog.erase_button, LEFT)
    assert "Erase the personal data of 1 customer?" in answers.asked[0]
    assert privacy.is_erased(old) and not privacy.is_erased(recent)
    assert Sale.select().where(Sale.contact == old).count() == 1  # the books stay
    assert dialog.table.model().rowCount() == 0
    assert dialog.status.text().startswith("Erased the personal data of 1 customers.")


def _staff_at_the_till(context) -> None:
    owner = staff.ensure_default()
    access.set_pin(owner, "739184")
    access.enable_roles(True)
    context.staff_id = staff.add_staff("Sam")


def test_staff_cannot_export_the_book_or_move_the_backups(
    qtbot, main_window, context, make_contact, answers
) -> None:
    anna = make_contact("Anna", "Berg")
    _staff_at_the_till(context)
    main_window.data_menu.actions["export"].trigger()
    assert answers.errors[-1].startswith("Only an owner may export the customer book.")
    dialog = BackupsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.folder_button, LEFT)
    assert answers.errors[-1].startswith("Only an owner may choose where backups go.")
    assert answers.folders == []  # the folder was never asked for
    assert privacy_actions.export_everything(None, context, anna) == []
    assert answers.errors[-1].startswith("Only an owner may export a customer's personal data.")
    quiet = QuietDialog(context)
    qtbot.addWidget(quiet)
    database.obj.execute_sql("UPDATE contact SET created_at = '2010-01-01 00:00:00'")
    quiet.refresh()
    quiet.table.selectRow(0)
    qtbot.mouseClick(quiet.erase_button, LEFT)
    assert answers.errors[-1].startswith("Only an owner may erase a customer's personal data.")
    assert Contact.get_by_id(anna).given_name == "Anna"
