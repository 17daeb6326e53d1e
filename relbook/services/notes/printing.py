"""From a prepared note to PDF bytes with the shop's handwriting settings.

The GUI and the command line both print through here, so a note looks the same
whichever way it was made.
"""

from __future__ import annotations

from collections.abc import Sequence

from relbook.printing.notecards import NoteSpec, render_notes
from relbook.services import settings
from relbook.services.notes import PreparedNote, fonts
from relbook.services.settings import printer_offsets


def spec_for(note: PreparedNote, *, size: str | None = None) -> NoteSpec:
    """The shop's card style (Notes → Card style…) applied to one prepared note."""
    font = fonts.usable(str(settings.get("notes.font")))
    signature = (
        settings.get("notes.signature")
        or settings.get("shop.owner_name")
        or settings.get("shop.name")
        or None
    )
    sig_font = str(settings.get("notes.signature_font") or "")
    logo = str(settings.get("shop.logo_path") or "") if settings.get("notes.show_logo") else ""
    return NoteSpec(
        text=note.text,
        size=size or str(settings.get("notes.size")),
        font=font,
        signature_text=signature,
        signature_font=fonts.usable(sig_font, font) if sig_font else None,
        signature_png=str(settings.get("notes.signature_png") or "") or None,
        logo_png=logo or None,
        footer=str(settings.get("notes.footer") or "") or None,
        ink=str(settings.get("notes.ink")),
        variation=float(settings.get("notes.variation")),
        seed=note.seed,
        flourish=bool(settings.get("notes.flourish")),
    )


#: the calibration lives with the Qt print path now (relbook.ui.printing applies it)
printer_offset = printer_offsets.offset_for
save_printer_offset = printer_offsets.save


def render(
    notes: Sequence[PreparedNote],
    *,
    size: str | None = None,
    sheet: str | None = None,
    warnings: list[str] | None = None,
) -> bytes:
    """PDF for a batch of notes; raises DoesNotFit / ValueError with a clear message.

    Pass a list as ``warnings`` to hear what the owner should know (an emoji left out).
    The printer's offset is not in the PDF: the Qt print path applies it, so a saved
    PDF is never shifted."""
    specs = [spec_for(note, size=size) for note in notes]
    return render_notes(specs, sheet=sheet, warnings=warnings)
