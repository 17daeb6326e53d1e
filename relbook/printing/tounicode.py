"""Text copied from a PDF: characters beyond U+FFFF (emoji) in ReportLab's ToUnicode maps.

ReportLab 5.1 writes them as 5 hex digits, which no PDF reader understands, so a drawn
😊 could not be copied or searched. Installed once by ``fonts`` (never around a save:
it changes nothing for any other character, so it is safe for every thread and every
document).
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_rl_make_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab 5.1 writes characters beyond U+FFFF (emoji) as 5 hex digits, which no
    PDF reader understands, so a drawn 😊 cannot be copied or searched. Same CMap, with
    UTF-16 surrogate pairs; identical output for every other character."""
    text = _rl_make_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return text
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{_utf16_hex(v)}>")
    return text


def install() -> None:
    """Use the corrected CMap for every TrueType font ReportLab embeds from now on."""
    ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap
