"""Letters composed without a Unicode decomposition: Ł, Đ, Ø, €, Œ, Æ, W, a legible r,
and typographic punctuation, each from the font's own strokes.

Functions over a ``composed._Composer`` (its glyph table, metrics and helpers). Also
``is_wave``: whether a mark glyph is drawn as a tilde (Kristi's "˜" and the tilde over
its "ñ" are drawn like an acute accent, so "ñ" read as "ń" and "ễ" as "ế").
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from relbook.printing.glyph_recipes import IDENTITY, Part, Transform, rotate, scale

if TYPE_CHECKING:
    from relbook.printing.composed import _Composer


def is_wave(c: _Composer, name: str, tr: Transform = IDENTITY) -> bool:
    """True if the glyph's upper edge rises and falls like a tilde (∼): its high point
    and its low point both lie inside its width, apart by a fifth of its height at least.
    An acute, a grave or a curl rises or falls only once."""
    coords, ends, _flags = c.glyf[name].getCoordinates(c.glyf)
    xx, xy, yx, yy = tr
    pts = [(xx * x + yx * y, xy * x + yy * y) for x, y in coords]
    if not pts:
        return False
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    if x1 - x0 < 1.1 * (y1 - y0):
        return False  # a tilde is wide and flat
    contours, start = [], 0
    for end in ends:
        contours.append(pts[start : end + 1])
        start = end + 1
    tops = []
    for i in range(1, 12):
        x = x0 + (x1 - x0) * i / 12
        ys = [
            ya + (x - xa) * (yb - ya) / (xb - xa)
            for contour in contours
            for (xa, ya), (xb, yb) in zip(contour, contour[1:] + contour[:1], strict=True)
            if (xa <= x < xb) or (xb <= x < xa)
        ]
        if ys:
            tops.append(max(ys))
    if len(tops) < 5:
        return False
    # A tilde's upper edge changes direction twice (∼), or has both its highest and its
    # lowest point inside (Kristi's "~" starts level); an acute or a curl rises once, a
    # circumflex turns once with its low points at the ends.
    last = len(tops) - 1
    swing = max(tops) - min(tops)
    steps = [b - a for a, b in itertools.pairwise(tops) if abs(b - a) > 0.05 * swing]
    turns = sum(1 for a, b in itertools.pairwise(steps) if a * b < 0)
    hi, lo = tops.index(max(tops)), tops.index(min(tops))
    inside = 0 < hi < last and 0 < lo < last
    return (turns >= 2 or inside) and swing > 0.2 * (y1 - y0)


def dotless(c: _Composer, name: str) -> str | None:
    """ "i" or "j" without its dot (DKG has no "ı"): an accent replaces the dot, it
    does not sit on top of it ("ĩ" with a dot reads as a different letter)."""
    key = "dotless:" + name
    if key not in c.derived:
        coords, ends, _flags = c.glyf[name].getCoordinates(c.glyf)
        low, start = 0, 0
        for end in ends:
            if min(coords[i][1] for i in range(start, end + 1)) < 0.5 * c.x_height:
                low += 1
            start = end + 1
        found = None
        if 0 < low < len(ends):  # the stem, and a dot apart from it
            found = c.copy_contours(name, ("dotless", (0, 0, 0, 0.5 * c.x_height)), (0, 0))
        c.derived[key] = found
    return c.derived[key]


def _rebuilt_r(c: _Composer) -> tuple[list[Part], int] | None:
    """An "r" that cannot be read as "n": the font's own "r" with the leg that runs down
    from its shoulder folded up into a short drop (Kristi's "r" is an "n" otherwise).

    Points right of the stem and below the shoulder are pulled up towards it, fading in
    over a short distance so the outline stays one smooth closed stroke."""
    name = c.raw_cmap.get(ord("r"))
    box = c.ink(name) if name in c.glyf.glyphs else None
    if name is None or box is None:
        return None
    xh = c.x_height
    edges = c.edges_at(name, 0.3 * xh)
    split = edges[1] if len(edges) >= 2 else box[0] + 0.35 * (box[2] - box[0])
    ramp = 0.06 * c.upem
    cut = 0.62 * xh

    def fold(x: float, y: float) -> tuple[float, float]:
        t = min(1.0, max(0.0, (x - split) / ramp))
        if y >= cut or t == 0.0:
            return x, y
        ny = cut + (y - cut) * 0.22
        return x - t * 0.18 * (cut - y) * c.slant, y + t * (ny - y)

    folded = c.copy_contours(name, None, (0, 0), warp=fold)
    if folded is None:
        return None
    return [Part(folded, IDENTITY, 0, 0)], c.advance(name)


def _double(c: _Composer, ch: str) -> tuple[list[Part], int] | None:
    """W from two of the font's V (w from v), overlapping as a hand writes them."""
    base = c.glyph_of("V" if ch == "W" else "v")
    box = c.ink(base)
    if base is None or box is None:
        return None
    step = 0.45 * (box[2] - box[0])
    return [Part(base, IDENTITY, 0, 0), Part(base, IDENTITY, step, 0)], int(c.advance(base) + step)


def _ligature(c: _Composer, first: str, second: str, overlap: float):
    """Two letters run together (Œ, Æ): the second starts inside the first."""
    a, b = c.glyph_of(first), c.glyph_of(second)
    if a is None or b is None:
        return None
    step = c.advance(a) - overlap * c.upem
    return [Part(a, IDENTITY, 0, 0), Part(b, IDENTITY, step, 0)], int(step + c.advance(b))


def _bar(c: _Composer, width: float, angle: float, cx: float, cy: float) -> Part | None:
    """The font's own hyphen, stretched to ``width`` and turned ``angle`` degrees,
    centred on (cx, cy): a pen stroke across a letter."""
    hyphen = c.glyph_of("-") or c.glyph_of("‐")
    hb = c.ink(hyphen)
    if hyphen is None or hb is None:
        return None
    sx = min(1.95, max(0.3, width / max(1.0, hb[2] - hb[0])))
    t = math.radians(angle)
    tr = (sx * math.cos(t), sx * math.sin(t), -math.sin(t), math.cos(t))
    b = c.ink(hyphen, tr)
    assert b is not None
    return Part(hyphen, tr, cx - (b[0] + b[2]) / 2, cy - (b[1] + b[3]) / 2)


def special(c: _Composer, ch: str) -> tuple[list[Part], int] | None:
    """Letters without a Unicode decomposition, and punctuation."""
    if ch in "ŁłĐđ":
        base = c.glyph_of({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d"}[ch])
        box = c.ink(base)
        if base is None or box is None:
            return None
        w, h = box[2] - box[0], box[3] - box[1]
        mid = (box[0] + box[2]) / 2
        # A steep slash across the stem: a flat bar would read as the "t" cross.
        if ch == "Ł":
            # where L stands no taller than t (Breip), even a slanted bar reads as the
            # cross of a "t": the slash goes lower and steeper there
            t_box = c.ink(c.glyph_of("t"))
            short = t_box is not None and h <= 1.1 * t_box[3]
            low, angle, reach = (0.34, 56, 0.5) if short else (0.4, 38, 0.62)
            cy = box[1] + low * h
            cx, length = c.stem_at(base, cy, box[0] + 0.25 * w), reach * w
        elif ch == "ł":
            cy = box[1] + 0.55 * h
            cx, angle, length = c.middle_at(base, cy, mid), 38, 0.95 * c.x_height
        elif ch == "Đ":
            cy = box[1] + 0.48 * h
            cx = c.stem_at(base, cy, box[0] + 0.2 * w) + 0.04 * w
            angle, length = 0, 0.45 * w
        else:  # đ: across the ascender
            cy = max(box[1] + 0.8 * h, c.x_height * 1.2)
            cx = c.stem_at(base, cy, box[2] - 0.2 * w, right=True)
            angle, length = 0, 0.65 * c.x_height
        length = max(length, 0.4 * c.x_height)
        bar = _bar(c, length, angle, cx, cy)
        return ([Part(base, IDENTITY, 0, 0), bar], c.advance(base)) if bar else None
    if ch in "Øø":
        base = c.glyph_of("O" if ch == "Ø" else "o")
        slash = c.glyph_of("/")
        box, sb = c.ink(base), c.ink(slash)
        if base is None or slash is None or box is None or sb is None:
            return None
        s = min(1.9, 1.12 * (box[3] - box[1]) / max(1.0, sb[3] - sb[1]))
        sbs = c.ink(slash, scale(s))
        assert sbs is not None
        dx = (box[0] + box[2]) / 2 - (sbs[0] + sbs[2]) / 2
        dy = (box[1] + box[3]) / 2 - (sbs[1] + sbs[3]) / 2
        return [Part(base, IDENTITY, 0, 0), Part(slash, scale(s), dx, dy)], c.advance(base)
    if ch == "€":
        base = c.glyph_of("C")
        box = c.ink(base)
        if base is None or box is None:
            return None
        w, h = box[2] - box[0], box[3] - box[1]
        parts = [Part(base, IDENTITY, 0, 0)]
        for f in (0.4, 0.6):
            cy = box[1] + f * h
            stem = c.stem_at(base, cy, box[0] + 0.1 * w)
            bar = _bar(c, 0.75 * w, 0, stem + 0.2 * w, cy)
            if bar is None:
                return None
            parts.append(bar)
        return parts, c.advance(base)
    if ch in "ŒœÆæ":
        pair = {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae"}[ch]
        return _ligature(c, pair[0], pair[1], 0.08 if ch in "Œœ" else 0.12)
    if ch in "Ww":
        return _double(c, ch)
    if ch == "r":
        return _rebuilt_r(c)
    return _punctuation(c, ch)


def _punctuation(c: _Composer, ch: str) -> tuple[list[Part], int] | None:
    comma, period, hyphen = (c.glyph_of(mark) for mark in ",.-")
    if ch in "‘’“”‚„" and comma is not None:
        cb = c.ink(comma)
        if cb is None:
            return None
        low = ch in "‚„"
        turned = ch in "‘“"
        tr = rotate(180) if turned else IDENTITY
        b = c.ink(comma, tr)
        assert b is not None
        dy = 0.0 if low else c.cap_height - b[3]
        n = 2 if ch in "“”„" else 1
        step = (b[2] - b[0]) * 1.15
        dx0 = -b[0] + 0.05 * c.upem + c.slant * (dy + b[1])
        parts = [Part(comma, tr, dx0 + i * step, dy) for i in range(n)]
        advance = int(dx0 + b[2] + (n - 1) * step + 0.08 * c.upem)
        return parts, advance
    if ch in "–—" and hyphen is not None:
        hb = c.ink(hyphen)
        if hb is None:
            return None
        # One stroke, as a pen draws it (two joined hyphens show a notch).
        sx = 1.5 if ch == "–" else 1.99
        lead = max(0.0, hb[0])
        parts = [Part(hyphen, scale(sx, 1.0), lead - hb[0] * sx, 0)]
        return parts, int(2 * lead + (hb[2] - hb[0]) * sx)
    if ch == "…" and period is not None:
        adv = c.advance(period)
        return [Part(period, IDENTITY, i * adv * 0.9, 0) for i in range(3)], int(adv * 2.9)
    if ch in "•·" and period is not None:
        pb = c.ink(period)
        if pb is None:
            return None
        s = 1.5 if ch == "•" else 1.0
        b = c.ink(period, scale(s))
        assert b is not None
        dy = c.x_height / 2 - (b[1] + b[3]) / 2
        return [Part(period, scale(s), -b[0] + 0.05 * c.upem, dy)], int(b[2] - b[0] + 0.15 * c.upem)
    return None
