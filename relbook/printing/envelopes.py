"""Handwritten envelopes (C6, DL, #10, A7), one per page, in the order of the card batch.

Envelopes go through the printer's manual feed lying landscape; the recipient block sits
a little right of and below the centre, the return address top left, and the top-right
corner stays clear for the stamp.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import sheets
from relbook.printing.batch import BatchPdf, Skipped
from relbook.printing.fonts import get_font, printable_text
from relbook.printing.handwriting import Glyph, Hand, ink_rgb, new_canvas, save_canvas
from relbook.printing.notecards import apply_offset
from relbook.printing.pen import Pen
from relbook.printing.textfit import DoesNotFit, TextBlock, block_height, fit_block

ENVELOPE_SIZES: dict[str, sheets.Size] = {
    "c6": sheets.ENVELOPE_C6,
    "dl": sheets.ENVELOPE_DL,
    "10": sheets.ENVELOPE_10,
    "a7": sheets.ENVELOPE_A7,
}
STAMP_W = 30 * mm
STAMP_H = 25 * mm
EDGE = 10 * mm  # printers grip and smudge the edges of an envelope


@dataclass
class EnvelopeSpec:
    """One envelope: address lines as they should appear (plain data)."""

    recipient_lines: list[str]
    return_lines: list[str] = field(default_factory=list)
    size: str = "dl"
    font: str = "Kristi"
    ink: str = "blue"
    variation: float = 0.4
    seed: int = 0
    offset_mm: tuple[float, float] = (0.0, 0.0)


@dataclass
class EnvelopePlan:
    spec: EnvelopeSpec
    page: sheets.Size
    safe: sheets.Rect
    recipient: TextBlock
    sender: TextBlock | None
    warnings: list[str]


def envelope_size(key: str) -> sheets.Size:
    k = key.strip().lower().lstrip("#").removeprefix("envelope-")
    try:
        return ENVELOPE_SIZES[k]
    except KeyError:
        raise ValueError(
            f"Unknown envelope size {key!r}. Choose one of: C6, DL, #10, A7."
        ) from None


def _clean(lines: Sequence[str], font: str, warnings: list[str]) -> str:
    kept = [line.strip() for line in lines if line and line.strip()]
    text, warn = printable_text("\n".join(kept), font)
    warnings += [w for w in warn if w not in warnings]
    return text


def plan_envelope(spec: EnvelopeSpec) -> EnvelopePlan:
    """Lay out one envelope; DoesNotFit if an address is too long even when small."""
    page = envelope_size(spec.size)
    info = get_font(spec.font)
    hand = Hand(spec.variation, info.connected)
    warnings: list[str] = []
    recipient = _clean(spec.recipient_lines, spec.font, warnings)
    if not recipient:
        raise ValueError("The envelope has no recipient address.")
    safe = sheets.Rect(EDGE, EDGE, page.width - 2 * EDGE, page.height - 2 * EDGE)
    label = f"{page.name}"
    body = max(3.2 * mm, page.height * 0.038)

    sender_block = None
    sender = _clean(spec.return_lines, spec.font, warnings)
    top_taken = 0.0
    if sender:
        box_w = safe.w * 0.45
        box_h = safe.h * 0.32
        sender_block = fit_block(sender, spec.font, box_w, box_h, body * 0.7, hand, label)
        sender_block.x += safe.x
        sender_block.y_first = safe.top - sender_block.y_first
        top_taken = box_h

    # Recipient: a box from 40% of the width to the right edge, below stamp and sender.
    rx = safe.x + safe.w * 0.38
    rw = safe.right - rx
    rh = safe.h - max(top_taken, STAMP_H - EDGE + 2 * mm)
    rec = fit_block(recipient, spec.font, rw, rh, body, hand, label)
    # Centre the block vertically in its box.
    spare = max(0.0, rh - block_height(rec, recipient, hand))
    rec.x += rx
    rec.y_first = safe.y + rh - spare / 2 - rec.y_first
    return EnvelopePlan(spec, page, safe, rec, sender_block, warnings)


def draw_envelope(
    canvas: Canvas, pen: Pen, plan: EnvelopePlan, collect: list[list[Glyph]] | None = None
) -> None:
    """Draw a planned envelope with its bottom-left at the canvas origin."""
    spec = plan.spec
    rng = random.Random(spec.seed)
    color = ink_rgb(spec.ink)
    for block in (plan.sender, plan.recipient):
        if block is None:
            continue
        info = get_font(block.font)
        pen.write(
            block.lines, block.font, block.size, block.x, block.y_first, block.leading,
            Hand(spec.variation, info.connected), rng, color, width=block.width,
            collect=collect,
        )  # fmt: skip


def render_envelopes(specs: Sequence[EnvelopeSpec], warnings: list[str] | None = None) -> bytes:
    """One envelope per page, in the given order (the order of the batch of cards); the
    first that does not fit raises DoesNotFit naming it.

    Pass a list as ``warnings`` to receive characters that had to be left out."""
    batch = render_envelope_batch(specs, warnings)
    if batch.skipped:
        first = batch.skipped[0]
        raise DoesNotFit(f"Envelope {first.index + 1}: {first.reason}", 0)
    assert batch.pdf is not None
    return batch.pdf


def render_envelope_batch(
    specs: Sequence[EnvelopeSpec], warnings: list[str] | None = None
) -> BatchPdf:
    """The envelopes that fit, one per page in the given order, and those left out with
    the reason (an address too long for the envelope even written small)."""
    if not specs:
        raise ValueError("Nothing to print: no envelopes were given.")
    plans = []
    printed: list[int] = []
    skipped: list[Skipped] = []
    for i, spec in enumerate(specs):
        try:
            plans.append(plan_envelope(spec))
        except (DoesNotFit, ValueError) as exc:
            skipped.append(Skipped(i, str(exc)))
            continue
        printed.append(i)
        if warnings is not None:
            warnings.extend(f"Envelope {i + 1}: {w}" for w in plans[-1].warnings)
    if not plans:
        return BatchPdf(None, printed, skipped)
    buf = io.BytesIO()
    canvas = new_canvas(buf, plans[0].page.pagesize, "relbook envelopes")
    pen = Pen(canvas)
    for plan in plans:
        canvas.setPageSize(plan.page.pagesize)
        canvas.saveState()
        apply_offset(canvas, plan.spec.offset_mm)
        draw_envelope(canvas, pen, plan)
        canvas.restoreState()
        canvas.showPage()
    pen.sign()
    save_canvas(canvas)
    return BatchPdf(buf.getvalue(), printed, skipped)
