"""What a batch print gives back: one PDF of everything that could be printed, and the
rows left out with the reason, so one bad row never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Skipped:
    """Row ``index`` of the batch (from 0, in the order given) and why it was left out."""

    index: int
    reason: str


@dataclass(slots=True)
class BatchPdf:
    """``pdf`` is None when nothing could be printed; ``printed`` holds the indexes of
    the rows in it, in order."""

    pdf: bytes | None
    printed: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
