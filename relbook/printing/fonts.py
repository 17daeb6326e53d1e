"""Handwriting fonts: the bundled set, user-added TrueType files, and glyph fallback.

ReportLab embeds TrueType (glyf) fonts only, so every font goes through ``_check_font_file``
first: an OpenType/CFF file, a collection or a web font gets a plain-words refusal instead of
a ReportLab traceback. A character the chosen font lacks (none of the handwriting fonts has
"Ł", most lack "€") is composed from the font's own strokes where possible (see
``composed``), else drawn from another handwriting font, else from DejaVu Sans; a
character no font has (most emoji) is left out and reported, never printed as a box.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from relbook import resources
from relbook.printing import composed, tounicode

tounicode.install()


def resources_dir() -> Path:
    """The folder with fonts and templates (source checkout, wheel or PyInstaller)."""
    return resources.root()


FONT_DIR = resources_dir() / "fonts"
FALLBACK_FONT = "DejaVuSans"


@dataclass(frozen=True, slots=True)
class FontInfo:
    """A registered TrueType font.

    ``cap_ratio`` (cap height / em) lets layouts pick sizes that look equally large across
    fonts: Kristi at 20 pt is about as tall as Breip at 14 pt. ``connected`` marks joined
    scripts, where per-glyph jitter must stay small or the joins break.
    """

    name: str
    label: str
    path: Path | None  # None for a user font kept in the database (see ``data``)
    licence: Path | None
    handwriting: bool = True
    connected: bool = False
    cap_ratio: float = 0.7
    x_ratio: float = 0.5
    ascent: float = 0.8  # highest ink of a-z A-Z, in em
    descent: float = 0.2  # lowest ink of a-z A-Z below the baseline, in em (positive)
    user: bool = False
    optical: float = 1.0  # > 1 for fonts that look small at the same measured size
    hairline: float = 0.01  # thinnest stroke, in em (the pen thickens what is thinner)
    slant_tan: float = 0.0  # how far the hand leans (tan of the angle), for fallback glyphs
    companion_of: str | None = None  # set on a font of letters composed from another's
    data: bytes | None = field(default=None, repr=False)  # the font file, for user fonts

    @property
    def body(self) -> float:
        """How big the writing looks, in em: the geometric mean of x-height and cap height.

        Ecolier has tiny lower case and tall capitals, Kristi the reverse; sizing by this
        makes all fonts read about equally large at the same "body" in mm.
        """
        return (self.cap_ratio * self.x_ratio) ** 0.5 / self.optical


_BUNDLED: dict[str, tuple[str, str, str, bool]] = {
    # name: (label, file, licence file, connected script); the first is the default
    "DkgHandwriting": ("DKG handwriting", "DkgHandwriting.ttf", "DkgHandwriting-OFL.txt", False),
    "Klee": ("Klee One", "KleeOne-Latin.ttf", "KleeOne-OFL.txt", False),
    "Kristi": ("Kristi", "Kristi.ttf", "Kristi-OFL.txt", True),  # narrow: see _OPTICAL
    "Breip": ("Breip", "Breip.ttf", "Breip-OFL.txt", False),
    "Ecolier": ("Ecolier", "Ecolier-court.ttf", "Ecolier-court-OFL.txt", True),  # joined
    FALLBACK_FONT: ("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-LICENSE.txt", False),
}

# Kristi is narrow and light; at the same measured height it reads smaller than the others.
_OPTICAL = {"Kristi": 1.12}
_SLANT = {"Kristi": 0.21, "DkgHandwriting": 0.08}
# The thinnest stroke (em) each bundled font draws: the width under which 2% of its
# letters' ink lies, measured by morphological opening of a-z A-Z rendered at 300 px/em.
# Ecolier's hairlines are a few thousandths of an em (0.01-0.03 mm on a card).
_HAIRLINE = {
    "Klee": 0.035,
    "Kristi": 0.022,
    "DkgHandwriting": 0.035,
    "Breip": 0.025,
    "Ecolier": 0.005,
    FALLBACK_FONT: 0.06,
}
DEFAULT_FONT = "DkgHandwriting"  # the most legible natural hand (README, "Handwriting")

_registry: dict[str, FontInfo] = {}


class FontError(ValueError):
    """A font file that cannot be used; the message is meant for the shop owner."""


def _check_font_file(path: Path) -> None:
    """Refuse anything that is not a single TrueType font, in plain words."""
    if not path.is_file():
        raise FontError(f"Font file not found: {path}")
    with path.open("rb") as fh:
        _check_font_data(fh.read(4), path.name)


def _check_font_data(magic: bytes, filename: str) -> None:
    """Refuse, by its first bytes, anything that is not a single TrueType font."""
    if magic == b"OTTO":
        raise FontError(
            f"{filename} is an OpenType font with PostScript (CFF) outlines. relbook can "
            "only print TrueType fonts (.ttf). Please use the .ttf version of this font, or "
            "convert it to TrueType (for example with FontForge)."
        )
    if magic == b"ttcf":
        raise FontError(
            f"{filename} is a font collection (.ttc). Please choose a single TrueType "
            "font file (.ttf)."
        )
    if magic in (b"wOFF", b"wOF2"):
        raise FontError(
            f"{filename} is a web font (WOFF). Please choose a TrueType font file (.ttf)."
        )
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise FontError(f"{filename} is not a font file. Please choose a TrueType font (.ttf).")


def ink_box(font_name: str, char: str) -> tuple[float, float, float, float]:
    """(xMin, yMin, xMax, yMax) of the glyph's outline in em, read from the glyf table.

    The hhea ascent/descent understate the swashes of handwriting fonts (DKG's "l" rises
    to 1.06 em), so safe-area checks use the real ink.
    """
    key = (font_name, char)
    hit = _ink_cache.get(key)
    if hit is not None:
        return hit
    face = pdfmetrics.getFont(font_name).face
    gid = face.charToGlyph.get(ord(char), 0)
    start, _length = face.get_table_pos("glyf")
    if gid + 1 >= len(face.glyphPos):
        return (0.0, 0.0, 0.0, 0.0)
    off, end = face.glyphPos[gid], face.glyphPos[gid + 1]
    if end - off < 10:
        box = (0.0, 0.0, 0.0, 0.0)  # empty glyph (space)
    else:
        _n, x0, y0, x1, y1 = struct.unpack(">hhhhh", face._ttf_data[start + off : start + off + 10])
        u = float(face.unitsPerEm)
        box = (x0 / u, y0 / u, x1 / u, y1 / u)
    _ink_cache[key] = box
    return box


_ink_cache: dict[tuple[str, str], tuple[float, float, float, float]] = {}


def _measure(name: str) -> dict[str, float]:
    def top(chars: str, default: float) -> float:
        vals = [ink_box(name, c)[3] for c in chars if ord(c) in _coverage(name)]
        return sum(vals) / len(vals) if vals else default

    letters = [
        c
        for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if ord(c) in _coverage(name)
    ]
    boxes = [ink_box(name, c) for c in letters] or [(0.0, -0.2, 0.5, 0.8)]
    return {
        "x_ratio": max(0.15, top("xzvwu", 0.5)),
        "cap_ratio": max(0.3, top("HEITL", 0.7)),
        "ascent": max(b[3] for b in boxes),
        "descent": max(0.0, -min(b[1] for b in boxes)),
    }


def _open_ttf(name: str, source: Path | bytes, filename: str) -> TTFont:
    """ReportLab's TTFont from a file or bytes, with its errors in plain words."""
    if isinstance(source, bytes):
        buf = io.BytesIO(source)
        buf.name = filename  # type: ignore[attr-defined]
        arg: object = buf
    else:
        arg = str(source)
    try:
        return TTFont(name, arg)
    except (TTFError, OSError, ValueError, IndexError, KeyError, struct.error):
        raise FontError(
            f"{filename} is damaged or not a complete TrueType font, so it cannot be used. "
            "Try saving or downloading the font again."
        ) from None


