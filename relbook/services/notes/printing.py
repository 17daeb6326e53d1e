"""From a prepared note to PDF bytes with the shop's handwriting settings.

The GUI and the command line both print through here, so a note looks the same
whichever way it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from relbook.printing.batch import BatchPdf, Skipped
from relbook.printing.notecards import NoteSpec, over_the_page, plan_note, render_notes
from relbook.services import settings
from relbook.services.notes import PreparedNote, fonts
from relbook.services.settings import printer_offsets


@dataclass(frozen=True, slots=True)
class CardStyle:
    """The shop's card style (Notes → Card style…), read once for a whole batch: 500
    notes must not read twelve settings and every stored font 500 times."""

    size: str
    font: str
    signature_text: str | None
    signature_font: str | None
    signature_png: str | None
    logo_png: str | None
    footer: str | None
    ink: str
    variation: float
    flourish: bool


def card_style(size: str | None = None) -> CardStyle:
    """The current card style (the shop's fonts registered for printing)."""
    font = fonts.usable(str(settings.get("notes.font")))
    signature = (
        settings.get("notes.signature")
        or settings.get("shop.owner_name")
        or settings.get("shop.name")
        or None
    )
    sig_font = str(settings.get("notes.signature_font") or "")
    logo = str(settings.get("shop.logo_path") or "") if settings.get("notes.show_logo") else ""
    return CardStyle(
        size=size or str(settings.get("notes.size")),
        font=font,
        signature_text=signature,
        signature_font=fonts.usable(sig_font, font) if sig_font else None,
        signature_png=str(settings.get("notes.signature_png") or "") or None,
        logo_png=logo or None,
        footer=str(settings.get("notes.footer") or "") or None,
        ink=str(settings.get("notes.ink")),
        variation=float(settings.get("notes.variation")),
        flourish=bool(settings.get("notes.flourish")),
    )


def spec_for(
    note: PreparedNote, *, size: str | None = None, style: CardStyle | None = None
) -> NoteSpec:
    """The shop's card style applied to one prepared note (``style`` from
    ``card_style`` when printing many)."""
    st = style or card_style(size)
    return NoteSpec(
        text=note.text,
        size=size or st.size,
        font=st.font,
        signature_text=st.signature_text,
        signature_font=st.signature_font,
        signature_png=st.signature_png,
        logo_png=st.logo_png,
        footer=st.footer,
        ink=st.ink,
        variation=st.variation,
        seed=note.seed,
        flourish=st.flourish,
    )


@dataclass(frozen=True, slots=True)
class Fit:
    """How a note will come out: on one side or two, and how large it is written."""

    sides: int
    x_height_mm: float
    message: str  # for the owner: "" when it simply fits on the front


def fit(note: PreparedNote, *, size: str | None = None) -> Fit:
    """Lay the note out without printing it. Raises DoesNotFit (with how much to cut)
    when even both sides of the card are too small."""
    plan = plan_note(spec_for(note, size=size))
    message = over_the_page(plan.card) if plan.sides == 2 else ""
    return Fit(plan.sides, round(plan.x_height_mm, 2), message)


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
    style = card_style(size)
    specs = [spec_for(note, size=size, style=style) for note in notes]
    return render_notes(specs, sheet=sheet, warnings=warnings)


def render_batch(
    notes: Sequence[PreparedNote],
    *,
    size: str | None = None,
    sheet: str | None = None,
    warnings: list[str] | None = None,
) -> BatchPdf:
    """:func:`render` for a batch that must not stop for one note: a note too long even
    for both sides of the card is left out with the reason (by position), the rest
    print; ``pdf`` is None when none fits."""
    style = card_style(size)
    specs, printed, skipped = [], [], []
    for i, note in enumerate(notes):
        spec = spec_for(note, size=size, style=style)
        try:
            plan_note(spec)
        except ValueError as exc:  # DoesNotFit is a ValueError, with how much to cut
            skipped.append(Skipped(i, str(exc)))
            continue
        specs.append(spec)
        printed.append(i)
    pdf = render_notes(specs, sheet=sheet, warnings=warnings) if specs else None
    return BatchPdf(pdf, printed, skipped)
