"""Handwritten look: wrapping with real glyph widths, seeded per-glyph variation, fast drawing.

A pen never puts two letters in quite the same place: each glyph gets a little baseline
wobble (a smooth random walk, not noise), rotation, size and spacing jitter, and each line
a slight slope. Everything comes from one ``random.Random(seed)`` so a reprint is
byte-identical. Glyphs advance by their own (jittered-size) width, so letters never run
into each other however strong the variation.

Drawing writes the PDF text operators directly (one ``BT … ET`` per word, one ``Tm`` per
glyph) through ``canvas.addLiteral``, with a real space character after each word so PDF
readers extract words; see ``Pen`` for how a batch stays near plain ``drawString`` speed.
"""

from __future__ import annotations

import io
import math
import random
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import fallback_scale, font_for, get_font, ink_box, same_hand

INKS: dict[str, tuple[float, float, float]] = {
    "blue": (0.11, 0.20, 0.52),  # a ballpoint / fountain-pen royal blue, not screen blue
    "black": (0.13, 0.13, 0.15),
    "brown": (0.36, 0.22, 0.13),
}


def ink_rgb(ink: str) -> tuple[float, float, float]:
    """The base colour of a named ink; raises ValueError naming the choices."""
    try:
        return INKS[ink]
    except KeyError:
        raise ValueError(f"Unknown ink {ink!r}. Choose one of: {', '.join(INKS)}.") from None


class Glyph(NamedTuple):
    """One placed character: baseline origin (x, y) in points, size in points, angle in
    degrees (counter-clockwise), fill colour."""

    char: str
    font: str
    x: float
    y: float
    size: float
    angle: float
    color: tuple[float, float, float]
    shear: float = 0.0  # fallback glyphs lean with a slanted hand


@dataclass(frozen=True, slots=True)
class Hand:
    """How strongly a hand varies. ``level`` 0 is type-perfect, 1 is a hurried but legible
    hand. Connected scripts get a quarter of the per-glyph jitter so their joins hold."""

    level: float = 0.5
    connected: bool = False
    lean: float = 0.0  # extra slant (tan): a signature is written faster, leaning more

    @property
    def glyph(self) -> float:
        return self.level * (0.3 if self.connected else 1.0)

    @property
    def wrap_spread(self) -> float:
        """How much longer than plain a written line usually comes out (the mean of the
        size and spacing jitter, with a little headroom). Wrapping plans with it; the pen
        absorbs the rare longer line (see ``Pen.write``)."""
        return 1.0 + 0.045 * self.glyph + 0.012 * self.level

    def slope_reserve(self, width: float) -> float:
        """Largest vertical drift a line of this width can show at its end."""
        return width * math.tan(math.radians(MAX_SLOPE_DEG * self.level))

    def wobble_reserve(self, size: float) -> float:
        return size * WOBBLE * self.glyph


PARAGRAPH_GAP = 0.6  # a blank line advances this much of the leading


def span(lines: Sequence[str]) -> float:
    """Distance from the first to the last baseline, in leadings."""
    return sum(PARAGRAPH_GAP if not line else 1.0 for line in lines[:-1])


MAX_SLOPE_DEG = 0.9
MARGIN_DRIFT = 0.4  # of the font size, at level 1: how far a line may start further in
WOBBLE = 0.045  # of the font size, peak baseline wobble at level 1
MAX_ANGLE_DEG = 3.0
SIZE_JITTER = 0.06


TABLE_BITS = 12
TABLE_SIZE = 1 << TABLE_BITS


@dataclass(frozen=True, slots=True)
class _Jitter:
    """Per-glyph jitter values for one hand, drawn once and shared by every note.

    A note walks the table from a seeded start with a seeded odd stride (which visits all
    4096 entries before repeating), so each note gets its own sequence while the hot loop
    does one lookup instead of four random draws.
    """

    size: tuple[float, ...]  # size factor
    angle: tuple[float, ...]  # radians
    wobble: tuple[float, ...]  # baseline walk step, -0.35..0.35
    advance: tuple[float, ...]  # size factor x spacing factor