def _register(
    name: str, path: Path | None, label: str, licence: Path | None, **kw: object
) -> FontInfo:
    data = kw.get("data")
    source: Path | bytes = data if isinstance(data, bytes) else path  # type: ignore[assignment]
    font = _open_ttf(name, source, path.name if path else f"{label}.ttf")
    if isinstance(data, bytes):
        # ReportLab shares one font object per PostScript name: a user's font that calls
        # itself "Kristi" would otherwise print as the bundled Kristi.
        font.face.name = font.face.name + b"-" + name.rsplit("-", 1)[-1].encode("ascii")
    pdfmetrics.registerFont(font)
    _coverage.cache_clear()
    _actions.clear()
    info = FontInfo(name, label, path, licence, **_measure(name), **kw)  # type: ignore[arg-type]
    _registry[name] = info
    return info


def get_font(name: str) -> FontInfo:
    """A bundled or already loaded font by name (registering it with ReportLab on first use)."""
    if name in _registry:
        return _registry[name]
    if name in _BUNDLED:
        label, file, licence, connected = _BUNDLED[name]
        return _register(
            name,
            FONT_DIR / file,
            label,
            FONT_DIR / licence,
            connected=connected,
            handwriting=name != FALLBACK_FONT,
            optical=_OPTICAL.get(name, 1.0),
            slant_tan=_SLANT.get(name, 0.0),
            hairline=_HAIRLINE.get(name, 0.01),
        )
    known = ", ".join(sorted(n for n in _BUNDLED if n != FALLBACK_FONT))
    raise FontError(f"Unknown font {name!r}. Available fonts: {known} (or add your own .ttf).")


