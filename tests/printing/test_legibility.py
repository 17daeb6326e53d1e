"""Every bundled hand writes every letter the shop's languages use, legibly.

No OCR offline, so each letter is printed by the real pen, rendered back to pixels and
checked against what it should be:

- it is written by the hand itself (or its letters composed from the hand's own strokes),
  or the hand is not used for that text;
- a tilde is a tilde: the top edge of the mark over ñ, ã, ễ … waves (∼), where an acute's
  rises once (Kristi's tilde was drawn like an acute, so ñ read as ń and ễ as ế);
- stacked Vietnamese marks stay apart: the marks over ễ, ấ, ặ … are separate strokes,
  clear of the letter and of each other, and a dot below is its own dot;
- "r" reads as r, not n (Kristi's r read as n: "Dear" → "Dean"): compared with a plain
  reference typeface, the hand's r is closer to the reference r than to its n.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata

import pytest
from PIL import Image, ImageChops, ImageFilter

from relbook.printing.fonts import FALLBACK_FONT, bundled_fonts
from relbook.printing.hands import foreign_letters
from relbook.printing.notecards import NoteSpec, plan_note
from tests.printing.letters import Cell, write_letters
from tests.printing.raster import components

TONES = "\u0300\u0309\u0303\u0301\u0323"  # grave, hook, tilde, acute, dot below
VIETNAMESE = (
    "".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES) + "đ"
)
ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "pl": "ąćęłńóśźż",
    "pt": "ãâáàçéêíóôõú",
    "vi": "ăâđêôơư" + VIETNAMESE,
}
LETTERS = "".join(dict.fromkeys("".join(ALPHABETS.values())))
ALL_LETTERS = LETTERS + "".join(dict.fromkeys(c.upper() for c in LETTERS if len(c.upper()) == 1))
HANDS = [info.name for info in bundled_fonts()]


def marks_of(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[1:]


@functools.cache
def cells(font: str) -> dict[str, Cell]:
    return write_letters(font, ALL_LETTERS)


Marks = tuple[list[tuple[int, int, int, int, int]], Image.Image]


def above(drawn: dict[str, Cell], ch: str, *, joined: bool = False) -> Marks:
    """The marks over ``ch``, topmost first (cell coordinates), and an image of their
    ink alone: strokes standing wholly above the letter's middle, apart from it (a tilde
    nestled between the peaks of an N counts). A mark the hand joins to its letter (DKG
    draws the tilde of Ã across the apex) is found as the ink the plain letter, written
    in the same place, does not have (always so with ``joined``: Kristi's Â touches its
    apex, and the marks must still be apart from each other)."""
    cell = drawn[ch]
    middle = cell.baseline - (cell.cap_height if ch.isupper() else cell.x_height) // 2
    apart = [c for c in components(cell.image) if c[3] < middle and c[4] > 12]
    if apart and not joined:
        band = Image.new("1", cell.image.size, 0)
        for x0, y0, x1, y1, _n in apart:
            band.paste(cell.image.crop((x0, y0, x1 + 1, y1 + 1)), (x0, y0))
        return sorted(apart, key=lambda c: c[1]), band
    base = unicodedata.normalize("NFD", ch)[0]
    plain = drawn[base].image
    body = plain.convert("L").filter(ImageFilter.MaxFilter(5)).convert("1")
    extra = ImageChops.logical_and(cell.image, ImageChops.invert(body))
    band = extra.crop((0, 0, extra.width, middle))
    return sorted((c for c in components(band) if c[4] > 12), key=lambda c: c[1]), band


def topmost(marks: list[tuple[int, int, int, int, int]]) -> tuple[int, int, int, int, int]:
    """The top mark as one box: pieces of it that the letter's outline cut apart (a
    tilde drawn across the apex of an A) are joined again."""
    first = marks[0]
    same = [m for m in marks if m[1] <= first[3]]  # starts before the first one ends
    return (
        min(m[0] for m in same),
        min(m[1] for m in same),
        max(m[2] for m in same),
        max(m[3] for m in same),
        sum(m[4] for m in same),
    )


def wave(img: Image.Image, box: tuple[int, int, int, int, int]) -> tuple[bool, float]:
    """(whether the top edge of the ink in ``box`` waves like a tilde, how much it rises
    from left to right in rows). Upright first: a slanted hand's marks lean with it."""
    x0, y0, x1, y1, _n = box
    part = img.crop((x0, y0, x1 + 1, y1 + 1))
    px = part.load()
    w, h = part.size
    tops = []
    for i in range(1, 12):
        x = min(w - 1, round(i * (w - 1) / 12))
        col = [y for y in range(h) if px[x, y]]
        if col:
            tops.append(h - col[0])  # height of the top edge above the box's bottom
    if len(tops) < 5:
        return False, (tops[-1] - tops[0]) if tops else 0.0
    swing = max(tops) - min(tops)
    steps = [b - a for a, b in itertools.pairwise(tops) if abs(b - a) > 0.05 * swing]
    turns = sum(1 for a, b in itertools.pairwise(steps) if a * b < 0)
    last = len(tops) - 1
    hi, lo = tops.index(max(tops)), tops.index(min(tops))
    inside = 0 < hi < last and 0 < lo < last
    return (turns >= 2 or inside) and swing > 0.15 * h, tops[-1] - tops[0]


