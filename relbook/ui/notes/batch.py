"""Preparing a batch of notes (and their envelopes) from ticked queue rows; envelopes
only for those who agreed to post (``mailing_reach``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from relbook.services import mailing
from relbook.services.contacts import consent
from relbook.services.contacts.consent import ConsentSplit
from relbook.services.notes import PreparedNote, Suggestion, templates
from relbook.services.print_runs import PrintRun
from relbook.services.staff import access
from relbook.ui.context import AppContext
from relbook.ui.data import prompts

Prepare = Callable[..., PreparedNote]


def prepare_batch(
    chosen: list[Suggestion], texts: dict[str, str], prepare: Prepare
) -> tuple[list[tuple[Suggestion | None, PreparedNote]], str]:
    """Each ticked person's personalised text (or their occasion's template). Whoever
    still has a field to fill is left out of this print and named in the message; the
    rest print (a batch never stops for one note)."""
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
        return batch, "Left out until filled in: " + "; ".join(stuck) + "."
    return batch, ""


def envelopes_for(contact_ids: list[int], size: str | None = None) -> PrintRun:
    """Envelopes in the same order as the batch of cards, in the notes' handwriting;
    those without a postal address (or one too long) are left out and named."""
    return mailing.envelopes(contact_ids, size=size)


def mailing_reach(
    parent: QWidget | None, context: AppContext, contact_ids: list[int], purpose: str
) -> ConsentSplit:
    """Who of ``contact_ids`` may be written to by post. When some have not agreed and
    the person at the till is an owner, ask whether to include them for this one job
    (the override goes to the audit log); staff are simply told how many were left out."""
    reach = consent.for_channel(contact_ids, "mail", purpose=purpose)
    if reach.left_out and not access.is_owner(context.staff_id):
        reach = _someone(reach)
    if not reach.left_out or not access.is_owner(context.staff_id):
        return reach
    n = len(reach.left_out)
    question = QCoreApplication.translate(
        "mailing_reach",
        "{n} of the {total} ticked have not agreed to be written to by post.\n\n"
        "Only include them if they agreed in another way (say, in person). Your choice is "
        "recorded in the audit log.",
    ).format(n=n, total=len(contact_ids))
    if not prompts.confirm(parent, purpose.capitalize(), question, "Include them too"):
        return _someone(reach)
    return consent.for_channel(
        contact_ids, "mail", purpose=purpose, override=True, staff_id=context.staff_id
    )


def _someone(reach: ConsentSplit) -> ConsentSplit:
    """``reach`` if anyone is left to write to; otherwise a plain refusal (ValueError)."""
    if not reach.allowed:
        raise ValueError(
            QCoreApplication.translate("mailing_reach", "Nobody ticked agreed to post. ")
            + reach.describe()
        )
    return reach
