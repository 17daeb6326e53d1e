"""The Notes page by keys and clicks: queue → personalise → preview → print → on record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit

from relbook.printing.fonts import FONT_DIR
from relbook.services import notes, settings
from relbook.services.counter import sales
from relbook.services.notes import templates
from relbook.ui.notes.page import NotesPage


class FakePrinter:
    """Stands in for relbook.ui.printing: keeps what would have gone to the printer."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.printed: list[bytes] = []
        self.offsets: list[tuple[float, float] | None] = []  # None: the printer's own

    def preview_and_print(self, _parent, pdf: bytes, _title: str, *, offset_mm=None) -> bool:
        self.printed.append(pdf)
        self.offsets.append(offset_mm)
        return self.accept

    def save_pdf(self, _parent, pdf: bytes, _name: str) -> Path | None:
        self.printed.append(pdf)
        return Path("/tmp/x.pdf") if self.accept else None


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


class FakeChooser:
    """Stands in for the file dialog: answers with the next prepared path."""

    def __init__(self) -> None:
        self.answers: list[str] = []

    def __call__(self, _parent, _caption: str, _filters: str) -> str:
        return self.answers.pop(0) if self.answers else ""


def hands_in(pdf: bytes) -> str:
    """The hands that wrote the PDF (the pen names them in its keywords)."""
    return str(PdfReader(io.BytesIO(pdf)).metadata["/Keywords"])


