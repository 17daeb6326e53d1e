"""Benchmark: 500 vouchers with QR + Code 128 against the same layout without codes.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_voucher_print.py``.
Prints seconds per voucher and the ratio; asserts only that the PDFs are complete.
"""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from relbook.printing.vouchers import VoucherPrint, render_vouchers
from relbook.services.codes import new_voucher_code

COUNT = 500


def _vouchers() -> list[VoucherPrint]:
    return [
        VoucherPrint(
            code=new_voucher_code(),
            shop_name="Café Morgenrot",
            beneficiary_name=f"Łukasz Nowak {i}",
            value_text="€10.00",
            expiry_text="Valid until 31 Dec 2026",
            terms="One voucher per visit. Not exchangeable for cash.",
            message="Thank you for sending Ben our way!",  # as printed for a referral
            signature="Rosa",
        )
        for i in range(COUNT)
    ]


def _best_of(n: int, fn) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(n):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


@pytest.mark.benchmark
@pytest.mark.parametrize(("size", "per_page"), [("dl", 1), ("a4-8up", 8)])
def test_codes_cost_against_plain_layout(size, per_page):
    vouchers = _vouchers()
    render_vouchers(vouchers[:10], size)  # warm up fonts and caches
    plain_s, plain_pdf = _best_of(3, lambda: render_vouchers(vouchers, size, codes=False))
    coded_s, coded_pdf = _best_of(3, lambda: render_vouchers(vouchers, size))
    pages = -(-COUNT // per_page)
    assert len(PdfReader(io.BytesIO(coded_pdf)).pages) == pages
    assert len(PdfReader(io.BytesIO(plain_pdf)).pages) == pages
    print(
        f"\n{size}: {COUNT} vouchers without codes {plain_s:.2f} s "
        f"({plain_s / COUNT * 1000:.2f} ms each, {len(plain_pdf) / 1024:.0f} KiB); "
        f"with QR + Code 128 {coded_s:.2f} s ({coded_s / COUNT * 1000:.2f} ms each, "
        f"{len(coded_pdf) / 1024:.0f} KiB); ratio {coded_s / plain_s:.2f}x"
    )
