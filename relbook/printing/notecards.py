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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import sheets
from relbook.printing.fonts import (
    DEFAULT_FONT,
    FALLBACK_FONT,
    foreign_letters,
    get_font,
    printable_text,
)
from relbook.printing.handwriting import Glyph, Hand, ink_rgb, new_canvas, save_canvas, wrap
from relbook.printing.pen import Pen
from relbook.printing.signature import SIZE as SIGNATURE_SIZE
from relbook.printing.signature import Flourish, draw_flourish, flourish, signature_hand
from relbook.printing.templates import FIELD_PATTERN
from relbook.printing.textfit import DoesNotFit, TextBlock, block_height, fit_block

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
    "render_test_page",
]

FOOTER_FONT = FALLBACK_FONT
FOOTER_SIZE = 6.5
FOOTER_GREY = 0.45
FLOURISH_ROOM = 0.75  # below the signature, in its x-heights


@dataclass(frozen=True, slots=True)
class CardSize:
    """A card stock: page size, and where on it the writing goes (``panel``)."""

    key: str
    label: str
    width: float
    height: float
    folded: bool = False

    @property
    def panel(self) -> sheets.Rect:
        """The writable face: the whole card, or the right half inside a folded card."""
        if self.folded:
            return sheets.Rect(self.width / 2, 0, self.width / 2, self.height)
        return sheets.Rect(0, 0, self.width, self.height)


CARD_SIZES: dict[str, CardSize] = {
    "a6": CardSize("a6", "A6", 105 * mm, 148 * mm),
    "a7": CardSize("a7", "A7", 74 * mm, 105 * mm),
    "4x6": CardSize("4x6", "4×6 in", 4 * 72, 6 * 72),
    "5x7": CardSize("5x7", "5×7 in", 5 * 72, 7 * 72),
    # An A5 sheet folded to A6; we print its inside, lying landscape, text on the right.
    "a5-folded": CardSize("a5-folded", "folded A5", 210 * mm, 148 * mm, folded=True),
}

SHEETS = {"a4": sheets.A4, "letter": sheets.LETTER}


def card_size(key: str) -> CardSize:
    try:
        return CARD_SIZES[key.strip().lower()]
    except KeyError:
        known = ", ".join(CARD_SIZES)
        raise ValueError(f"Unknown card size {key!r}. Choose one of: {known}.") from None


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

    @property
    def text(self) -> str:
        """What the card says, as it will be printed (for checks and the contact record)."""
        parts = [" ".join(self.body.lines)]
        if self.signature:
            parts.append(" ".join(self.signature.lines))
        return " ".join(p for p in parts if p)


def margin_for(card: CardSize) -> float:
    """Generous margins: cheap printers, imprecise cutting, and a card looks better."""
    p = card.panel
    return max(8 * mm, 0.09 * min(p.w, p.h))


def nominal_body(card: CardSize) -> float:
    """Height of the writing (geometric mean of x-height and cap height) in points."""
    return max(2.4 * mm, 0.025 * card.panel.h)


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


def _hand_for(font: str, text: str, warnings: list[str]) -> str:
    """``font``, unless it cannot write some of the text's letters in its own strokes
    (Ecolier has no "ß") and the default hand can: a letter from another hand in a
    handwritten word gives the card away, so the whole text goes to the default hand."""
    foreign = foreign_letters(font, text)
    if not foreign or font == DEFAULT_FONT or foreign_letters(DEFAULT_FONT, text):
        return font
    chosen, default = get_font(font), get_font(DEFAULT_FONT)
    note = (
        f"{chosen.label} cannot write {' '.join(foreign)} in its own hand, so this text is "
        f"written in {default.label}."
    )
    if note not in warnings:
        warnings.append(note)
    return DEFAULT_FONT


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
    font = _hand_for(spec.font, spec.text, warnings)
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
        sfont = _hand_for(spec.signature_font or font, spec.signature_text, plan.warnings)
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

    body = fit_block(text, font, safe.w, top - bottom - sig_h, start, hand, f"{card.label} card")
    need = block_height(body, text, hand)
    free = (top - bottom - sig_h) - need
    # Start a little above the middle of the free space, as a person would.
    block_top = top - free * 0.3
    body.x += safe.x
    body.y_first = block_top - body.y_first
    plan.body = body
    if sig_block is not None:
        sig_top = block_top - need - free * 0.15
        sig_block.y_first = sig_top - 3 * mm - sig_block.y_first
        plan.signature = sig_block
    elif plan.signature_image is not None:
        x, _y, w, h = plan.signature_image
        img_top = block_top - need - 2 * mm - free * 0.15
        plan.signature_image = (x, img_top - h, w, h)
    return plan