def when_modal(qtbot, drive) -> None:
    """Run ``drive(dialog)`` on the next modal dialog, the way a person would use it."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():  # a failed step must not leave the test waiting
                dialog.reject()

    QTimer.singleShot(0, run)


@pytest.fixture
def page(qtbot, context, make_contact):
    anna = make_contact("Anna", "Schmidt")
    sales.record_sale(anna, 25_000)
    printer = FakePrinter()
    chooser = FakeChooser()
    widget = NotesPage(context, printer=printer, chooser=chooser)
    widget.chooser = chooser
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.fake_printer = printer
    widget.anna = anna
    return widget


def select_first(qtbot, page: NotesPage) -> None:
    page.queue.view.setFocus()
    qtbot.keyClick(page.queue.view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.editor.isEnabled() and page.preview.renders > 0)


def test_queue_shows_the_big_sale_and_the_preview_renders_the_note(qtbot, page) -> None:
    assert page.queue.model.rowCount() == 1
    assert "Anna Schmidt" in page.queue.model.data(page.queue.model.index(0))
    select_first(qtbot, page)
    assert page.editor.toPlainText().startswith("Dear Anna,")
    assert page.preview.pdf is not None
    assert pdf_text(page.preview.pdf).startswith("Dear Anna,")


def test_editing_updates_the_preview_after_typing_stops(qtbot, page) -> None:
    select_first(qtbot, page)
    before = page.preview.renders
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.editor, " PS: the lemon tart is on us next time")
    assert page.preview.renders == before  # not on every key
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert "lemon tart is on us" in pdf_text(page.preview.pdf)


def test_print_puts_the_note_on_record_and_empties_the_queue(qtbot, page) -> None:
    select_first(qtbot, page)
    qtbot.keyClicks(page.editor, "Hi! ")
    qtbot.waitUntil(lambda: "Hi!" in pdf_text(page.preview.pdf), timeout=3000)
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(page.fake_printer.printed) == 1
    assert "Hi!" in pdf_text(page.fake_printer.printed[0])
    record = notes.history(page.anna)
    assert len(record) == 1 and record[0].occasion == "purchase" and "Hi!" in record[0].text
    assert page.queue.model.rowCount() == 0
    assert "put on record" in page.status.text()


def test_cancelled_print_records_nothing(qtbot, page) -> None:
    page.fake_printer.accept = False
    select_first(qtbot, page)
    page.printing.print_button.click()
    assert notes.history(page.anna) == []
    assert page.queue.model.rowCount() == 1


def test_unfillable_field_blocks_printing_with_a_message(qtbot, page) -> None:
    select_first(qtbot, page)
    page.editor.selectAll()
    qtbot.keyClicks(page.editor, "Love to {partner_name}")
    qtbot.waitUntil(lambda: "partner" in page.status.text().lower(), timeout=3000)
    assert not page.printing.print_button.isEnabled()
    page.printing.on_print()
    assert page.fake_printer.printed == []


def test_batch_of_ticked_rows_and_skip(qtbot, page, make_contact) -> None:
    ben = make_contact("Ben", "Okafor")
    sales.record_sale(ben, 30_000)
    page.refresh()
    assert page.queue.model.rowCount() == 2
    page.queue.tick_all.click()
    assert page.printing.batch_button.isEnabled()
    page.printing.batch_button.click()
    text = pdf_text(page.fake_printer.printed[-1])
    assert "Dear Anna," in text and "Dear Ben," in text
    assert {len(notes.history(page.anna)), len(notes.history(ben))} == {1}
    assert page.queue.model.rowCount() == 0


def test_a_ticked_note_with_a_field_to_fill_is_left_out_and_the_rest_print(
    qtbot, page, make_contact
) -> None:
    ben = make_contact("Ben", "Okafor")
    sales.record_sale(ben, 30_000)
    page.refresh()
    select_first(qtbot, page)  # this note is given a field nobody filled
    stuck = page.printing.drafts.current
    page.editor.selectAll()
    qtbot.keyClicks(page.editor, "Love to {partner_name}")
    qtbot.waitUntil(lambda: "partner" in page.status.text().lower(), timeout=3000)
    page.queue.tick_all.click()
    page.printing.batch_button.click()
    other = {page.anna: ("Anna", ben), ben: ("Ben", page.anna)}
    first, printed_id = other[stuck.contact_id]
    text = pdf_text(page.fake_printer.printed[-1])
    assert f"Dear {first}," not in text and "Love to" not in text and "Dear " in text
    assert f"Left out until filled in: {stuck.display_name}" in page.status.text()
    assert notes.history(stuck.contact_id) == [] and len(notes.history(printed_id)) == 1


def test_skip_by_delete_key(qtbot, page) -> None:
    select_first(qtbot, page)
    page.queue.view.setFocus()
    qtbot.keyClick(page.queue.view, Qt.Key.Key_Delete)
    assert page.queue.model.rowCount() == 0
    assert notes.history(page.anna)[0].status == "skipped"


def test_queue_model(qtmodeltester, page, make_contact, long_name) -> None:
    for given, family in (("Anna", "Schmidt"), long_name):  # a second Anna Schmidt
        sales.record_sale(make_contact(given, family), 30_000)
    page.refresh()
    model = page.queue.model
    names = [model.index(r, 0).data().split("\n")[0] for r in range(model.rowCount())]
    assert names.count("Anna Schmidt") == 2 and " ".join(long_name) in names
    qtmodeltester.check(model, force_py=True)
    page.queue.tick_all.click()  # ticks are the one thing the list lets a person change
    assert len(page.queue.checked()) == 3
    qtmodeltester.check(model, force_py=True)


def test_editing_a_template_updates_the_preview(qtbot, page) -> None:
    select_first(qtbot, page)
    assert "lemon tart" not in pdf_text(page.preview.pdf)
    before = page.preview.renders

    def edit(dialog: QDialog) -> None:
        listing = dialog.listing
        row = [listing.item(i).text() for i in range(listing.count())].index(
            "Thank you for your purchase"
        )
        listing.setCurrentRow(row)
        text = dialog.findChild(QPlainTextEdit)
        text.selectAll()
        qtbot.keyClicks(text, "Dear {first_name}, the lemon tart was a pleasure to bake.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text() == "Saved."
        dialog.reject()

    when_modal(qtbot, edit)
    qtbot.mouseClick(page.templates_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert pdf_text(page.preview.pdf).startswith("Dear Anna, the lemon tart was a pleasure")
    stored = templates.get_template("purchase").text
    assert stored == "Dear {first_name}, the lemon tart was a pleasure to bake."


def test_a_personalised_note_is_kept_when_the_template_changes(qtbot, page) -> None:
    select_first(qtbot, page)
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.editor, " PS: see you Friday")

    def edit(dialog: QDialog) -> None:
        dialog.text.setPlainText("Something else, {first_name}.")
        dialog.save_button.click()
        dialog.reject()

    when_modal(qtbot, edit)
    page.templates_button.click()
    assert page.editor.toPlainText().endswith("PS: see you Friday")


def test_queue_print_then_the_note_is_on_the_contacts_story(qtbot, main_window, make_contact,
                                                            monkeypatch) -> None:  # fmt: skip
    from relbook.ui import printing as qt_printing
    from relbook.ui.care.story import StoryDialog

    printed: list[bytes] = []
    monkeypatch.setattr(
        qt_printing, "preview_and_print", lambda _p, pdf, _t: printed.append(pdf) or True
    )
    zoe = make_contact("Zoë", "Ólafsdóttir")
    sales.record_sale(zoe, 18_000, note="the wedding flowers")
    qtbot.keyClick(main_window, Qt.Key.Key_F4)
    notes_page = main_window.pages["notes"]
    notes_page.refresh()
    qtbot.waitUntil(lambda: notes_page.queue.model.rowCount() == 1)
    select_first(qtbot, notes_page)
    assert "the wedding flowers" in notes_page.editor.toPlainText()
    qtbot.keyClick(notes_page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1 and "Dear Zoë," in pdf_text(printed[0])
    assert notes_page.queue.model.rowCount() == 0  # thanked once: the event is done
    main_window.context.hub.show_page.emit("contacts", zoe)
    contacts_page = main_window.pages["contacts"]
    qtbot.waitUntil(lambda: main_window.pages["contacts"].isVisible())
    qtbot.keyClick(contacts_page, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    story = contacts_page.findChild(StoryDialog, "storyDialog")
    qtbot.waitUntil(lambda: story is not None and story.isVisible())
    lines = story.timeline.lines()
    assert any("printed" in line and "the wedding flowers" in line for line in lines), lines
    story.reject()


def test_own_font_added_from_the_page_writes_the_preview(qtbot, page, tmp_path) -> None:
    mine = tmp_path / "My hand.ttf"
    mine.write_bytes((FONT_DIR / "Breip.ttf").read_bytes())
    select_first(qtbot, page)
    page.chooser.answers.append(str(mine))
    before = page.preview.renders
    qtbot.mouseClick(page.controls.add_font, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert "(yours)" in page.controls.font_combo.currentText()
    chosen = page.controls.font_combo.currentData()
    assert chosen in hands_in(page.preview.pdf)
    assert "Now writing in" in page.status.text()


def test_a_cff_font_gets_a_plain_message_and_nothing_changes(qtbot, page, tmp_path) -> None:
    from tests.services.test_note_fonts import cff_otf

    select_first(qtbot, page)
    fonts_before = page.controls.font_combo.count()
    page.chooser.answers.append(str(cff_otf(tmp_path / "Fancy.otf")))
    qtbot.mouseClick(page.controls.add_font, Qt.MouseButton.LeftButton)
    assert "Fancy.otf is an OpenType font with PostScript (CFF) outlines" in page.status.text()
    assert page.controls.font_combo.count() == fonts_before


def test_a_long_letter_shows_its_back_and_says_so(qtbot, page) -> None:
    """An 800-character letter on A6 stays at a readable size and goes on over the page:
    the preview shows both sides, the status line tells the owner how to print it."""
    select_first(qtbot, page)
    letter = (
        "Dear Anna, thank you for every Saturday morning you spent with us, for the "
        "sourdough you taught Paul to shape and for sending half the street our way. "
    ) * 6
    before = page.preview.renders
    page.editor.setPlainText(letter[:800])
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=5000)
    assert page.preview.sides_shown == 2
    assert "continues on the back" in page.status.text()
    assert len(PdfReader(io.BytesIO(page.preview.pdf)).pages) == 2
    assert pdf_text(page.preview.pdf).startswith("Dear Anna, thank you")
    assert page.printing.print_button.isEnabled()


def test_an_emoji_no_font_has_is_left_out_with_a_warning(qtbot, page) -> None:
    select_first(qtbot, page)
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    before = page.preview.renders
    qtbot.keyClicks(page.editor, " Cheers ")
    page.editor.insertPlainText("🎉!")  # pasted: QTest cannot type characters beyond U+FFFF
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert "🎉" in page.status.text() and "left out" in page.status.text()
    # the emoji is gone and leaves no stray space before the "!"
    assert "Cheers!" in pdf_text(page.preview.pdf)
    assert page.printing.print_button.isEnabled()


def test_card_style_signature_shows_in_the_preview(qtbot, page) -> None:
    select_first(qtbot, page)
    before = page.preview.renders

    def style(dialog: QDialog) -> None:
        form = dialog.form
        form.signature.clear()
        qtbot.keyClicks(form.signature, "Rosa & Tom")
        qtbot.keyClicks(form.footer, "Juniper & Rye, 2140 SE Division St")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    when_modal(qtbot, style)
    qtbot.mouseClick(page.style_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    text = pdf_text(page.preview.pdf)
    assert "Rosa & Tom" in text and "Juniper & Rye, 2140 SE Division St" in text


def test_variation_slider_rewrites_the_preview(qtbot, page) -> None:
    select_first(qtbot, page)
    first = page.preview.pdf
    before = page.preview.renders
    page.controls.variation.setFocus()
    qtbot.keyClick(page.controls.variation, Qt.Key.Key_End)  # strong
    qtbot.waitUntil(lambda: page.preview.renders > before, timeout=3000)
    assert page.preview.pdf != first
    assert pdf_text(page.preview.pdf) == pdf_text(first)  # the same words, written differently


def test_card_style_section_saves_all_or_nothing(qtbot, context, tmp_path) -> None:
    from relbook.errors import ValidationError
    from relbook.services import settings
    from relbook.ui.notes.style_section import CardStyle

    form = CardStyle(context)
    qtbot.addWidget(form)
    assert not form.has_changes()
    qtbot.keyClicks(form.signature, "Rosa")
    form.signature_png.setText(str(tmp_path / "missing.png"))
    assert form.has_changes()
    with pytest.raises(ValidationError, match=r"missing\.png was not found"):
        form.save()
    assert settings.get("notes.signature") == "" and settings.get("notes.signature_png") == ""
    form.signature_png.clear()
    form.flourish.setChecked(False)
    form.save()
    assert settings.get("notes.signature") == "Rosa" and settings.get("notes.flourish") is False
    assert not form.has_changes()
    assert not form.show_logo.isEnabled()  # no shop logo yet: says where to add one
    assert "Settings → Shop" in form.logo_hint.text()


def test_printer_offset_is_measured_and_saved_per_printer(qtbot, db) -> None:
    from relbook.services.notes import printing
    from relbook.ui.notes.calibration_dialog import CalibrationDialog

    printer = FakePrinter()
    dialog = CalibrationDialog(None, printer)
    qtbot.addWidget(dialog)
    dialog.printer_combo.setCurrentText("")
    qtbot.keyClicks(dialog.printer_combo, "Back office laser")
    for box, value in ((dialog.right, "-2.5"), (dialog.down, "1.5")):
        box.selectAll()
        qtbot.keyClicks(box, value)
    dialog.on_test_page()
    assert "Offset used for this page: right -2.5 mm, down +1.5 mm" in pdf_text(printer.printed[0])
    assert printer.offsets == [(0.0, 0.0)]  # drawn into the page: not moved a second time
    dialog.on_save()
    assert printing.printer_offset("Back office laser") == (-2.5, 1.5)
    assert printing.printer_offset("Till printer") == (0.0, 0.0)
    dialog.printer_combo.setCurrentText("Till printer")  # another printer shows its own
    assert dialog.right.value() == 0.0
    dialog.printer_combo.setCurrentText("Back office laser")
    assert (dialog.right.value(), dialog.down.value()) == (-2.5, 1.5)


def test_who_to_thank_thresholds_are_set_in_the_section(qtbot, page) -> None:
    from relbook.errors import ValidationError
    from relbook.ui.notes.style_section import CardStyle

    assert page.queue.model.rowCount() == 1  # Anna's sale of 250.00
    form = CardStyle(page._ctx)
    qtbot.addWidget(form)
    form.milestones.clear()
    qtbot.keyClicks(form.milestones, "ten, twenty")
    with pytest.raises(ValidationError, match="whole numbers"):
        form.save()
    form.milestones.clear()
    qtbot.keyClicks(form.milestones, "12 5")
    form.big_sale.clear()
    qtbot.keyClicks(form.big_sale, "300")
    form.save()
    assert settings.get("notes.milestones") == [5, 12]
    assert settings.get("notes.big_sale_minor") == 30_000
    assert page.queue.model.rowCount() == 0  # the page heard: 250.00 is no longer a big sale
    assert page.queue.heading.text() == "Who to thank"


def test_save_as_pdf_records_the_note(qtbot, page) -> None:
    select_first(qtbot, page)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert len(page.fake_printer.printed) == 1
    assert pdf_text(page.fake_printer.printed[0]).startswith("Dear Anna,")
    assert [n.status for n in notes.history(page.anna)] == ["printed"]


def test_envelopes_come_in_the_order_of_the_ticked_batch(qtbot, page, make_contact) -> None:
    from relbook.store.models import Contact

    Contact.update(
        street="Hauptstraße 5",
        postcode="10115",
        city="Berlin",
        country="Germany",
        consent_mail=dt.date(2026, 1, 5),
    ).where(Contact.id == page.anna).execute()
    ben = make_contact(
        "Łukasz",
        "Kowalczyk",
        street="ul. Długa 12",
        postcode="00-238",
        city="Warszawa",
        country="Poland",
        consent_mail=dt.date(2026, 2, 1),
    )
    sales.record_sale(ben, 40_000)
    settings.set_value("shop.name", "Juniper & Rye")
    settings.set_value("shop.address", "2140 SE Division St\nPortland, OR 97202")
    page.refresh()
    page.queue.tick_all.click()
    page.printing.envelope_combo.setCurrentIndex(page.printing.envelope_combo.findData("dl"))
    qtbot.mouseClick(page.printing.envelope_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(io.BytesIO(page.fake_printer.printed[-1]))
    order = [s.display_name for s in page.queue.checked()]
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(texts) == 2
    for name, text in zip(order, texts, strict=True):
        assert text.startswith("Juniper & Rye 2140 SE Division St") and name in text
    # each in its post office's order, the country line (and ours on the return) abroad
    assert (
        "Portland, OR 97202 UNITED STATES Łukasz Kowalczyk ul. Długa 12 00-238 WARSZAWA POLAND"
        in (" ".join(texts))
    )
    assert "Anna Schmidt Hauptstraße 5 10115 BERLIN GERMANY" in " ".join(texts)
    assert round(float(reader.pages[0].mediabox.width)) == 624  # DL: 220 mm wide
    assert settings.get("notes.envelope_size") == "dl"


def test_envelopes_only_for_those_who_agreed_to_post(qtbot, page, make_contact, monkeypatch):
    """Ben never agreed to post: the owner is asked (Cancel: left out, and said so), and
    an override prints his envelope too and is written to the audit log."""
    from relbook.services.staff import audit
    from relbook.store.models import Contact
    from relbook.ui.data import prompts

    Contact.update(
        street="Hauptstraße 5",
        postcode="10115",
        city="Berlin",
        country="Germany",
        consent_mail=dt.date(2026, 1, 5),
    ).where(Contact.id == page.anna).execute()
    ben = make_contact("Ben", "Okafor", street="1 Rye Lane", postcode="SE15", city="London")
    sales.record_sale(ben, 40_000)
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        prompts, "confirm", lambda parent, title, text, yes: asked.append(text) or answers.pop(0)
    )
    page.refresh()
    page.queue.tick_all.click()
    qtbot.mouseClick(page.printing.envelope_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("1 of the 2 ticked have not agreed to be written to")
    assert page.status.text() == "1 left out: no consent to post."
    (only,) = PdfReader(io.BytesIO(page.fake_printer.printed[-1])).pages
    assert "Anna Schmidt" in only.extract_text() and "Ben" not in only.extract_text()
    assert audit.entries(action="consent") == []
    qtbot.mouseClick(page.printing.envelope_button, Qt.MouseButton.LeftButton)  # the owner says yes
    assert len(PdfReader(io.BytesIO(page.fake_printer.printed[-1])).pages) == 2
    assert "owner's override, recorded in the audit log" in page.status.text()
    (entry,) = audit.entries(action="consent")
    assert entry.after["without_consent"] == [ben] and entry.subject == "envelopes (mail)"


def test_address_labels_for_the_ticked_from_a_used_sheet(qtbot, page, make_contact) -> None:
    """Tick, "Labels for ticked…", choose Avery 5160 and the eighth label: the PDF has the
    addresses the post office's way, inside that label; who has no address is named."""
    from relbook.printing.labels import label_sheet
    from relbook.services import mailing
    from relbook.store.models import Contact

    Contact.update(
        street="1234 NW Bobcat Lane",
        city="Portland",
        region="Oregon",
        postcode="97298",
        consent_mail=dt.date(2026, 1, 5),
    ).where(Contact.id == page.anna).execute()
    ada = make_contact("Ada", "Lovelace", consent_mail=dt.date(2026, 1, 5))
    sales.record_sale(ada, 40_000)
    page.refresh()
    page.queue.tick_all.click()
    assert page.printing.labels_button.isEnabled()

    def drive(dialog) -> None:
        dialog.sheet.setCurrentIndex(dialog.sheet.findData("5160"))
        assert dialog.start_at.maximum() == 30
        dialog.start_at.setValue(8)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "Saved to x.pdf: 1 label." in dialog.message.text()
        assert "Ada Lovelace: no postal address" in dialog.message.text()
        dialog.accept()

    when_modal(qtbot, drive)
    qtbot.mouseClick(page.printing.labels_button, Qt.MouseButton.LeftButton)
    pdf = page.fake_printer.printed[-1]
    assert "Anna Schmidt 1234 NW Bobcat Lane PORTLAND, OR 97298" in pdf_text(pdf)
    spots: list[tuple[float, float]] = []
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: text.strip() and spots.append(tm[4:6])
    )
    sheet = label_sheet("5160")
    x, y = sheet.slot(7)
    assert spots and all(
        x < sx < x + sheet.label_w and y < sy < y + sheet.label_h for sx, sy in spots
    )
    assert settings.get(mailing.LABEL_SHEET_KEY) == "5160"
    assert "1 label was left out" in page.status.text()
