"""The owner's own fonts: added once, kept in the database, refused in plain words."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from pypdf import PdfReader

from relbook.errors import ValidationError
from relbook.printing.fonts import DEFAULT_FONT, FONT_DIR
from relbook.services import notes, settings
from relbook.services.notes import fonts, printing
from relbook.store.models.notes import NoteFont


def cff_otf(path: Path) -> Path:
    """A real OpenType font with PostScript (CFF) outlines, as font shops sell them."""
    names = [".notdef", *"abcdefghijklmnopqrstuvwxyz"]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): c for c in names[1:]})
    strings = {}
    for name in names:
        pen = T2CharStringPen(500, None)
        pen.moveTo((50, 0))
        pen.lineTo((450, 0))
        pen.lineTo((250, 500))
        pen.closePath()
        strings[name] = pen.getCharString()
    fb.setupCFF("FancyScript", {"FullName": "Fancy Script"}, strings, {})
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Fancy Script", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))
    return path


def test_an_added_font_is_stored_offered_and_printed(db, make_contact, tmp_path) -> None:
    mine = tmp_path / "Rosa's hand.ttf"
    shutil.copy(FONT_DIR / "Breip.ttf", mine)
    choice = fonts.add_font(mine)
    mine.unlink()  # the file can go: the font lives in the shop's database now
    assert NoteFont.select().count() == 1
    assert choice in fonts.available() and choice.label.endswith("(yours)")
    settings.set_value("notes.font", choice.name)
    cid = make_contact("Łukasz", "Nowak")
    note = notes.prepare(cid, "Dear {first_name}, thank you!")
    pdf = printing.render([note])
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].extract_text().split()[:4] == ["Dear", "Łukasz,", "thank", "you!"]
    assert choice.name in str(reader.metadata["/Keywords"])  # the hands that wrote it


def test_adding_the_same_font_twice_keeps_one(db, tmp_path) -> None:
    a, b = tmp_path / "a.ttf", tmp_path / "b.ttf"
    shutil.copy(FONT_DIR / "Kristi.ttf", a)
    shutil.copy(FONT_DIR / "Kristi.ttf", b)
    assert fonts.add_font(a).user_font_id == fonts.add_font(b).user_font_id
    assert NoteFont.select().count() == 1


def test_a_removed_font_falls_back_for_printing(db, tmp_path) -> None:
    mine = tmp_path / "Mine.ttf"
    shutil.copy(FONT_DIR / "DkgHandwriting.ttf", mine)
    choice = fonts.add_font(mine)
    assert fonts.usable(choice.name) == choice.name
    fonts.remove_font(choice.user_font_id or 0)
    assert choice not in fonts.available()
    assert fonts.usable("user-Nobody-00000000") == DEFAULT_FONT


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: cff_otf(d / "Fancy.otf"), r"Fancy\.otf is an OpenType font with PostScript"),
        (lambda d: _write(d / "broken.ttf", b"\x00\x01\x00\x00" + b"\x07" * 300), "damaged"),
        (lambda d: _write(d / "letter.ttf", b"Dear Rosa, here is the font"), "not a font file"),
        (lambda d: d / "gone.ttf", "was not found"),
    ],
)
def test_unusable_files_are_refused_in_plain_words(db, tmp_path, make, message) -> None:
    with pytest.raises(ValidationError, match=message):
        fonts.add_font(make(tmp_path))
    assert NoteFont.select().count() == 0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
