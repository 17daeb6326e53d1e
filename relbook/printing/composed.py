"""Letters a handwriting font lacks, composed from that font's own strokes.

None of the bundled handwriting fonts has "Ł", "ř" or the Vietnamese "ễ", and most lack
"€". Drawing those from a typeface (DejaVu Sans) puts one printed letter in a
handwritten name, which gives the whole card away. Instead each missing letter is built
the way a person writes it: the font's own base letter plus the font's own accent (an
acute, a circumflex turned upside down for a caron, a hyphen across the stem for "Ł", two
hyphens across a "C" for "€"), as TrueType composite glyphs.

The composites go into a *companion* font: a copy of the original with the new glyphs
added, under a neutral name, so the original file stays unmodified and no Reserved Font
Name of the SIL Open Font License is used for a modified version (copyright and licence
records are kept). The companion is built in memory, deterministically (same bytes every
run, so a reprint stays byte-identical), and only when a missing character is needed.
"""

from __future__ import annotations

import io
import itertools
import logging
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from fontTools.ttLib.tables._g_l_y_f import Glyph as TTGlyph
from fontTools.ttLib.tables._g_l_y_f import GlyphComponent, GlyphCoordinates
from fontTools.ttLib.tables.ttProgram import Program

from relbook.printing import composed_letters
from relbook.printing.glyph_recipes import (
    CARON_RIGHT_BASES,
    CEDILLA,
    HARVEST,
    IDENTITY,
    MARKS,
    TILDE,
    MarkRecipe,
    Part,
    Transform,
    candidates,
    scale,
)

# fontTools reports harmless oddities of old fonts (Ecolier's glyph names) on stderr.
logging.getLogger("fontTools").setLevel(logging.ERROR)


