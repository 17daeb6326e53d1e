"""The Notes page: review who to thank, personalise each note, preview it live, print.

The preview is the real PDF (the same bytes that print), rendered shortly after typing
stops. Printing goes through Qt (preview dialog) or "Save as PDF"; either way each note
then lands on the contact's record, and its event leaves the queue for good.
"""

from __future__ import annotations

from types import ModuleType

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.printing.notecards import DoesNotFit
from relbook.printing.templates import FIELD_LABELS, describe_missing, render_template
from relbook.services import contacts, notes, settings
from relbook.services.notes import PreparedNote, Suggestion, fields, printing, templates
from relbook.ui import printing as qt_printing
from relbook.ui.care.segment_widgets import SegmentNotesButton
from relbook.ui.context import AppContext
from relbook.ui.notes.batch import envelopes_for, prepare_batch
from relbook.ui.notes.controls import ENVELOPES, NoteControls, combo, select
from relbook.ui.notes.preview import PdfPreview
from relbook.ui.notes.queue_model import QueueModel
from relbook.ui.notes.style_section import Chooser, ask_file
from relbook.ui.pages import PageSpec
from relbook.ui.widgets.contact_picker import ContactPicker

PREVIEW_DELAY_MS = 400
ERROR, WARNING, OK = "#a33a2a", "#8a5a00", "#2f6b3a"


class NotesPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        printer: ModuleType = qt_printing,
        chooser: Chooser = ask_file,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notesPage")
        self._ctx = context
        self._printer = printer  # preview_and_print / save_pdf; tests pass a fake
        self._choose = chooser  # file chooser (fonts, signature picture); tests pass a fake
        self._current: Suggestion | None = None
        self._contact_id: int | None = None
        self._texts: dict[str, str] = {}  # personalised text per event (or contact)
        self._segment_id = 0  # a saved segment written to (relbook.ui.care), 0: none
        self._status_from_preview = False  # the status line shows a preview problem
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._build()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.queue = QueueModel(self)
        self.queue_view = QListView(objectName="noteQueue")
        self.queue_view.setModel(self.queue)
        self.queue_view.setSpacing(3)
        self.queue_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.queue_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.queue_heading = _heading("Who to thank")
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("No card for this one (Delete)")
        self.tick_all = QPushButton("Tick all")
        self.picker = ContactPicker(placeholder="Or write to… (type a name)")
        left = QVBoxLayout()
        left.addWidget(self.queue_heading)
        left.addWidget(self.queue_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.skip_button)
        row.addWidget(self.tick_all)
        left.addLayout(row)
        left.addWidget(self.picker)
        self.segment_button = SegmentNotesButton()  # a note for everyone in a segment
        left.addWidget(self.segment_button)

        self.title = QLabel("Pick someone on the left.", objectName="noteTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.reason = QLabel("", objectName="noteReason")
        self.about = QLabel("", objectName="noteAbout", wordWrap=True)
        self.about.setStyleSheet("color: #5c5a55;")
        self.about.setToolTip("What you know about them: for a line of your own")
        self.template_combo = QComboBox(objectName="templateCombo")
        self.field_button = QToolButton(text="Insert field ▾")
        self.field_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.field_button)
        for key, label in FIELD_LABELS.items():
            menu.addAction(f"{label}  {{{key}}}", lambda k=key: self.on_insert_field(k))
        self.field_button.setMenu(menu)
        self.editor = QPlainTextEdit(objectName="noteText")
        self.editor.setPlaceholderText("The note's text. Fields like {first_name} are filled in.")
        self.status = QLabel("", objectName="noteStatus", wordWrap=True)
        self.controls = NoteControls(chooser=self._choose)
        self.print_button = QPushButton("Print…  (Ctrl+P)", objectName="printNote")
        self.save_button = QPushButton("Save as PDF…")
        self.batch_button = QPushButton("Print ticked…")
        self.envelope_button = QPushButton("Envelopes for ticked…")
        self.envelope_combo = combo(ENVELOPES, "envelopeSize")
        select(self.envelope_combo, str(settings.get("notes.envelope_size")))
        self.envelope_combo.setToolTip("Envelope size")
        self.templates_button = QPushButton("Templates…")
        self.style_button = QPushButton("Card style…", objectName="cardStyleButton")
        self.calibrate_button = QPushButton("Printer offset…")

        middle = QVBoxLayout()
        middle.addWidget(self.title)
        middle.addWidget(self.reason)
        middle.addWidget(self.about)
        row = QHBoxLayout()
        row.addWidget(QLabel("Template:"))
        row.addWidget(self.template_combo, 1)
        row.addWidget(self.field_button)
        middle.addLayout(row)
        middle.addWidget(self.editor, 1)
        middle.addWidget(self.status)
        middle.addWidget(self.controls)
        for buttons in (
            (self.print_button, self.save_button),
            (self.batch_button, self.envelope_button, self.envelope_combo),
            (self.templates_button, self.style_button, self.calibrate_button),
        ):
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            middle.addLayout(row)

        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for layout, stretch in ((left, 2), (middle, 3)):
            holder = QWidget()
            holder.setLayout(layout)
            splitter.addWidget(holder)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([240, 560, 520])  # the card as large as the editor beside it
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)
        self._set_editing(False)

    def _connect_signals(self) -> None:
        self.queue_view.selectionModel().currentChanged.connect(self.on_queue_current)
        self.queue.dataChanged.connect(self.on_ticks_changed)
        self.skip_button.clicked.connect(self.on_skip)
        self.tick_all.clicked.connect(self.on_tick_all)
        self.picker.contact_picked.connect(self.on_contact_picked)
        self.segment_button.segment_chosen.connect(self.on_segment_chosen)
        self.template_combo.activated.connect(self.on_template_chosen)
        self.editor.textChanged.connect(self.on_text_changed)
        self._timer.timeout.connect(self.on_render_preview)
        self.controls.style_changed.connect(self.on_style_changed)
        self.controls.message.connect(lambda text, error: self._say(text, ERROR if error else OK))
        self.envelope_combo.currentIndexChanged.connect(
            lambda _i: settings.set_value("notes.envelope_size", self.envelope_combo.currentData())
        )
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save_pdf)
        self.batch_button.clicked.connect(self.on_print_batch)
        self.envelope_button.clicked.connect(self.on_envelopes)
        self.templates_button.clicked.connect(self.on_templates)
        self.style_button.clicked.connect(self.on_card_style)
        self.calibrate_button.clicked.connect(self.on_calibrate)
        QShortcut(QKeySequence.StandardKey.Print, self, self.on_print)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.on_save_pdf)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.queue_view, self.on_skip)
        self._ctx.hub.activity_changed.connect(lambda _cid: self.refresh())
        self._ctx.hub.contact_changed.connect(lambda _cid: self.refresh())
        self._ctx.hub.settings_changed.connect(self.on_settings_changed)

    # -- queue and selection -----------------------------------------------------------

    def refresh(self) -> None:
        keep = self._current.event_key if self._current else None
        self.queue.set_rows(notes.queue() + self._segment_rows())
        count = self.queue.rowCount()
        self.queue_heading.setText(f"Who to thank ({count})" if count else "Who to thank")
        self._fill_templates()
        row = self.queue.row_of(keep) if keep else -1
        if row >= 0:
            self.queue_view.setCurrentIndex(self.queue.index(row))
        self.on_ticks_changed()

    def _fill_templates(self) -> None:
        current = self.template_combo.currentData()
        self.template_combo.clear()
        for template in templates.list_templates():
            self.template_combo.addItem(template.name, template.name)
        if current:
            self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(current)))

    def _segment_rows(self) -> list[Suggestion]:
        """A note for each person of the chosen segment, until it is printed."""
        from relbook.services.contacts.segment_uses import note_suggestions

        if not self._segment_id:
            return []
        try:
            return note_suggestions(self._segment_id)
        except RelbookError:  # the segment was deleted meanwhile
            self._segment_id = 0
            return []

    def on_segment_chosen(self, segment_id: int) -> None:
        """Queue and tick a note for everyone in the segment; Print ticked prints them."""
        self._segment_id = segment_id
        self.refresh()
        keys = {s.event_key for s in self._segment_rows()}
        for row in range(self.queue.rowCount()):
            found = self.queue.suggestion(row)
            if found is not None and found.event_key in keys:
                self.queue.setData(self.queue.index(row), Qt.CheckState.Checked,
                                   Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        self._say(f"{len(keys)} note{'s' if len(keys) != 1 else ''} queued and ticked; each "
                  "starts from the Custom template — then Print ticked.")  # fmt: skip

    def on_queue_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        suggestion = self.queue.suggestion(index.row()) if index.isValid() else None
        if suggestion is None:
            return
        self._open(suggestion.contact_id, suggestion)

    def on_contact_picked(self, contact_id: int) -> None:
        self.queue_view.clearSelection()
        self._open(contact_id, None)
        self.editor.setFocus()

    def _open(self, contact_id: int, suggestion: Suggestion | None) -> None:
        self._current, self._contact_id = suggestion, contact_id
        self.title.setText(contacts.get_contact(contact_id).display_name)
        self.reason.setText(suggestion.reason if suggestion else "A note of your own")
        known = fields.about(contact_id)
        self.about.setText("You know: " + " · ".join(known) if known else "")
        self.about.setVisible(bool(known))
        occasion = suggestion.occasion if suggestion else "custom"
        template = templates.get_template(occasion)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(template.name)))
        text = self._texts.get(self._key()) or self._filled(template.text)
        self._set_editing(True)
        self.editor.setPlainText(text)
        self.on_render_preview()

    def _key(self) -> str:
        return self._current.event_key if self._current else f"contact:{self._contact_id}"

    def _filled(self, template_text: str) -> str:
        assert self._contact_id is not None
        return self._prepare(template_text).text

    def _prepare(
        self, text: str, suggestion: Suggestion | None = None, contact_id: int | None = None
    ) -> PreparedNote:
        suggestion = suggestion if contact_id is not None else self._current
        cid = contact_id if contact_id is not None else self._contact_id
        assert cid is not None
        return notes.prepare(
            cid,
            text,
            event_key=suggestion.event_key if suggestion else None,
            referee_id=suggestion.referee_id if suggestion else None,
        )

    def on_template_chosen(self, _index: int) -> None:
        if self._contact_id is None:
            return
        template = templates.get_template(self.template_combo.currentData())
        self.editor.setPlainText(self._filled(template.text))

    def on_insert_field(self, key: str) -> None:
        self.editor.insertPlainText(f"{{{key}}}")
        self.editor.setFocus()

    # -- live preview ------------------------------------------------------------------

    def on_text_changed(self) -> None:
        if self._contact_id is None:
            return
        self._texts[self._key()] = self.editor.toPlainText()
        self._timer.start()

    def on_style_changed(self) -> None:
        if self._contact_id is not None:
            self._timer.start()

    def on_settings_changed(self) -> None:
        self.controls.reload()
        self.refresh()  # the queue's thresholds may have changed
        self.on_style_changed()

    def on_render_preview(self) -> None:
        self._timer.stop()
        if self._contact_id is None:
            return
        note = self._prepare(self.editor.toPlainText())
        if not note.ok:
            self._blocked(describe_missing(render_template(note.text, {})))
            return
        warnings: list[str] = []
        try:
            pdf = printing.render([note], size=self.controls.size, warnings=warnings)
        except (DoesNotFit, RelbookError, ValueError) as exc:
            self._blocked(str(exc))
            return
        self.preview.show_pdf(pdf)
        if warnings:
            self._say(" ".join(warnings), WARNING, from_preview=True)
        elif self._status_from_preview:
            self._say("")  # the problem the preview showed is gone; other news stays
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _blocked(self, reason: str) -> None:
        """The note cannot be printed as it is: say why, and offer no print button."""
        self._say(reason, ERROR, from_preview=True)
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def _say(self, text: str, colour: str = OK, *, from_preview: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};")
        self._status_from_preview = from_preview

    def _set_editing(self, on: bool) -> None:
        for widget in (
            self.editor,
            self.template_combo,
            self.field_button,
            self.print_button,
            self.save_button,
        ):
            widget.setEnabled(on)

    # -- printing ----------------------------------------------------------------------

    def _current_note(self) -> PreparedNote | None:
        if self._contact_id is None:
            return None
        note = self._prepare(self.editor.toPlainText())
        return note if note.ok else None

    def on_print(self) -> None:
        self._output(self._printer.preview_and_print, single=True)

    def on_save_pdf(self) -> None:
        self._output(self._printer.save_pdf, single=True)

    def on_print_batch(self) -> None:
        self._output(self._printer.preview_and_print, single=False)

    def _output(self, sink, *, single: bool) -> None:
        if single:
            note = self._current_note()
            if note is None:
                self.on_render_preview()
                return
            batch = [(self._current, note)]
            sheet = None
        else:
            batch, problem = prepare_batch(self.queue.checked(), self._texts, self._prepare)
            if problem:
                self._say(problem, ERROR)
                return
            sheet = self.controls.sheet
        warnings: list[str] = []
        try:
            pdf = printing.render(
                [n for _, n in batch],
                size=self.controls.size,
                sheet=sheet,
                warnings=warnings,
            )
        except (DoesNotFit, ValueError, RelbookError) as exc:
            self._say(str(exc), ERROR)
            return
        title = "Thank-you notes" if len(batch) > 1 else f"Note for {self.title.text()}"
        done = sink(self, pdf, title if sink is self._printer.preview_and_print else f"{title}.pdf")
        if not done:
            return
        self._record(batch, warnings)

    def _record(
        self, batch: list[tuple[Suggestion | None, PreparedNote]], warnings: list[str]
    ) -> None:
        template = self.template_combo.currentData() or ""
        recorded = 0
        for suggestion, note in batch:
            try:
                notes.record_printed(
                    note.contact_id,
                    occasion=suggestion.occasion if suggestion else "custom",
                    text=note.text,
                    reason=suggestion.reason if suggestion else "",
                    template_name=template,
                    event_key=suggestion.event_key if suggestion else None,
                    seed=note.seed,
                    staff_id=self._ctx.staff_id,
                )
            except RelbookError as exc:
                self._say(str(exc), ERROR)
                continue
            recorded += 1
            self._texts.pop(
                suggestion.event_key if suggestion else f"contact:{note.contact_id}", None
            )
            self._ctx.hub.activity_changed.emit(note.contact_id)
        done = f"{recorded} note{'s' if recorded != 1 else ''} printed and put on record."
        self._say(" ".join([done, *warnings]), WARNING if warnings else OK)

    def on_envelopes(self) -> None:
        chosen = self.queue.checked()
        if not chosen:
            self._say("Tick the people you want envelopes for.", ERROR)
            return
        try:
            pdf = envelopes_for([s.contact_id for s in chosen], self.envelope_combo.currentData())
        except (RelbookError, ValueError) as exc:
            self._say(str(exc), ERROR)
            return
        self._printer.preview_and_print(self, pdf, "Envelopes")

    def on_skip(self) -> None:
        if self._current is None:
            return
        notes.skip(self._current, staff_id=self._ctx.staff_id)
        self._current = None
        self._contact_id = None
        self._set_editing(False)
        self.editor.clear()
        self.preview.clear()
        self.refresh()

    def on_tick_all(self) -> None:
        self.queue.check_all(len(self.queue.checked()) < self.queue.rowCount())

    def on_ticks_changed(self, *_: object) -> None:
        count = len(self.queue.checked())
        self.batch_button.setText(f"Print ticked ({count})…")
        self.batch_button.setEnabled(count > 0)
        self.envelope_button.setEnabled(count > 0)

    def on_templates(self) -> None:
        from relbook.ui.notes.templates_dialog import TemplatesDialog

        name = self.template_combo.currentData()
        untouched = False
        if self._contact_id is not None and name:
            old = templates.get_template(name).text
            untouched = self.editor.toPlainText() == self._filled(old)
        TemplatesDialog(self).exec()
        self._fill_templates()
        if untouched and self.template_combo.findData(name) >= 0:
            # The note was the template as it stood: show the template as it is now.
            self.editor.setPlainText(self._filled(templates.get_template(name).text))

    def on_card_style(self) -> None:
        from relbook.ui.notes.style_section import CardStyleDialog

        dialog = CardStyleDialog(self, self._ctx, self._choose)
        dialog.form.fonts_changed.connect(self.on_settings_changed)
        dialog.exec()
        self.on_settings_changed()

    def on_calibrate(self) -> None:
        from relbook.ui.notes.calibration_dialog import CalibrationDialog

        CalibrationDialog(self, self._printer).exec()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 13pt; font-weight: 600;")
    return label


PAGE = PageSpec("notes", "Notes", "F4", 30, lambda ctx: NotesPage(ctx))
