"""Bundled fonts, their licences, user fonts, and glyph fallback."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from relbook.printing.fonts import (
    FALLBACK_FONT,
    FONT_DIR,
    FontError,
    bundled_fonts,
    font_for,
    get_font,
    load_user_font,
    printable_text,
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


def test_fallback_draws_what_the_handwriting_fonts_lack() -> None:
    for info in bundled_fonts():
        assert font_for("a", info.name) == info.name
        assert font_for("Ł", info.name) == FALLBACK_FONT  # no handwriting font has it
        assert font_for("€", info.name) is not None
    # DKG has no curly apostrophe; another handwriting font lends one, not DejaVu.
    assert font_for("’", "DkgHandwriting") not in (None, "DkgHandwriting", FALLBACK_FONT)


def test_unprintable_characters_are_removed_with_a_warning() -> None:
    text, warnings = printable_text("Cheers 🎉 and smile 😊\u200d!", "Kristi")
    assert text == "Cheers  and smile 😊!"
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
         "damaged or not a TrueType|could not be read"),
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
