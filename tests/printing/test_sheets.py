"""Imposition geometry: items on the sheet, no overlaps, cut marks outside every item."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from relbook.printing import sheets
from relbook.printing.sheets import (
    A4,
    A5,
    A6,
    A7,
    CARD_5X7,
    CREDIT_CARD,
    DL,
    LETTER,
    POSTCARD_4X6,
    Rect,
    Size,
    cut_marks,
    impose,
    one_per_page,
    render_n_up,
    size_named,
)


def test_standard_sizes_in_millimetres():
    def as_mm(s: Size) -> tuple[float, float]:
        return (round(s.width / mm, 1), round(s.height / mm, 1))

    assert as_mm(A4) == (210, 297)
    assert as_mm(A5) == (148, 210)
    assert as_mm(A6) == (105, 148)
    assert as_mm(A7) == (74, 105)
    assert as_mm(DL) == (99, 210)
    assert as_mm(CREDIT_CARD) == (85.6, 54)
    assert (LETTER.width, LETTER.height) == (612, 792)
    assert (POSTCARD_4X6.width, POSTCARD_4X6.height) == (288, 432)
    assert (CARD_5X7.width, CARD_5X7.height) == (360, 504)


def test_landscape_and_portrait_turn_the_long_side():
    assert A6.landscape().width == A6.height
    assert A6.landscape().portrait() == A6
    assert CREDIT_CARD.portrait().height == CREDIT_CARD.width


def test_size_named_is_forgiving_and_errors_in_plain_words():
    assert size_named(" Letter ") is LETTER
    assert size_named("credit card") is CREDIT_CARD
    with pytest.raises(ValueError, match="Unknown paper size 'b5'"):
        size_named("b5")


def _check_layout(
    layout: sheets.Imposition, margin: float = sheets.DEFAULT_MARGIN, expect_marks: bool = True
) -> None:
    page = Rect(margin, margin, layout.sheet.width - 2 * margin, layout.sheet.height - 2 * margin)
    for slot in layout.slots:
        assert page.contains(slot), slot
        assert slot.w == pytest.approx(layout.item.width)
        assert slot.h == pytest.approx(layout.item.height)
    for a, b in itertools.combinations(layout.slots, 2):
        assert not a.overlaps(b), (a, b)
    # Centred: equal space left/right and top/bottom.
    left = min(s.x for s in layout.slots)
    right = layout.sheet.width - max(s.right for s in layout.slots)
    bottom = min(s.y for s in layout.slots)
    top = layout.sheet.height - max(s.top for s in layout.slots)
    assert left == pytest.approx(right)
    assert bottom == pytest.approx(top)
    # Marks: inside the sheet, never over (or touching) any item.
    marks = layout.marks()
    if expect_marks:
        assert marks
    for m in marks:
        assert m.x1 == m.x2 or m.y1 == m.y2
        assert m.length >= sheets.MARK_MIN_LENGTH - 1e-6
        assert min(m.x1, m.x2) >= 0 and max(m.x1, m.x2) <= layout.sheet.width
        assert min(m.y1, m.y2) >= 0 and max(m.y1, m.y2) <= layout.sheet.height
        box = Rect(min(m.x1, m.x2), min(m.y1, m.y2), abs(m.x2 - m.x1), abs(m.y2 - m.y1))
        for slot in layout.slots:
            grown = Rect(slot.x - 0.5 * mm, slot.y - 0.5 * mm, slot.w + 1 * mm, slot.h + 1 * mm)
            assert not _segment_hits(box, grown), (m, slot)


def _segment_hits(seg: Rect, r: Rect) -> bool:
    """A zero-width segment box intersects the rectangle's interior."""
    return seg.x < r.right and r.x < seg.right + 1e-9 and seg.y < r.top and r.y < seg.top + 1e-9


@pytest.mark.parametrize(
    ("item", "sheet", "per_sheet", "grid"),
    [
        (CREDIT_CARD, A4, 10, (2, 5)),
        (CREDIT_CARD, LETTER, 10, (2, 5)),
        (Size("voucher", 95 * mm, 62 * mm), LETTER, 8, (2, 4)),
        (Size("voucher", 95 * mm, 62 * mm), A4, 8, (2, 4)),
        (A7, A4, 4, (2, 2)),
        (Size("dl-ish", 200 * mm, 92 * mm), A4, 3, (1, 3)),
        (POSTCARD_4X6, LETTER.landscape(), 2, (2, 1)),
        (A6, A4.landscape(), 2, (2, 1)),
    ],
)
def test_fixed_count_layouts(item, sheet, per_sheet, grid):
    layout = impose(item, sheet, per_sheet)
    assert (layout.cols, layout.rows) == grid
    assert layout.per_sheet == per_sheet
    _check_layout(layout)


@pytest.mark.parametrize(
    ("item", "sheet", "per_sheet"),
    [(A6, A4, 4), (A7.landscape(), A4, 8), (DL.landscape(), A4, 3), (A5, A4.landscape(), 2)],
)
def test_exact_divisions_need_no_margin_and_get_no_marks_over_items(item, sheet, per_sheet):
    """A4 cut into A6/A7/DL pieces: items tile the sheet, so there is nowhere for marks."""
    layout = impose(item, sheet, per_sheet, gutter=0, margin=0)
    assert layout.per_sheet == per_sheet
    _check_layout(layout, margin=0, expect_marks=False)
    assert layout.marks() == ()


