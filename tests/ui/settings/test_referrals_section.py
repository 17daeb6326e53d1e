"""Settings → Referrals by keys: the reward rules saved from the Settings page, mistakes
stored nowhere; with staff roles on, only an owner changes the rules or voids a voucher."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from relbook.errors import PermissionDenied
from relbook.services import referrals, staff, vouchers
from relbook.services.referrals import Programme
from relbook.services.staff import access
from relbook.services.vouchers.types import VoucherValue
from tests.ui.settings.conftest import ctrl_s, retype


def test_reward_rules_saved_from_settings(settings_page, qtbot) -> None:
    titles = [settings_page.list.item(i).text() for i in range(settings_page.list.count())]
    assert "Referrals" in titles
    settings_page.show_section("referrals")
    assert settings_page.heading.text() == "Referrals"
    form = settings_page.section("referrals").form
    row = titles.index("Referrals")
    retype(qtbot, form.reward.amount, "7.50")
    assert settings_page.list.item(row).text() == "Referrals  ●"
    retype(qtbot, form.min_purchase, "12")
    with qtbot.waitSignal(settings_page.hub.settings_changed):
        ctrl_s(qtbot)
    assert settings_page.status() == "Saved Referrals."
    assert settings_page.list.item(row).text() == "Referrals"
    prog = referrals.programme()
    assert (prog.reward, prog.min_purchase_minor) == (VoucherValue.amount(750), 1200)


def test_a_bad_amount_in_settings_stores_nothing(settings_page, qtbot) -> None:
    settings_page.show_section("referrals")
    form = settings_page.section("referrals").form
    retype(qtbot, form.reward.amount, "lots")
    ctrl_s(qtbot)
    assert "Referrals was not saved" in settings_page.status()
    assert "is not an amount" in settings_page.status()
    assert referrals.programme() == Programme()


@pytest.fixture
def roles_on(db) -> dict[str, int]:
    owner = staff.ensure_default()
    access.set_pin(owner, "123456")
    access.enable_roles(True)
    return {"owner": owner, "sam": staff.add_staff("Sam")}


def test_only_an_owner_changes_the_rules_from_the_vouchers_page(roles_on, context, qtbot) -> None:
    from relbook.ui.vouchers.referrals_dialog import RulesDialog

    dialog = RulesDialog(context.hub, roles_on["sam"])
    qtbot.addWidget(dialog)
    dialog.form.cap_count.setValue(4)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "Only an owner may change settings" in dialog.error.text()
    assert referrals.programme().cap_count == 0
    dialog.staff_id = roles_on["owner"]
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert referrals.programme().cap_count == 4 and dialog.notice.text() == "Saved."


def test_only_an_owner_voids_a_voucher(roles_on, make_contact) -> None:
    anna = make_contact("Anna")
    v = vouchers.issue(anna, "goodwill", VoucherValue.amount(300), staff_id=roles_on["sam"])
    with pytest.raises(PermissionDenied, match="Only an owner may void a voucher"):
        vouchers.void(v.id, "Wrong name", staff_id=roles_on["sam"])
    assert vouchers.get(v.id).state == "issued"
    assert vouchers.void(v.id, "Wrong name", staff_id=roles_on["owner"]).state == "void"