@cache
def _jitter(level: float, connected: bool) -> _Jitter:
    hand = Hand(level, connected)
    g = hand.glyph
    r = random.Random(0x5EED + int(level * 1000) * 2 + connected).random
    size, angle, wobble, advance = [], [], [], []
    for _ in range(TABLE_SIZE):
        sf = 1.0 + (r() * 2 - 1) * SIZE_JITTER * g
        size.append(sf)
        angle.append((r() * 2 - 1) * math.radians(MAX_ANGLE_DEG * g))
        wobble.append((r() * 2 - 1) * 0.35)
        advance.append(sf * (1.0 + r() * 0.06 * g))
    return _Jitter(tuple(size), tuple(angle), tuple(wobble), tuple(advance))


WORD_GAP_X = (0.55, 0.9)  # a written word gap, in x-heights: about one "n"


def word_gap(font: str, space: float) -> float:
    """The gap between words (1/1000 em): the font's space, kept to what a hand leaves.

    DKG's space is 1.6 times its "n", which spreads its words like a telegram."""
    x = get_font(font).x_ratio * 1000
    lo, hi = WORD_GAP_X
    return min(max(space, lo * x), hi * x)


class _Metrics:
    """Per-font width cache (1/1000 em) and fallback resolution, shared across notes."""

    def __init__(self) -> None:
        self._widths: dict[tuple[str, str], float] = {}
        self._fonts: dict[tuple[str, str], tuple[str, float]] = {}
        self._words: dict[tuple[str, str], float] = {}

    def font(self, font: str, ch: str) -> tuple[str, float]:
        """(font that draws ``ch``, size factor for it) when writing in ``font``."""
        key = (font, ch)
        f = self._fonts.get(key)
        if f is None:
            real = font_for(ch, font) or font
            f = (real, fallback_scale(font, real, ch))
            self._fonts[key] = f
        return f

    def width(self, font: str, ch: str) -> float:
        """Advance of ``ch`` written in ``font`` (fallback glyphs scaled), 1/1000 em."""
        key = (font, ch)
        w = self._widths.get(key)
        if w is None:
            real, scale = self.font(font, ch)
            face = pdfmetrics.getFont(real).face
            w = face.charWidths.get(ord(ch), face.defaultWidth) * scale
            if ch == " ":
                w = word_gap(font, w)
            self._widths[key] = w
        return w

    def text_width(self, font: str, text: str, size: float) -> float:
        key = (font, text)
        w = self._words.get(key)
        if w is None:
            w = sum(self.width(font, ch) for ch in text)
            if len(self._words) < 200_000:
                self._words[key] = w
        return w * size / 1000.0


METRICS = _Metrics()


def _split_long_word(word: str, font: str, size: float, width: float) -> list[str] | None:
    """Break a word wider than the line at its hyphens; None if a piece is still too wide."""
    if "-" not in word:
        return None
    pieces = [p + "-" for p in word.split("-")[:-1]] + [word.split("-")[-1]]
    out: list[str] = []
    cur = ""
    for p in pieces:
        if METRICS.text_width(font, cur + p, size) <= width:
            cur += p
        else:
            if cur:
                out.append(cur)
            if METRICS.text_width(font, p, size) > width:
                return None
            cur = p
    if cur:
        out.append(cur)
    return out


def wrap(text: str, font: str, size: float, width: float, spread: float = 1.0) -> list[str] | None:
    """Greedy word wrap with real glyph widths (fallback glyphs included).

    ``spread`` widens every measurement to leave room for spacing jitter. Blank lines in
    the text are kept as paragraph breaks. Returns None when a single word cannot fit the
    width even after breaking at its hyphens, so the caller shrinks the font.
    """
    limit = width / spread
    space = METRICS.text_width(font, " ", size)
    lines: list[str] = []
    for para in text.split("\n"):
        # (piece, joins the previous piece without a space)
        tokens: list[tuple[str, bool]] = []
        for word in para.split():
            glue = False
            if (
                tokens
                and not (word[0].isalnum() or word[-1].isalnum())
                and not any(ch.isalnum() for ch in word)
            ):
                # "42 €", "soon !": a lone symbol never starts a line on its own.
                prev, glue = tokens.pop()
                word = prev + " " + word
            if METRICS.text_width(font, word, size) <= limit:
                tokens.append((word, glue))
                continue
            parts = _split_long_word(word, font, size, limit)
            if parts is None:
                return None
            tokens.extend((p, glue if i == 0 else True) for i, p in enumerate(parts))
        if not tokens:
            lines.append("")
            continue
        cur = ""
        cur_w = 0.0
        for piece, glued in tokens:
            pw = METRICS.text_width(font, piece, size)
            gap = 0.0 if glued or not cur else space
            if cur and cur_w + gap + pw > limit:
                lines.append(cur)
                cur, cur_w = piece, pw
            else:
                cur += ("" if glued or not cur else " ") + piece
                cur_w += gap + pw
        lines.append(cur)
    # Trailing blank lines would only push the signature down.
    while lines and not lines[-1]:
        lines.pop()
    return lines