class _Composer:
    """Builds composite glyphs inside one fontTools font."""

    def __init__(
        self,
        font: TTFont,
        slant: float,
        have: frozenset[int],
        donor: tuple[TTFont, frozenset[int]] | None = None,
    ) -> None:
        self.font = font
        self.donor = donor
        self.glyf = font["glyf"]
        self.hmtx = font["hmtx"]
        # Only glyphs known to draw the right thing (see fonts._coverage) are used.
        self.raw_cmap = font.getBestCmap() or {}
        self.cmap = {c: n for c, n in self.raw_cmap.items() if c in have}
        self.upem = font["head"].unitsPerEm
        self.slant = slant
        self.new: dict[int, str] = {}  # code point → new glyph name
        self.extra: list[str] = []  # new glyphs used only as parts (harvested accents)
        self._harvested: dict[str, str | None] = {}
        self.derived: dict[str, str | None] = {}  # glyphs made from glyphs (dotless i)
        self._edge_cache: dict[tuple[str, int], list[float]] = {}
        self._bounds: dict[tuple[str, Transform], tuple[float, float, float, float] | None] = {}
        hx = self.ink(self.glyph_of("x"))
        self.x_height = hx[3] if hx else 0.5 * self.upem
        hc = self.ink(self.glyph_of("H")) or self.ink(self.glyph_of("I"))
        self.cap_height = hc[3] if hc else 0.7 * self.upem

    # -- geometry ----------------------------------------------------------------------

    def glyph_of(self, ch: str) -> str | None:
        # A letter composed anew (Kristi's "r") is the base for its accented forms ("ř").
        name = self.cmap.get(ord(ch)) or self.new.get(ord(ch))
        return name if name is not None and name in self.glyf.glyphs else None

    def ink(
        self, name: str | None, tr: Transform = IDENTITY
    ) -> tuple[float, float, float, float] | None:
        """Ink box of a glyph under a transform (control points included: a little big)."""
        if name is None:
            return None
        key = (name, tr)
        if key in self._bounds:
            return self._bounds[key]
        glyph = self.glyf[name]
        box = None
        if glyph.numberOfContours != 0:
            coords, _ends, _flags = glyph.getCoordinates(self.glyf)
            if len(coords):
                xx, xy, yx, yy = tr
                xs = [xx * x + yx * y for x, y in coords]
                ys = [xy * x + yy * y for x, y in coords]
                box = (min(xs), min(ys), max(xs), max(ys))
        self._bounds[key] = box
        return box

    def edges_at(self, name: str, y: float) -> list[float]:
        """Where the outline crosses the height ``y``, left to right (control polygon:
        close enough for placing a stroke)."""
        key = (name, round(y))
        hit = self._edge_cache.get(key)
        if hit is not None:
            return hit
        coords, ends, _flags = self.glyf[name].getCoordinates(self.glyf)
        xs: list[float] = []
        start = 0
        for end in ends:
            pts = [coords[i] for i in range(start, end + 1)]
            start = end + 1
            for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
                if (y1 <= y < y2) or (y2 <= y < y1):
                    xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        xs.sort()
        self._edge_cache[key] = xs
        return xs

    def middle_at(self, name: str, y: float, default: float) -> float:
        xs = self.edges_at(name, y)
        return (xs[0] + xs[-1]) / 2 if xs else default

    def stem_at(self, name: str, y: float, default: float, right: bool = False) -> float:
        """Middle of the leftmost (or rightmost) stroke at height ``y``."""
        xs = self.edges_at(name, y)
        if len(xs) < 2:
            return default
        return (xs[-2] + xs[-1]) / 2 if right else (xs[0] + xs[1]) / 2

    def advance(self, name: str) -> int:
        return self.hmtx[name][0]

    # -- recipes -----------------------------------------------------------------------

    def compose(self, code: int) -> bool:
        """Add a glyph for ``code`` if the font has the parts; True when added."""
        if code in self.cmap or code in self.new:
            return code in self.new
        ch = chr(code)
        built = composed_letters.special(self, ch) or self._decomposed(ch)
        if built is None:
            return False
        parts, advance = built
        self._add(code, parts, advance)
        return True

    def _mark_source(self, mark: str, base: str) -> tuple[str, Transform] | None:
        recipe = MARKS.get(mark)
        if recipe is None:
            return None
        if mark == "\u030c" and base in CARON_RIGHT_BASES:
            sources: tuple[tuple[str, Transform], ...] = (("'", scale(0.8)), ("’", IDENTITY))
        else:
            sources = recipe.sources
        # A mark never larger than a handwritten one: DKG's spacing cedilla is nearly as
        # tall as a letter.
        limit = (0.45 if recipe.where in ("below", "ogonek") else 0.6) * self.x_height
        own = [(self._harvest(c[1:]) if c.startswith("@") else self.glyph_of(c), t)
               for c, t in sources]  # fmt: skip
        # Last resort: the same mark borrowed from a kindred handwriting font (Ecolier
        # has no tilde at all, so "ñ" would otherwise come from another font entirely).
        borrowed = [(self._borrow(c), t) for c, t in sources if not c.startswith("@")]
        for name, tr in own + borrowed:
            box = self.ink(name, tr) if name is not None else None
            if name is None or box is None:
                continue
            if mark == TILDE and not composed_letters.is_wave(self, name, tr):
                continue  # Kristi draws its tilde like an acute: "ñ" would read "ń"
            height = box[3] - box[1]
            if height > limit:
                k = limit / height
                tr = (tr[0] * k, tr[1] * k, tr[2] * k, tr[3] * k)
            return name, tr
        return None

    def _borrow(self, ch: str) -> str | None:
        """``ch`` copied from the donor font, scaled to this font's x-height."""
        if self.donor is None:
            return None
        key = "borrow:" + ch
        if key in self._harvested:
            return self._harvested[key]
        font, have = self.donor
        name = None
        dname = (font.getBestCmap() or {}).get(ord(ch)) if ord(ch) in have else None
        if dname is not None:
            dglyf = font["glyf"]
            dx = dglyf[(font.getBestCmap() or {}).get(ord("x"), ".notdef")]
            d_xh = getattr(dx, "yMax", 0) or 0.5 * font["head"].unitsPerEm
            name = self.copy_contours(dname, None, (0, 0), glyf=dglyf, scale=self.x_height / d_xh)
        self._harvested[key] = name
        return name

    def _harvest(self, mark: str) -> str | None:
        """The accent drawn in a precomposed letter ("é" minus "e"), as a glyph of its own.

        Composite letters (Kristi) name their accent component; in simple glyphs the
        accent is the contours lying wholly above the base letter (or, for a cedilla,
        below the baseline). None when no letter separates cleanly."""
        if mark in self._harvested:
            return self._harvested[mark]
        found = None
        for letter, base_ch in HARVEST.get(mark, ()):
            lname, bname = self.glyph_of(letter), self.glyph_of(base_ch)
            base_box = self.ink(bname)
            if lname is None or bname is None or base_box is None:
                continue
            glyph = self.glyf[lname]
            if glyph.isComposite():
                others = [c for c in glyph.components if c.glyphName != bname]
                if len(others) == 1 and not hasattr(others[0], "transform"):
                    found = self.copy_contours(
                        others[0].glyphName, None, (others[0].x, others[0].y)
                    )
            else:
                found = self.copy_contours(lname, (mark, base_box), (0, 0))
            if found is not None:
                break
        self._harvested[mark] = found
        return found

    def copy_contours(
        self,
        name: str,
        select: tuple[str, tuple[float, float, float, float]] | None,
        offset: tuple[float, float],
        *,
        glyf: object = None,
        scale: float = 1.0,
        warp: Callable[[float, float], tuple[float, float]] | None = None,
    ) -> str | None:
        """A new simple glyph from ``name``'s contours (those apart from the base when
        ``select`` = (mark, base ink box)), moved by ``offset``; ``glyf`` names another
        font's glyph table (a borrowed glyph), ``scale`` resizes it, ``warp`` moves each
        point (reshaping a letter)."""
        table = self.glyf if glyf is None else glyf
        coords, ends, flags = table[name].getCoordinates(table)  # type: ignore[index]
        if scale != 1.0:
            coords = [(x * scale, y * scale) for x, y in coords]
        if warp is not None:
            coords = [warp(x, y) for x, y in coords]
        contours, start = [], 0
        for end in ends:
            contours.append(list(range(start, end + 1)))
            start = end + 1
        if select is not None:
            mark, box = select
            if mark == CEDILLA:
                keep = [c for c in contours if max(coords[i][1] for i in c) < 0.02 * self.upem]
            elif mark == "dotless":  # the contours reaching below box[3]: a stem, no dot
                keep = [c for c in contours if min(coords[i][1] for i in c) < box[3]]
            else:
                keep = [c for c in contours if min(coords[i][1] for i in c) > box[3] * 0.9]
            if not keep or len(keep) == len(contours):
                return None
            contours = keep
        points = [i for c in contours for i in c]
        if not points:
            return None
        glyph = TTGlyph()
        glyph.numberOfContours = len(contours)
        glyph.coordinates = GlyphCoordinates(
            [(coords[i][0] + offset[0], coords[i][1] + offset[1]) for i in points]
        )
        glyph.flags = bytearray(flags[i] & 1 for i in points)
        ends_out, n = [], 0
        for c in contours:
            n += len(c)
            ends_out.append(n - 1)
        glyph.endPtsOfContours = ends_out
        glyph.program = Program()
        glyph.program.fromBytecode(b"")
        new = f"relbook.part{len(self.extra)}"
        self.glyf.glyphs[new] = glyph
        glyph.recalcBounds(self.glyf)
        self.hmtx.metrics[new] = (0, int(glyph.xMin))
        self.extra.append(new)
        return new

    def _split(self, ch: str) -> tuple[str, list[str]] | None:
        """The largest precomposed letter the font has, plus the marks still to add:
        "ễ" → ("ê", [tilde]) when the font has "ê"."""
        nfd = unicodedata.normalize("NFD", ch)
        base, marks = nfd[0], list(nfd[1:])
        if not marks or self.glyph_of(base) is None:
            return None
        for k in range(len(marks), -1, -1):
            for kept in itertools.combinations(range(len(marks)), k):
                if k == 0:
                    return base, marks
                pre = unicodedata.normalize("NFC", base + "".join(marks[i] for i in kept))
                if len(pre) == 1 and self.glyph_of(pre) is not None:
                    return pre, [m for i, m in enumerate(marks) if i not in kept]
        return None

    def _decomposed(self, ch: str) -> tuple[list[Part], int] | None:
        split = self._split(ch)
        if split is None:
            return None
        base_ch, marks = split
        base = self.glyph_of(base_ch)
        assert base is not None
        if base_ch in "ij" and any(MARKS.get(m, MarkRecipe(())).where == "above" for m in marks):
            dotless = self.glyph_of("ı" if base_ch == "i" else "ȷ") or composed_letters.dotless(
                self, base
            )
            if dotless is not None:
                base = dotless
        box = self.ink(base)
        if box is None:
            return None
        parts = [Part(base, IDENTITY, 0.0, 0.0)]
        top, bottom = box[3], min(0.0, box[1])
        gap = 0.06 * self.upem
        plain = unicodedata.normalize("NFD", base_ch)[0]
        # Where the letter's upper part really is: a slanted "n" leans right at the top.
        top_ref = box[1] + 0.8 * (box[3] - box[1])
        top_cx = self.middle_at(base, top_ref, (box[0] + box[2]) / 2)
        low_ref = max(box[1], 0.0) + 0.15 * self.x_height
        low_cx = self.middle_at(base, low_ref, (box[0] + box[2]) / 2)
        stacked = base_ch != plain  # the base already carries a mark (ê, ă)
        for mark in marks:
            src = self._mark_source(mark, plain)
            if src is None:
                return None
            name, tr = src
            m = self.ink(name, tr)
            assert m is not None
            mw, mh = m[2] - m[0], m[3] - m[1]
            where = MARKS[mark].where
            if mark == "\u030c" and plain in CARON_RIGHT_BASES:
                where = "caron_right"
            if where == "above":
                # a mark over a mark (ễ, ẳ) keeps a wider gap: the pen's stroke and a
                # printer's spread would join them
                clear = gap * (1.7 if stacked else 1.0)
                stacked = True
                dy = top + clear - m[1] if m[1] < top + clear else 0.0
                cx = top_cx + self.slant * (m[1] + dy + mh / 2 - top_ref)
                if mark == "\u030b" and name != self.glyph_of("\u02dd"):
                    for side in (-0.32, 0.32):
                        parts.append(Part(name, tr, cx + side * mw - (m[0] + mw / 2), dy))
                else:
                    parts.append(Part(name, tr, cx - (m[0] + mw / 2), dy))
                top = m[3] + dy
            elif where == "below":
                # Hanging from the baseline (a cedilla may touch it, a dot sits clear).
                touch = mark in (CEDILLA, "\u0328")
                dy = bottom - m[3] + (0.25 * mh if touch else -0.5 * gap)
                cx = low_cx + self.slant * (m[1] + dy + mh / 2 - low_ref)
                parts.append(Part(name, tr, cx - (m[0] + mw / 2), dy))
                bottom = m[1] + dy
            elif where == "ogonek":
                # Joined to the bottom right of the letter.
                right = self.edges_at(base, low_ref)
                rx = right[-1] if right else box[2]
                dy = bottom - m[3] + 0.3 * mh
                cx = rx - 0.15 * mw + self.slant * (m[1] + dy + mh / 2 - low_ref)
                parts.append(Part(name, tr, cx - (m[0] + mw / 2), dy))
                bottom = m[1] + dy
            elif where == "horn":
                # A small tick joined to the top right of "o" / "u".
                ref = min(box[3], self.x_height) if ch.islower() else box[3]
                edges = self.edges_at(base, ref - 0.15 * (box[3] - box[1]))
                rx = edges[-1] if edges else box[2]
                dy = ref - 0.2 * mh - m[1]
                parts.append(Part(name, tr, rx - 0.1 * mw - m[0], dy))
            else:  # caron_right: an apostrophe beside the ascender
                dy = box[3] - m[3]
                parts.append(Part(name, tr, box[2] + 0.05 * self.upem - m[0], dy))
        advance = self.advance(base)
        right = max(self._part_box(p)[2] for p in parts)
        if right > advance + 0.1 * self.upem:  # a caron beside "ď" needs its own room
            advance = int(right)
        return parts, advance

    def _part_box(self, p: Part) -> tuple[float, float, float, float]:
        b = self.ink(p.glyph, p.transform)
        assert b is not None
        return (b[0] + p.dx, b[1] + p.dy, b[2] + p.dx, b[3] + p.dy)

    # -- writing the glyph -------------------------------------------------------------

    def _add(self, code: int, parts: list[Part], advance: int) -> None:
        glyph = TTGlyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for p in parts:
            comp = GlyphComponent()
            comp.glyphName = p.glyph
            comp.x, comp.y = round(p.dx), round(p.dy)
            comp.flags = 0x4  # ROUND_XY_TO_GRID
            if p.transform != IDENTITY:
                xx, xy, yx, yy = (max(-1.99, min(1.99, v)) for v in p.transform)
                comp.transform = [[xx, xy], [yx, yy]]
            glyph.components.append(comp)
        name = f"relbook.u{code:04X}"
        self.glyf.glyphs[name] = glyph
        glyph.recalcBounds(self.glyf)
        self.hmtx.metrics[name] = (max(0, int(advance)), int(getattr(glyph, "xMin", 0)))
        self.new[code] = name


