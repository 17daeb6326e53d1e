"""The parts every voucher design shares: its data, the frame, the shop header, the
recipient's name, the value, the terms and the readable code.

Every part fits its text within the design: it shrinks within limits, wraps onto a
second line, and a name too long for that is written shorter ("Maria F. S. Oliveira",
then "Maria Oliveira"). Only what still cannot fit raises :class:`VoucherLayoutError`,
naming the field, so a batch can leave that one voucher out and say why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from relbook.printing.text_runs import (
    TextRuns,
    draw_runs,
    fit_size,
    fonts,
    letter_font,
    runs,
    runs_ink,
    runs_width,
    wrap_fit,
)
from relbook.printing.voucher_note import GOLD, NoteDoesNotFit

ACCENT = "#1f5c58"  # deep teal: reads as "quality paper", prints well in grey too
VALUE_STEP = 0.95  # line spacing of a two-line value, times its size


class VoucherLayoutError(ValueError):
    """Something does not fit on the voucher; the message names the field."""


@dataclass
class VoucherPrint:
    """One voucher as the printer sees it: all text already formatted for the shop.

    ``value_text`` is what it is worth ("€10.00", "10 % off", "A free coffee");
    ``expiry_text`` is the full phrase ("Valid until 31 Dec 2026"); ``recipient_prefix``
    goes before the name ("for"), empty to leave it out.
    """

    code: str
    shop_name: str
    beneficiary_name: str
    value_text: str
    expiry_text: str
    terms: str
    logo_png: bytes | None = None
    kind_label: str = "Thank you!"
    recipient_prefix: str = "for"
    code_caption: str = "Voucher code"
    accent: str = ACCENT
    #: a personal line in handwriting ("So kind of you to send Ben our way!") and who
    #: signs it ("Rosa"); on DL and A6 only: the 8-up voucher has no room for a letter
    message: str = ""
    signature: str = ""


def frame(canvas: Canvas, v: VoucherPrint, x: float, y: float, w: float, h: float) -> float:
    """Thin accent frame with a gold inner line; returns the inset used."""
    inset = min(w, h) * 0.045
    canvas.setStrokeColor(HexColor(v.accent))
    canvas.setLineWidth(1.1)
    canvas.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, inset * 0.6)
    canvas.setStrokeColor(HexColor(GOLD))
    canvas.setLineWidth(0.45)
    d = inset * 0.35
    canvas.roundRect(
        x + inset + d, y + inset + d, w - 2 * (inset + d), h - 2 * (inset + d), inset * 0.4
    )
    return inset + d


def fit_line(
    field: str,
    text: TextRuns,
    max_w: float,
    max_size: float,
    min_size: float,
    tracking: float = 0.0,
) -> float:
    size = fit_size(text, max_w, max_size, min_size, tracking)
    if size is None:
        raise VoucherLayoutError(f"The {field} is too long to fit on the voucher.")
    return size


def shop_header(
    canvas: Canvas,
    v: VoucherPrint,
    logo: ImageReader | None,
    x: float,
    top: float,
    w: float,
    size: float,
    *,
    centre: bool,
) -> float:
    """Logo and/or letter-spaced shop name; returns the y below the header."""
    plain, _ = fonts()
    name = runs(v.shop_name.upper(), plain)
    tracking = 0.12
    logo_h = size * 2.2 if logo is not None else 0.0
    logo_w = 0.0
    if logo is not None:
        iw, ih = logo.getSize()
        logo_w = min(logo_h * iw / ih, w * 0.4)
        logo_h = logo_w * ih / iw
    gap = size * 0.6 if logo is not None else 0.0
    beside = fit_size(name, w - logo_w - gap, size, size * 0.8, tracking)
    if logo is not None and beside is None:
        # Narrow voucher: logo on its own row, the name centred or flush under it.
        logo_x = x + (w - logo_w) / 2 if centre else x
        canvas.drawImage(logo, logo_x, top - logo_h, logo_w, logo_h, mask="auto")
        return shop_header(canvas, v, None, x, top - logo_h - size * 0.5, w, size, centre=centre)
    size = fit_line("shop name", name, w - logo_w - gap, size, size * 0.55, tracking)
    text_w = runs_width(name, size, tracking)
    total = logo_w + gap + text_w
    left = x + (w - total) / 2 if centre else x
    row_h = max(logo_h, size)
    if logo is not None:
        canvas.drawImage(
            logo, left, top - row_h + (row_h - logo_h) / 2, logo_w, logo_h, mask="auto"
        )
    canvas.setFillColor(HexColor(v.accent))
    draw_runs(canvas, name, left + logo_w + gap, top - row_h / 2 - size * 0.36, size, tracking)
    return top - row_h


def name_forms(name: str) -> Iterator[str]:
    """The name as written, then shorter the way people shorten names on a card: middle
    names to initials ("Maria F. S. Oliveira"), then first and last name only, then the
    first initial ("M. Oliveira"). Lower-case particles ("da", "von") go with them."""
    words = name.split()
    yield " ".join(words)
    if len(words) > 2 and words[-1].strip(".,").lower() in _SUFFIXES:
        words = [*words[:-2], f"{words[-2]} {words[-1]}"]  # "Smith Jr." stays one
    if len(words) < 2:
        return
    first, last, middle = words[0], words[-1], words[1:-1]
    initials = [f"{w[0]}." for w in middle if not w[:1].islower()]
    if initials:
        yield " ".join([first, *initials, last])
    if middle:
        yield f"{first} {last}"
    yield f"{first[0]}. {last}"


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "jun", "sen"})


def name_lines(
    v: VoucherPrint, max_w: float, max_size: float, min_size: float, *, shorten: bool = True
) -> tuple[list[TextRuns], float]:
    """The recipient's name ("for Maria Oliveira") on one line if it fits, else two, else
    (with ``shorten``) written shorter (see :func:`name_forms`)."""
    hand = letter_font()
    forms = list(name_forms(v.beneficiary_name))
    for name in forms if shorten else forms[:1]:
        full = f"{v.recipient_prefix} {name}".strip()
        one = runs(full, hand)
        size = fit_size(one, max_w, max_size, min_size)
        if size is not None:
            return [one], size
        two = wrap_fit(full, hand, max_w, 2, max_size * 0.8, min_size)
        if two is not None:
            return two
    raise VoucherLayoutError(
        f"The name “{v.beneficiary_name}” does not fit on this voucher size, even written shorter."
    )


def value_lines(
    text: str, max_w: float, room: float, max_size: float, min_size: float
) -> tuple[list[TextRuns], float]:
    """What the voucher is worth, as large as ``room`` (the height between the name and
    the expiry) allows: one line, or two for a long free item ("Free coffee and
    croissant"). Never smaller than ``min_size`` unless the room itself is smaller."""
    plain, _ = fonts()
    one = runs(text, plain)
    top = min(max_size, room / 0.75)
    floor = min(top, min_size)
    size = fit_size(one, max_w, top, floor)
    if size is not None and size >= min(top, max_size * 0.5):
        return [one], size
    two_top = min(max_size, room / (0.75 + VALUE_STEP))
    two = wrap_fit(text, plain, max_w, 2, two_top, min(two_top, min_size))
    if two is not None and len(two[0]) == 2:
        return two
    if size is not None:
        return [one], size
    raise VoucherLayoutError(f"The value “{text}” is too long to fit on the voucher.")


def terms_lines(
    v: VoucherPrint, max_w: float, max_lines: int, max_size: float, min_size: float
) -> tuple[list[TextRuns], float]:
    plain, _ = fonts()
    fitted = wrap_fit(v.terms, plain, max_w, max_lines, max_size, min_size)
    if fitted is not None:
        return fitted
    raise VoucherLayoutError(
        f"The terms are too long for this voucher size ({len(v.terms)} characters)."
    )


def below_label(
    label: TextRuns,
    label_base: float,
    label_size: float,
    name: TextRuns,
    name_size: float,
    gap: float,
) -> float:
    """The name's baseline, so its tallest letter clears the label's lowest descender by
    ``gap`` ("Happy birthday!" in Kristi reaches 0.38 em below its baseline)."""
    low, _ = runs_ink(label, label_size)
    _, high = runs_ink(name, name_size)
    return label_base + low - gap - high


def code_label(canvas: Canvas, v: VoucherPrint, cx: float, y: float, max_w: float) -> None:
    plain, _ = fonts()
    text = runs(display_code(v.code), plain)
    size = fit_line("code", text, max_w, 11, 5, 0.08)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    draw_runs(canvas, text, cx - runs_width(text, size, 0.08) / 2, y, size, 0.08, bold=True)


def display_code(code: str) -> str:
    """The code as people read it: printed as given (the service groups it)."""
    return code.strip().upper()


def compact(code: str) -> str:
    """What the barcodes carry: no spaces or dashes, which scanners on foreign keyboard
    layouts mangle ("-" arrives as "ß" from a US-set scanner on a German PC)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def note(draw: Callable[..., Any], *args: Any) -> Any:
    """Draw the handwritten note; a note that does not fit is the voucher's layout error."""
    try:
        return draw(*args)
    except NoteDoesNotFit as exc:
        raise VoucherLayoutError(str(exc)) from None
