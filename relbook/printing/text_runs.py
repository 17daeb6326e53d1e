"""Text drawn in runs of one font: handwriting with fallback glyphs, fitted and wrapped.

Shared by the voucher and loyalty-card layouts. A glyph the chosen font lacks ("Ł" in
Kristi) is drawn from the bundled fallback font at a matching scale; a character no font
has is left out rather than printed as an empty box. Sizes are in points.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import (
    FALLBACK_FONT,
    fallback_scale,
    font_for,
    get_font,
    ink_box,
)

Run = tuple[str, float, str]  # (font name, size factor, text)
TextRuns = tuple[Run, ...]


@cache
def fonts() -> tuple[str, str]:
    """(plain font, handwriting font), registered with ReportLab. Never Helvetica: it
    cannot draw "Ł"."""
    return get_font(FALLBACK_FONT).name, get_font("Kristi").name


@cache
def letter_font() -> str:
    """The legible everyday hand (Breip) for names and personal lines; the flowing
    Kristi of ``fonts()`` is kept for short headings, where it reads well."""
    return get_font("Breip").name


@cache
def _font_for(ch: str, font: str) -> tuple[str, float] | None:
    """Which font draws ``ch`` and at what scale (fixed per pair: bundled fallbacks)."""
    real = font_for(ch, font)
    return None if real is None else (real, fallback_scale(font, real))


@lru_cache(maxsize=4096)
def runs(text: str, font: str) -> TextRuns:
    """Split text into runs a single font can draw; a glyph the font lacks ("Ł" in
    Kristi) comes from a fallback font scaled to match; undrawable characters are left
    out rather than printed as empty boxes."""
    out: list[list] = []
    gone = False  # a character was just left out: "Ada 🌸," must not become "Ada ,"
    for ch in unicodedata.normalize("NFC", " ".join(text.split())):
        found = (font, 1.0) if ch == " " else _font_for(ch, font)
        if found is None:
            gone = True
            continue
        if gone and out and out[-1][2].endswith(" "):
            if ch == " ":
                continue
            if ch in _CLOSERS:
                out[-1][2] = out[-1][2][:-1]
        gone = False
        if out and (out[-1][0], out[-1][1]) == found:
            out[-1][2] += ch
        else:
            out.append([found[0], found[1], ch])
    if out and out[-1][2].endswith(" "):
        out[-1][2] = out[-1][2].rstrip(" ")
    if out and out[0][2].startswith(" "):
        out[0][2] = out[0][2].lstrip(" ")
    return tuple((f, s, t) for f, s, t in out if t)


_CLOSERS = frozenset(",.;:!?)]}»”’…")


def runs_width(text: TextRuns, size: float, tracking: float = 0.0) -> float:
    """Width in points; ``tracking`` is extra space between letters as a fraction of size."""
    chars = sum(len(t) for _, _, t in text)
    width = sum(pdfmetrics.stringWidth(t, f, size * s) for f, s, t in text)
    return width + tracking * size * max(0, chars - 1)


def runs_ink(text: TextRuns, size: float) -> tuple[float, float]:
    """(lowest, highest) ink of the text relative to its baseline, in points: how far its
    descenders reach down and its capitals and swashes up (a handwriting "y" goes far
    lower than the font's nominal descent)."""
    low = high = 0.0
    for font, scale, chunk in text:
        for ch in set(chunk):
            _x0, y0, _x1, y1 = ink_box(font, ch)
            low = min(low, y0 * size * scale)
            high = max(high, y1 * size * scale)
    return low, high


def fit_size(
    text: TextRuns, max_w: float, max_size: float, min_size: float, tracking: float = 0.0
) -> float | None:
    """The largest size <= max_size at which the text fits max_w; None below min_size."""
    at_one = runs_width(text, 1.0, tracking)
    size = max_size if at_one <= 0 else min(max_size, max_w / at_one)
    return size if size >= min_size - 1e-6 else None


def wrap_runs(
    text: str, font: str, size: float, max_w: float, max_lines: int
) -> list[TextRuns] | None:
    """Greedy word wrap; None if it needs more lines or a single word is too wide."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and runs_width(runs(trial, font), size) <= max_w:
            lines[-1] = trial
        else:
            if runs_width(runs(word, font), size) > max_w:
                return None
            lines.append(word)
    if len(lines) > max_lines:
        return None
    return [runs(line, font) for line in lines]


def wrap_fit(
    text: str, font: str, max_w: float, max_lines: int, max_size: float, min_size: float
) -> tuple[list[TextRuns], float] | None:
    """The largest size from ``max_size`` down to ``min_size`` (in quarter points) at
    which the text wraps into ``max_lines``, with its lines; None if none does."""
    size = max_size
    while size >= min_size - 1e-6:
        lines = wrap_runs(text, font, size, max_w, max_lines)
        if lines is not None:
            return lines, size
        size -= 0.25
    return None


def draw_runs(
    canvas: Canvas,
    text: TextRuns,
    x: float,
    y: float,
    size: float,
    tracking: float = 0.0,
    *,
    bold: bool = False,
) -> None:
    """Draw runs on one baseline. ``bold`` strokes the outline in the fill colour: the
    bundled sans has no bold face, and this reads as bold on paper."""
    t = canvas.beginText(x, y)
    t.setCharSpace(tracking * size)
    if bold:
        t.setTextRenderMode(2)
        canvas.setStrokeColor(canvas._fillColorObj)
        canvas.setLineWidth(size * 0.035)
    for font, scale, chunk in text:
        t.setFont(font, size * scale)
        t.textOut(chunk)
    if bold:
        t.setTextRenderMode(0)  # the mode outlives ET in PDF's text state
    canvas.drawText(t)
