"""Note cards read back from the PDF: words, positions, identical reprints, fit, sizes."""

from __future__ import annotations

import functools
import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.calibration import render_test_page
from relbook.printing.fonts import font_bytes
from relbook.printing.handwriting import INKS, glyph_box
from relbook.printing.notecards import (
    CARD_SIZES,
    DoesNotFit,
    NoteSpec,
    draw_plan,
    plan_note,
    render_notes,
)
from relbook.printing.pen import Pen
from relbook.printing.templates import render_template

FONTS = ["Kristi", "DkgHandwriting", "Breip", "Ecolier"]
NAMES = [
    "Łukasz",
    "Ólafur",
    "Nguyễn",
    "Zoë",
    "José",
    "Maximiliane Konstanze von Hohenberg-Lichtenstein",  # 48 characters
]
MESSAGE = (
    "Dear {first_name},\n\nthank you so much for the lovely afternoon and your order of "
    "42 € worth of flowers. We hope to see you again soon!"
)


def norm(text: str) -> str:
    """Whitespace-insensitive comparison (line breaks become spaces; a line broken after
    a hyphen joins up again)."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return " ".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def text_origins(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) of every shown string on the page, in page coordinates."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        out.append((text, x, y))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def ink_of(page) -> str:
    """The operators that draw a page's ink: the pen puts each card's ink in a form."""
    forms = page["/Resources"].get("/XObject", {})
    parts = [page.get_contents().get_data()]
    parts += [forms[name].get_object().get_data() for name in forms if "ink" in name]
    return b"\n".join(parts).decode("latin-1")


def glyphs_of(spec: NoteSpec):
    plan = plan_note(spec)
    canvas = Canvas(io.BytesIO())
    collected: list = []
    draw_plan(canvas, Pen(canvas), plan, collect=collected)
    return plan, [g for row in collected for g in row]


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("name", NAMES)
def test_extracted_text_equals_the_note(font: str, name: str) -> None:
    text = render_template(MESSAGE, {"first_name": name}).text
    spec = NoteSpec(text, font=font, signature_text="Warmly, Rosa", seed=7)
    pdf = render_notes([spec])
    assert norm(page_texts(pdf)[0]) == norm(text + " Warmly, Rosa")
    assert "€" in page_texts(pdf)[0] and name.split()[0] in page_texts(pdf)[0]


def test_emoji_drawn_from_fallback_or_left_out_with_a_warning() -> None:
    spec = NoteSpec("Happy birthday, Zoë! 😊 🎉 Enjoy", font="Breip")
    plan = plan_note(spec)
    assert any("U+1F389" in w for w in plan.warnings)  # 🎉: no bundled font has it
    assert not any("U+1F60A" in w for w in plan.warnings)  # 😊: DejaVu Sans has it
    warnings: list[str] = []
    extracted = page_texts(render_notes([NoteSpec("Hi"), spec], warnings=warnings))[1]
    assert norm(extracted) == "Happy birthday, Zoë! 😊 Enjoy"
    assert len(warnings) == 1 and warnings[0].startswith("Note 2: The character 🎉")


@pytest.mark.parametrize("size", list(CARD_SIZES))
@pytest.mark.parametrize("font", FONTS)
def test_no_glyph_outside_the_safe_area(size: str, font: str) -> None:
    long_name = NAMES[-1]
    text = render_template(MESSAGE, {"first_name": long_name}).text
    spec = NoteSpec(text, size=size, font=font, variation=1.0, seed=3, signature_text="Rosa")
    plan, glyphs = glyphs_of(spec)
    safe = plan.safe
    assert glyphs
    for g in glyphs:
        box = glyph_box(g)  # the real ink of the outline, rotated
        assert safe.x - 0.01 <= box.x0 and box.x1 <= safe.right + 0.01, (g, safe)
        assert safe.y - 0.01 <= box.y0 and box.y1 <= safe.top + 0.01, (g, safe)
    # The pen stroke under the signature stays inside too.
    assert plan.flourish is not None and plan.flourish.inside(safe)
    # And the PDF agrees: every string starts inside the safe area.
    for _t, x, y in text_origins(render_notes([spec])):
        assert safe.x - 0.01 <= x <= safe.right and safe.y <= y <= safe.top


def test_same_seed_gives_identical_bytes_other_seed_moves_glyphs() -> None:
    text = render_template(MESSAGE, {"first_name": "José"}).text
    a = render_notes([NoteSpec(text, seed=11)])
    b = render_notes([NoteSpec(text, seed=11)])
    assert a == b
    c = render_notes([NoteSpec(text, seed=12)])
    pa, pc = text_origins(a), text_origins(c)
    assert [t for t, *_ in pa] == [t for t, *_ in pc]  # same glyphs, same order
    moved = [abs(x1 - x2) + abs(y1 - y2) for (_, x1, y1), (_, x2, y2) in zip(pa, pc, strict=True)]
    assert max(moved) > 0.5  # points: visibly different
    assert sum(m > 0.05 for m in moved) > len(moved) / 2


def test_no_variation_sits_on_straight_baselines_and_strong_variation_wobbles() -> None:
    text = "A straight line"
    _plan, flat = glyphs_of(NoteSpec(text, font="Breip", variation=0.0))
    assert len({round(g.y, 2) for g in flat}) == 1
    assert {g.angle for g in flat} == {0.0}
    text = "A line of words that wobbles"
    _plan, wavy = glyphs_of(NoteSpec(text, size="5x7", font="Breip", variation=1.0, seed=5))
    assert len({round(g.y, 1) for g in wavy}) > 4  # 6+ for every seed 0-29
    assert max(abs(g.angle) for g in wavy) > 1.0


def test_glyphs_never_collide() -> None:
    from relbook.printing.handwriting import METRICS

    text = "Willkommen, Mmmmwwww! iiiil lllll"
    _plan, glyphs = glyphs_of(NoteSpec(text, font="DkgHandwriting", variation=1.0, seed=9))
    for a, b in itertools.pairwise(glyphs):
        if abs(a.y - b.y) > 5:  # next line
            continue
        advance = METRICS.width(a.font, a.char) * a.size / 1000
        assert b.x - a.x >= advance - 0.02, (a, b)


DPI = 200 / 72


@functools.cache
def _face(font: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(font_bytes(font)), px)


def _ink(glyphs: list, box: tuple[float, float, float, float]) -> Image.Image:
    """The glyphs rasterised (FreeType, as a PDF viewer draws them) inside ``box``
    (x0, y0, x1, y1 in points), grown by one pixel so touching counts as meeting."""
    x0, y0, x1, y1 = box
    image = Image.new("L", (round((x1 - x0) * DPI) + 2, round((y1 - y0) * DPI) + 2), 0)
    draw = ImageDraw.Draw(image)
    for g in glyphs:
        if g.char.strip():
            face = _face(g.font, max(1, round(g.size * DPI)))
            xy = ((g.x - x0) * DPI, (y1 - g.y) * DPI)
            draw.text(xy, g.char, font=face, fill=255, anchor="ls")
    return image.point(lambda v: 255 if v > 100 else 0).filter(ImageFilter.MaxFilter(3))


def _meet(a: list, b: list) -> bool:
    boxes = [glyph_box(g) for g in a + b]
    box = (min(b.x0 for b in boxes) - 2, min(b.y0 for b in boxes) - 2,
           max(b.x1 for b in boxes) + 2, max(b.y1 for b in boxes) + 2)  # fmt: skip
    return ImageChops.multiply(_ink(a, box), _ink(b, box)).getbbox() is not None


LONG = (
    "Dear Maximiliane, thank you so much for the lovely afternoon, for the flowers and for "
    "sending Łukasz, Zoë and José our way. Wishing you all good things this winter. Hugs "
    "from all of us at the shop, see you soon!"
)


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_variation_from_none_to_strong_never_lets_ink_collide(font: str, level: float) -> None:
    """Read back as drawn: no word's ink touches the next word's, no line's ink touches
    the line below, and the words are still the words."""
    spec = NoteSpec(LONG, font=font, variation=level, seed=4)
    plan, _glyphs = glyphs_of(spec)
    canvas = Canvas(io.BytesIO())
    rows: list = []
    draw_plan(canvas, Pen(canvas), plan, collect=rows)
    lines = [line for line in plan.body.lines if line]
    body_rows = rows[: len(lines)]
    for row, line in zip(body_rows, lines, strict=True):
        words, i = [], 0
        for word in line.split(" "):
            words.append(row[i : i + len(word)])
            i += len(word)
        for a, b in itertools.pairwise(words):
            assert not _meet(a, b), (font, level, line)
    for upper, lower in itertools.pairwise(body_rows):
        assert not _meet(upper, lower), (font, level)
    assert norm(page_texts(render_notes([spec]))[0]) == norm(LONG)


def test_too_long_text_does_not_fit_with_shorten_estimate() -> None:
    sentence = "Thank you so much for being such a wonderful customer all these years. "
    text = sentence * 20
    with pytest.raises(DoesNotFit) as err:
        plan_note(NoteSpec(text, size="a7"))
    msg = str(err.value)
    m = re.search(r"does not fit.*shorten by about (\d+) characters", msg)
    assert m, msg
    n = int(m.group(1))
    assert err.value.shorten_by == n
    assert 0 < n < len(text)
    # The estimate is honest: shortening by that much makes the text fit, and it does not
    # ask for far more than needed.
    plan_note(NoteSpec(text[: len(text) - n], size="a7"))
    with pytest.raises(DoesNotFit):
        plan_note(NoteSpec(text[: len(text) - n // 2], size="a7"))


def test_shrinks_before_giving_up() -> None:
    short = plan_note(NoteSpec("Thank you!", size="a6"))
    longer = plan_note(NoteSpec("Thank you so much for everything this year! " * 14, size="a6"))
    assert longer.body.size < short.body.size
    # Nothing is cut: every word of the text is in the lines.
    assert norm(" ".join(longer.body.lines)) == norm(
        "Thank you so much for everything this year! " * 14
    )


def test_unfilled_merge_field_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\{first_name\}"):
        render_notes([NoteSpec("Dear {first_name}, thanks!")])


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_card_sizes_have_the_right_page_size(size: str) -> None:
    pdf = render_notes([NoteSpec("Thank you, Zoë!", size=size)])
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    card = CARD_SIZES[size]
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (
        round(card.width, 1),
        round(card.height, 1),
    )


def test_folded_a5_writes_on_the_right_half_with_fold_marks() -> None:
    spec = NoteSpec("Dear Ólafur, thank you for the wonderful evening!", size="a5-folded")
    pdf = render_notes([spec])
    half = 105 * mm
    assert all(x > half for _t, x, _y in text_origins(pdf))
    assert b"[2 1.5] 0 d" in PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


@pytest.mark.parametrize(
    ("size", "sheet", "per"),
    [("a6", "a4-4up", 4), ("a6", "letter-2up", 2), ("a7", "a4-4up", 4), ("5x7", "letter-2up", 2),
     ("a5-folded", "a4-2up", 2), ("4x6", "letter-2up", 2), ("a6", "a4-2up", 2)],
)  # fmt: skip
def test_n_up_sheets_keep_every_note(size: str, sheet: str, per: int) -> None:
    names = ["Łukasz", "Ólafur", "Nguyễn", "Zoë", "José"]
    specs = [NoteSpec(f"Dear {n}, thank you!", size=size, seed=i) for i, n in enumerate(names)]
    pdf = render_notes(specs, sheet=sheet)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == -(-len(names) // per)
    text = norm(" ".join(p.extract_text() for p in reader.pages))
    for n in names:
        assert f"Dear {n}, thank you!" in text
    w = float(reader.pages[0].mediabox.width)
    for _t, x, y in text_origins(pdf, 0):
        assert 0 < x < w and 0 < y < float(reader.pages[0].mediabox.height)


def test_mixed_sizes_on_one_sheet_are_refused() -> None:
    with pytest.raises(ValueError, match="same card size"):
        render_notes([NoteSpec("Hi", size="a6"), NoteSpec("Hi", size="a7")], sheet="a4-4up")


def test_offset_moves_everything(tmp_path: Path) -> None:
    base = text_origins(render_notes([NoteSpec("Thank you, Zoë!", seed=1)]))
    moved = text_origins(render_notes([NoteSpec("Thank you, Zoë!", seed=1, offset_mm=(3, 2))]))
    for (_, x0, y0), (_, x1, y1) in zip(base, moved, strict=True):
        assert x1 - x0 == pytest.approx(3 * mm, abs=0.02)
        assert y1 - y0 == pytest.approx(-2 * mm, abs=0.02)  # "down" is down the page


def test_logo_signature_png_and_footer(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (150, 80, 40)).save(logo)
    sig = tmp_path / "sig.png"
    Image.new("RGBA", (200, 60), (10, 20, 90, 255)).save(sig)
    spec = NoteSpec(
        "Dear Zoë, thank you!",
        logo_png=logo,
        signature_png=sig,
        footer="Bakery Rosa · 12 Mill Street",
    )
    pdf = render_notes([spec])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 2
    assert "Bakery Rosa · 12 Mill Street" in page.extract_text()
    plan = plan_note(spec)
    ly = plan.logo[1]
    _sx, sy, _sw, sh = plan.signature_image
    for x, y, w, h in (plan.logo, plan.signature_image):
        assert plan.safe.x <= x and x + w <= plan.safe.right + 0.01
        assert plan.safe.y <= y and y + h <= plan.safe.top + 0.01
    assert sy + sh < ly  # signature below the logo


def test_bad_inputs_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown card size"):
        plan_note(NoteSpec("Hi", size="a3"))
    with pytest.raises(ValueError, match="Unknown ink"):
        plan_note(NoteSpec("Hi", ink="green"))
    with pytest.raises(ValueError, match="empty"):
        plan_note(NoteSpec("   "))
    with pytest.raises(ValueError, match="logo image was not found"):
        plan_note(NoteSpec("Hi", logo_png=tmp_path / "nope.png"))


def test_calibration_page_explains_itself() -> None:
    pdf = render_test_page("letter", offset_mm=(-2, 1))
    text = norm(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "Measure from the LEFT paper edge" in text
    assert "right -2.0 mm, down +1.0 mm" in text


def test_each_note_keeps_its_own_ink_in_a_batch() -> None:
    text = "Thank you so much for the lovely afternoon, see you soon!"
    pdf = render_notes([NoteSpec(text, ink="black"), NoteSpec(text, ink="brown", seed=1)])
    reader = PdfReader(io.BytesIO(pdf))
    for page, ink in zip(reader.pages, ("black", "brown"), strict=True):
        data = ink_of(page)
        colours = {
            tuple(float(v) for v in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data)
        }
        base = INKS[ink]
        assert colours
        for c in colours:
            assert all(abs(a - b) <= 0.16 * b + 0.002 for a, b in zip(c, base, strict=True)), c


LETTERS = "abcdefghijklmnopqrstuvwxyzÅÆØåæøÄÖÜäöüßÉÈÊéèêëÍÓÚíóúñçŁłŚśŻżĆćĐđễệắạřůőűșțğşąę"
REAL = ["Łukasz", "Ólafur", "Nguyễn Thị Mỹ", "Zoë", "José", "Dvořák", "Şükrü", "Ærøskøbing",
        "Maximiliane Konstanze von Hohenberg-Lichtenstein"]  # fmt: skip
NAMES_ST = st.one_of(st.sampled_from(REAL), st.text(alphabet=LETTERS, min_size=1, max_size=44))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=NAMES_ST,
    last=NAMES_ST,
    font=st.sampled_from(FONTS),
    size=st.sampled_from(list(CARD_SIZES)),
    level=st.sampled_from([0.0, 0.5, 1.0]),
    seed=st.integers(0, 10_000),
)
def test_generated_names_read_back_exactly_and_stay_in_the_safe_area(
    first: str, last: str, font: str, size: str, level: float, seed: int
) -> None:
    name = f"{first[:1].upper()}{first[1:]} {last[:1].upper()}{last[1:]}"
    text = render_template(MESSAGE, {"first_name": name}).text
    spec = NoteSpec(text, size=size, font=font, seed=seed, variation=level,
                    signature_text="Rosa Delgado")  # fmt: skip
    try:
        plan, glyphs = glyphs_of(spec)
    except DoesNotFit as exc:  # a 44-letter word on an A7 card: refused, never cut off
        assert "too long for one line" in str(exc) or "shorten by about" in str(exc)
        return
    safe = plan.safe
    for g in glyphs:
        box = glyph_box(g)
        assert safe.x - 0.01 <= box.x0 and box.x1 <= safe.right + 0.01, (name, g)
        assert safe.y - 0.01 <= box.y0 and box.y1 <= safe.top + 0.01, (name, g)
    assert plan.flourish is None or plan.flourish.inside(safe)
    pdf = render_notes([spec])
    assert norm(page_texts(pdf)[0]) == norm(text + " Rosa Delgado")
