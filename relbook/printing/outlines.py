"""Glyph outlines as PDF paths, in several hand-drawn shapes per letter.

A font gives one shape per letter; a pen never does. Each letter is read from the font's
own outline (fontTools) and bent by a small smooth deformation: its strokes sway a little
sideways, its bowls swell or narrow, its top leans, each differently per ``variant``. The
deformation fades to nothing at the glyph's left and right edges, so where a script
joins one letter to the next the joins still meet.

The result is PDF path operators in thousandths of an em (a glyph of size 1000), ready
to be wrapped in a Form XObject and placed by the pen. Everything is a pure function of
(font bytes, character, variant), cached for the process, so a reprint is identical.
"""

from __future__ import annotations

import io
import math
import random
import threading
from functools import lru_cache

from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from relbook.printing.fonts import font_bytes

VARIANTS = 5  # shapes per letter: enough that neighbours rarely repeat, few forms per PDF
SWAY = 0.028  # of the em: sideways bend of the strokes, at its peak
LIFT = 0.018  # of the em: how far a bowl's top and bottom move
LEAN = 0.06  # tan: extra lean or straightening of the upper half


class _PathPen(BasePen):
    """Collects a glyph as PDF path operators, each point moved by ``warp``."""

    def __init__(self, glyphset, warp, scale: float) -> None:
        super().__init__(glyphset)
        self.ops: list[str] = []
        self.warp = warp
        self.k = scale

    def _pt(self, pt: tuple[float, float]) -> str:
        x, y = self.warp(pt[0] * self.k, pt[1] * self.k)
        return f"{x:.1f} {y:.1f}"

    def _moveTo(self, pt) -> None:
        self.ops.append(self._pt(pt) + " m")

    def _lineTo(self, pt) -> None:
        self.ops.append(self._pt(pt) + " l")

    def _curveToOne(self, p1, p2, p3) -> None:
        self.ops.append(f"{self._pt(p1)} {self._pt(p2)} {self._pt(p3)} c")

    def _qCurveToOne(self, p1, p2) -> None:
        # A quadratic Bézier as the cubic PDF draws: control points 2/3 of the way.
        p0 = self._getCurrentPoint()
        c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
        c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
        self.ops.append(f"{self._pt(c1)} {self._pt(c2)} {self._pt(p2)} c")

    def _closePath(self) -> None:
        self.ops.append("h")

    def _endPath(self) -> None:
        self.ops.append("h")


_lock = threading.Lock()
_faces: dict[str, tuple[TTFont, object, dict[int, str], float]] = {}


def _face(font_name: str) -> tuple[TTFont, object, dict[int, str], float]:
    """The parsed font (glyph set, cmap, 1000/unitsPerEm), opened once per process."""
    with _lock:
        hit = _faces.get(font_name)
        if hit is None:
            font = TTFont(io.BytesIO(font_bytes(font_name)), lazy=True)
            cmap = font.getBestCmap() or {}
            hit = (font, font.getGlyphSet(), cmap, 1000.0 / font["head"].unitsPerEm)
            _faces[font_name] = hit
        return hit


def _warp(box: tuple[float, float, float, float], variant: int, seed: int, strength: float):
    """A smooth deformation of one glyph: a sideways sway that changes with height, a
    swell that changes with x, and a lean of the upper half; zero at the side edges."""
    x0, y0, x1, y1 = box
    w = max(1.0, x1 - x0)
    h = max(1.0, y1 - y0)
    r = random.Random(seed * 131 + variant * 7919).random
    sway = (r() * 2 - 1) * SWAY * 1000 * strength
    lift = (r() * 2 - 1) * LIFT * 1000 * strength
    lean = (r() * 2 - 1) * LEAN * strength
    ph1, ph2 = r() * math.tau, r() * math.tau
    f1 = 0.6 + r() * 0.8  # waves per glyph height
    f2 = 0.5 + r() * 0.7  # waves per glyph width
    mid = y0 + h * 0.45

    def warp(x: float, y: float) -> tuple[float, float]:
        edge = math.sin(math.pi * min(1.0, max(0.0, (x - x0) / w)))  # 0 at the sides
        dx = sway * math.sin(math.tau * f1 * (y - y0) / h + ph1) * edge
        if y > mid:
            dx += lean * (y - mid) * edge
        dy = lift * math.sin(math.tau * f2 * (x - x0) / w + ph2) * edge
        return x + dx, y + dy

    return warp


def _same(x: float, y: float) -> tuple[float, float]:
    return x, y


@lru_cache(maxsize=16384)
def glyph_path(font_name: str, char: str, variant: int, strength: float = 1.0) -> str | None:
    """PDF path operators for ``char`` in ``font_name`` (shape ``variant``, 0 for the
    font's own; ``strength`` 0..1 scales the deformation), in 1/1000 em, or None for a
    glyph without ink (a space)."""
    _font, glyphset, cmap, k = _face(font_name)
    gname = cmap.get(ord(char))
    if gname is None:
        return None
    with _lock:
        bounds = BoundsPen(glyphset)
        glyphset[gname].draw(bounds)
        if bounds.bounds is None:
            return None
        bx = tuple(v * k for v in bounds.bounds)
        warp = _warp(bx, variant, ord(char), strength) if variant else _same
        pen = _PathPen(glyphset, warp, k)
        glyphset[gname].draw(pen)
    return " ".join(pen.ops)


@lru_cache(maxsize=4096)
def glyph_bbox(font_name: str, char: str) -> tuple[float, float, float, float]:
    """Ink box in 1/1000 em, widened for the deformation (a form's bounding box)."""
    _font, glyphset, cmap, k = _face(font_name)
    gname = cmap.get(ord(char))
    if gname is None:
        return (0.0, 0.0, 0.0, 0.0)
    with _lock:
        bounds = BoundsPen(glyphset)
        glyphset[gname].draw(bounds)
    if bounds.bounds is None:
        return (0.0, 0.0, 0.0, 0.0)
    x0, y0, x1, y1 = (v * k for v in bounds.bounds)
    pad = 60 + (y1 - y0) * LEAN
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