def build_companion(
    source: Path | bytes,
    slant: float,
    tag: str,
    have: frozenset[int],
    donor: tuple[Path, frozenset[int]] | None = None,
    rebuild: frozenset[int] = frozenset(),
) -> tuple[bytes, frozenset[int]] | None:
    """A TrueType font: ``source`` (a file or its bytes) plus every letter of
    ``candidates()`` it lacks and can compose. Returns (font bytes, composed code
    points), or None if none could be.

    ``have`` are the code points the original draws correctly (the only glyphs used as
    parts); ``slant`` (tan of the hand's lean) moves accents along with a slanted letter;
    ``tag`` makes the neutral family name unique per source font; ``donor`` = (path,
    code points it draws) is a kindred font that lends a mark this one lacks entirely
    (its glyph outlines are OFL-licensed as well); ``rebuild`` are characters the font
    has but draws wrongly (Kristi's "r", Ecolier's "W"), composed anew. The companion maps
    only the composed characters and the space, so it never stands in for anything else.
    """
    opened = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    font = TTFont(opened, recalcTimestamp=False, lazy=False)
    lender = None
    if donor is not None:
        lender = (TTFont(str(donor[0]), recalcTimestamp=False, lazy=False), donor[1])
    composer = _Composer(font, slant, have, lender)
    for code in sorted(candidates() | rebuild):
        composer.compose(code)
    if not composer.new:
        return None
    order = [*font.getGlyphOrder(), *composer.extra, *composer.new.values()]
    font.setGlyphOrder(order)
    font["glyf"].setGlyphOrder(order)
    mapping = dict(composer.new)
    space = composer.cmap.get(0x20)
    if space is not None:
        mapping[0x20] = space  # words end in a real space character (see Pen)
    table = CmapSubtable.newSubtable(4)
    table.platformID, table.platEncID, table.language = 3, 1, 0
    table.cmap = mapping
    font["cmap"].tables = [table]
    for table_tag in ("hdmx", "LTSH", "VDMX", "kern", "GPOS", "GSUB", "GDEF", "DSIG"):
        if table_tag in font:
            del font[table_tag]
    # Glyph names are not needed for printing, and some fonts' name lists are damaged
    # (Ecolier's post table); format 3 drops them.
    font["post"].formatType = 3.0
    _rename(font, tag)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue(), frozenset(composer.new)


def companion_tag(name: str) -> str:
    """A short stable tag for a font's companion (the same on every run)."""
    return f"{zlib.crc32(name.encode()) & 0xFFFFFF:06X}"


def _rename(font: TTFont, tag: str) -> None:
    """A neutral name: a modified version must not carry a Reserved Font Name (OFL 1.1)."""
    family = f"Relbook Composed {tag}"
    ps = f"RelbookComposed-{tag}"
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 4, 16, 18, 21):
            names.setName(family, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (6, 20, 22):
            names.setName(ps, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (2, 17):
            names.setName("Regular", rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            names.setName(f"relbook: {ps}", 3, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 5 or rec.nameID == 0 or rec.nameID in (13, 14):
            continue  # copyright, version and licence stay as they are
        else:
            names.removeNames(nameID=rec.nameID)
