"""Fitting text into a box: wrap, shrink to a readable minimum, or say how much to cut.

Shared by note cards and envelopes. Sizes are given as the writing's "body" height (see
``FontInfo.body``) so every font comes out about equally large.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.units import mm

from relbook.printing.fonts import get_font, ink_box, same_hand
from relbook.printing.handwriting import MARGIN_DRIFT, METRICS, PARAGRAPH_GAP, Hand, span, wrap


class DoesNotFit(ValueError):
    """The text is too long for the card even at the smallest readable size."""

    def __init__(self, message: str, shorten_by: int) -> None:
        super().__init__(message)
        self.shorten_by = shorten_by


@dataclass
class TextBlock:
    """Wrapped lines in one font, ready for the pen."""

    lines: list[str]
    font: str
    size: float
    leading: float
    x: float
    y_first: float
    width: float
    align: str = "left"
    ext: tuple[float, float, float, float] | None = None  # ink reach of its characters


MIN_BODY = 1.75 * mm  # below this a handwriting font stops being comfortable to read
MIN_X_HEIGHT = 2.0 * mm  # notes: lower-case letters at least this tall, or onto the back
SHRINK = 0.94
LEADING = 2.9  # line distance in multiples of the writing's body height


def leading_for(font: str, body: float, hand: Hand) -> float:
    """Line distance: 2.9 bodies, or more for fonts whose loops reach far up and down
    (Ecolier, DKG), so a "g" never meets the "l" below it even in a strong hand."""
    info = get_font(font)
    reach = (info.ascent + info.descent) / info.body * (1.02 + 0.12 * hand.glyph)
    return body * max(LEADING, reach)


def ink_extents(text: str, font: str) -> tuple[float, float, float, float]:
    """(left overhang, right overhang, ascent, descent) in em over the characters used.

    Swashes of handwriting fonts reach past the glyph's advance; this is the room to keep
    free at the card's safe-area edges."""
    left = right = asc = desc = 0.0
    for ch in set(text) - {" ", "\n"}:
        e = _char_extent.get((font, ch))
        if e is None:
            real, scale = METRICS.font(font, ch)
            x0, y0, x1, y1 = ink_box(real, ch)
            adv = METRICS.width(font, ch) / 1000.0
            sh = 0.0 if same_hand(font, real) else get_font(font).slant_tan
            e = _char_extent[(font, ch)] = (
                (-x0 - min(0.0, y0) * sh) * scale,
                (x1 + max(0.0, y1) * sh) * scale - adv,
                y1 * scale,
                -y0 * scale,
            )
        left = e[0] if e[0] > left else left
        right = e[1] if e[1] > right else right
        asc = e[2] if e[2] > asc else asc
        desc = e[3] if e[3] > desc else desc
    return left, right, asc, desc


_char_extent: dict[tuple[str, str], tuple[float, float, float, float]] = {}


def _vertical_need(
    lines: Sequence[str], size: float, leading: float, ext: tuple[float, ...], hand: Hand
) -> float:
    """Height of a block of lines including every reserve for the variation."""
    _l, _r, asc, desc = ext
    grow = 1 + hand.glyph * 0.06  # size jitter
    return (
        span(lines) * leading * (1 + 0.03 * hand.level)
        + (asc + desc) * size * grow
        + 2 * hand.wobble_reserve(size)
    )


def block_height(block: TextBlock, text: str, hand: Hand) -> float:
    """Height a fitted block takes, with all variation reserves (as ``fit_block`` used)."""
    ext = block.ext or ink_extents(text, block.font)
    return _vertical_need(block.lines, block.size, block.leading, ext, hand) + 2 * (
        hand.slope_reserve(block.width)
    )


def min_body_for(font: str) -> float:
    """The smallest body size (see ``FontInfo.body``) at which the font's x-height is
    still ``MIN_X_HEIGHT``: a letter of small lower case (Ecolier) stops sooner."""
    info = get_font(font)
    return max(MIN_BODY, MIN_X_HEIGHT * info.body / info.x_ratio)


