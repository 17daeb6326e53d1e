"""Printing on the Notes page: the open note (Ctrl+P) or as a PDF (Ctrl+Shift+S), every
ticked note at once, and envelopes for the ticked people in the same order.

Printing goes through Qt (the preview dialog) or "Save as PDF"; either way each note
then lands on the contact's record, and its event leaves the queue for good.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from relbook.errors import RelbookError
from relbook.printing.notecards import DoesNotFit
from relbook.services import notes, settings
from relbook.services.notes import PreparedNote, Suggestion, printing
from relbook.ui.context import AppContext
from relbook.ui.notes.batch import envelopes_for, mailing_reach, prepare_batch
from relbook.ui.notes.controls import ENVELOPES, NoteControls, combo, select
from relbook.ui.notes.drafts import NoteDrafts
from relbook.ui.notes.labels_dialog import LabelsDialog

Batch = list[tuple[Suggestion | None, PreparedNote]]


class NotePrinting(QObject):
    """The print buttons and the envelope size. ``text()`` is the open note as typed,
    ``title()`` whom it is for, ``template()`` the template it started from;
    ``checked()`` the ticked queue rows.

    ``said(text, tone)`` reports what happened ("ok", "warning", "error");
    ``unprintable`` asks the page to show why the open note cannot print (its preview
    says it)."""

    said = Signal(str, str)
    unprintable = Signal()

    def __init__(
        self,
        parent: QWidget,
        context: AppContext,
        drafts: NoteDrafts,
        controls: NoteControls,
        *,
        text: Callable[[], str],
        title: Callable[[], str],
        template: Callable[[], str],
        checked: Callable[[], list[Suggestion]],
        printer: ModuleType,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.context = context
        self.drafts = drafts
        self.controls = controls
        self.text, self.title, self.template, self.checked = text, title, template, checked
        self.printer = printer  # preview_and_print / save_pdf; tests pass a fake
        self.print_button = QPushButton("Print…  (Ctrl+P)", objectName="printNote")
        self.save_button = QPushButton("Save as PDF…")
        self.batch_button = QPushButton("Print ticked…")
        self.envelope_button = QPushButton("Envelopes for ticked…")
        self.labels_button = QPushButton("Labels for ticked…", objectName="labelsButton")
        self.labels_dialog: LabelsDialog | None = None
        self.envelope_combo = combo(ENVELOPES, "envelopeSize")
        select(self.envelope_combo, str(settings.get("notes.envelope_size")))
        self.envelope_combo.setToolTip("Envelope size")
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save_pdf)
        self.batch_button.clicked.connect(self.on_print_batch)
        self.envelope_button.clicked.connect(self.on_envelopes)
        self.labels_button.clicked.connect(self.on_labels)
        self.envelope_combo.currentIndexChanged.connect(self.on_envelope_size)

    def set_printable(self, on: bool) -> None:
        """The open note can be printed as it is (or not: no print button then)."""
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def on_ticks_changed(self, count: int) -> None:
        self.batch_button.setText(f"Print ticked ({count})…")
        self.batch_button.setEnabled(count > 0)
        self.envelope_button.setEnabled(count > 0)
        self.labels_button.setEnabled(count > 0)

    def on_envelope_size(self, _index: int) -> None:
        settings.set_value("notes.envelope_size", self.envelope_combo.currentData())

    # -- printing ------------------------------------------------------------------------

    def on_print(self) -> None:
        self._output(self.printer.preview_and_print, single=True)

    def on_save_pdf(self) -> None:
        self._output(self.printer.save_pdf, single=True)

    def on_print_batch(self) -> None:
        self._output(self.printer.preview_and_print, single=False)

    def _open_note(self) -> PreparedNote | None:
        if not self.drafts.is_open:
            return None
        note = self.drafts.prepare(self.text())
        return note if note.ok else None

    def _output(self, sink, *, single: bool) -> None:
        problem = ""
        if single:
            note = self._open_note()
            if note is None:
                self.unprintable.emit()
                return
            batch: Batch = [(self.drafts.current, note)]
            sheet = None
        else:
            batch, problem = prepare_batch(self.checked(), self.drafts.texts(), self.drafts.prepare)
            if not batch:
                self.said.emit(problem, "error")
                return
            sheet = self.controls.sheet
        warnings: list[str] = []
        try:
            printed = printing.render_batch(
                [n for _, n in batch], size=self.controls.size, sheet=sheet, warnings=warnings
            )
        except (DoesNotFit, ValueError, RelbookError) as exc:
            self.said.emit(str(exc), "error")
            return
        if printed.pdf is None:  # one note too long, or every ticked one
            reasons = [s.reason for s in printed.skipped] if single else []
            left = [f"{self._name(batch[s.index])}: {s.reason}" for s in printed.skipped]
            self.said.emit(" ".join(reasons or [problem, *left]).strip(), "error")
            return
        left = [f"{self._name(batch[s.index])}: {s.reason}" for s in printed.skipped]
        if problem or left:  # the rest print; the owner hears who was left out and why
            warnings = [" ".join([problem, *left]).strip(), *warnings]
        pdf = printed.pdf
        batch = [batch[i] for i in printed.printed]
        title = "Thank-you notes" if len(batch) > 1 else f"Note for {self.title()}"
        to_printer = sink is self.printer.preview_and_print
        done = sink(self.parent_widget, pdf, title if to_printer else f"{title}.pdf")
        if not done:
            return
        self._record(batch, warnings)

    def _name(self, row: tuple[Suggestion | None, PreparedNote]) -> str:
        suggestion, _ = row
        return suggestion.display_name if suggestion else self.title()

    def _record(self, batch: Batch, warnings: list[str]) -> None:
        template = self.template()
        recorded = 0
        for suggestion, note in batch:
            try:
                notes.record_printed(
                    note.contact_id,
                    occasion=suggestion.occasion if suggestion else "custom",
                    text=note.text,
                    reason=suggestion.reason_to_store if suggestion else "",
                    template_name=template,
                    event_key=suggestion.event_key if suggestion else None,
                    seed=note.seed,
                    staff_id=self.context.staff_id,
                )
            except RelbookError as exc:
                self.said.emit(str(exc), "error")
                continue
            recorded += 1
            self.drafts.forget(suggestion, note.contact_id)
            self.context.hub.activity_changed.emit(note.contact_id)
        done = f"{recorded} note{'s' if recorded != 1 else ''} printed and put on record."
        self.said.emit(" ".join([done, *warnings]), "warning" if warnings else "ok")

    def on_labels(self) -> None:
        """Address labels for the ticked people who agreed to post, on a sheet chosen in
        the dialog (from any free position)."""
        chosen = self.checked()
        if not chosen:
            self.said.emit("Tick the people you want address labels for.", "error")
            return
        try:
            ids = [s.contact_id for s in chosen]
            reach = mailing_reach(self.parent_widget, self.context, ids, "address labels")
        except (RelbookError, ValueError) as exc:
            self.said.emit(str(exc), "error")
            return
        self.labels_dialog = LabelsDialog(
            list(reach.allowed), self.printer, left_out=reach.describe(), parent=self.parent_widget
        )
        self.labels_dialog.exec()
        if self.labels_dialog.outcome:
            self.said.emit(self.labels_dialog.outcome, "ok")

    def on_envelopes(self) -> None:
        chosen = self.checked()
        if not chosen:
            self.said.emit("Tick the people you want envelopes for.", "error")
            return
        try:  # only those who agreed to post (an owner may include the rest, audited)
            ids = [s.contact_id for s in chosen]
            reach = mailing_reach(self.parent_widget, self.context, ids, "envelopes")
            run = envelopes_for(list(reach.allowed), self.envelope_combo.currentData())
        except (RelbookError, ValueError) as exc:
            self.said.emit(str(exc), "error")
            return
        told = " ".join(t for t in (reach.describe(), run.skipped_message()) if t)
        self.said.emit(told, "warning" if reach.left_out or run.skipped else "ok")
        assert run.pdf is not None
        self.printer.preview_and_print(self.parent_widget, run.pdf, "Envelopes")
