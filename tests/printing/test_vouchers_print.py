"""Vouchers read back: every QR and Code 128 decodes to the exact code; text is extractable."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from relbook.printing.vouchers import (
    VoucherLayoutError,
    VoucherPrint,
    render_vouchers,
)
from relbook.services.codes import new_voucher_code

NAMES = ["Łukasz Nowak", "José García", "Zoë Brontë", "Anna", "Mia Müller", "Ólafur", "Tom", "Ines"]


def _voucher(name: str = "Łukasz Nowak", **kw) -> VoucherPrint:
    fields = {
        "code": new_voucher_code(),
        "shop_name": "Café Morgenrot",
        "beneficiary_name": name,
        "value_text": "€10.00",
        "expiry_text": "Valid until 31 Dec 2026",
        "terms": "One voucher per visit. Not exchangeable for cash.",
    }
    fields.update(kw)
    return VoucherPrint(**fields)


def _text(pdf: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[page].extract_text()


def _compact(code: str) -> str:
    return code.replace("-", "")


@pytest.mark.parametrize("size", ["dl", "a6", "a4-3dl"])
def test_single_vouchers_decode_and_read_back(size, decode_pdf_codes):
    vouchers = [_voucher(n) for n in NAMES[:3]]
    pdf = render_vouchers(vouchers, size)
    reader = PdfReader(io.BytesIO(pdf))
    per_page = 3 if size == "a4-3dl" else 1
    assert len(reader.pages) == 3 // per_page
    decoded = [decode_pdf_codes(pdf, p) for p in range(len(reader.pages))]
    for i, v in enumerate(vouchers):
        page = i // per_page
        codes = decoded[page]
        assert ("QRCode", _compact(v.code)) in codes
        assert ("Code128", _compact(v.code)) in codes
        text = _text(pdf, page)
        assert v.code in text
        assert v.beneficiary_name in text
        assert "€10.00" in text and "Valid until 31 Dec 2026" in text
        assert "CAFÉ MORGENROT" in text


@pytest.mark.parametrize(("size", "width_mm"), [("a4-8up", 210), ("letter-8up", 215.9)])
def test_eight_up_sheet_decodes_every_code(size, width_mm, decode_pdf_codes):
    vouchers = [_voucher(n) for n in NAMES]
    pdf = render_vouchers(vouchers, size)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_mm * mm, abs=0.5)
    expected = sorted(
        [("QRCode", _compact(v.code)) for v in vouchers]
        + [("Code128", _compact(v.code)) for v in vouchers]
    )
    assert decode_pdf_codes(pdf, 0) == expected
    text = _text(pdf)
    for v in vouchers:
        assert v.code in text and v.beneficiary_name in text


def test_nine_vouchers_on_8up_take_two_sheets(decode_pdf_codes):
    vouchers = [_voucher(f"Guest {i}") for i in range(9)]
    pdf = render_vouchers(vouchers, "a4-8up")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    assert decode_pdf_codes(pdf, 1) == sorted(
        [("Code128", _compact(vouchers[8].code)), ("QRCode", _compact(vouchers[8].code))]
    )


def test_value_kind_label_and_terms_are_printed():
    v = _voucher(
        "José García",
        value_text="10 % off",
        kind_label="Happy birthday!",
        terms="Valid on cakes only.",
        recipient_prefix="für",
    )
    text = _text(render_vouchers([v], "a6"))
    assert "10 % off" in text
    assert "Happy birthday!" in text
    assert "Valid on cakes only." in text
    assert "für José García" in text


def test_logo_is_embedded(decode_pdf_codes):
    buf = io.BytesIO()
    Image.new("RGBA", (120, 60), (200, 80, 40, 255)).save(buf, "PNG")
    v = _voucher(logo_png=buf.getvalue())
    pdf = render_vouchers([v, _voucher(logo_png=buf.getvalue())], "dl")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1
    assert ("QRCode", _compact(v.code)) in decode_pdf_codes(pdf, 0)


def test_a_broken_logo_is_a_plain_error():
    with pytest.raises(VoucherLayoutError, match="shop logo could not be read"):
        render_vouchers([_voucher(logo_png=b"not a png")], "dl")


def test_long_names_wrap_instead_of_being_cut():
    name = "Maria Fernanda de los Santos Oliveira"
    text = _text(render_vouchers([_voucher(name)], "a4-8up"))
    line = next(t for t in text.splitlines() if "Maria" in t)
    assert not line.endswith("Oliveira")  # it did wrap…
    assert f"for {name}" in " ".join(text.split())  # …and every word is there


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("beneficiary_name", "Bartholomew" * 8, "does not fit on this voucher size"),
        ("terms", "Terms apply. " * 60, "terms are too long"),
        ("value_text", "A large slice of our famous chocolate cake " * 3, "is too long"),
    ],
)
def test_what_does_not_fit_is_refused_in_plain_words(field, value, message):
    with pytest.raises(VoucherLayoutError, match=message):
        render_vouchers([_voucher(**{field: value})], "a4-8up")


def test_a_voucher_without_a_code_is_refused():
    with pytest.raises(VoucherLayoutError, match="voucher for Anna has no code"):
        render_vouchers([_voucher("Anna", code=" - ")], "dl")


def test_unknown_size_and_empty_list_are_plain_errors():
    with pytest.raises(ValueError, match="Unknown voucher size 'b5'"):
        render_vouchers([_voucher()], "b5")
    with pytest.raises(ValueError, match="no vouchers to print"):
        render_vouchers([], "dl")


def test_without_codes_there_are_no_barcodes_but_the_text_stays(decode_pdf_codes):
    v = _voucher()
    pdf = render_vouchers([v], "dl", codes=False)
    assert decode_pdf_codes(pdf, 0) == []
    assert v.code in _text(pdf)


def test_reprint_is_identical_apart_from_timestamps():
    v = _voucher()
    a = _text(render_vouchers([v], "dl"))
    b = _text(render_vouchers([v], "dl"))
    assert a == b


def test_qr_symbols_decode_for_every_mask_choice():
    """Our own mask selection (barcodes.mask_penalty) yields valid QR codes: 300 codes
    drawn straight to pixels decode exactly."""
    import zxingcpp
    from reportlab.graphics.barcode import qrencoder

    from relbook.printing.barcodes import mask_penalty, qr_modules

    for _ in range(300):
        code = new_voucher_code().replace("-", "")
        modules = qr_modules(code)
        n = len(modules)
        img = Image.new("L", (n + 8, n + 8), 255)
        img.putdata(
            [
                0 if 4 <= r < n + 4 and 4 <= c < n + 4 and modules[r - 4][c - 4] else 255
                for r in range(n + 8)
                for c in range(n + 8)
            ]
        )
        found = zxingcpp.read_barcodes(img.resize(((n + 8) * 4, (n + 8) * 4), Image.NEAREST))
        assert [(r.format.name, r.text) for r in found] == [("QRCode", code)]
    # The chosen mask has the lowest penalty of all eight.
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData("7K9QX3M2ABCD")
    qr.version = qr.calculate_version()
    scores = []
    for mask in range(8):
        qr.makeImpl(True, mask)
        scores.append(mask_penalty(qr.modules))
    qr.makeImpl(False, scores.index(min(scores)))
    assert [[bool(m) for m in row] for row in qr.modules] == qr_modules("7K9QX3M2ABCD")


def test_logo_and_long_shop_name_stack_on_small_vouchers(decode_pdf_codes):
    buf = io.BytesIO()
    Image.new("RGBA", (200, 100), (30, 90, 88, 255)).save(buf, "PNG")
    v = _voucher(shop_name="Blumen Łąka & Söhne", logo_png=buf.getvalue())
    pdf = render_vouchers([v], "letter-8up")
    assert "BLUMEN ŁĄKA & SÖHNE" in _text(pdf)
    assert ("Code128", _compact(v.code)) in decode_pdf_codes(pdf, 0)


def _reference_penalty(m: list[list[bool]]) -> int:
    """ISO/IEC 18004 N1-N4 written out plainly, to check the fast version against."""
    n = len(m)
    score = 0
    lines = [list(r) for r in m] + [[m[r][c] for r in range(n)] for c in range(n)]
    finder_like = ([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1])
    for line in lines:
        run = 1
        for k in range(1, n + 1):
            if k < n and line[k] == line[k - 1]:
                run += 1
            else:
                score += run - 2 if run >= 5 else 0
                run = 1
        for k in range(n - 10):
            if [int(v) for v in line[k : k + 11]] in finder_like:
                score += 40
    for i in range(n - 1):
        for j in range(n - 1):
            if m[i][j] == m[i][j + 1] == m[i + 1][j] == m[i + 1][j + 1]:
                score += 3
    dark = sum(sum(map(int, r)) for r in m)
    return score + 10 * (abs(dark * 100 // (n * n) - 50) // 5)


def test_fast_mask_penalty_matches_the_standard_written_out():
    import random

    from relbook.printing.barcodes import mask_penalty

    rng = random.Random(7)
    for n in (21, 25, 29):
        for _ in range(150):
            density = rng.choice([0.2, 0.5, 0.8])
            m = [[rng.random() < density for _ in range(n)] for _ in range(n)]
            col, row = rng.randrange(n), rng.randrange(n - 10)
            for j, bit in enumerate([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]):
                m[row + j][col] = bool(bit)  # a vertical finder-like pattern
            assert mask_penalty(m) == _reference_penalty(m)


@pytest.mark.parametrize("size", ["dl", "a6", "a4-3dl"])
def test_the_handwritten_note_and_signature_are_printed_where_there_is_room(size, decode_pdf_codes):
    v = _voucher("Linh Phan", message="Thank you for sending Ben our way!", signature="Rosa")
    pdf = render_vouchers([v], size)
    text = " ".join(_text(pdf).split())
    assert "Thank you for sending Ben our way!" in text.replace("\n", " ")
    assert "~ Rosa" in text
    assert ("QRCode", _compact(v.code)) in decode_pdf_codes(pdf, 0)


def test_eight_up_vouchers_carry_no_note(decode_pdf_codes):
    v = _voucher("Linh Phan", message="Thank you for sending Ben our way!", signature="Rosa")
    text = _text(render_vouchers([v], "a4-8up"))
    assert "Linh Phan" in text and "sending Ben" not in text and "Rosa" not in text


def test_a_note_too_long_for_the_voucher_is_refused():
    v = _voucher(message="We are so very grateful for everything you did " * 6)
    with pytest.raises(VoucherLayoutError, match="personal message is too long"):
        render_vouchers([v], "dl")
