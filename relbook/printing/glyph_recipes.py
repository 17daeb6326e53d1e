"""The recipes for composing letters: which spacing mark draws which accent, and where.

Plain data for ``relbook.printing.composed``: a combining mark (U+0301 acute …) maps to
the glyphs that can stand for it, in order of preference, and to where it goes on the
base letter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

# A transform as (xx, xy, yx, yy): x' = xx*x + yx*y, y' = xy*x + yy*y (fontTools order).
Transform = tuple[float, float, float, float]
IDENTITY: Transform = (1.0, 0.0, 0.0, 1.0)


def scale(sx: float, sy: float | None = None) -> Transform:
    return (sx, 0.0, 0.0, sx if sy is None else sy)


def rotate(degrees: float, s: float = 1.0) -> Transform:
    t = math.radians(degrees)
    return (s * math.cos(t), s * math.sin(t), -s * math.sin(t), s * math.cos(t))


@dataclass(frozen=True)
class MarkRecipe:
    """How to write one combining mark with spacing glyphs the fonts usually have.

    ``sources`` are tried in order: (character, transform). ``where`` is "above",
    "below", "ogonek" (below, at the right), "horn" (top right, touching) or "caron_right"
    (the apostrophe-like caron of ď, ť, ľ)."""

    sources: tuple[tuple[str, Transform], ...]
    where: str = "above"


FLIP_Y: Transform = (1.0, 0.0, 0.0, -1.0)
FLIP_X: Transform = (-1.0, 0.0, 0.0, 1.0)
ACUTE, GRAVE, CIRC, TILDE = "\u0301", "\u0300", "\u0302", "\u0303"
DIAER, RING, CEDILLA = "\u0308", "\u030a", "\u0327"

# A source is a character of the font, or "@" + a mark taken out of a precomposed letter
# (see _Composer._harvest): the accent the designer drew over "é" is the best acute.
MARKS: dict[str, MarkRecipe] = {
    GRAVE: MarkRecipe((("@" + GRAVE, IDENTITY), ("`", IDENTITY), ("\u02cb", IDENTITY))),
    ACUTE: MarkRecipe(
        (("@" + ACUTE, IDENTITY), ("\u00b4", IDENTITY), ("\u02ca", IDENTITY), ("'", scale(0.7)))
    ),
    CIRC: MarkRecipe((("@" + CIRC, IDENTITY), ("\u02c6", IDENTITY), ("^", IDENTITY))),
    TILDE: MarkRecipe((("@" + TILDE, IDENTITY), ("\u02dc", IDENTITY), ("~", scale(0.8)))),
    "\u0304": MarkRecipe((("\u00af", IDENTITY), ("-", scale(0.9)))),  # macron
    "\u0306": MarkRecipe((("\u02d8", IDENTITY), ("(", rotate(90, 0.45)))),  # breve
    "\u0307": MarkRecipe((("\u02d9", IDENTITY), (".", IDENTITY))),  # dot above
    DIAER: MarkRecipe((("@" + DIAER, IDENTITY), ("\u00a8", IDENTITY))),
    "\u0309": MarkRecipe(((")", scale(0.38, 0.32)), ("?", scale(0.3)))),  # hook above
    RING: MarkRecipe((("@" + RING, IDENTITY), ("\u02da", IDENTITY), ("\u00b0", scale(0.75)))),
    "\u030b": MarkRecipe(  # double acute: two acutes unless the font has the real thing
        (("\u02dd", IDENTITY), ("@" + ACUTE, IDENTITY), ("\u00b4", IDENTITY), ("'", scale(0.6)))
    ),
    "\u030c": MarkRecipe(  # caron: a circumflex upside down
        (("\u02c7", IDENTITY), ("@" + CIRC, FLIP_Y), ("\u02c6", FLIP_Y), ("^", FLIP_Y))
    ),
    "\u031b": MarkRecipe((("'", rotate(-20, 0.6)), (",", rotate(180, 0.7))), "horn"),
    "\u0323": MarkRecipe(((".", IDENTITY),), "below"),  # dot below
    "\u0326": MarkRecipe(((",", IDENTITY),), "below"),  # comma below (ș ț)
    CEDILLA: MarkRecipe((("@" + CEDILLA, IDENTITY), ("\u00b8", IDENTITY), (",", FLIP_X)), "below"),
    "\u0328": MarkRecipe(  # ogonek: a cedilla facing the other way, at the right
        (("\u02db", IDENTITY), ("@" + CEDILLA, FLIP_X), ("\u00b8", FLIP_X), (",", IDENTITY)),
        "ogonek",
    ),
}
# Precomposed letters (with their base) an accent can be taken from.
HARVEST: dict[str, tuple[str, ...]] = {
    ACUTE: ("ée", "áa", "óo", "úu"),
    GRAVE: ("èe", "àa", "òo", "ùu"),
    CIRC: ("êe", "âa", "ôo", "ûu"),
    TILDE: ("ñn", "ãa", "õo"),
    DIAER: ("ëe", "äa", "öo", "üu"),
    RING: ("åa",),
    CEDILLA: ("çc",),
}
CARON_RIGHT_BASES = set("dlLt")

# Which characters are worth composing: Latin letters with marks, a few stroked letters,
# typographic punctuation. (Greek, Cyrillic and the rest fall back to DejaVu Sans.)
_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
_EXTRA = "ŁłĐđØøŒœ€‘’‚“”„–—…•·"


@cache
def candidates() -> frozenset[int]:
    """Code points this module may be able to compose (if the font has the parts)."""
    codes = {c for lo, hi in _RANGES for c in range(lo, hi + 1)}
    return frozenset(codes | {ord(c) for c in _EXTRA})


@dataclass
class Part:
    """One component of a composed glyph: a glyph, transformed, then moved."""

    glyph: str
    transform: Transform
    dx: float
    dy: float
