"""The pen: writes wrapped lines onto a canvas as ink, with a text layer for readers.

What is seen and what is read are kept apart, as in a scanned letter with OCR text:

- **Ink.** Every letter is a filled and stroked outline (``outlines``), placed as a Form
  XObject: one of several shapes of that letter, turned, sized and shifted by the hand's
  jitter. The stroke, in the ink's colour, gives the pen its weight: it changes a little
  from letter to letter like a nib's pressure, and it never lets a stroke print thinner
  than ``MIN_STROKE_MM`` (Ecolier's hairlines are 0.02 mm, which an office printer drops).
- **Text.** Each word is also written as invisible text (PDF render mode 3) in the
  embedded DejaVu Sans, as one string at the word's place and width. pdftotext and pypdf
  read whole words ("Dear Søren", not "D e a r S ø r e n"), a search finds a name in a
  batch, and no glyph is read twice because the ink is not text at all.

Words are the unit of caching: a word's ink is computed once per (word, size, variant)
and reused, so 500 notes stay near plain ``drawString`` speed. Everything comes from the
note's ``random.Random(seed)``, so a reprint is byte-identical.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import outlines
from relbook.printing.fonts import FALLBACK_FONT, get_font, same_hand
from relbook.printing.handwriting import (
    GLYPH_WOBBLE_SHARE,
    MARGIN_DRIFT,
    MAX_SLOPE_DEG,
    METRICS,
    PARAGRAPH_GAP,
    STRIDE,
    TABLE_SIZE,
    WOBBLE,
    Glyph,
    Hand,
    Stroke,
    jitter_table,
)
from relbook.printing.pdfforms import FormSet

VARIANTS = 12  # ways of writing each word per document: plenty for the eye, cacheable
EVERYWHERE = (-100000, -100000, 100000, 100000)  # a bounding box that clips nothing
MIN_STROKE_MM = 0.1  # thinnest line an office printer keeps
PRESSURE = 0.008  # of the em: the pen's own stroke around every outline, on average
PRESSURE_SWING = 0.45  # how much that changes from letter to letter (share of it)
DRIFT_SIZE = 0.05  # letter size wanders this much along a line, at level 1
DRIFT_SLANT = 0.08  # and the slant (tan) this much
WORD_TURN = 0.05  # a word's own angle moves its far end at most this share of the size


def _short(value: float) -> str:
    """A number as PDF allows it shortest, to 3 decimals: ".012", "-.5", "1"."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text if text != "-0" else "0"


class _Word(NamedTuple):
    ink: str  # operators in the word's frame (1/100 pt)
    advance: float  # 1/100 pt
    glyphs: tuple[tuple[str, str, float, float, float, float, float], ...]


