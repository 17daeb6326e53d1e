"""A font helper for the Care delegates: style sheets may size fonts in pixels."""

from __future__ import annotations

from PySide6.QtGui import QFont


def scale_font(font: QFont, factor: float) -> QFont:
    """Scale ``font`` in place, whether it is sized in points or in pixels."""
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return font