def draw_plan(
    canvas: Canvas,
    pen: Pen,
    plan: NotePlan,
    collect: list[list[Glyph]] | None = None,
) -> None:
    """Draw a planned card with its bottom-left at the canvas origin."""
    spec = plan.spec
    rng = random.Random(spec.seed)
    color = ink_rgb(spec.ink)
    if plan.card.folded:
        _fold_marks(canvas, plan.card)
    if plan.logo:
        x, y, w, h = plan.logo
        canvas.drawImage(str(spec.logo_png), x, y, w, h, mask="auto")
    b = plan.body
    info = get_font(b.font)
    pen.write(
        b.lines, b.font, b.size, b.x, b.y_first, b.leading,
        Hand(spec.variation, info.connected), rng, color, width=b.width, collect=collect,
    )  # fmt: skip
    if plan.signature is not None:
        s = plan.signature
        written = pen.write(
            s.lines, s.font, s.size, s.x, s.y_first, s.leading,
            signature_hand(s.font, spec.variation), rng, color,
            align="right", width=s.width, collect=collect,
        )  # fmt: skip
        if spec.flourish and written:
            safe = plan.safe
            area = sheets.Rect(
                safe.x, plan.signature_floor, safe.w, s.y_first - plan.signature_floor
            )
            plan.flourish = flourish(written[-1], s.size, s.font, rng, area)
            if plan.flourish is not None:
                draw_flourish(canvas, plan.flourish, color)
    if plan.signature_image is not None:
        x, y, w, h = plan.signature_image
        canvas.drawImage(str(spec.signature_png), x, y, w, h, mask="auto")
    if plan.footer_lines:
        canvas.saveState()
        canvas.setFillGray(FOOTER_GREY)
        canvas.setFont(FOOTER_FONT, FOOTER_SIZE)
        cx = plan.safe.x + plan.safe.w / 2
        y = plan.footer_y
        for line in plan.footer_lines:
            canvas.drawCentredString(cx, y, line)
            y -= FOOTER_SIZE * 1.25
        canvas.restoreState()


def _fold_marks(canvas: Canvas, card: CardSize) -> None:
    """Short dashed ticks at the top and bottom of the fold line."""
    x = card.width / 2
    canvas.saveState()
    canvas.setStrokeGray(0.55)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 1.5)
    canvas.line(x, card.height - 7 * mm, x, card.height - 2 * mm)
    canvas.line(x, 2 * mm, x, 7 * mm)
    canvas.restoreState()


def apply_offset(canvas: Canvas, offset_mm: tuple[float, float]) -> None:
    dx, dy = offset_mm
    if dx or dy:
        canvas.translate(dx * mm, -dy * mm)


def _parse_sheet(sheet: str) -> tuple[sheets.Size, int]:
    m = re.fullmatch(r"\s*(a4|letter)[-_ ]?([24])[-_ ]?up\s*", sheet.lower())
    if not m:
        raise ValueError(
            f"Unknown sheet {sheet!r}. Choose one of: a4-2up, a4-4up, letter-2up, letter-4up."
        )
    return SHEETS[m.group(1)], int(m.group(2))


def impose_cards(card: CardSize, sheet: str) -> tuple[sheets.Imposition, bool]:
    """Grid for ``card`` on ``sheet`` ("a4-4up"); True if the cards must be turned 90°.

    Full-size stock such as A6 4-up on A4 only fits edge to edge (no gutter, no border);
    the card margins keep the writing clear of the cut and of the printer's border.
    """
    paper, n = _parse_sheet(sheet)
    upright = sheets.Size(card.label, card.width, card.height)
    turned = sheets.Size(card.label, card.height, card.width)
    for margin, gutter in ((sheets.DEFAULT_MARGIN, sheets.DEFAULT_GUTTER), (0.0, 0.0)):
        for item, rotated in ((upright, False), (turned, True)):
            try:
                return sheets.impose(item, paper, n, margin=margin, gutter=gutter), rotated
            except ValueError:
                continue
    raise ValueError(
        f"{n} {card.label} cards do not fit on one {paper.name} sheet; choose fewer per sheet."
    )