class Pen:
    """Writes lines in a handwritten hand onto one canvas (one PDF document).

    ReportLab assigns TrueType subset codes and forms per document, hence one Pen per
    canvas. A Pen is not shared between threads; separate canvases print in parallel.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._doc = canvas._doc  # ReportLab has no public hook for forms and subsets
        self._forms: dict[tuple[str, str, int, float], str | None] = {}
        self._words: dict[tuple, _Word] = {}
        self._said: dict[str, tuple[str, float]] = {}
        self._tones: dict[tuple, tuple[str, tuple[float, float, float]]] = {}
        self.hands: set[str] = set()  # fonts whose outlines were drawn (see ``sign``)
        # Every letter form, in one dictionary shared by all the ink (see ``write``):
        # a page listing its own sixty letters cost more to write out than the notes.
        self._forms_set = FormSet(self._doc, str(id(self)))
        self._inks = 0
        self._held: list[str] | None = None  # ink of a card being written (see ``card``)
        get_font(FALLBACK_FONT)
        self._reader = pdfmetrics.getFont(FALLBACK_FONT)
        self._reader_subset = self._reader.getSubsetInternalName(0, self._doc)
        self._mats: dict[tuple[int, int, int], str] = {}
        self._letters: dict[tuple[str, str], tuple[str, float, float, float]] = {}

    # -- the ink -----------------------------------------------------------------------

    def _form(self, font: str, ch: str, variant: int, strength: float) -> str | None:
        """The name of the Form XObject drawing one shape of ``ch``; None for a glyph
        without ink (a space)."""
        key = (font, ch, variant, strength)
        if key in self._forms:
            return self._forms[key]
        path = outlines.glyph_path(font, ch, variant, strength)
        found = None
        if path is not None:
            x0, y0, x1, y1 = (round(v) for v in outlines.glyph_bbox(font, ch))
            name = self._forms_set.add(path + " B", (x0, y0, x1, y1), "g", uses=False)
            self.hands.add(font)
            found = name
        self._forms[key] = found
        return found

    def _letter(self, font: str, ch: str) -> tuple[str, float, float, float]:
        """(font that draws ``ch``, its size factor, its lean, its advance per point)
        when writing in ``font``; looked up once per document."""
        real, scale = METRICS.font(font, ch)
        shear = 0.0 if same_hand(font, real) else get_font(font).slant_tan
        hit = self._letters[(font, ch)] = (real, scale, shear, METRICS.width(font, ch) / 1000)
        return hit

    def _weight(self, font: str, size: float) -> float:
        """The pen's stroke (1/1000 em) at ``size`` points: its pressure, and never less
        than what lifts the font's thinnest hairline to MIN_STROKE_MM."""
        thin = get_font(font).hairline * 1000  # 1/1000 em
        need = MIN_STROKE_MM * mm / size * 1000 - thin
        return max(PRESSURE * 1000, need + 4.0)

    def _word(
        self, font: str, word: str, size100: float, variant: int, hand: Hand, sk: tuple
    ) -> _Word:
        """One way of writing ``word``: its ink relative to the word's start (1/100 pt),
        and its advance. Cached under ``sk`` (font, size, hand)."""
        key = (sk, word, variant)
        hit = self._words.get(key)
        if hit is not None:
            return hit
        jit = jitter_table(round(hand.level, 3), hand.connected)
        j_size, j_angle, j_wob, j_adv = jit.size, jit.angle, jit.wobble, jit.advance
        wob_amp = size100 * WOBBLE * hand.glyph * GLYPH_WOBBLE_SHARE
        strength = round(hand.level, 2)
        shapes = outlines.VARIANTS if strength > 0 else 0
        weight = self._weight(font, size100 / 100)
        swing = PRESSURE * 1000 * PRESSURE_SWING * min(1.0, hand.level * 2)
        j = (variant * 997) & (TABLE_SIZE - 1)
        parts: list[str] = []
        glyphs: list[tuple[str, str, float, float, float, float, float]] = []
        cx = wob = press = 0.0
        last_w = -1
        em = 1000.0 / size100  # word units (1/100 pt) to thousandths of an em
        letters = self._letters
        for i, ch in enumerate(word):
            j = (j + STRIDE) & (TABLE_SIZE - 1)
            wob = wob * 0.65 + j_wob[j]
            press = press * 0.5 + j_wob[(j + 7) & (TABLE_SIZE - 1)] * 1.4
            lk = (font, ch)
            letter = letters.get(lk) or self._letter(font, ch)
            real, scale, shear0, adv1000 = letter
            shear = shear0 + hand.lean
            ds = size100 * scale * j_size[j]
            t = j_angle[j]
            gy = wob * wob_amp
            # which of the letter's shapes: well mixed, so two ways of writing a word
            # share few of their letters' shapes
            mix = ((variant + 1) * 0x9E3779B1 + (i + 1) * 0x85EBCA77) & 0xFFFFFFFF
            shape = 1 + (mix >> 16) % shapes if shapes else 0
            fk = (real, ch, shape, strength)
            form = self._forms[fk] if fk in self._forms else self._form(*fk)
            if form is not None:
                k = ds / size100  # this letter's size against the word's (about 1)
                c, s = k * (1.0 - t * t * 0.5), k * t
                w = round((weight + press * swing) / max(scale, 0.5))
                # the nib's width, set outside the letter's q/Q so the next letter keeps it
                nib = f"{w} w " if w != last_w else ""
                last_w = w
                parts.append(
                    f"{nib}q {c:.3f} {s:.3f} {k * shear - s:.3f} {c:.3f} "
                    f"{cx * em:.0f} {gy * em:.0f} cm /{form} Do Q"
                )
            glyphs.append((ch, real, cx, gy, ds, t, shear))
            cx += adv1000 * size100 * j_adv[j]
        # The word becomes a form of its own: a page then names each word once, not
        # each letter (a long letter's pages held five times the bytes to compress).
        # Inside it, letters are placed in thousandths of an em, scaled once.
        ink = ""
        if parts:
            parts.insert(0, f"{size100 / 1000:.5f} 0 0 {size100 / 1000:.5f} 0 0 cm")
            ink = f"/{self._forms_set.add(chr(10).join(parts), EVERYWHERE, 'w')} Do"
        w = self._words[key] = _Word(ink, cx, tuple(glyphs))
        return w

    def sign(self) -> None:
        """Name the hands that wrote the document in its keywords ("hands: Breip, …"):
        the letters are outlines, so no font name says it otherwise (for support and
        checks). Call once, before saving."""
        self.canvas.setKeywords("hands: " + ", ".join(sorted(self.hands)))

    # -- the text ----------------------------------------------------------------------

    def _say(self, word: str) -> tuple[tuple[tuple[str, str], ...], float]:
        """``word`` and a space as invisible text: ((font subset, "(codes)"), …) — one
        piece unless the document has used more than 256 different characters — and
        its width in DejaVu Sans at 1 pt."""
        font = self._reader
        doc = self.canvas._doc
        pieces = tuple(
            (font.getSubsetInternalName(subset, doc), f"({self.canvas._escape(raw)})")
            for subset, raw in font.splitString(word + " ", doc)
        )
        width = pdfmetrics.stringWidth(word, FALLBACK_FONT, 1.0)
        hit = self._said[word] = (pieces, max(width, 0.01))
        return hit

    # -- writing -----------------------------------------------------------------------

    @contextmanager
    def card(self) -> Iterator[None]:
        """Everything written inside goes into one form (a card's body and signature
        share one frame): half the objects of a form per ``write``."""
        self._held = []
        try:
            yield
        finally:
            held, self._held = self._held, None
            if held:
                self._put("\n".join(held))

    def _ink(self, ops: str) -> None:
        if self._held is not None:
            self._held.append(ops)
        else:
            self._put(ops)

    def _put(self, ops: str) -> None:
        """Put ``ops`` on the page as a form of its own, whose resources are the shared
        dictionary of letter and word forms: each page then names one form, not the
        hundred its words use."""
        name = self._forms_set.add(ops, EVERYWHERE, "ink")
        self.canvas._formsinuse.append(name)  # the page's resources list its forms here
        self.canvas.addLiteral(f"/FormXob.{name} Do")

    def _tone(self, color: tuple[float, float, float], step: int):
        """The fill and stroke operators of ``color`` at ``step``/50 of its strength (2%
        steps, so a run of words in the same tone shares one operator), and the colour."""
        col = tuple(min(1.0, v * step / 50) for v in color)
        spec = " ".join(_short(v) for v in col)
        rg = self._tones[(color, step)] = (f"{spec} rg {spec} RG", col)
        return rg

    def _matrix(self, key: tuple[int, int, int]) -> str:
        """``q`` and the first four numbers of a word's placement (size in 1/500 steps,
        slant in 1/500, angle in 1/2000 rad): formatted once, looked up after."""
        g, k, t = key[0] / 500, key[1] / 500, key[2] / 2000
        c, sn = g * (1.0 - t * t * 0.5), g * t
        text = self._mats[key] = (
            "q " + " ".join(_short(v) for v in (c, sn, k * c - sn, k * sn + c)) + " "
        )
        return text

    def write(
        self,
        lines: Sequence[str],
        font: str,
        size: float,
        x: float,
        y_first: float,
        leading: float,
        hand: Hand,
        rng: random.Random,
        color: tuple[float, float, float],
        *,
        align: str = "left",
        width: float = 0.0,
        collect: list[list[Glyph]] | None = None,
    ) -> list[Stroke]:
        """Write ``lines`` with the first baseline at ``y_first``; returns where each
        written line's baseline runs (for a stroke under a signature).

        Each word is one of ``VARIANTS`` jittered shapes, placed with its own small
        baseline offset, ink tone, size and slant drift, and the line's slope. With
        ``align="right"`` each line ends near ``x + width`` (signatures); left-aligned
        lines never run past ``x + width`` when a width is given. Pass a list as
        ``collect`` to get every placed glyph back (for checks and tests).
        """
        lvl = hand.level
        r = rng.random
        variants = VARIANTS if lvl > 0 else 1
        word_wob = size * WOBBLE * hand.glyph * (1.0 - GLYPH_WOBBLE_SHARE) * 100
        slope_amp = math.tan(math.radians(MAX_SLOPE_DEG * lvl))
        tone_amp = 0.10 * lvl
        space_amp = 0.1 * lvl
        # whole words drift, so a joined hand keeps its joins: the full level for all
        drift_s, drift_k = DRIFT_SIZE * lvl, DRIFT_SLANT * lvl
        size100 = size * 100
        turn = WORD_TURN * lvl * size100  # radians x 1/100 pt of word length
        space = METRICS.width(font, " ") / 1000.0 * size100
        words_of = self._word
        cached = self._words.get
        sk = (font, round(size100 * 16), round(lvl, 3), hand.connected, hand.lean)
        parts: list[str] = ["q 0.01 0 0 0.01 0 0 cm 1 j 1 J"]
        # The text layer goes on the page itself (readers place text inside forms
        # relative to the form), each line in the same frame as its ink.
        text_layer: list[str] = ["q 0.01 0 0 0.01 0 0 cm"]
        spans: list[Stroke] = []
        add = parts.append
        slope = (r() * 2 - 1) * slope_amp * 0.5
        margin = r()
        tone = 1.0
        inked = -1  # the ink tone last set (set again only when it changes)
        tones_get, mats_get, said_get = self._tones.get, self._mats.get, self._said.get
        y = y_first * 100
        lead100 = leading * 100
        for text in lines:
            if not text:
                y -= lead100 * PARAGRAPH_GAP
                continue
            # Each line drifts a little from level: a damped random walk.
            slope = max(-slope_amp, min(slope_amp, slope * 0.5 + (r() * 2 - 1) * slope_amp * 0.6))
            # The left margin wanders slowly, as a hand's does, never past MARGIN_DRIFT.
            margin = margin * 0.55 + r() * 0.45
            indent = margin * MARGIN_DRIFT * lvl * size100
            words = text.split(" ")
            shapes: list[_Word | None] = []
            for w in words:
                if not w:
                    shapes.append(None)
                    continue
                v = int(r() * variants)
                shapes.append(cached((sk, w, v)) or words_of(font, w, size100, v, hand, sk))
            # Size and slant drift word by word along the line (a slow walk, not noise).
            grow, lean, drift = [], [], 0.0
            for _ in shapes:
                drift = drift * 0.7 + (r() * 2 - 1) * 0.6
                grow.append(1.0 + drift * drift_s * (1.0 - 0.5 * drift * drift))
                lean.append(drift * drift_k)
            last = len(words) - 1
            gaps = [space * (1.0 + (r() * 1.2 - 0.2) * space_amp) for _ in range(last)]
            natural = sum(s.advance * g for s, g in zip(shapes, grow, strict=True) if s)
            natural += sum(gaps)
            squeeze = 1.0
            if align == "right":
                cx = (x + width) * 100 - natural - indent
            else:
                cx = x * 100 + indent
                over = natural + indent - width * 100 if width else 0.0
                if over > 0:
                    # Wrapping allowed for the usual spread of the jitter; a line that came
                    # out longer starts less indented, closes its word gaps a little, and
                    # only then writes a hair narrower. It never crosses the margin.
                    take = min(indent, over)
                    cx -= take
                    over -= take
                    if over > 0 and gaps:
                        k = max(0.6, 1.0 - over / sum(gaps))
                        over -= sum(gaps) * (1.0 - k)
                        gaps = [g * k for g in gaps]
                    if over > 0:
                        squeeze = (width * 100) / (width * 100 + over)
            # One frame per line: turned by the line's slope, narrowed by ``squeeze``, with
            # its origin where the line starts.
            x0 = cx
            cs = math.sqrt(1.0 - slope * slope)
            a, b = cs * squeeze, slope * squeeze
            frame = f"q {a:.6f} {b:.6f} {-slope:.6f} {cs:.6f} {x0:.0f} {y:.0f} cm"
            add(frame)
            inked = -1  # the line's q/Q restores the colour: set it again on this line
            # The text layer: the whole line as one string, each word placed where it
            # was written by a shift before it (TJ), so readers see words, not letters.
            said: list[str] = []
            said_at = 0.0  # where DejaVu's text position stands after the last word
            said_font = first_font = self._reader_subset
            # DejaVu narrowed (or widened) so that no word's text runs into the next
            # word's place: readers split words where text does not overlap
            hs = 3.0
            for i, shape in enumerate(shapes):
                if shape is not None:
                    room = shape.advance * grow[i] + (gaps[i] if i < last else space)
                    said_w = (said_get(words[i]) or self._say(words[i]))[1] * size100
                    hs = min(hs, room / said_w)
            unit = size100 * hs  # one text-space unit, in the line's frame
            u = 0.0  # distance along the line (unsqueezed), 1/100 pt
            row: list[Glyph] | None = [] if collect is not None else None
            for i, shape in enumerate(shapes):
                if shape is not None:
                    if tone_amp:
                        # Ink density changes per word, slowly and faintly.
                        tone = tone * 0.6 + 0.4 * (1.0 + (r() * 2 - 1) * tone_amp)
                        tone = 0.85 if tone < 0.85 else 1.15 if tone > 1.15 else tone
                    tq = round(tone * 50)
                    if tq != inked:
                        rg = tones_get((color, tq)) or self._tone(color, tq)
                        add(rg[0])
                        inked = tq
                    wv = int((r() * 2 - 1) * word_wob)
                    g, k = grow[i], lean[i]
                    # A word is set down at its own small angle: never more than moves
                    # its far end by WORD_TURN of the size.
                    t = (r() * 2 - 1) * turn / max(shape.advance, size100)
                    mk = (round(g * 500), round(k * 500), round(t * 2000))
                    mat = mats_get(mk) or self._matrix(mk)
                    iu = int(u)
                    add(f"{mat}{iu} {wv} cm {shape.ink} Q")
                    pieces, tw = said_get(words[i]) or self._say(words[i])
                    shift = f"{(said_at - u) / unit * 1000:.0f}"
                    for subset, codes in pieces:
                        if subset is not said_font:  # another DejaVu subset (rare)
                            said.append(f"]TJ {subset} 1 Tf [")
                            said_font = subset
                        said.append(shift + codes)
                        shift = ""
                    said_at = u + tw * unit
                    if row is not None:
                        c, sn = g * (1.0 - t * t * 0.5), g * t
                        for ch, real, dx, dy, ds, tg, sh in shape.glyphs:
                            lu = iu + c * dx + (k * c - sn) * dy
                            lv = wv + sn * dx + (k * sn + c) * dy
                            gx = (int(x0) + a * lu - slope * lv) / 100
                            gy = (int(y) + b * lu + cs * lv) / 100
                            ang = math.degrees(tg + t + math.asin(slope))
                            col = self._tones[(color, inked)][1] if tone_amp else color
                            row.append(Glyph(ch, real, gx, gy, ds * g / 100, ang, col, sh + k))
                    u += shape.advance * g
                if i < last:
                    u += gaps[i]
            if said:
                text_layer.append(
                    f"{frame} BT 3 Tr {first_font} 1 Tf {unit:.1f} 0 0 "
                    f"{size100:.0f} 0 0 Tm [{''.join(said)}]TJ ET Q"
                )
            add("Q")
            cx = x0 + u * a  # where the line ends on the page
            if collect is not None and row is not None:
                collect.append(row)
            spans.append(Stroke(x0 / 100, y / 100, cx / 100, (y + u * b) / 100))
            y -= lead100 * (1.0 + (r() * 2 - 1) * 0.03 * lvl)
        add("Q")
        text_layer.append("Q")
        self.canvas.addLiteral("\n".join(text_layer))
        self._ink("\n".join(parts))
        return spans