def bundled_fonts() -> list[FontInfo]:
    """The handwriting fonts that ship with relbook, for a font picker."""
    return [get_font(n) for n in _BUNDLED if n != FALLBACK_FONT]


def load_user_font(path: str | Path) -> FontInfo:
    """Validate and register a user's own TrueType font (e.g. made from their handwriting).

    Raises FontError with a message that names the file and says what to do.
    """
    p = Path(path)
    _check_font_file(p)  # by content, not name: some .otf files are TrueType inside
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FontError(f"{p.name} could not be read ({exc.strerror or exc}).") from None
    return load_user_font_data(data, p.name)


def load_user_font_data(data: bytes, filename: str) -> FontInfo:
    """Like ``load_user_font`` for a font kept as bytes (relbook stores added fonts in the
    shop's database, so they travel with backups and to every till)."""
    digest = hashlib.sha256(data).hexdigest()
    known = _user_by_digest.get(digest)
    if known is not None:
        return _registry[known]
    _check_font_data(data[:4], filename)
    probe = _open_ttf("relbook-probe", data, filename)
    cmap = probe.face.charToGlyph
    letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if ord(c) in cmap]
    if len(letters) < 20:
        raise FontError(
            f"{filename} has no ordinary letters (a-z); it may be a symbol font. "
            "Please choose a font for writing text."
        )
    family = probe.face.name
    raw = family.decode("latin-1") if isinstance(family, bytes) else str(family)
    safe = "".join(ch for ch in raw if ch.isalnum() or ch in "_") or "font"
    name = f"user-{safe}-{digest[:8]}"
    # A font that declares a lean (italicAngle) gets fallback glyphs leaning with it.
    slant = math.tan(math.radians(-float(probe.face.italicAngle or 0.0)))
    label = raw or Path(filename).stem
    info = _register(name, None, label, None, user=True, slant_tan=max(0.0, slant), data=data)
    _user_by_digest[digest] = name
    return info


_user_by_digest: dict[str, str] = {}


