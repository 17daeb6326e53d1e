"""Where each printer really puts the page: a calibration offset per printer name.

Cheap printers feed paper a millimetre or two off. The owner prints a test page,
measures, and enters how far to move everything right and down; relbook keeps that per
printer and applies it whenever it prints to that printer (cards, vouchers, loyalty
cards, the counter sheet), never to a saved PDF.
"""

from __future__ import annotations

from relbook.services import settings

KEY = "notes.offset_mm"  # printer name → [right, down] in millimetres
settings.DEFAULTS.setdefault(KEY, {})


def offset_for(printer: str | None) -> tuple[float, float]:
    offsets = settings.get(KEY) or {}
    right, down = offsets.get(printer or "", (0.0, 0.0))
    return float(right), float(down)


def save(printer: str, right_mm: float, down_mm: float) -> None:
    offsets = dict(settings.get(KEY) or {})
    offsets[printer] = [round(right_mm, 1), round(down_mm, 1)]
    settings.set_value(KEY, offsets)
