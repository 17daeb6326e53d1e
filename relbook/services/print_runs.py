"""What a batch print of customers' cards, labels, envelopes or notes gives back: the
PDF of the rows that could be printed, their customers' ids (only these are recorded as
printed), and each customer left out with the reason, in a shop owner's words.

Shared by the loyalty cards, address labels, envelopes and notes; the printing layer's
``BatchPdf`` counts rows by position, this tells them by customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from relbook.errors import ValidationError
from relbook.printing.batch import BatchPdf


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A customer whose row was not printed, and why."""

    contact_id: int
    name: str
    reason: str

    def line(self) -> str:
        return f"{self.name}: {self.reason}" if self.name else self.reason


@dataclass(slots=True)
class PrintRun:
    """``pdf`` is None when nothing could be printed."""

    pdf: bytes | None
    printed_ids: list[int] = field(default_factory=list)
    skipped: list[LeftOut] = field(default_factory=list)
    noun: str = "card"  # what a row is, for the messages: card, label, envelope, note

    def skipped_message(self) -> str:
        """One paragraph naming each customer left out and why ("" if nobody was)."""
        if not self.skipped:
            return ""
        n = len(self.skipped)
        what = f"{n} {self.noun}{'s were' if n != 1 else ' was'} left out"
        return f"{what}: " + " ".join(_sentence(s.line()) for s in self.skipped)

    def nothing_printed(self) -> ValidationError:
        """The error for a run in which no row could be printed: every reason, named."""
        return ValidationError(
            "layout",
            f"None of the {self.noun}s could be printed. "
            + " ".join(_sentence(s.line()) for s in self.skipped),
        )


def by_customer(
    contact_ids: Sequence[int], names: Sequence[str], batch: BatchPdf, noun: str
) -> PrintRun:
    """The printer's batch (rows by position) told by customer."""
    skipped = [LeftOut(contact_ids[s.index], names[s.index], s.reason) for s in batch.skipped]
    return PrintRun(batch.pdf, [contact_ids[i] for i in batch.printed], skipped, noun)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