# Glyphs that exist but draw something wrong; the character is composed anew from the
# font's own strokes where a recipe exists (see ``composed_letters``), else falls back to
# another font. Ecolier's "W" carries a stray stroke a full line below the baseline, and
# its en dash, low double quote and ellipsis are "±", "¦" and "¼" (a muddled old
# encoding). Kristi's "r" reads as "n" ("Dear" → "Dean") and its tilde is drawn like an
# acute ("ñ" → "ń"), so its tilde letters are composed with its wavy "~". Found by
# tests/printing/test_legibility.py, which reads every letter back as printed.
_BROKEN: dict[str, frozenset[str]] = {
    "Ecolier": frozenset("W–„…"),
    "Kristi": frozenset("rñãõÑÃÕ\u02dc"),
    "DkgHandwriting": frozenset("Í"),  # its accent falls like a grave: Í would read Ì
}


def rebuilt(name: str) -> frozenset[int]:
    """Letters the font has but draws wrongly, to be composed anew in its companion."""
    return frozenset(ord(c) for c in _BROKEN.get(name, ()) if c.isalpha())


@cache
def _coverage(name: str) -> frozenset[int]:
    """Code points the font really draws: mapped to a glyph that is not .notdef and, for
    anything but white space, has an outline (Ecolier maps "´" to an empty glyph)."""
    font = pdfmetrics.getFont(name)
    face = font.face
    pos = face.glyphPos
    limit = len(pos) - 1
    broken = {ord(c) for c in _BROKEN.get(name, ())}
    return frozenset(
        code
        for code, glyph in face.charToGlyph.items()
        if 0 < glyph < limit
        and code not in broken
        and (pos[glyph + 1] > pos[glyph] or chr(code).isspace())
    )


_companions: dict[str, str | None] = {}
_companion_data: dict[str, bytes] = {}


def font_bytes(font_name: str) -> bytes:
    """The TrueType data of a registered font (a companion lives only in memory)."""
    if font_name in _companion_data:
        return _companion_data[font_name]
    info = get_font(font_name)
    if info.data is not None:
        return info.data
    assert info.path is not None
    return info.path.read_bytes()


def companion(font_name: str) -> str | None:
    """The font of letters composed from ``font_name``'s own strokes (Ł, ř, ễ, €, quotes),
    built on first use; None when the font is not handwriting or nothing could be made.

    Its metrics are the parent's, so a composed letter needs no rescaling or slanting.
    """
    if font_name in _companions:
        return _companions[font_name]
    info = get_font(font_name)
    name = None
    if info.handwriting and info.companion_of is None:
        donors = [n for n in fallback_chain(font_name)[1:] if n in _BUNDLED and n != FALLBACK_FONT]
        donor = None
        if donors:
            lender = get_font(donors[0])
            donor = (lender.path, _coverage(lender.name))
        built = composed.build_companion(
            info.data if info.data is not None else info.path,  # type: ignore[arg-type]
            info.slant_tan,
            composed.companion_tag(font_name),
            _coverage(font_name),
            donor,
            rebuilt(font_name),
        )
        if built is not None:
            data, _codes = built
            name = f"{font_name}+composed"
            _companion_data[name] = data
            buf = io.BytesIO(data)
            buf.name = f"{name}.ttf"  # type: ignore[attr-defined]  # names the PDF object
            pdfmetrics.registerFont(TTFont(name, buf))
            _registry[name] = replace(info, name=name, companion_of=font_name)
    _companions[font_name] = name
    return name


def same_hand(font_name: str, real_font: str) -> bool:
    """True if ``real_font`` is the chosen font itself or its composed companion."""
    return real_font == font_name or _registry[real_font].companion_of == font_name


def has_glyph(font_name: str, char: str) -> bool:
    """True if the font can draw ``char`` (a mapped, non-.notdef glyph)."""
    get_font(font_name)
    return ord(char) in _coverage(font_name)


