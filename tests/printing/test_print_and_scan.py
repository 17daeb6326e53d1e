"""Every voucher and loyalty-card layout's codes decode after an office print read back by
a cheap scanner (the simulation in ``scan.py``: 150 dpi, blur, noise, 2° skew, JPEG 40).

The default run checks one page of each kind of layout (a ticket with the barcode band,
the A6 voucher, a sheet of ten cards); the slow run checks every layout, with several
seeds, at 150 and 200 dpi.
"""

from __future__ import annotations

import pytest

from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_loyalty_cards
from relbook.printing.vouchers import SIZES, VoucherPrint, code128_placement, render_vouchers
from relbook.services.codes import new_card_code, new_voucher_code
from tests.printing.scan import scanned_codes

PER_PAGE = {"dl": 1, "a4-3dl": 3, "a6": 1, "a4-8up": 8, "letter-8up": 8}
CARDS_PER_PAGE = {"a4": 10, "letter": 10, "single": 1}


def _voucher(i: int) -> VoucherPrint:
    return VoucherPrint(
        code=new_voucher_code(),
        shop_name="Café Morgenrot",
        beneficiary_name=f"Łukasz Nowak {i}",
        value_text="€10.00",
        expiry_text="Valid until 31 Dec 2026",
        terms="One voucher per visit. Not exchangeable for cash.",
        message="So kind of you to send Ben our way!",
        signature="Rosa",
    )


def _compact(code: str) -> str:
    return code.replace("-", "")


def _check_vouchers(size: str, dpi: int, seed: int) -> None:
    vouchers = [_voucher(i) for i in range(PER_PAGE[size])]
    found = scanned_codes(render_vouchers(vouchers, size), 0, dpi=dpi, seed=seed)
    for v in vouchers:
        assert ("Code128", _compact(v.code)) in found, (size, v.code, found)
        assert ("QRCode", _compact(v.code)) in found, (size, v.code, found)


def _check_cards(sheet: str, dpi: int, seed: int) -> None:
    cards = [
        LoyaltyCardPrint(name=f"Zoë Brontë {i}", code=new_card_code(), shop_name="Café Morgenrot")
        for i in range(CARDS_PER_PAGE[sheet])
    ]
    found = scanned_codes(render_loyalty_cards(cards, sheet), 0, dpi=dpi, seed=seed)
    for c in cards:
        assert ("Code128", _compact(c.code)) in found, (sheet, c.code, found)
        assert ("QRCode", _compact(c.code)) in found, (sheet, c.code, found)


@pytest.mark.parametrize("size", ["a4-8up", "a6"])
def test_voucher_codes_scan_after_an_office_print(size):
    _check_vouchers(size, 150, seed=1)


def test_loyalty_card_sheet_scans_after_an_office_print():
    _check_cards("a4", 150, seed=1)


def test_each_layout_says_where_its_barcode_goes():
    """DL has the height for a vertical strip; the 62 mm voucher and A6 put the bars in a
    band across the bottom, where they are wide enough to scan."""
    assert code128_placement("dl") == "strip"
    assert code128_placement("a4-3dl") == "strip"
    assert {code128_placement(s) for s in ("a6", "a4-8up", "letter-8up")} == {"band"}


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [150, 200])
@pytest.mark.parametrize("size", SIZES)
def test_every_voucher_layout_scans(size, dpi):
    for seed in range(3):
        _check_vouchers(size, dpi, seed)


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [150, 200])
@pytest.mark.parametrize("sheet", list(CARDS_PER_PAGE))
def test_every_card_layout_scans(sheet, dpi):
    for seed in range(3):
        _check_cards(sheet, dpi, seed)