def _edge_cut_ticks(canvas: Canvas, layout: sheets.Imposition) -> None:
    """Cut ticks at the sheet edges for edge-to-edge grids, where sheets.py has no room
    for corner marks: a short line at each end of every inner cut line."""
    xs = sorted({round(s.x, 3) for s in layout.slots} | {round(s.right, 3) for s in layout.slots})
    ys = sorted({round(s.y, 3) for s in layout.slots} | {round(s.top, 3) for s in layout.slots})
    w, h = layout.sheet.width, layout.sheet.height
    tick = 5 * mm
    canvas.saveState()
    canvas.setStrokeGray(0.35)
    canvas.setLineWidth(sheets.MARK_WIDTH)
    for x in xs:
        if 1 < x < w - 1:
            canvas.line(x, 0, x, tick)
            canvas.line(x, h - tick, x, h)
    for y in ys:
        if 1 < y < h - 1:
            canvas.line(0, y, tick, y)
            canvas.line(w - tick, y, w, y)
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
            canvas.setPageSize((plan.card.width, plan.card.height))
            canvas.saveState()
            apply_offset(canvas, plan.spec.offset_mm)
            draw_plan(canvas, pen, plan)
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
    for start in range(0, len(plans), per):
        chunk = plans[start : start + per]
        canvas.setPageSize(layout.sheet.pagesize)
        canvas.saveState()
        apply_offset(canvas, chunk[0].spec.offset_mm)  # a printer setting: one per sheet
        for plan, slot in zip(chunk, layout.slots, strict=False):
            canvas.saveState()
            if rotated:
                canvas.translate(slot.x + slot.w, slot.y)
                canvas.rotate(90)
            else:
                canvas.translate(slot.x, slot.y)
            draw_plan(canvas, pen, plan)
            canvas.restoreState()
        marks = layout.marks(len(chunk))
        if marks:
            sheets.draw_cut_marks(canvas, marks)
        if layout.gutter_x == 0 or layout.gutter_y == 0:
            _edge_cut_ticks(canvas, layout)
        canvas.restoreState()
        canvas.showPage()
    pen.sign()
    save_canvas(canvas)
    return buf.getvalue()


CALIBRATION_MM = 20.0


def render_test_page(paper: str = "a4", offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """A page for measuring a printer's offset: two crosshairs with millimetre rulers.

    Crosshair A should land exactly 20 mm from the left and 20 mm from the top edge of
    the paper. Measure where it really is and enter (20 - measured) for each direction
    as ``offset_mm`` = (right, down); then print this page again to check. Crosshair B
    (20 mm from the right and bottom edges) shows whether the printer also scales.
    """
    size = SHEETS.get(paper.lower()) or CARD_SIZES.get(paper.lower())
    if size is None:
        raise ValueError(f"Unknown paper {paper!r}. Choose a4, letter or a card size.")
    w, h = size.width, size.height
    get_font(FOOTER_FONT)
    buf = io.BytesIO()
    canvas = new_canvas(buf, (w, h), "relbook printer calibration")
    apply_offset(canvas, offset_mm)
    d = CALIBRATION_MM * mm
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    for label, cx, cy in (("A", d, h - d), ("B", w - d, d)):
        canvas.setLineWidth(0.3)
        canvas.line(cx - 12 * mm, cy, cx + 12 * mm, cy)
        canvas.line(cx, cy - 12 * mm, cx, cy + 12 * mm)
        canvas.circle(cx, cy, 2 * mm)
        canvas.setFont(FOOTER_FONT, 9)
        canvas.drawString(cx + 3 * mm, cy + 3 * mm, label)
        # Millimetre rulers running from the crosshair towards the nearer edges.
        sx = -1 if label == "A" else 1
        sy = 1 if label == "A" else -1
        canvas.setLineWidth(0.2)
        canvas.setFont(FOOTER_FONT, 5)
        for i in range(0, 16):
            tick = (3 if i % 5 else 5) * mm
            x = cx + sx * i * mm
            canvas.line(x, cy - sy * 0, x, cy - sy * tick)
            y = cy + sy * i * mm
            canvas.line(cx, y, cx + sx * -tick, y)
            if i % 5 == 0 and i:
                canvas.drawCentredString(x, cy - sy * (tick + 2.2 * mm), str(i))
    canvas.setFont(FOOTER_FONT, 10)
    lines = [
        "Printer calibration",
        "",
        f"1. Measure from the LEFT paper edge to the vertical line of A (should be "
        f"{CALIBRATION_MM:.0f} mm).",
        f"2. Measure from the TOP paper edge to the horizontal line of A (should be "
        f"{CALIBRATION_MM:.0f} mm).",
        f"3. Enter right = {CALIBRATION_MM:.0f} - first measurement, "
        f"down = {CALIBRATION_MM:.0f} - second measurement.",
        "   Example: 22 mm measured from the left means enter right = -2.",
        "4. Print this page again: A should now be exactly in place.",
        f"Offset used for this page: right {offset_mm[0]:+.1f} mm, down {offset_mm[1]:+.1f} mm.",
    ]
    tw = w - 2 * d
    y = h / 2 + 20 * mm
    for line in lines:
        for part in wrap(line, FOOTER_FONT, 10, tw) or [line]:
            canvas.drawString(d, y, part)
            y -= 14
    canvas.showPage()
    save_canvas(canvas)
    return buf.getvalue()
