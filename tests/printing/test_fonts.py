"""Bundled fonts, their licences, user fonts, and glyph fallback."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from relbook.printing.fonts import (
    FALLBACK_FONT,
    FONT_DIR,
    FontError,
    bundled_fonts,
    companion,
    font_bytes,
    font_for,
    get_font,
    load_user_font,
    printable_text,
    same_hand,
)
from relbook.printing.notecards import NoteSpec, render_notes

# Breip's licence reserves its name: it must ship byte-for-byte as upstream released it.
BREIP_SHA256 = "cded2aeeeb7d35baa8aa5b57df35a25836910498271d3d2eec502f6aa7033eb7"


def test_at_least_three_handwriting_fonts_each_with_its_licence() -> None:
    fonts = bundled_fonts()
    assert len(fonts) >= 3
    for info in fonts:
        assert info.path.suffix == ".ttf" and info.path.is_file()
        text = info.licence.read_text(encoding="utf-8")
        assert "Open Font License" in text or "OPEN FONT LICENSE" in text, info.name
        assert info.handwriting
    fallback = get_font(FALLBACK_FONT)
    assert "Bitstream" in fallback.licence.read_text(encoding="utf-8")


def test_breip_ships_unmodified() -> None:
    data = (FONT_DIR / "Breip.ttf").read_bytes()
    assert hashlib.sha256(data).hexdigest() == BREIP_SHA256


# Letters none (or not all) of the handwriting fonts have: Polish, Czech, Slovak,
# Hungarian, Romanian, Turkish, Latvian, Vietnamese, plus the euro and typographic quotes.
COMPOSED = "ŁłąęśćźżńĄĘŚŻČčŠšŽžŘřŮůĎďŤťĽľŐőŰűȘșȚțŞşĞğāēīūĐđễạơưỹầặỗợửẫ€’“”–…"


def test_missing_letters_are_composed_in_the_same_hand() -> None:
    for info in bundled_fonts():
        assert font_for("a", info.name) == info.name
        own = companion(info.name)
        assert own is not None
        for ch in COMPOSED:
            real = font_for(ch, info.name)
            assert real is not None and same_hand(info.name, real), (info.name, ch, real)
    # What cannot be composed still falls back, never to a blank: Greek from DejaVu Sans,
    # "ß" (missing in Ecolier) from another handwriting font.
    assert font_for("Ω", "Breip") == FALLBACK_FONT
    assert font_for("ß", "Ecolier") not in (None, "Ecolier", FALLBACK_FONT)


def _drawn(font: str, ch: str) -> tuple[tuple[int, int, int, int], int]:
    """Rasterise one character the way the card will draw it (FreeType, as poppler does):
    its ink box in pixels (y down, baseline at 300) and its number of inked pixels."""
    real = font_for(ch, font)
    assert real is not None
    face = ImageFont.truetype(io.BytesIO(font_bytes(real)), 200)
    image = Image.new("L", (700, 500), 0)
    ImageDraw.Draw(image).text((150, 300), ch, font=face, fill=255, anchor="ls")
    box = image.getbbox()
    assert box is not None, (font, ch)
    return box, sum(1 for v in image.point(lambda v: 255 if v > 128 else 0).tobytes() if v)


@pytest.mark.parametrize("font", ["Kristi", "DkgHandwriting", "Breip", "Ecolier"])
def test_composed_letters_carry_their_marks(font: str) -> None:
    """Read back as drawn: the accent sits above the font's own base letter, a cedilla or
    ogonek below it, a stroke across it (more ink, same letter)."""
    for letter, base in (("Ř", "R"), ("ř", "r"), ("Ő", "O"), ("ễ", "e"), ("ů", "u"), ("ñ", "n")):
        assert _drawn(font, letter)[0][1] < _drawn(font, base)[0][1] - 8, (font, letter)
    for letter, base in (("ą", "a"), ("ș", "s"), ("ạ", "a"), ("ţ", "t")):
        assert _drawn(font, letter)[0][3] > _drawn(font, base)[0][3] + 4, (font, letter)
    for letter, base in (("ł", "l"), ("Ł", "L"), ("€", "C"), ("đ", "d")):
        (box, ink), (base_box, base_ink) = _drawn(font, letter), _drawn(font, base)
        assert ink > base_ink * 1.06, (font, letter, ink, base_ink)
        # Overlapping the base letter, not floating beside it.
        assert box[0] < base_box[2] and base_box[0] < box[2], (font, letter)


def test_companion_fonts_are_deterministic_and_neutrally_named() -> None:
    from relbook.printing import composed

    info = get_font("Breip")
    have = frozenset(ord(c) for c in "abcdefghijklmnopqrstuvwxyzLC-'.,^`~éèêëñçå ")
    one = composed.build_companion(info.path, 0.0, "T", have)
    two = composed.build_companion(info.path, 0.0, "T", have)
    assert one is not None and two is not None and one[0] == two[0]
    names = TTFont(io.BytesIO(one[0]))["name"]
    assert "RelbookComposed-T" in str(names.getDebugName(6))
    assert "Breip" not in str(names.getDebugName(1)) + str(names.getDebugName(4))
    # The PDF draws the letters as outlines; its only font is the embedded DejaVu Sans of
    # the text layer, so no font (bundled or composed) goes out under another name.
    pdf = render_notes([NoteSpec("Łukasz, Dvořák, Nguyễn: 5 €", font="Breip")])
    reader = PdfReader(io.BytesIO(pdf))
    fonts_used = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert [str(f["/BaseFont"]).split("+")[-1] for f in fonts_used] == ["DejaVuSans"]
    assert reader.pages[0].extract_text().split() == ["Łukasz,", "Dvořák,", "Nguyễn:", "5", "€"]


def test_unprintable_characters_are_removed_with_a_warning() -> None:
    text, warnings = printable_text("Cheers 🎉 and smile 😊\u200d!", "Kristi")
    assert text == "Cheers and smile 😊!"
    assert len(warnings) == 1 and "🎉" in warnings[0] and "left out" in warnings[0]


def test_combining_accents_become_the_precomposed_letter() -> None:
    text, warnings = printable_text("Jose\u0301 Nguye\u0302\u0303n", "Breip")
    assert text == "José Nguyễn" and not warnings


def test_user_truetype_font_is_usable(tmp_path: Path) -> None:
    mine = tmp_path / "MyHand.ttf"
    shutil.copy(FONT_DIR / "Ecolier-court.ttf", mine)
    info = load_user_font(mine)
    assert info.user and info.name.startswith("user-")
    pdf = render_notes([NoteSpec("Thank you, Łukasz!", font=info.name)])
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split() == [
        "Thank", "you,", "Łukasz!",
    ]  # fmt: skip


def test_cff_opentype_is_refused_in_plain_words(tmp_path: Path) -> None:
    otf = tmp_path / "Fancy.otf"
    otf.write_bytes(b"OTTO" + b"\x00" * 200)
    with pytest.raises(FontError, match=r"Fancy\.otf .*PostScript \(CFF\).*TrueType"):
        load_user_font(otf)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.ttf", b"Just some text, not a font", "is not a font file"),
        ("family.ttc", b"ttcf" + b"\x00" * 100, "font collection"),
        ("web.woff", b"wOFF" + b"\x00" * 100, "web font"),
        ("broken.ttf", b"\x00\x01\x00\x00" + b"\x00" * 40,
         "damaged or not a complete TrueType"),
    ],
)  # fmt: skip
def test_non_fonts_get_clear_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FontError, match=message):
        load_user_font(path)


def test_missing_font_file_and_unknown_font_name(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="not found"):
        load_user_font(tmp_path / "nope.ttf")
    with pytest.raises(FontError, match=r"Unknown font 'Comic'.*Kristi"):
        get_font("Comic")


def test_user_font_is_labelled_with_its_family_name(tmp_path: Path) -> None:
    mine = tmp_path / "Plain.ttf"
    shutil.copy(FONT_DIR / "DejaVuSans.ttf", mine)
    assert load_user_font(mine).label == "DejaVuSans"