def fit_block(
    text: str,
    font: str,
    width: float,
    height: float,
    start: float,
    hand: Hand,
    label: str,
    min_body: float = MIN_BODY,
) -> TextBlock:
    """Largest size from ``start`` down to the minimum at which ``text`` fits the box.

    ``label`` names the stock in the DoesNotFit message ("A6 card", "DL envelope"). The
    same signature or return address in a batch of 500 is fitted once (a pure function).
    """
    if len(text) > MEMO_CHARS:
        return _fit_block(text, font, width, height, start, hand, label, min_body)
    key = (text, font, width, height, start, hand, label, min_body)
    hit = _fitted.get(key)
    if hit is None:
        if len(_fitted) > 256:
            _fitted.clear()
        hit = _fitted[key] = _fit_block(text, font, width, height, start, hand, label, min_body)
    return replace(hit, lines=list(hit.lines))


MEMO_CHARS = 120  # signatures and addresses repeat in a batch; note texts do not


def forget_fitted() -> None:
    """Drop remembered fits (benchmarks measure a batch from cold)."""
    _fitted.clear()


_fitted: dict[tuple, TextBlock] = {}


def _extents(text: str, font: str, hand: Hand) -> tuple[float, float, float, float]:
    ext = ink_extents(text, font)
    if hand.lean:  # leaning tops reach right, descenders left
        ext = (ext[0] + hand.lean * ext[3], ext[1] + hand.lean * ext[2], ext[2], ext[3])
    return ext


def _sizes(
    text: str,
    font: str,
    width: float,
    start: float,
    hand: Hand,
    min_body: float,
    ext,
    height: float,
):
    """(size, leading, inner width, slope reserve, wrapped lines or None) for body sizes
    from ``start`` down to ``min_body``, largest first, in SHRINK steps.

    After the first size, the steps jump to just above where the text should fit
    ``height`` (its height grows with the square of the size: lines get longer and
    further apart): a 700-character letter no longer wraps a dozen times per card."""
    info = get_font(font)
    body = start
    first = True
    while True:
        size = body / info.body
        leading = leading_for(font, body, hand)
        inner_w = width - (ext[0] + ext[1]) * size * 1.07 - MARGIN_DRIFT * hand.level * size - 1.0
        slope = hand.slope_reserve(inner_w)
        lines = wrap(text, font, size, inner_w, hand.wrap_spread) if inner_w > 0 else None
        yield size, leading, inner_w, slope, lines
        if body <= min_body + 1e-9:
            return
        step = body * SHRINK
        if first and lines:
            need = _vertical_need(lines, size, leading, ext, hand) + 2 * slope
            if need > height:
                step = min(step, body * (height / need) ** 0.5 / SHRINK)
        first = False
        # the last step lands on the minimum itself, not up to 6% above it
        body = max(step, min_body)


def _block(lines, font, size, leading, inner_w, slope, ext, hand: Hand) -> TextBlock:
    y_first = ext[2] * size * 1.07 + hand.wobble_reserve(size) + slope
    return TextBlock(lines, font, size, leading, ext[0] * size * 1.07, y_first, inner_w, ext=ext)


def _fit_block(
    text: str,
    font: str,
    width: float,
    height: float,
    start: float,
    hand: Hand,
    label: str,
    min_body: float,
) -> TextBlock:
    ext = _extents(text, font, hand)
    last: tuple[list[str] | None, float] = (None, 0.0)
    for size, leading, inner_w, slope, lines in _sizes(
        text, font, width, start, hand, min_body, ext, height
    ):
        if lines is not None:
            need = _vertical_need(lines, size, leading, ext, hand) + 2 * slope
            if need <= height:
                return _block(lines, font, size, leading, inner_w, slope, ext, hand)
            last = (lines, size)
    raise DoesNotFit(*_shorten_message(text, last, font, width, height, hand, label, ext))