# Invisible helpers that only make sense to an emoji renderer: dropped silently.
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def fallback_chain(font_name: str) -> list[str]:
    """Fonts tried in order for a character: the chosen one, the other bundled handwriting
    fonts (their quotes and dashes look written), then DejaVu Sans (Ł, €, symbols)."""
    order = _CLOSEST.get(font_name, list(_BUNDLED))
    others = [n for n in order if n not in (font_name, FALLBACK_FONT)]
    return [font_name, *others, FALLBACK_FONT]


# Which handwriting font is the closest stand-in for another's missing glyphs: Ecolier's
# thin upright script borrows from Breip rather than from slanted, heavy Kristi.
_CLOSEST = {"Ecolier": ["Breip", "DkgHandwriting", "Kristi"]}


def font_for(char: str, font_name: str) -> str | None:
    """The font that will draw ``char``: the chosen one, else a fallback, else None."""
    code = ord(char)
    get_font(font_name)
    if code in _coverage(font_name):
        return font_name
    if (code in composed.candidates() or code in rebuilt(font_name)) and code != 0x20:
        own = companion(font_name)
        if own is not None and code in _coverage(own):
            return own
    for name in fallback_chain(font_name)[1:]:
        get_font(name)
        if code in _coverage(name):
            return name
    return None


def fallback_scale(font_name: str, real_font: str, char: str = "A") -> float:
    """Size factor so a fallback glyph matches the chosen font: lower-case letters by
    x-height (a DejaVu "ễ" among Breip letters), everything else by cap height."""
    if same_hand(font_name, real_font):
        return 1.0
    chosen, real = get_font(font_name), get_font(real_font)
    if char.islower():
        return chosen.x_ratio / real.x_ratio
    return chosen.cap_ratio / real.cap_ratio


def _classify(ch: str, font_name: str) -> str:
    """ "k" keep, " " print as a space, "" drop silently, "w" drop with a warning."""
    if ch in "\n ":
        return "k"
    if ch == "\t":
        return " "
    category = unicodedata.category(ch)
    if ord(ch) in _INVISIBLE or category in ("Cc", "Cf"):
        return ""
    if category == "Zs":
        return " "
    return "k" if font_for(ch, font_name) is not None else "w"


_actions: dict[str, dict[str, str]] = {}
_CLOSERS = frozenset(",.;:!?)]}»”’…\n")


def printable_text(text: str, font_name: str) -> tuple[str, list[str]]:
    """Drop characters no font can draw; return the cleaned text and warnings to show.

    Text is NFC-normalised first so "e" + combining acute prints as the single glyph "é"
    that the fonts actually contain.
    """
    text = unicodedata.normalize("NFC", text)
    acts = _actions.setdefault(font_name, {})
    chars = set(text)
    for ch in chars - acts.keys():
        acts[ch] = _classify(ch, font_name)
    if all(acts[ch] == "k" for ch in chars):
        return text, []
    out: list[str] = []
    dropped: list[str] = []
    gone = False  # a character was just left out: "Ada 🌸," must not become "Ada ,"
    for ch in text:
        act = acts[ch]
        if act in ("k", " "):
            if gone and out and out[-1] == " " and (ch in _CLOSERS or ch.isspace()):
                out.pop()
            out.append(ch if act == "k" else " ")
            gone = False
        elif act in ("w", ""):
            gone = gone or act == "w"
            if act == "w" and ch not in dropped:
                dropped.append(ch)
    if gone and out and out[-1] == " ":
        out.pop()
    warnings = [
        f"The character {ch} (U+{ord(ch):04X}) cannot be printed with the installed fonts "
        "and was left out."
        for ch in dropped
    ]
    return "".join(out), warnings


def char_width(font_name: str, char: str) -> float:
    """Advance width of one character in 1/1000 em."""
    face = pdfmetrics.getFont(font_name).face
    return face.charWidths.get(ord(char), face.defaultWidth)