@pytest.mark.parametrize(
    ("item", "sheet", "expected"),
    [
        (CREDIT_CARD, A4, 2 * 4),  # 5 rows only when the gutter shrinks
        (A6, A4, 1),
        (A7, A4, 4),
        (A7.landscape(), A4, 3),
        (POSTCARD_4X6, LETTER.landscape(), 2),
        (CREDIT_CARD.portrait(), A4.landscape(), 4 * 2),
    ],
)
def test_auto_count_keeps_the_full_gutter(item, sheet, expected):
    layout = impose(item, sheet)
    assert layout.per_sheet == expected
    if layout.cols > 1:
        assert layout.gutter_x == pytest.approx(sheets.DEFAULT_GUTTER)
    _check_layout(layout)


def test_gutter_shrinks_only_as_far_as_needed():
    layout = impose(CREDIT_CARD, A4, 10)
    free_h = A4.height - 2 * sheets.DEFAULT_MARGIN - 5 * CREDIT_CARD.height
    assert layout.gutter_y == pytest.approx(min(sheets.DEFAULT_GUTTER, free_h / 4))
    assert layout.gutter_x == pytest.approx(sheets.DEFAULT_GUTTER)


def test_letter_ten_up_cards_nearly_butt_together_and_still_get_outside_marks():
    layout = impose(CREDIT_CARD, LETTER, 10)
    assert layout.gutter_y < 1.5 * mm
    _check_layout(layout)
    # Each horizontal cut line between rows is marked in the outer margins.
    ys = {round(m.y1, 2) for m in layout.marks() if m.y1 == m.y2}
    for slot in layout.slots:
        assert round(slot.y, 2) in ys and round(slot.top, 2) in ys


def test_too_many_items_is_a_plain_error():
    with pytest.raises(ValueError, match="12 items of A6 size do not fit on A4 paper"):
        impose(A6, A4, 12)
    with pytest.raises(ValueError, match="does not fit on A7 paper"):
        impose(A4, A7)
    with pytest.raises(ValueError, match="at least 1"):
        impose(A7, A4, 0)


def test_every_item_corner_gets_marks_in_the_outer_margin():
    layout = impose(Size("voucher", 95 * mm, 62 * mm), A4, 8)
    marks = layout.marks()
    outer = [s for s in layout.slots if s.row == 0]
    for slot in outer:
        # A vertical mark above each top corner continues the slot's side edges.
        for x in (slot.x, slot.right):
            assert any(
                m.x1 == m.x2 == pytest.approx(x) and min(m.y1, m.y2) > slot.top for m in marks
            )


def test_marks_only_for_used_slots_on_a_partial_sheet():
    layout = impose(CREDIT_CARD, A4, 10)
    one = layout.marks(1)
    slot = layout.slots[0]
    assert one
    for m in one:
        near_x = min(abs(m.x1 - slot.x), abs(m.x1 - slot.right), abs(m.y1 - slot.y))
        assert near_x < 1e-6 or min(abs(m.y1 - slot.top), abs(m.y1 - slot.y)) < 1e-6


def test_cut_marks_never_touch_items_even_with_no_gutter():
    items = [Rect(100, 100, 50, 30), Rect(150, 100, 50, 30), Rect(100, 130, 50, 30)]
    marks = cut_marks(items, bounds=Rect(0, 0, 400, 400))
    assert marks
    for m in marks:
        box = Rect(min(m.x1, m.x2), min(m.y1, m.y2), abs(m.x2 - m.x1), abs(m.y2 - m.y1))
        for r in items:
            assert not _segment_hits(box, r)


def test_one_per_page_is_the_item_itself():
    layout = one_per_page(DL.landscape())
    assert layout.sheet == DL.landscape()
    assert layout.slots[0] == sheets.Slot(0, 0, DL.height, DL.width, 0, 0, 0)
    assert layout.marks() == ()
    assert layout.sheets_needed(5) == 5


def test_render_n_up_places_callbacks_across_sheets():
    layout = impose(CREDIT_CARD, A4, 10)
    calls: list[tuple[int, float, float]] = []

    def make(i: int):
        def draw(canvas, x, y, w, h):
            calls.append((i, x, y))
            canvas.setFont("Helvetica", 9)
            canvas.drawString(x + 5, y + h / 2, f"item {i:02d}")

        return draw

    pdf = render_n_up([make(i) for i in range(23)], layout, title="cards")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3 == layout.sheets_needed(23)
    assert [c[0] for c in calls] == list(range(23))
    assert (calls[10][1], calls[10][2]) == (layout.slots[0].x, layout.slots[0].y)
    page3 = reader.pages[2].extract_text()
    assert "item 20" in page3 and "item 22" in page3 and "item 19" not in page3
    assert float(reader.pages[0].mediabox.width) == pytest.approx(A4.width)
    # First slot is top-left (reading order).
    first = layout.slots[0]
    assert first.row == 0 and first.col == 0
    assert first.y == max(s.y for s in layout.slots)
    assert first.x == min(s.x for s in layout.slots)


def test_render_n_up_refuses_an_empty_list():
    with pytest.raises(ValueError, match="Nothing to print"):
        render_n_up([], impose(A6, A4))


def test_printer_offset_shifts_the_whole_page():
    layout = impose(CREDIT_CARD, A4, 10)

    def draw(canvas, x, y, w, h):
        canvas.drawString(x + 4, y + 4, "card")

    plain = PdfReader(io.BytesIO(render_n_up([draw], layout))).pages[0]
    shifted_pdf = render_n_up([draw], layout, offset=(2 * mm, -1 * mm))
    shifted = PdfReader(io.BytesIO(shifted_pdf)).pages[0]
    # One translation (2 mm right, 1 mm down) wraps items and cut marks alike.
    assert b"5.669291 -2.834646 cm" in shifted.get_contents().get_data()
    assert b"5.669291 -2.834646 cm" not in plain.get_contents().get_data()
    assert shifted.extract_text().strip() == plain.extract_text().strip() == "card"