def fit_front(
    text: str,
    font: str,
    width: float,
    height: float,
    start: float,
    hand: Hand,
    min_body: float,
) -> TextBlock | None:
    """Like ``fit_block``, but None when the text does not fit (no message: the caller
    goes on over the page, see ``fit_two_sides``)."""
    ext = _extents(text, font, hand)
    for size, leading, inner_w, slope, lines in _sizes(
        text, font, width, start, hand, min_body, ext, height
    ):
        if (
            lines is not None
            and _vertical_need(lines, size, leading, ext, hand) + 2 * slope <= height
        ):
            return _block(lines, font, size, leading, inner_w, slope, ext, hand)
    return None


def fit_two_sides(
    text: str,
    font: str,
    width: float,
    heights: tuple[float, float],
    start: float,
    hand: Hand,
    label: str,
    min_body: float = MIN_BODY,
) -> tuple[TextBlock, TextBlock]:
    """Like ``fit_block`` for a letter that fills the front and continues on the back:
    the largest size at which the front (``heights[0]``) takes what it can and the rest
    fits the back (``heights[1]``). Raises DoesNotFit when even both sides are too small."""
    ext = _extents(text, font, hand)
    last: tuple[list[str] | None, float] = (None, 0.0)
    front_h, back_h = heights
    for size, leading, inner_w, slope, lines in _sizes(
        text, font, width, start, hand, min_body, ext, front_h + back_h
    ):
        if lines is None:
            continue
        # how many lines the front holds: its height grows by a leading per line (by
        # PARAGRAPH_GAP of one after a blank line)
        base = _vertical_need(lines[:1], size, leading, ext, hand) + 2 * slope
        step = leading * (1 + 0.03 * hand.level)
        n, need = 0, base
        while n < len(lines) and need <= front_h:
            n += 1
            if n < len(lines):
                need += step * (PARAGRAPH_GAP if not lines[n - 1] else 1.0)
        front, back = lines[:n], lines[n:]
        while front and not front[-1]:
            front.pop()
        while back and not back[0]:
            back.pop(0)
        if front and back and _vertical_need(back, size, leading, ext, hand) + 2 * slope <= back_h:
            return (
                _block(front, font, size, leading, inner_w, slope, ext, hand),
                _block(back, font, size, leading, inner_w, slope, ext, hand),
            )
        last = (lines, size)
    message, cut = _shorten_message(
        text, last, font, width, front_h + back_h, hand, label + " (both sides)", ext
    )
    raise DoesNotFit(message, cut)


def _shorten_message(
    text: str,
    last: tuple[list[str] | None, float],
    font: str,
    width: float,
    height: float,
    hand: Hand,
    label: str,
    ext: tuple[float, float, float, float],
) -> tuple[str, int]:
    """The DoesNotFit message and the number of characters to cut (rounded up to 5)."""
    lines, size = last
    info = get_font(font)
    size = size or MIN_BODY / info.body
    leading = leading_for(font, size * info.body, hand)
    if lines is None:
        long_word = max(text.split(), key=lambda w: METRICS.text_width(font, w, size))
        return (
            f"The text does not fit on the {label}: the word {long_word!r} is too long "
            "for one line. Shorten it or choose a bigger size.",
            len(long_word),
        )
    fitting = 0
    while (
        fitting < len(lines)
        and _vertical_need(lines[: fitting + 1], size, leading, ext, hand)
        + (2 * hand.slope_reserve(width))
        <= height
    ):
        fitting += 1
    kept = sum(len(line) + 1 for line in lines[:fitting])
    over = max(1, len(text) - kept)
    about = max(5, -(-over // 5) * 5)  # round up to 5: an estimate, not a promise
    return (
        f"The text does not fit on the {label}: shorten by about {about} characters "
        "(or choose a bigger size).",
        about,
    )
