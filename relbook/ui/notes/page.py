"""The Notes page: review who to thank, personalise each note, preview it live, print.

The preview is the real PDF (the same bytes that print), rendered shortly after typing
stops. Printing goes through Qt (preview dialog) or "Save as PDF"; either way each note
then lands on the contact's record, and its event leaves the queue for good.
"""

from __future__ import annotations

from types import ModuleType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
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
from relbook.services import contacts, notes
from relbook.services.notes import Suggestion, fields, printing, templates
from relbook.ui import printing as qt_printing
from relbook.ui.context import AppContext
from relbook.ui.notes.controls import NoteControls
from relbook.ui.notes.drafts import NoteDrafts
from relbook.ui.notes.note_printing import NotePrinting
from relbook.ui.notes.preview import PdfPreview
from relbook.ui.notes.queue_panel import QueuePanel
from relbook.ui.notes.style_section import Chooser, ask_file
from relbook.ui.pages import PageSpec

PREVIEW_DELAY_MS = 400
COLOURS = {"error": "#a33a2a", "warning": "#8a5a00", "ok": "#2f6b3a"}


class NotesPage(QWidget):
    """The queue (``QueuePanel``) left, the open note in the middle with its writing
    controls and the print buttons (``NotePrinting``), its preview right."""

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
        self.drafts = NoteDrafts()
        self._status_from_preview = False  # the status line shows a preview problem
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._build()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.queue = QueuePanel(self.drafts)
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
        self.printing = NotePrinting(
            self,
            self._ctx,
            self.drafts,
            self.controls,
            text=self.editor.toPlainText,
            title=self.title.text,
            template=lambda: self.template_combo.currentData() or "",
            checked=self.queue.checked,
            printer=self._printer,
        )
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
        p = self.printing
        for buttons in (
            (p.print_button, p.save_button),
            (p.batch_button, p.envelope_button, p.envelope_combo, p.labels_button),
            (self.templates_button, self.style_button, self.calibrate_button),
        ):
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            middle.addLayout(row)

        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.setStretchFactor(0, 2)
        holder = QWidget()
        holder.setLayout(middle)
        splitter.addWidget(holder)
        splitter.setStretchFactor(1, 3)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([240, 560, 520])  # the card as large as the editor beside it
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)
        self._set_editing(False)

    def _connect_signals(self) -> None:
        self.queue.suggestion_chosen.connect(self.on_suggestion_chosen)
        self.queue.contact_picked.connect(self.on_contact_picked)
        self.queue.ticks_changed.connect(self.printing.on_ticks_changed)
        self.queue.skip_requested.connect(self.on_skip)
        self.queue.said.connect(self._say)
        self.template_combo.activated.connect(self.on_template_chosen)
        self.editor.textChanged.connect(self.on_text_changed)
        self._timer.timeout.connect(self.on_render_preview)
        self.controls.style_changed.connect(self.on_style_changed)
        self.controls.message.connect(
            lambda text, error: self._say(text, "error" if error else "ok")
        )
        self.printing.said.connect(self._say)
        self.printing.unprintable.connect(self.on_render_preview)
        self.templates_button.clicked.connect(self.on_templates)
        self.style_button.clicked.connect(self.on_card_style)
        self.calibrate_button.clicked.connect(self.on_calibrate)
        QShortcut(QKeySequence.StandardKey.Print, self, self.printing.on_print)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.printing.on_save_pdf)
        self._ctx.hub.activity_changed.connect(lambda _cid: self.refresh())
        self._ctx.hub.contact_changed.connect(lambda _cid: self.refresh())
        self._ctx.hub.settings_changed.connect(self.on_settings_changed)

    # -- the queue and the open note ----------------------------------------------------

    def refresh(self) -> None:
        self._fill_templates()
        self.queue.refresh()

    def _fill_templates(self) -> None:
        current = self.template_combo.currentData()
        self.template_combo.clear()
        for template in templates.list_templates():
            self.template_combo.addItem(template.name, template.name)
        if current:
            self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(current)))

    def on_suggestion_chosen(self, suggestion: Suggestion) -> None:
        self._open(suggestion.contact_id, suggestion)

    def on_contact_picked(self, contact_id: int) -> None:
        self._open(contact_id, None)
        self.editor.setFocus()

    def _open(self, contact_id: int, suggestion: Suggestion | None) -> None:
        typed = self.drafts.open(contact_id, suggestion)
        self.title.setText(contacts.get_contact(contact_id).display_name)
        self.reason.setText(suggestion.reason if suggestion else "A note of your own")
        known = fields.about(contact_id)
        self.about.setText("You know: " + " · ".join(known) if known else "")
        self.about.setVisible(bool(known))
        occasion = suggestion.occasion if suggestion else "custom"
        template = templates.get_template(occasion)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(template.name)))
        text = typed or self._filled(template.text)
        self._set_editing(True)
        self.editor.setPlainText(text)
        self.on_render_preview()

    def _filled(self, template_text: str) -> str:
        return self.drafts.prepare(template_text).text

    def on_template_chosen(self, _index: int) -> None:
        if not self.drafts.is_open:
            return
        template = templates.get_template(self.template_combo.currentData())
        self.editor.setPlainText(self._filled(template.text))

    def on_insert_field(self, key: str) -> None:
        self.editor.insertPlainText(f"{{{key}}}")
        self.editor.setFocus()

    def on_skip(self) -> None:
        if self.drafts.current is None:
            return
        notes.skip(self.drafts.current, staff_id=self._ctx.staff_id)
        self.drafts.close()
        self._set_editing(False)
        self.editor.clear()
        self.preview.clear()
        self.refresh()

    # -- live preview ------------------------------------------------------------------

    def on_text_changed(self) -> None:
        if not self.drafts.is_open:
            return
        self.drafts.remember(self.editor.toPlainText())
        self._timer.start()

    def on_style_changed(self) -> None:
        if self.drafts.is_open:
            self._timer.start()

    def on_settings_changed(self) -> None:
        self.controls.reload()
        self.refresh()  # the queue's thresholds may have changed
        self.on_style_changed()

    def on_render_preview(self) -> None:
        self._timer.stop()
        if not self.drafts.is_open:
            return
        note = self.drafts.prepare(self.editor.toPlainText())
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
            self._say(" ".join(warnings), "warning", from_preview=True)
        elif self._status_from_preview:
            self._say("")  # the problem the preview showed is gone; other news stays
        self.printing.set_printable(True)

    def _blocked(self, reason: str) -> None:
        """The note cannot be printed as it is: say why, and offer no print button."""
        self._say(reason, "error", from_preview=True)
        self.printing.set_printable(False)

    def _say(self, text: str, tone: str = "ok", *, from_preview: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {COLOURS[tone]};")
        self._status_from_preview = from_preview

    def _set_editing(self, on: bool) -> None:
        for widget in (self.editor, self.template_combo, self.field_button):
            widget.setEnabled(on)
        self.printing.set_printable(on)

    # -- dialogs -----------------------------------------------------------------------

    def on_templates(self) -> None:
        from relbook.ui.notes.templates_dialog import TemplatesDialog

        name = self.template_combo.currentData()
        untouched = False
        if self.drafts.is_open and name:
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


PAGE = PageSpec("notes", "Notes", "F4", 30, lambda ctx: NotesPage(ctx))
