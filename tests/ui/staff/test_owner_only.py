"""Owner-only work tried by staff in the app: each says so in plain words, names who is
signed in, and changes nothing — adjust points, void a voucher, erase a customer's data,
restore a backup, change settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relbook.services import backup, contacts, vouchers
from relbook.services.contacts.inputs import ContactInput
from relbook.services.counter import sales
from relbook.services.loyalty import ledger
from relbook.services.staff import access
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import Contact
from relbook.ui.counter.adjust_dialog import AdjustPointsDialog
from relbook.ui.data import privacy_actions
from relbook.ui.data.backups_dialog import BackupsDialog
from relbook.ui.vouchers.dialogs import VoidDialog
from tests.ui.data.conftest import answers  # noqa: F401 - the scripted prompts fixture
from tests.ui.settings.conftest import ctrl_s

LEFT = Qt.MouseButton.LeftButton


def refused(action: str) -> str:
    return f"Only an owner may {action}. Sam is signed in as staff; ask the owner to switch user."


@pytest.fixture
def as_staff(context, team) -> dict[str, int]:
    """Roles on, Sam at the till, Anna a customer with points and a voucher."""
    access.enable_roles(True)
    context.staff_id = team["sam"]
    anna = contacts.create_contact(ContactInput(given_name="Anna", family_name="Berg")).contact_id
    sales.record_sale(anna, 2000, staff_id=team["sam"])
    voucher = vouchers.issue(anna, "goodwill", VoucherValue.amount(500)).id
    return {**team, "anna": anna, "voucher": voucher}


def test_adjusting_points(qtbot, as_staff) -> None:
    dialog = AdjustPointsDialog(as_staff["anna"], "Anna Berg", 20, staff_id=as_staff["sam"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.points, "50")
    qtbot.keyClicks(dialog.reason, "Because")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text() == refused("adjust points") and dialog.isVisible()
    assert ledger.balance(as_staff["anna"]) == 20


def test_voiding_a_voucher(qtbot, as_staff) -> None:
    dialog = VoidDialog(vouchers.get(as_staff["voucher"]), as_staff["sam"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reason, "Printed twice")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.error.text() == refused("void a voucher") and dialog.isVisible()
    assert vouchers.get(as_staff["voucher"]).state == "issued"


def test_erasing_a_customer(qtbot, context, as_staff, answers) -> None:  # noqa: F811
    assert not privacy_actions.erase_personal_data(None, context, as_staff["anna"])
    assert answers.errors == [refused("erase a customer's personal data")]
    assert answers.asked == []  # not even asked
    assert Contact.get_by_id(as_staff["anna"]).given_name == "Anna"


def test_restoring_a_backup(qtbot, context, as_staff, answers) -> None:  # noqa: F811
    backup.backup_now()
    dialog = BackupsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert answers.errors == [refused("restore a backup")]


def test_changing_settings(qtbot, window, context, as_staff) -> None:
    window.staff_session.signed_in = as_staff["sam"]
    qtbot.keyClick(window, Qt.Key.Key_F7)
    page = window.pages["settings"]
    page.show_section("staff")
    section = page.section("staff")
    section.lock_minutes.setFocus()
    qtbot.keyClick(section.lock_minutes, Qt.Key.Key_Up)
    ctrl_s(qtbot)
    assert page.status() == refused("change settings")
    assert access.lock_minutes() == 0
