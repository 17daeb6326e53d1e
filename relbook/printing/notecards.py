"""Handwritten note cards: layout, fitting, and rendering one per page or n-up on a sheet.

The caller (the Notes page, the CLI) fills a ``NoteSpec`` per card and gets PDF bytes
back. Text is wrapped with real glyph widths, shrunk step by step down to a readable
minimum, and if it still does not fit, ``DoesNotFit`` says by how much to shorten it:
nothing is ever cut off silently. All ink stays inside the card's safe area, with room
reserved for the natural variation.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import sheets
from relbook.printing.card_stock import (
    CARD_SIZES,
    CardSize,
    apply_offset,
    card_size,
    edge_cut_ticks,
    fold_marks,
    impose_cards,
    margin_for,
    nominal_body,
)
from relbook.printing.fonts import DEFAULT_FONT, FALLBACK_FONT, get_font, printable_text
from relbook.printing.hands import hand_for
from relbook.printing.handwriting import Glyph, Hand, ink_rgb, new_canvas, save_canvas, wrap
from relbook.printing.pen import Pen
from relbook.printing.signature import SIZE as SIGNATURE_SIZE
from relbook.printing.signature import Flourish, draw_flourish, flourish, signature_hand
from relbook.printing.templates import FIELD_PATTERN
from relbook.printing.textfit import (
    DoesNotFit,
    TextBlock,
    block_height,
    fit_block,
    fit_front,
    fit_two_sides,
    min_body_for,
)

__all__ = [
    "CARD_SIZES",
    "CardSize",
    "DoesNotFit",
    "NotePlan",
    "NoteSpec",
    "apply_offset",
    "card_size",
    "draw_plan",
    "impose_cards",
    "plan_note",
    "plan_notes",
    "render_notes",
]

FOOTER_FONT = FALLBACK_FONT
FOOTER_SIZE = 6.5
FOOTER_GREY = 0.45
FLOURISH_ROOM = 0.75  # below the signature, in its x-heights


@dataclass
class NoteSpec:
    """Everything needed to print one note (plain data; the GUI and CLI fill it).

    ``offset_mm`` = (right, down) in millimetres moves everything on the page, to
    correct a printer that does not print where it should (see ``render_test_page``).
    ``variation`` runs from 0 (type-perfect) to 1 (strong, still legible); ``seed`` makes
    the variation repeatable: the same spec always gives the same PDF bytes.
    """

    text: str
    size: str = "a6"
    font: str = DEFAULT_FONT
    signature_text: str | None = None
    signature_font: str | None = None
    signature_png: str | Path | None = None
    logo_png: str | Path | None = None
    footer: str | None = None
    ink: str = "blue"
    variation: float = 0.5
    seed: int = 0
    offset_mm: tuple[float, float] = (0.0, 0.0)
    flourish: bool = True  # a pen stroke under a written signature


@dataclass
class NotePlan:
    """The computed layout of one card (all in points, card coordinates)."""

    spec: NoteSpec
    card: CardSize
    safe: sheets.Rect
    body: TextBlock
    signature: TextBlock | None = None
    signature_image: tuple[float, float, float, float] | None = None  # x, y, w, h
    logo: tuple[float, float, float, float] | None = None
    footer_lines: list[str] = field(default_factory=list)
    footer_y: float = 0.0
    warnings: list[str] = field(default_factory=list)
    signature_floor: float = 0.0  # the signature and its flourish stay above this
    flourish: Flourish | None = None  # filled in when drawn
    back: TextBlock | None = None  # the rest of a long letter, over the page
    back_safe: sheets.Rect | None = None

    @property
    def sides(self) -> int:
        """1, or 2 when the letter continues over the page."""
        return 1 if self.back is None else 2

    @property
    def x_height_mm(self) -> float:
        """How tall the lower-case letters are written, in millimetres."""
        return self.body.size * get_font(self.body.font).x_ratio / mm

    @property
    def text(self) -> str:
        """What the card says, as it will be printed (for checks and the contact record)."""
        parts = [" ".join(self.body.lines)]
        if self.back is not None:
            parts.append(" ".join(self.back.lines))
        if self.signature:
            parts.append(" ".join(self.signature.lines))
        return " ".join(p for p in parts if p)


def _image_size(path: str | Path, max_w: float, max_h: float, what: str) -> tuple[float, float]:
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"The {what} image was not found: {p}")
    try:
        iw, ih = ImageReader(str(p)).getSize()
    except Exception as exc:  # Pillow raises many kinds for a bad file
        raise ValueError(f"The {what} image {p.name} could not be read ({exc}).") from None
    scale = min(max_w / iw, max_h / ih)
    return iw * scale, ih * scale


def plan_note(spec: NoteSpec) -> NotePlan:
    """Lay out one card. Raises DoesNotFit or ValueError with a plain-words message."""
    card = card_size(spec.size)
    if not 0.0 <= spec.variation <= 1.0:
        raise ValueError("Variation must be between 0 (none) and 1 (strong).")
    ink_rgb(spec.ink)
    leftover = FIELD_PATTERN.search(spec.text)
    if leftover:
        raise ValueError(
            f"The note still contains the merge field {leftover.group(0)}; fill it in or "
            "remove it before printing."
        )
    warnings: list[str] = []
    font = hand_for(spec.font, spec.text, warnings)
    info = get_font(font)
    hand = Hand(spec.variation, info.connected)
    text, dropped = printable_text(spec.text.strip(), font)
    warnings += dropped
    if not text.strip():
        raise ValueError("The note is empty: write a message first.")
    panel = card.panel
    m = margin_for(card)
    safe = sheets.Rect(panel.x + m, panel.y + m, panel.w - 2 * m, panel.h - 2 * m)
    top, bottom = safe.top, safe.y
    plan = NotePlan(spec, card, safe, TextBlock([], font, 0, 0, 0, 0, 0))
    plan.warnings = warnings

    if spec.logo_png:
        lw, lh = _image_size(spec.logo_png, safe.w * 0.5, panel.h * 0.11, "logo")
        plan.logo = (safe.x + (safe.w - lw) / 2, top - lh, lw, lh)
        top -= lh + 4 * mm

    if spec.footer and spec.footer.strip():
        flines = wrap(spec.footer.strip(), FOOTER_FONT, FOOTER_SIZE, safe.w)
        if not flines or len(flines) > 2:
            raise DoesNotFit(
                "The footer does not fit: shorten it to one or two short lines.",
                max(5, len(spec.footer) // 3),
            )
        plan.footer_lines = flines
        plan.footer_y = bottom + (len(flines) - 1) * FOOTER_SIZE * 1.25 + 0.3 * FOOTER_SIZE
        bottom += len(flines) * FOOTER_SIZE * 1.25 + 3 * mm

    start = nominal_body(card)
    sig_h = 0.0
    sig_block = None
    if spec.signature_png:
        sw, sh = _image_size(spec.signature_png, safe.w * 0.55, 14 * mm, "signature")
        plan.signature_image = (safe.right - sw, bottom, sw, sh)
        sig_h = sh + 2 * mm
    elif spec.signature_text and spec.signature_text.strip():
        sfont = hand_for(spec.signature_font or font, spec.signature_text, plan.warnings)
        sinfo = get_font(sfont)
        stext, swarn = printable_text(spec.signature_text.strip(), sfont)
        plan.warnings += [w for w in swarn if w not in plan.warnings]
        shand = signature_hand(sfont, spec.variation)
        sig_block = fit_block(
            stext,
            sfont,
            safe.w * 0.8,
            (top - bottom) * 0.35,
            start * SIGNATURE_SIZE,
            shand,
            f"{card.label} card",
        )
        sig_block.align = "right"
        sig_block.x += safe.x + safe.w * 0.2  # lines end at x + width, inside the safe area
        sig_h = block_height(sig_block, stext, shand) + 3 * mm
        if spec.flourish:
            sig_h += FLOURISH_ROOM * sinfo.x_ratio * sig_block.size
    plan.signature_floor = bottom
    label = f"{card.label} card"
    min_body = min_body_for(font)
    body = fit_front(text, font, safe.w, top - bottom - sig_h, start, hand, min_body)
    if body is None:
        # The front is full at the smallest readable size: the letter goes on over the
        # page (the back of a flat card, the left inside page of a folded one), and the
        # signature with it; the back has no logo and no footer.
        back = _back_safe(card)
        heights = (top - bottom, back.h - sig_h)
        body, rest = fit_two_sides(text, font, safe.w, heights, start, hand, label, min_body)
        _place_back(plan, rest, back, text, hand, sig_block)
        _place_front(plan, body, top, top - bottom, text, hand, None)
        plan.warnings.append(over_the_page(card))
        return plan
    _place_front(plan, body, top, top - bottom - sig_h, text, hand, sig_block)
    return plan


def _back_safe(card: CardSize) -> sheets.Rect:
    """The writable area over the page: the back of a flat card, the left inside page
    of a folded one."""
    panel = card.panel
    m = margin_for(card)
    x = 0.0 if card.folded else panel.x
    return sheets.Rect(x + m, panel.y + m, panel.w - 2 * m, panel.h - 2 * m)


def over_the_page(card: CardSize) -> str:
    if card.folded:
        return "The note continues on the left inside page of the card."
    return (
        f"The note continues on the back of the {card.label} card (page 2): print on both "
        "sides, or turn the card over and print page 2."
    )


def _place_front(
    plan: NotePlan,
    body: TextBlock,
    top: float,
    room: float,
    text: str,
    hand: Hand,
    sig_block: TextBlock | None,
) -> None:
    """Put the body (and the signature, if it is on this side) into ``room`` below
    ``top``: a little above the middle of the free space, as a person would."""
    need = block_height(body, text, hand)
    free = room - need
    block_top = top - free * 0.3
    body.x += plan.safe.x
    body.y_first = block_top - body.y_first
    plan.body = body
    if sig_block is not None:
        sig_top = block_top - need - free * 0.15
        sig_block.y_first = sig_top - 3 * mm - sig_block.y_first
        plan.signature = sig_block
    elif plan.signature_image is not None and plan.back is None:
        x, _y, w, h = plan.signature_image
        img_top = block_top - need - 2 * mm - free * 0.15
        plan.signature_image = (x, img_top - h, w, h)


def _place_back(
    plan: NotePlan,
    rest: TextBlock,
    back: sheets.Rect,
    text: str,
    hand: Hand,
    sig_block: TextBlock | None,
) -> None:
    """The rest of the letter from the top of the back, the signature below it."""
    need = block_height(rest, text, hand)
    rest.x += back.x
    rest.y_first = back.top - rest.y_first
    plan.back, plan.back_safe = rest, back
    plan.signature_floor = back.y
    dx = back.x - plan.safe.x  # the signature was laid out for the front
    if sig_block is not None:
        sig_block.x += dx
        sig_block.y_first = back.top - need - 3 * mm - sig_block.y_first
        plan.signature = sig_block
    elif plan.signature_image is not None:
        x, _y, w, h = plan.signature_image
        plan.signature_image = (x + dx, back.top - need - 2 * mm - h, w, h)


def draw_plan(
    canvas: Canvas,
    pen: Pen,
    plan: NotePlan,
    collect: list[list[Glyph]] | None = None,
    *,
    side: str = "front",
) -> None:
    """Draw one side of a planned card with its bottom-left at the canvas origin.

    ``side`` is "front", "back" (the rest of a long letter, on page 2) or "both" (a
    folded card, whose inside pages lie on one sheet)."""
    spec = plan.spec
    rng = random.Random(spec.seed)
    color = ink_rgb(spec.ink)
    hand = Hand(spec.variation, get_font(plan.body.font).connected)
    front, back = side in ("front", "both"), side in ("back", "both")
    last = back or plan.back is None  # the side that carries the signature
    if front and plan.card.folded:
        fold_marks(canvas, plan.card)
    if front and plan.logo:
        x, y, w, h = plan.logo
        canvas.drawImage(str(spec.logo_png), x, y, w, h, mask="auto")
    with pen.card():
        if front:
            b = plan.body
            pen.write(
                b.lines, b.font, b.size, b.x, b.y_first, b.leading, hand, rng, color,
                width=b.width, collect=collect,
            )  # fmt: skip
        if back and plan.back is not None:
            b = plan.back
            rng = random.Random(spec.seed + 1)  # the back's own wobble, the same each print
            pen.write(
                b.lines, b.font, b.size, b.x, b.y_first, b.leading, hand, rng, color,
                width=b.width, collect=collect,
            )  # fmt: skip
        if last and plan.signature is not None:
            _sign(canvas, pen, plan, rng, color, collect)
    if last and plan.signature_image is not None:
        x, y, w, h = plan.signature_image
        canvas.drawImage(str(spec.signature_png), x, y, w, h, mask="auto")
    if front and plan.footer_lines:
        _footer(canvas, plan)


def _sign(canvas, pen: Pen, plan: NotePlan, rng, color, collect) -> None:
    """The written signature, and the pen stroke under it."""
    s = plan.signature
    assert s is not None
    spec = plan.spec
    written = pen.write(
        s.lines, s.font, s.size, s.x, s.y_first, s.leading,
        signature_hand(s.font, spec.variation), rng, color,
        align="right", width=s.width, collect=collect,
    )  # fmt: skip
    if spec.flourish and written:
        safe = plan.back_safe or plan.safe
        area = sheets.Rect(safe.x, plan.signature_floor, safe.w, s.y_first - plan.signature_floor)
        plan.flourish = flourish(written[-1], s.size, s.font, rng, area)
        if plan.flourish is not None:
            draw_flourish(canvas, plan.flourish, color)


def _footer(canvas: Canvas, plan: NotePlan) -> None:
    canvas.saveState()
    canvas.setFillGray(FOOTER_GREY)
    canvas.setFont(FOOTER_FONT, FOOTER_SIZE)
    cx = plan.safe.x + plan.safe.w / 2
    y = plan.footer_y
    for line in plan.footer_lines:
        canvas.drawCentredString(cx, y, line)
        y -= FOOTER_SIZE * 1.25
    canvas.restoreState()


def plan_notes(specs: Sequence[NoteSpec]) -> list[NotePlan]:
    """Plan every card first, so a batch fails before anything is drawn."""
    plans = []
    for i, spec in enumerate(specs, 1):
        try:
            plans.append(plan_note(spec))
        except DoesNotFit as exc:
            if len(specs) == 1:
                raise
            raise DoesNotFit(f"Note {i}: {exc}", exc.shorten_by) from None
    return plans


def _sheet(
    canvas: Canvas,
    pen: Pen,
    layout: sheets.Imposition,
    rotated: bool,
    chunk: Sequence[NotePlan],
    side: str,
) -> None:
    """One sheet of cards (their fronts, or their backs in mirrored places)."""
    canvas.setPageSize(layout.sheet.pagesize)
    canvas.saveState()
    apply_offset(canvas, chunk[0].spec.offset_mm)  # a printer setting: one per sheet
    width = layout.sheet.width
    for plan, slot in zip(chunk, layout.slots, strict=False):
        if side == "back" and plan.back is None:
            continue
        x = width - slot.x - slot.w if side == "back" else slot.x
        canvas.saveState()
        if rotated:
            canvas.translate(x + slot.w, slot.y)
            canvas.rotate(90)
        else:
            canvas.translate(x, slot.y)
        draw_plan(canvas, pen, plan, side=side)
        canvas.restoreState()
    if side != "back":
        marks = layout.marks(len(chunk))
        if marks:
            sheets.draw_cut_marks(canvas, marks)
        if layout.gutter_x == 0 or layout.gutter_y == 0:
            edge_cut_ticks(canvas, layout)
    canvas.restoreState()
    canvas.showPage()


def render_notes(
    specs: Sequence[NoteSpec], sheet: str | None = None, warnings: list[str] | None = None
) -> bytes:
    """PDF with one card per page (``sheet=None``) or n-up ("a4-2up", "letter-4up", ...).

    Raises DoesNotFit / ValueError (plain words) before drawing anything. Pass a list as
    ``warnings`` to receive what the owner should know, e.g. an emoji left out.
    """
    if not specs:
        raise ValueError("Nothing to print: no notes were given.")
    plans = plan_notes(specs)
    if warnings is not None:
        for i, plan in enumerate(plans, 1):
            prefix = f"Note {i}: " if len(plans) > 1 else ""
            warnings.extend(prefix + w for w in plan.warnings)
    buf = io.BytesIO()
    first = plans[0].card
    if sheet is None:
        canvas = new_canvas(buf, (first.width, first.height), "relbook notes")
        pen = Pen(canvas)
        for plan in plans:
            two_pages = plan.back is not None and not plan.card.folded
            sides = ("front", "back") if two_pages else ("both" if plan.back else "front",)
            for side in sides:
                canvas.setPageSize((plan.card.width, plan.card.height))
                canvas.saveState()
                apply_offset(canvas, plan.spec.offset_mm)
                draw_plan(canvas, pen, plan, side=side)
                canvas.restoreState()
                canvas.showPage()
        pen.sign()
        save_canvas(canvas)
        return buf.getvalue()

    if any(p.card.key != first.key for p in plans):
        raise ValueError("All notes on a sheet must use the same card size.")
    layout, rotated = impose_cards(first, sheet)
    canvas = new_canvas(buf, layout.sheet.pagesize, "relbook notes")
    pen = Pen(canvas)
    per = layout.per_sheet
    folded = first.folded
    for start in range(0, len(plans), per):
        chunk = plans[start : start + per]
        _sheet(canvas, pen, layout, rotated, chunk, "both" if folded else "front")
        if not folded and any(p.back is not None for p in chunk):
            # The backs of long letters, each behind its own front when the sheet is
            # printed on both sides (flipped on the long edge): the columns mirror.
            _sheet(canvas, pen, layout, rotated, chunk, "back")
    pen.sign()
    save_canvas(canvas)
    return buf.getvalue()