def test_every_letter_of_the_shop_languages_is_written_by_the_hand_itself() -> None:
    for font in HANDS:
        missing = foreign_letters(font, ALL_LETTERS)
        if font == "Ecolier":
            assert missing == ["ß"]  # no ß in Ecolier's strokes: see the next test
        else:
            assert missing == [], font


def test_a_hand_lacking_a_letter_is_not_used_for_that_text() -> None:
    plan = plan_note(NoteSpec("Ein Weißbier für Jürgen!", font="Ecolier"))
    assert plan.body.font != "Ecolier"
    assert any("Ecolier cannot write ß" in w for w in plan.warnings)
    assert plan_note(NoteSpec("Merci beaucoup, Chloë!", font="Ecolier")).body.font == "Ecolier"


@pytest.mark.parametrize("font", HANDS)
def test_a_tilde_is_drawn_as_a_tilde_and_an_acute_as_an_acute(font: str) -> None:
    drawn = cells(font)
    tildes = [c for c in ALL_LETTERS if "\u0303" in marks_of(c)]
    acutes = [c for c in ALL_LETTERS if marks_of(c) in ("\u0301", "\u0302\u0301", "\u0306\u0301")]
    assert len(tildes) >= 20 and len(acutes) >= 20
    for ch in tildes:
        marks, ink = above(drawn, ch)
        assert marks, (font, ch)
        is_wave, _rise = wave(ink, topmost(marks))
        assert is_wave, (font, ch, "the tilde does not wave")
    for ch in acutes:
        marks, ink = above(drawn, ch)
        assert marks, (font, ch)
        is_wave, rise = wave(ink, topmost(marks))
        assert not is_wave and rise > 0, (font, ch, "the acute is not a rising stroke")


@pytest.mark.parametrize("font", HANDS)
def test_stacked_vietnamese_marks_do_not_collide(font: str) -> None:
    drawn = cells(font)
    two_above = [c for c in ALL_LETTERS if sum(m not in "\u0323\u031b" for m in marks_of(c)) == 2]
    assert len(two_above) >= 30  # ấ ầ ẩ ẫ ắ … ế ề ể ễ ố ồ ổ ỗ and capitals
    for ch in two_above:
        marks, _ink = above(drawn, ch, joined=True)
        # two strokes (or three: a tilde or hook may be drawn in two), none of them
        # fused to another or to the letter
        assert len(marks) >= 2, (font, ch, marks)
    for ch in [c for c in ALL_LETTERS if "\u0323" in marks_of(c)]:
        cell = drawn[ch]
        below = [c for c in components(cell.image) if c[1] > cell.baseline and c[4] > 12]
        assert below, (font, ch, "the dot below is missing or touches the letter")


def legs(cell: Cell) -> int:
    """Strokes crossing the line 30% of the x-height above the baseline: an "n" stands
    on two legs, an "r" on one (its shoulder stops short above the line)."""
    px = cell.image.load()
    y = cell.baseline - round(0.3 * cell.x_height)
    row = [bool(px[x, y]) for x in range(cell.image.width)]
    return sum(1 for a, b in itertools.pairwise(row) if b and not a)


@pytest.mark.parametrize("font", HANDS)
def test_r_reads_as_r_not_n(font: str) -> None:
    """Kristi's own r stood on two legs like its n ("Dear" read "Dean")."""
    hand, reference = cells(font), cells(FALLBACK_FONT)
    assert (legs(reference["r"]), legs(reference["n"])) == (1, 2)  # the measure
    assert legs(hand["r"]) < legs(hand["n"]), font
