"""Which hand writes a text: the chosen one, unless it cannot write the text's letters.

A letter from another hand (or from a typeface) inside a handwritten word gives the card
away, so a hand that lacks one of the text's letters, even after composing it from its
own strokes, is not used for that text: the default hand writes it, and the owner is told.
"""

from __future__ import annotations

import unicodedata

from relbook.printing.fonts import DEFAULT_FONT, FALLBACK_FONT, font_for, get_font, same_hand


def foreign_letters(font_name: str, text: str) -> list[str]:
    """Letters of ``text`` the hand cannot write in its own strokes (they would come
    from another hand): such a hand is not used for that text (see ``hand_for``)."""
    out: list[str] = []
    for ch in sorted(set(unicodedata.normalize("NFC", text))):
        if not unicodedata.category(ch).startswith("L"):
            continue
        real = font_for(ch, font_name)
        if real is not None and not same_hand(font_name, real) and real != FALLBACK_FONT:
            out.append(ch)
        elif real == FALLBACK_FONT and (ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF):
            out.append(ch)  # a typeface letter in a handwritten word gives the card away
    return out


def hand_for(font: str, text: str, warnings: list[str]) -> str:
    """``font``, unless it cannot write some of the text's letters in its own strokes
    (Ecolier has no "ß") and the default hand can: a letter from another hand in a
    handwritten word gives the card away, so the whole text goes to the default hand."""
    foreign = foreign_letters(font, text)
    if not foreign or font == DEFAULT_FONT or foreign_letters(DEFAULT_FONT, text):
        return font
    chosen, default = get_font(font), get_font(DEFAULT_FONT)
    note = (
        f"{chosen.label} cannot write {' '.join(foreign)} in its own hand, so this text is "
        f"written in {default.label}."
    )
    if note not in warnings:
        warnings.append(note)
    return DEFAULT_FONT
