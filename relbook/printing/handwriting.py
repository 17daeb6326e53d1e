"""Handwritten look: wrapping with real glyph widths, seeded per-glyph variation, fast drawing.

A pen never puts two letters in quite the same place: each glyph gets a little baseline
wobble (a smooth random walk, not noise), rotation, size and spacing jitter, and each line
a slight slope. Everything comes from one ``random.Random(seed)`` so a reprint is
byte-identical. Glyphs advance by their own (jittered-size) width, so letters never run
into each other however strong the variation.

This module plans the writing (metrics, wrapping, the jitter table); ``pen`` draws it.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from relbook.printing import pdfcanvas
from relbook.printing.fonts import fallback_scale, font_for, get_font, ink_box

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
    hand. Connected scripts get under half the per-glyph jitter so their joins hold."""

    level: float = 0.5
    connected: bool = False
    lean: float = 0.0  # extra slant (tan): a signature is written faster, leaning more

    @property
    def glyph(self) -> float:
        return self.level * (0.45 if self.connected else 1.0)

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
def jitter_table(level: float, connected: bool) -> _Jitter:
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


Token = tuple[str, bool, float]  # (piece, joins the previous one without a space, width)


def _tokens(text: str, font: str) -> list[list[Token]]:
    """The text's paragraphs as words with their widths at 1000 pt: the same at every
    size, so the fitting of a long letter at several sizes measures its words once."""
    key = (text, font)
    hit = _token_cache.get(key)
    if hit is not None:
        return hit
    paras: list[list[Token]] = []
    for para in text.split("\n"):
        tokens: list[Token] = []
        for word in para.split():
            glue = False
            if (
                tokens
                and not (word[0].isalnum() or word[-1].isalnum())
                and not any(ch.isalnum() for ch in word)
            ):
                # "42 €", "soon !": a lone symbol never starts a line on its own.
                prev, glue, _w = tokens.pop()
                word = prev + " " + word
            tokens.append((word, glue, METRICS.text_width(font, word, 1000.0)))
        paras.append(tokens)
    if len(_token_cache) > 64:
        _token_cache.clear()
    _token_cache[key] = paras
    return paras


_token_cache: dict[tuple[str, str], list[list[Token]]] = {}


def wrap(text: str, font: str, size: float, width: float, spread: float = 1.0) -> list[str] | None:
    """Greedy word wrap with real glyph widths (fallback glyphs included).

    ``spread`` widens every measurement to leave room for spacing jitter. Blank lines in
    the text are kept as paragraph breaks. Returns None when a single word cannot fit the
    width even after breaking at its hyphens, so the caller shrinks the font.
    """
    key = (text, font, size, width, spread)
    hit = _wrapped.get(key)
    if hit is not None:
        return list(hit)
    lines = _wrap(text, font, size, width, spread)
    if len(_wrapped) > 16:
        _wrapped.clear()
    _wrapped[key] = lines
    return None if lines is None else list(lines)


_wrapped: dict[tuple, list[str] | None] = {}  # a letter's front and two-side fits share


def _place(
    lines: list[str],
    filling: tuple[str, float],
    piece: str,
    glued: bool,
    pw: float,
    space: float,
    limit: float,
) -> tuple[str, float]:
    """One piece onto the line being filled, (text, width): a new line when it does
    not fit."""
    cur, cur_w = filling
    gap = 0.0 if glued or not cur else space
    if cur and cur_w + gap + pw > limit:
        lines.append(cur)
        return piece, pw
    return cur + ("" if glued or not cur else " ") + piece, cur_w + gap + pw


def _wrap(text: str, font: str, size: float, width: float, spread: float) -> list[str] | None:
    limit = width / spread
    k = size / 1000.0
    space = METRICS.text_width(font, " ", size)
    lines: list[str] = []
    for para in _tokens(text, font):
        if not para:
            lines.append("")
            continue
        cur = ""
        cur_w = 0.0
        for word, glue, w in para:
            pw = w * k
            if pw > limit:  # rare: a word wider than the line, broken at its hyphens
                parts = _split_long_word(word, font, size, limit)
                if parts is None:
                    return None
                for i, p in enumerate(parts):
                    pw = METRICS.text_width(font, p, size)
                    cur, cur_w = _place(lines, (cur, cur_w), p, glue or i > 0, pw, space, limit)
                continue
            if not cur:
                cur, cur_w = word, pw
            elif glue:
                if cur_w + pw > limit:
                    lines.append(cur)
                    cur, cur_w = word, pw
                else:
                    cur += word
                    cur_w += pw
            elif cur_w + space + pw > limit:
                lines.append(cur)
                cur, cur_w = word, pw
            else:
                cur += " " + word
                cur_w += space + pw
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


STRIDE = 1543  # odd, so a walk through the jitter table visits every entry
GLYPH_WOBBLE_SHARE = 0.75  # of the baseline wobble inside a word; the rest moves words


def new_canvas(buf: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    """A canvas whose output depends only on what is drawn (no date, no random id), so
    a reprint of the same notes is byte-identical (see ``pdfcanvas``)."""
    return pdfcanvas.new_canvas(buf, pagesize, title)


save_canvas = pdfcanvas.save_canvas