class Stroke(NamedTuple):
    """A written line's baseline from its first to its last letter, in points."""

    x0: float
    y0: float
    x1: float
    y1: float


class GlyphBox(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float


def glyph_box(gl: Glyph) -> GlyphBox:
    """The glyph's real ink box (from its outline), rotated, as an axis-aligned box."""
    ix0, iy0, ix1, iy1 = ink_box(gl.font, gl.char)
    sz = gl.size
    t = math.radians(gl.angle)
    c, s = math.cos(t), math.sin(t)
    xs, ys = [], []
    for px, py in (
        (ix0 * sz, iy0 * sz),
        (ix1 * sz, iy0 * sz),
        (ix0 * sz, iy1 * sz),
        (ix1 * sz, iy1 * sz),
    ):
        px += py * gl.shear
        xs.append(gl.x + px * c - py * s)
        ys.append(gl.y + px * s + py * c)
    return GlyphBox(min(xs), min(ys), max(xs), max(ys))


_Entry = tuple[float, str, str, float, str, str | None, float]

VARIANTS = 16  # ways of writing each word per document: plenty for the eye, cacheable
STRIDE = 1543  # odd, so a walk through the jitter table visits every entry
GLYPH_WOBBLE_SHARE = 0.75  # of the baseline wobble inside a word; the rest moves words


class _Word(NamedTuple):
    plain: str
    spaced: str
    advance: float  # 1/100 pt
    glyphs: tuple[tuple[str, str, float, float, float, float, float], ...]


class Pen:
    """Writes lines in a handwritten hand onto one canvas (one PDF document).

    Every glyph gets its own jittered size, angle, baseline and spacing, but a word's
    jittered glyphs are computed once per (word, size, variant) and reused: each occurrence
    picks one of ``VARIANTS`` shapes and is placed with its own offset, ink tone and the
    line's slope. That keeps 500 notes near the cost of plain drawString. Rotations are
    a few degrees at most, where cos t = 1 - t²/2 and sin t = t are exact to 1e-6.
    ReportLab assigns TrueType subset codes per document, hence one Pen per canvas.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._tables: dict[str, dict[str, _Entry]] = {}
        self._words: dict[tuple[tuple, str, int], _Word] = {}
        self._tones: dict[tuple, tuple[str, tuple[float, float, float]]] = {}

    def _table(self, font: str) -> dict[str, _Entry]:
        """char -> (advance per point of size, font resource, '(code)Tj', size factor,
        real font name, '(code )Tj' or None, shear), filled lazily."""
        t = self._tables.get(font)
        if t is None:
            t = self._tables[font] = {}
        return t

    def _entry(self, font: str, ch: str) -> _Entry:
        real, scale = METRICS.font(font, ch)
        f = pdfmetrics.getFont(real)
        doc = self.canvas._doc  # ReportLab has no public hook for subset encoding
        ((subset, raw),) = f.splitString(ch, doc)
        code = self.canvas._escape(raw)
        # The same glyph followed by a real space character, when the space lives in the
        # same font subset: PDF readers then find word breaks from the text itself, even
        # on a card turned 90 degrees on an n-up sheet.
        with_space = None
        if ch != " " and ord(" ") in f.face.charToGlyph:
            ((s_subset, s_raw),) = f.splitString(" ", doc)
            if s_subset == subset:
                with_space = "(" + code + self.canvas._escape(s_raw) + ")Tj"
        entry = (
            METRICS.width(font, ch) / 1000.0,
            # Interned: the hot loop compares font resources by identity.
            sys.intern(f.getSubsetInternalName(subset, doc)),
            "(" + code + ")Tj",
            scale,
            real,
            with_space,
            # Upright fallback glyphs (DejaVu's Ł) lean with a slanted hand.
            0.0 if same_hand(font, real) else get_font(font).slant_tan,
        )
        self._table(font)[ch] = entry
        return entry

    def _word(
        self, font: str, word: str, size100: float, variant: int, hand: Hand, sk: tuple
    ) -> _Word:
        """One way of writing ``word``: its glyph operators relative to the word's start,
        in 1/100 pt, with and without a trailing space character, and its advance.
        ``sk`` identifies font, size and hand; the result is cached under it."""
        key = (sk, word, variant)
        hit = self._words.get(key)
        if hit is not None:
            return hit
        jit = _jitter(round(hand.level, 3), hand.connected)
        lean = hand.lean
        j_size, j_angle, j_wob, j_adv = jit.size, jit.angle, jit.wobble, jit.advance
        wob_amp = size100 * WOBBLE * hand.glyph * GLYPH_WOBBLE_SHARE
        table = self._table(font)
        j = (variant * 997) & (TABLE_SIZE - 1)
        parts = ["BT"]
        glyphs: list[tuple[str, str, float, float, float, float, float]] = []
        cur_font = ""
        cx = 0.0
        wob = 0.0
        e: _Entry | None = None
        for ch in word:
            e = table.get(ch) or self._entry(font, ch)
            j = (j + STRIDE) & (TABLE_SIZE - 1)
            wob = wob * 0.65 + j_wob[j]
            gy = int(wob * wob_amp)
            if e[1] != cur_font:
                cur_font = e[1]
                parts.append(cur_font + " 1 Tf")
            ds = size100 * e[3] * j_size[j]
            t = j_angle[j]
            ic = int(ds * (1.0 - t * t * 0.5))
            it = int(ds * t)
            ix = int(cx)
            shear = e[6] + lean
            parts.append(f"{ic} {it} {int(ds * shear) - it} {ic} {ix} {gy} Tm{e[2]}")
            glyphs.append((ch, e[4], ix, gy, ds, t, shear))
            cx += e[0] * size100 * j_adv[j]
        plain = "\n".join(parts) + "\nET"
        spaced = plain
        if e is not None and e[5] is not None:
            # A real space character after the last glyph tells PDF readers where the word
            # ends, even on a card turned 90 degrees on an n-up sheet.
            spaced = plain[: -len(e[2]) - 3] + e[5] + "\nET"
        w = self._words[key] = _Word(plain, spaced, cx, tuple(glyphs))
        return w

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

        Each word is drawn as one of ``VARIANTS`` jittered shapes (cached per document,
        which is what makes 500 notes fast), placed with its own small baseline offset, ink
        tone, and the line's slope. With ``align="right"`` each line ends near
        ``x + width`` (signatures); left-aligned lines never run past ``x + width`` when
        a width is given. Pass a list as ``collect`` to get every placed glyph back (for
        checks and tests).
        """
        lvl = hand.level
        r = rng.random
        variants = VARIANTS if lvl > 0 else 1
        word_wob = size * WOBBLE * hand.glyph * (1.0 - GLYPH_WOBBLE_SHARE) * 100
        slope_amp = math.tan(math.radians(MAX_SLOPE_DEG * lvl))
        tone_amp = 0.10 * lvl
        space_amp = 0.1 * lvl
        size100 = size * 100
        cr, cg, cb = color
        space = METRICS.width(font, " ") / 1000.0 * size100
        words_of = self._word
        cached = self._words.get
        sk = (font, round(size100 * 16), round(lvl, 3), hand.connected, hand.lean)
        tones = self._tones
        parts: list[str] = ["q 0.01 0 0 0.01 0 0 cm"]
        spans: list[Stroke] = []
        add = parts.append
        slope = (r() * 2 - 1) * slope_amp * 0.5
        margin = r()
        tone = 1.0
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
                # The cache is looked up here: a call per word costs more than the hit.
                shapes.append(cached((sk, w, v)) or words_of(font, w, size100, v, hand, sk))
            last = len(words) - 1
            gaps = [space * (1.0 + (r() * 1.2 - 0.2) * space_amp) for _ in range(last)]
            natural = sum(s.advance for s in shapes if s) + sum(gaps)
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
            # its origin where the line starts. Words move along it by relative steps.
            x0 = cx
            cs = math.sqrt(1.0 - slope * slope)
            a, b = cs * squeeze, slope * squeeze
            add(f"q {a:.6f} {b:.6f} {-slope:.6f} {cs:.6f} {int(x0)} {int(y)} cm")
            u = 0.0  # distance along the line (unsqueezed), 1/100 pt
            pu = pv = 0  # where the previous word was put, in the line's frame
            row: list[Glyph] | None = [] if collect is not None else None
            for i, shape in enumerate(shapes):
                if shape is not None:
                    if tone_amp:
                        # Ink density changes per word, slowly and faintly.
                        tone = tone * 0.6 + 0.4 * (1.0 + (r() * 2 - 1) * tone_amp)
                        tone = 0.85 if tone < 0.85 else 1.15 if tone > 1.15 else tone
                    tk = (color, int(tone * 400))
                    rg = tones.get(tk)
                    if rg is None:
                        tq = tk[1] / 400
                        col = (min(1.0, cr * tq), min(1.0, cg * tq), min(1.0, cb * tq))
                        rg = tones[tk] = (f"{col[0]:.3f} {col[1]:.3f} {col[2]:.3f} rg", col)
                    wu = int(u)
                    wv = int((r() * 2 - 1) * word_wob)
                    ops = shape.spaced if i < last else shape.plain
                    add(f"1 0 0 1 {wu - pu} {wv - pv} cm {rg[0]}\n{ops}")
                    pu, pv = wu, wv
                    if row is not None:
                        for ch, real, dx, dy, ds, t, sh in shape.glyphs:
                            lu, lv = wu + dx, wv + dy
                            gx = (int(x0) + a * lu - slope * lv) / 100
                            gy = (int(y) + b * lu + cs * lv) / 100
                            ang = math.degrees(t + math.asin(slope))
                            row.append(Glyph(ch, real, gx, gy, ds / 100, ang, rg[1], sh))
                    u += shape.advance
                if i < last:
                    u += gaps[i]
            add("Q")
            cx = x0 + u * a  # where the line ends on the page
            if collect is not None and row is not None:
                collect.append(row)
            spans.append(Stroke(x0 / 100, y / 100, cx / 100, (y + u * b) / 100))
            y -= lead100 * (1.0 + (r() * 2 - 1) * 0.03 * lvl)
        add("Q")
        self.canvas.addLiteral("\n".join(parts))
        return spans


def new_canvas(buf: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    """A canvas whose output depends only on what is drawn (no date, no random id), so
    a reprint of the same notes is byte-identical."""
    canvas = Canvas(buf, pagesize=pagesize, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("relbook")
    return canvas


ZLIB_LEVEL = 1  # Flate level for page streams: nearly the size of the default, far quicker


def _fast_flate(text: str | bytes) -> bytes:
    data = text.encode("utf8") if isinstance(text, str) else text
    return zlib.compress(data, ZLIB_LEVEL)


def save_canvas(canvas: Canvas) -> None:
    """Save with binary (not ASCII85) streams, compressed at a quick Flate level.

    ReportLab's ASCII85 encoder is pure Python unless its C accelerator is installed and
    took half the time of a 500-note batch; every PDF reader handles binary streams. A
    handwritten page carries one positioned glyph per letter, several times the stream of
    plain text, and zlib's default level spent longer on it than drawing the notes.
    Both settings are global in ReportLab, so they are switched only during the save.
    """
    old = rl_config.useA85
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress.encode = _fast_flate  # type: ignore[method-assign]
    try:
        canvas.save()
    finally:
        rl_config.useA85 = old
        del pdfdoc.PDFZCompress.encode  # back to the class's own method
