"""Form XObjects written straight to bytes: the pen's letters, words and cards.

A long letter's batch holds a few thousand small forms (a letter's outline, a way of
writing a word, a card's ink). ReportLab's own form object builds a resource dictionary
of Python objects for each and formats them one by one, which took longer than drawing
the notes; these forms carry only what they need (their content, a bounding box, and
the one shared dictionary of the forms they use) and format themselves in one step.
"""

from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc

from relbook.printing.pdfcanvas import ZLIB_LEVEL


class Form(pdfdoc.PDFObject):
    """A Form XObject with ``content`` (PDF operators, ASCII) drawn in its own units,
    clipped to ``bbox``; ``uses`` is a reference to the dictionary of forms it draws."""

    __RefOnly__ = 1  # an indirect object, never inlined

    def __init__(
        self,
        content: str,
        bbox: tuple[int, int, int, int],
        uses: pdfdoc.PDFObjectReference | None = None,
    ) -> None:
        self.content = content.encode("ascii")
        self.bbox = bbox
        self.uses = uses

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        data = document.encrypt.encode(zlib.compress(self.content, ZLIB_LEVEL))
        resources = b""
        if self.uses is not None:
            resources = b" /Resources << /XObject " + self.uses.format(document) + b" >>"
        head = b"<< /Type /XObject /Subtype /Form /BBox [%d %d %d %d]%s" % (
            *self.bbox,
            resources,
        )
        return head + b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
            len(data),
            data,
        )


class FormSet:
    """The forms of one document, named in one dictionary that every form and the ink
    on every page share as their XObject resources."""

    def __init__(self, document: pdfdoc.PDFDocument, tag: str) -> None:
        self._doc = document
        self.names = pdfdoc.PDFDictionary({})
        self.ref = document.Reference(self.names, f"relbook.forms.{tag}")
        self._count = 0

    def add(
        self, content: str, bbox: tuple[int, int, int, int], prefix: str, *, uses: bool = True
    ) -> str:
        """Register a form; returns its short name ("g12"): another form draws it with
        ``/g12 Do``, a page (through ReportLab's ``_formsinuse``) with ``/FormXob.g12 Do``.
        ``uses`` = False for a form that draws no other form."""
        short = f"{prefix}{self._count}"
        name = pdfdoc.xObjectName(short)
        self._count += 1
        self._doc.Reference(Form(content, bbox, self.ref if uses else None), name)
        # Forms drawn by other forms go by their short name (their dictionary is ours);
        # a page lists its forms by ReportLab's long one.
        self.names.dict[short] = pdfdoc.PDFObjectReference(name)
        return short
