"""Preparing a batch of notes (and their envelopes) from ticked queue rows."""

from __future__ import annotations

from collections.abc import Callable

from relbook.printing.envelopes import EnvelopeSpec, render_envelopes
from relbook.services import contacts, notes, settings
from relbook.services.notes import PreparedNote, Suggestion, fonts, templates

Prepare = Callable[..., PreparedNote]


def prepare_batch(
    chosen: list[Suggestion], texts: dict[str, str], prepare: Prepare
) -> tuple[list[tuple[Suggestion | None, PreparedNote]], str]:
    """Each ticked person's personalised text (or their occasion's template), or a message
    naming who still has fields to fill."""
    if not chosen:
        return [], "Tick the people you want to print notes for."
    batch: list[tuple[Suggestion | None, PreparedNote]] = []
    stuck: list[str] = []
    for suggestion in chosen:
        text = texts.get(suggestion.event_key)
        if text is None:
            text = templates.get_template(suggestion.occasion).text
        note = prepare(text, suggestion, suggestion.contact_id)
        if note.ok:
            batch.append((suggestion, note))
        else:
            stuck.append(f"{suggestion.display_name} ({', '.join(note.missing)})")
    if stuck:
        return [], "Fill in before printing: " + "; ".join(stuck) + "."
    return batch, ""


def envelopes_for(contact_ids: list[int], size: str | None = None) -> bytes:
    """Envelopes in the same order as the batch of cards, in the notes' handwriting."""
    return_lines = [line for line in str(settings.get("shop.address") or "").splitlines() if line]
    shop = str(settings.get("shop.name") or "")
    if shop:
        return_lines.insert(0, shop)
    specs = []
    missing = []
    for cid in contact_ids:
        record = contacts.get_contact(cid)
        data = record.data
        lines = [
            record.display_name,
            data.street,
            data.extended,
            " ".join(p for p in (data.postcode, data.city) if p),
            data.country,
        ]
        lines = [line for line in lines if line.strip()]
        if len(lines) < 2:
            missing.append(record.display_name)
            continue
        specs.append(
            EnvelopeSpec(
                recipient_lines=lines,
                return_lines=return_lines,
                size=size or str(settings.get("notes.envelope_size")),
                font=fonts.usable(str(settings.get("notes.font"))),
                ink=str(settings.get("notes.ink")),
                variation=min(0.5, float(settings.get("notes.variation"))),
                seed=notes.seed_for(cid, "envelope"),
            )
        )
    if missing:
        raise ValueError("No postal address for: " + ", ".join(missing) + ".")
    return render_envelopes(specs)
