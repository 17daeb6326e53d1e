"""Turning the bytes of an exported file into text, whatever the exporter chose.

UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as such;
anything else is Windows-1252, which is what older Outlook and Excel write.
"""

from __future__ import annotations

import codecs


def decode(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding name)``; never raises."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in raw[2:4098]:
        # real UTF-16 text has a zero byte in every Latin letter; two stray bytes that
        # look like its mark in front of plain text do not make it UTF-16
        return raw.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; those are read as Latin-1 so nothing fails.
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="latin1_fallback"), "Windows-1252"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)
