"""The Vouchers page driven by keys: scan → the voucher shows → Enter redeems → stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCompleter

from relbook.services import codes, vouchers
from relbook.services.vouchers.types import VoucherValue
from relbook.store.models import Staff
from relbook.store.models.vouchers import Voucher
from relbook.ui import printing
from relbook.ui.vouchers.dialogs import IssueDialog, VoidDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def shop(make_contact, context) -> dict[str, int]:
    staff = Staff.create(name="Maria").id
    context.staff_id = staff
    anna = make_contact("Anna", "Schmidt", phone="+49 171 5558642")
    ben = make_contact("Ben", "Okafor")
    v1 = vouchers.issue(anna, "goodwill", VoucherValue.amount(500)).id
    v2 = vouchers.issue(ben, "birthday", VoucherValue.percent_off(10)).id
    return {"staff": staff, "anna": anna, "ben": ben, "v1": v1, "v2": v2}


@pytest.fixture
def page(shop, main_window, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    page = main_window.pages["vouchers"]
    assert main_window.current_page_key() == "vouchers"
    qtbot.waitUntil(page.search.hasFocus)
    return page


def shown(page, column: int = 0) -> list[str]:
    model = page.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def focused():
    return QApplication.focusWidget()


def code_of(voucher_id: int) -> str:
    return codes.format_code(Voucher.get_by_id(voucher_id).code)


def test_scan_shows_the_voucher_and_enter_redeems_it(page, shop, qtbot) -> None:
    code = code_of(shop["v1"])
    qtbot.keyClicks(page.search, code.replace("-", "").lower())  # a scanner types fast
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.panel.value.text() == "$5.00 off"
    assert "for Anna Schmidt" in page.panel.meta.text()
    assert page.panel.message() == "Press Enter to redeem it."
    assert Voucher.get_by_id(shop["v1"]).state == "issued"  # showing changes nothing
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    row = Voucher.get_by_id(shop["v1"])
    assert (row.state, row.redeemed_by_id) == ("redeemed", shop["staff"])
    assert page.panel.message() == "Redeemed ✓  $5.00 off for Anna Schmidt."
    assert page.status() == page.panel.message()
    states = dict(zip(shown(page, 0), shown(page, 4), strict=True))
    assert states[code] == "Redeemed"
    # the same code again: refused, with when and by whom; nothing changes
    qtbot.keyClick(page.search, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(page.search, code)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "already redeemed on" in page.panel.message() and "by Maria" in page.panel.message()
    assert not page.panel.redeem_button.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(shop["v1"]).redeemed_at == row.redeemed_at


def test_typo_offers_did_you_mean_and_changes_nothing(page, shop, qtbot) -> None:
    code = code_of(shop["v2"])
    compact = codes.compact_code(code)
    typo = compact[:3] + ("X" if compact[3] != "X" else "W") + compact[4:]
    qtbot.keyClicks(page.search, typo)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "typing mistake" in page.panel.message()
    assert f"Did you mean {code}?" in page.panel.message()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter never redeems a guess
    assert Voucher.get_by_id(shop["v2"]).state == "issued"
    assert page.panel.suggestions == [code]
    button = page.panel.findChild(type(page.actions.issue_button), None)
    buttons = [b for b in page.panel.findChildren(type(button)) if b.text() == f"Use {code}"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert page.panel.value.text() == "10% off"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(shop["v2"]).state == "redeemed"


def test_unknown_expired_and_void_codes_are_refused_plainly(page, shop, qtbot) -> None:
    stranger = codes.new_voucher_code()
    expired = vouchers.issue(
        shop["anna"],
        "goodwill",
        VoucherValue.amount(200),
        expires_on=dt.date.today() - dt.timedelta(days=1),
    )
    voided = vouchers.issue(shop["ben"], "goodwill", VoucherValue.amount(200))
    vouchers.void(voided.id, "Given by mistake")
    cases = [
        (stranger, f"No voucher has the code {stranger}."),
        (expired.code, f"expired on {vouchers.show_date(expired.expires_on)}"),
        (voided.code, "Given by mistake"),
        ("12", "is not a voucher code"),
    ]
    for text, words in cases:
        qtbot.keyClick(page.search, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(page.search, text)
        if text == "12":
            page.panel.show_code(text)  # too short to be taken for a code by the box
        else:
            qtbot.keyClick(page.search, Qt.Key.Key_Return)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
        assert words in page.panel.message(), text
    assert Voucher.get_by_id(expired.id).state == "issued"
    assert Voucher.get_by_id(voided.id).state == "void"
    assert Voucher.select().where(Voucher.state == "redeemed").count() == 0


def test_search_and_state_filters_by_keys(page, shop, qtbot) -> None:
    vouchers.mark_printed([shop["v2"]])
    page.reload()
    assert len(shown(page)) == 2
    qtbot.keyClicks(page.search, "okaf")
    assert shown(page, 1) == ["Ben Okafor"]
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    qtbot.keyClick(page.search, Qt.Key.Key_2, ALT)  # Issued
    assert shown(page, 1) == ["Anna Schmidt"]
    qtbot.keyClick(page.search, Qt.Key.Key_3, ALT)  # Printed
    assert shown(page, 1) == ["Ben Okafor"]
    assert page.list.filter_group.button(2).text() == "Printed  1"
    qtbot.keyClick(page.search, Qt.Key.Key_4, ALT)  # Redeemed
    assert shown(page) == [] and "No vouchers match" not in page.list.empty_hint.text()
    qtbot.keyClick(page.search, Qt.Key.Key_1, ALT)  # All
    page.list.kind.setCurrentIndex(page.list.kind.findData("birthday"))
    assert shown(page, 1) == ["Ben Okafor"] and shown(page, 3) == ["Birthday"]
    page.list.kind.setCurrentIndex(page.list.kind.findData("welcome"))
    assert shown(page) == [] and page.list.empty_hint.text() == "No vouchers match."


@pytest.fixture
def no_popup(monkeypatch) -> list[int]:
    """The offscreen test platform cannot raise popups; record instead of showing."""
    shown: list[int] = []
    monkeypatch.setattr(QCompleter, "complete", lambda self, *a: shown.append(1))
    return shown


def test_issue_goodwill_voucher_by_keys(page, shop, qtbot, no_popup) -> None:
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    dialog = page.actions.dialog
    assert isinstance(dialog, IssueDialog)
    qtbot.waitUntil(dialog.contact.hasFocus)
    qtbot.keyClicks(dialog.contact, "8642")  # the last digits of Anna's phone
    assert next(name for _, name in dialog.contact.matches()).startswith("Anna Schmidt")
    assert no_popup  # the list of matches was offered
    qtbot.keyClick(dialog.contact, Qt.Key.Key_Return)  # one match: Enter takes it
    assert dialog.contact.contact_id() == shop["anna"]
    assert "Value" in dialog.error.text()  # Enter also tried to issue: no amount yet
    assert Voucher.select().count() == 2
    qtbot.keyClicks(dialog.amount, "abc")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert "is not an amount" in dialog.error.text() and dialog.isVisible()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "7.50")
    qtbot.keyClicks(dialog.note, "sorry for the wait")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    new = Voucher.select().order_by(Voucher.id.desc()).get()
    assert (new.beneficiary_id, new.amount_minor, new.kind) == (shop["anna"], 750, "goodwill")
    assert new.issued_by_id == shop["staff"] and new.note == "sorry for the wait"
    assert page.status().startswith(f"Issued {codes.format_code(new.code)}: $7.50 off")


def test_void_needs_a_reason(page, shop, qtbot) -> None:
    qtbot.keyClicks(page.search, "Okafor")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialog = page.actions.dialog
    assert isinstance(dialog, VoidDialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert "Reason" in dialog.error.text() and dialog.isVisible()
    assert Voucher.get_by_id(shop["v2"]).state == "issued"
    qtbot.keyClicks(dialog.reason, "Printed with the wrong name")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    row = Voucher.get_by_id(shop["v2"])
    assert (row.state, row.void_reason, row.voided_by_id) == (
        "void",
        "Printed with the wrong name",
        shop["staff"],
    )
    assert shown(page, 4) == ["Void"]


def test_print_all_unprinted_goes_through_the_preview_and_marks_printed(
    page, shop, qtbot, monkeypatch
) -> None:
    printed: list[bytes] = []
    answer = {"printed": False}

    def fake_preview(parent, pdf, title):
        printed.append(pdf)
        return answer["printed"]

    monkeypatch.setattr(printing, "preview_and_print", fake_preview)
    qtbot.keyClick(page.search, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10_000)
    assert Voucher.select().where(Voucher.state == "printed").count() == 0  # cancelled
    assert "stay in the print queue" in page.status()
    answer["printed"] = True
    qtbot.keyClick(page.search, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10_000)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed[1])).pages)
    for vid in (shop["v1"], shop["v2"]):
        assert code_of(vid) in text
        assert Voucher.get_by_id(vid).state == "printed"
    assert page.status() == "Printed 2 vouchers."
    assert page.counts.text() == "0 waiting to be printed"


def test_save_as_pdf(page, shop, qtbot, monkeypatch, tmp_path) -> None:
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(
        printing, "save_pdf", lambda parent, pdf, name: target.write_bytes(pdf) and target
    )
    qtbot.keyClick(page.search, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert len(PdfReader(target).pages) == 2
    qtbot.waitUntil(lambda: "Saved to out.pdf" in page.status())
    assert Voucher.select().where(Voucher.state == "printed").count() == 2


def test_voucher_model_reads_pages_and_passes_the_model_tester(
    shop, make_contact, long_name, qtmodeltester
) -> None:
    from relbook.services.vouchers.types import Filters
    from relbook.ui.vouchers.table_model import PAGE, VoucherPages, voucher_model

    long_id = make_contact(*long_name)
    namesake = make_contact("Ben", "Okafor")  # a second Ben Okafor
    for i in range(PAGE + 20):
        who = (long_id, namesake, shop["ben"])[i % 3]
        vouchers.issue(who, "goodwill", VoucherValue.amount(100 + i))
    vouchers.void(shop["v1"], "Printed with the wrong name")
    model = voucher_model()
    model.set_pager(VoucherPages(Filters()))
    assert model.rowCount() == PAGE and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == PAGE + 22
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert " ".join(long_name) in names and names.count("Ben Okafor") > PAGE // 2
    void = model.row_of(shop["v1"])
    assert model.index(void, 4).data() == "Void"
    assert model.index(void, 0).data(Qt.ItemDataRole.ToolTipRole).endswith("wrong name")
    assert model.index(void, 4).data(Qt.ItemDataRole.ForegroundRole).name() == "#8c1d18"
    qtmodeltester.check(model, force_py=True)


@pytest.fixture
def counter(shop, main_window, qtbot):
    from relbook.services import plugins

    plugins.load_all()
    qtbot.keyClick(main_window, Qt.Key.Key_F2)
    page = main_window.pages["counter"]
    if not page.finder.input.hasFocus():  # F2 focuses the page itself (reported to the lead)
        page.finder.input.setFocus()
    qtbot.waitUntil(page.finder.input.hasFocus)
    return page


def type_keys(qtbot, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focused(), ch)


def test_counter_scan_redeems_and_selects_the_customer(counter, shop, qtbot) -> None:
    code = code_of(shop["v1"])
    type_keys(qtbot, codes.compact_code(code))  # the scanner: keys, then Enter
    assert "Voucher code" in counter.finder.hint.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert counter.stack.currentWidget() is counter.voucher_panel
    assert counter.voucher_panel.value.text() == "$5.00 off"
    assert Voucher.get_by_id(shop["v1"]).state == "issued"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # the cashier's Enter redeems
    row = Voucher.get_by_id(shop["v1"])
    assert (row.state, row.redeemed_by_id) == ("redeemed", shop["staff"])
    assert counter.contact_id == shop["anna"]  # ready to ring up the rest
    assert counter.status() == "Redeemed ✓  $5.00 off for Anna Schmidt."
    assert counter.sale.amount.input.hasFocus()
    # scanned again, this time into the amount field: refused, nothing changes
    type_keys(qtbot, code)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert counter.stack.currentWidget() is counter.voucher_panel
    assert "already redeemed on" in counter.voucher_panel.message()
    assert "by Maria" in counter.voucher_panel.message()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(shop["v1"]).redeemed_at == row.redeemed_at
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert counter.stack.currentIndex() != 2


def test_counter_typo_says_did_you_mean(counter, shop, qtbot) -> None:
    compact = codes.compact_code(code_of(shop["v2"]))
    typo = compact[:-1] + ("2" if compact[-1] != "2" else "3")
    type_keys(qtbot, typo.lower())
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert f"Did you mean {code_of(shop['v2'])}?" in counter.voucher_panel.message()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(shop["v2"]).state == "issued"


def test_pick_from_the_list_then_enter_twice_redeems(page, shop, qtbot) -> None:
    qtbot.keyClicks(page.search, "Okafor")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.panel.value.text() == "10% off"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.panel.hasFocus() and Voucher.get_by_id(shop["v2"]).state == "issued"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(shop["v2"]).state == "redeemed"
    assert page.search.hasFocus()  # ready for the next scan


def test_birthday_vouchers_are_issued_at_start_up_and_on_day_change(
    make_contact, context, open_main_window, qtbot
) -> None:
    """Whatever page is open: the main window runs the daily pass, not the Vouchers page."""
    from relbook.services.dates import PartialDate
    from relbook.ui.vouchers.daily import VoucherDay

    today = dt.date.today()
    soon, later = today + dt.timedelta(days=5), today + dt.timedelta(days=9)
    clara = make_contact("Clara", "Soon", birthday=PartialDate(soon.month, soon.day))
    dora = make_contact("Dora", "Later", birthday=PartialDate(later.month, later.day))
    vouchers.save_birthday_settings(
        enabled=True, days_before=7, value=VoucherValue.percent_off(10), validity_days=30
    )
    window = open_main_window(start_page="counter", remember_layout=False, active=False)
    qtbot.waitUntil(lambda: len(vouchers.list_vouchers()) == 1)  # once the till is on screen
    assert "vouchers" not in window.pages  # never opened…
    assert [v.beneficiary_id for v in vouchers.list_vouchers()] == [clara]  # …still issued
    assert vouchers.unprinted_ids() == [vouchers.list_vouchers()[0].id]  # in the print queue
    # two days later (the till stayed open): Dora's is due too, Clara's is not issued twice
    day = {"today": today}
    ticker = VoucherDay(context.hub, window, today=lambda: day["today"])
    day["today"] = today + dt.timedelta(days=2)
    with qtbot.waitSignal(context.hub.activity_changed):
        ticker.on_tick()
    assert sorted(v.beneficiary_id for v in vouchers.list_vouchers()) == [clara, dora]
    ticker.on_tick()  # the same day again: nothing
    assert len(vouchers.list_vouchers()) == 2


def test_the_idle_panel_shows_the_vouchers_at_a_glance(page, shop, qtbot) -> None:
    glance = page.panel.glance
    assert glance.isVisible() and not page.panel.close_button.isVisible()
    assert glance.text().splitlines()[0] == "2 waiting to be printed"
    qtbot.keyClicks(page.search, code_of(shop["v1"]))
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert not glance.isVisible() and page.panel.close_button.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # redeem: back to the scan box
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # clear
    assert glance.isVisible()
    assert glance.text().splitlines() == [
        "1 waiting to be printed",
        "0 printed and with their customers",
        "1 redeemed so far",
    ]


def test_redeeming_with_nobody_picked_at_the_till_names_the_owner(shop, context, qtbot) -> None:
    from relbook.ui.vouchers.redeem_panel import VoucherRedeemPanel

    Staff.update(role="owner").where(Staff.id == shop["staff"]).execute()
    context.staff_id = None
    panel = VoucherRedeemPanel(context)
    qtbot.addWidget(panel)
    panel.show_code(code_of(shop["v1"]))
    assert panel.redeem()
    assert Voucher.get_by_id(shop["v1"]).redeemed_by_id == shop["staff"]
    panel.show_code(code_of(shop["v1"]))
    assert panel.message().endswith("by Maria.")


def test_counter_scan_of_a_points_voucher_credits_the_ledger(counter, shop, qtbot) -> None:
    from relbook.services.loyalty import ledger

    v = vouchers.issue(shop["ben"], "goodwill", VoucherValue.points_of(40))
    before = ledger.balance(shop["ben"])
    type_keys(qtbot, codes.compact_code(v.code))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert counter.voucher_panel.value.text() == "40 points"
    assert ledger.balance(shop["ben"]) == before  # shown, not yet redeemed
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert Voucher.get_by_id(v.id).state == "redeemed"
    assert ledger.balance(shop["ben"]) == before + 40 == ledger.ledger_sum(shop["ben"])
    assert counter.contact_id == shop["ben"]
    assert counter.status() == "Redeemed ✓  40 points for Ben Okafor."


def test_issuing_a_voucher_that_will_not_print_warns_first(
    page, shop, qtbot, make_contact, no_popup
) -> None:
    """The shop hears at the counter, not when the batch is printed: the first OK says
    why it will not print, the second issues it anyway."""
    giant = make_contact("Bartholomew" * 8, "")  # one word wider than any voucher
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    dialog = page.actions.dialog
    dialog.contact.set_contact(giant)
    qtbot.keyClicks(dialog.amount, "5")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible() and Voucher.select().count() == 2  # not issued yet
    assert "will not print at the shop's size" in dialog.error.text()
    assert "does not fit" in dialog.error.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Issue anyway"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and Voucher.select().count() == 3


def test_printing_the_queue_leaves_out_only_the_voucher_that_cannot_print(
    page, shop, qtbot, monkeypatch, make_contact
) -> None:
    giant = vouchers.issue(
        make_contact("Bartholomew" * 8, ""), "goodwill", VoucherValue.amount(500)
    )
    printed: list[bytes] = []
    monkeypatch.setattr(printing, "preview_and_print", lambda p, pdf, t: printed.append(pdf) or 1)
    qtbot.keyClick(page.search, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10_000)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed[0])).pages)
    assert code_of(shop["v1"]) in text and code_of(giant.id) not in text
    qtbot.waitUntil(lambda: page.status().startswith("Printed 2 vouchers."))
    assert "1 voucher was left out" in page.status() and giant.code in page.status()
    assert "Bartholomew" in page.status()
    assert Voucher.get_by_id(giant.id).state == "issued"  # still in the queue
    assert Voucher.get_by_id(shop["v1"]).state == "printed"
    assert page.counts.text() == "1 waiting to be printed"
