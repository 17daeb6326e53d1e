"""Every printable is self-contained: ``pdffonts`` (poppler) finds no font that is not
embedded, and no Helvetica or other base-14 name, in any of them — vouchers of every
size, loyalty cards, address labels, envelopes, notes, the counter sheet, the privacy
report and the printer test page. Preflight tools flag an unembedded font."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from relbook.printing.calibration import render_test_page
from relbook.printing.counter_sheet import CounterSheetData, SheetLine, render_counter_sheet
from relbook.printing.envelopes import EnvelopeSpec, render_envelopes
from relbook.printing.labels import render_labels
from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_loyalty_cards
from relbook.printing.notecards import NoteSpec, render_notes
from relbook.printing.privacy_report import PrivacyReport, Section
from relbook.printing.privacy_report import render as render_privacy
from relbook.printing.vouchers import SIZES, VoucherPrint, render_vouchers
from relbook.services.codes import new_card_code, new_voucher_code

ADDRESS = ["Łukasz Nowak", "ul. Długa 5/7", "00-238 WARSZAWA", "POLEN"]


def _voucher() -> VoucherPrint:
    return VoucherPrint(
        code=new_voucher_code(),
        shop_name="Café Morgenrot",
        beneficiary_name="Zoë Brontë",
        value_text="€10.00",
        expiry_text="Valid until 31 Dec 2026",
        terms="One per visit.",
        message="So kind of you!",
        signature="Rosa",
    )


PRINTABLES = {
    **{f"voucher-{s}": lambda s=s: render_vouchers([_voucher()], s) for s in SIZES},
    "cards": lambda: render_loyalty_cards(
        [LoyaltyCardPrint("Zoë Brontë", new_card_code(), "Café")], "a4"
    ),
    "labels": lambda: render_labels([ADDRESS], "l7160", start_at=5).pdf,
    "envelope": lambda: render_envelopes(
        [EnvelopeSpec(ADDRESS, ["Café Morgenrot", "Hauptstraße 1"], font="Kristi")]
    ),
    "note": lambda: render_notes([NoteSpec(text="Dear Søren, thank you!", font="Kristi")]),
    "counter-sheet": lambda: render_counter_sheet(
        CounterSheetData(
            "Rosa's Flowers",
            dt.date(2026, 11, 24),
            birthdays=[SheetLine("Anna Schmidt turns 40", "", "loves tulips")],
        )
    ),
    "privacy-report": lambda: render_privacy(
        PrivacyReport(
            "Café", "Zoë Brontë", "1 Dec 2026", [Section("Card", fields=[("Name", "Zoë Brontë")])]
        )
    ),
    "test-page": lambda: render_test_page("a4"),
}


def _fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()[2:]  # after the header and its rule
    return [line.split() for line in lines]


@pytest.mark.parametrize("name", list(PRINTABLES))
def test_every_font_is_embedded(name, tmp_path):
    rows = _fonts(PRINTABLES[name](), tmp_path)
    assert rows, f"{name}: pdffonts found no font at all"
    for row in rows:
        # columns: name type encoding emb sub uni object ID (type may be two words)
        emb = row[-5]
        assert emb == "yes", f"{name}: {row[0]} is not embedded"
        assert "Helvetica" not in row[0] and "Times" not in row[0], f"{name}: {row[0]}"
