"""Canvases for every relbook PDF: reproducible, self-contained, quick to save, thread-safe.

- **Reproducible**: ``invariant`` output (no date, no random document id), so a reprint of
  the same notes is byte-identical.
- **Self-contained**: ReportLab starts every page in Helvetica, a font it never embeds,
  which preflight tools flag. The canvas starts in the bundled DejaVu Sans instead; a
  TrueType font is embedded only where text is really drawn with it.
- **Quick**: streams are binary (not ASCII85, whose encoder is pure Python) and Flate
  compressed at a quick level; a handwritten page has several times the operators of
  plain text, and zlib's default level spent longer on it than drawing the notes.
- **Thread-safe**: both settings belong to this document (its default stream filters),
  not to ReportLab's module state, so two threads can print at once.
"""

from __future__ import annotations

import io
import zlib

from reportlab.pdfgen.canvas import Canvas

from relbook.printing.fonts import FALLBACK_FONT, get_font

ZLIB_LEVEL = 1  # nearly the size of the default level, far quicker


class _QuickFlate:
    """A Flate filter at ``ZLIB_LEVEL`` (ReportLab's own uses zlib's default)."""

    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return zlib.compress(data, ZLIB_LEVEL)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


QUICK_FLATE = _QuickFlate()


def new_canvas(
    buf: io.BytesIO, pagesize: tuple[float, float], title: str, *, invariant: bool = True
) -> Canvas:
    """A canvas for one document, set up as this module describes."""
    get_font(FALLBACK_FONT)
    # pageCompression=0 leaves every stream's filters unset, so each falls back to the
    # document's own default filters: ours, for this document only.
    canvas = Canvas(
        buf,
        pagesize=pagesize,
        invariant=1 if invariant else 0,
        pageCompression=0,
        initialFontName=FALLBACK_FONT,
    )
    canvas._doc.defaultStreamFilters = [QUICK_FLATE]  # no public setter in ReportLab 5
    canvas.setTitle(title)
    canvas.setCreator("relbook")
    return canvas


class SelfContainedCanvas(Canvas):
    """A canvas that starts in DejaVu Sans, not Helvetica, for platypus documents (they
    make their own canvas: ``doc.build(story, canvasmaker=SelfContainedCanvas)``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        get_font(FALLBACK_FONT)
        if not kwargs.get("initialFontName"):  # platypus passes None explicitly
            kwargs["initialFontName"] = FALLBACK_FONT
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def save_canvas(canvas: Canvas) -> None:
    """Write the document (kept as a function so every layout saves the same way)."""
    canvas.save()
