"""Benchmark: importing 100,000 contacts from one vCard file, against vobject parsing the
same file alone in the same run (target: the whole import ≤ 2× the bare parse); and
exporting 100,000 contacts as vCard, CSV and JSON, against reading the same rows raw.

Run: ``python -m pytest -m benchmark -s tests/benchmarks/bench_import.py``.
The 100,000-contact demo shop (shared with the other benchmarks) is written once into
tests/benchmarks/.cache/; its vCard export is the file imported. The import is the real
thing end to end: reading and checking every card, the duplicate preview, and one
transaction into an empty book (contacts, phones, emails, details, tags, card codes,
search index). Prints times and ratios; asserts only that nothing was lost.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from pathlib import Path

import pytest
import vobject

from relbook.services import plugins
from relbook.services.import_export import export, importer, writer
from relbook.services.import_export.preview import build_preview
from relbook.store.db import close_database, open_database
from relbook.store.models import Contact
from tests.benchmarks.bench_search import CACHE, CONTACTS, demo_book


def exported_file() -> tuple[Path, dict[str, float]]:
    """The demo shop exported as vCard 3.0 (written once), and the export timings."""
    timings: dict[str, float] = {}
    open_database(demo_book(), backup=False)
    try:
        ids = export.all_ids()
        assert len(ids) >= CONTACTS * 0.9
        for fmt in ("vcard", "csv", "json"):
            buffer = io.StringIO()
            started = time.perf_counter()
            count = export.export(fmt, buffer, None if fmt == "json" else ids)
            timings[fmt] = time.perf_counter() - started
            assert count >= len(ids)
            if fmt == "vcard":
                text = buffer.getvalue()
    finally:
        close_database()
    path = CACHE / f"import-{CONTACTS}.vcf"
    path.write_text(text, encoding="utf-8")
    return path, timings


def raw_rows_seconds(path: Path) -> float:
    """The floor for an export: every contact row and its phones/emails read with plain
    sqlite3 and written as CSV, no relbook code at all."""
    con = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        out = io.StringIO()
        writer_ = csv.writer(out)
        for table in ("contact", "phone", "email", "personal_detail", "contact_tag"):
            for row in con.execute(f"SELECT * FROM {table}"):
                writer_.writerow(row)
        return time.perf_counter() - started
    finally:
        con.close()


@pytest.mark.benchmark
def test_import_100000_vcards_against_vobject_alone(tmp_path: Path) -> None:
    source, export_times = exported_file()
    text = source.read_text(encoding="utf-8")
    cards = text.count("BEGIN:VCARD")
    raw_export = raw_rows_seconds(demo_book())

    started = time.perf_counter()
    parsed = sum(1 for _ in vobject.readComponents(text))
    vobject_seconds = time.perf_counter() - started
    assert parsed == cards

    open_database(tmp_path / "empty.sqlite3", backup=False)
    plugins.load_all()
    try:
        started = time.perf_counter()
        rows = importer.read_file(source)
        read_seconds = time.perf_counter() - started
        preview = build_preview(rows)
        preview_seconds = time.perf_counter() - started - read_seconds
        result = writer.commit(preview, only_good=True)
        total = time.perf_counter() - started
        stored = Contact.select().count()
        coded = Contact.select().where(Contact.card_code.is_null(False)).count()
    finally:
        close_database()
    assert not preview.errors, preview.errors[:3]
    assert result.created + result.merged == cards and stored == result.created
    assert coded == stored  # the loyalty cards came along
    ratio = total / vobject_seconds
    print(
        f"\nimport of {cards:,} vCards ({len(text) / 1e6:.0f} MB)\n"
        f"  vobject parsing alone       {vobject_seconds:7.1f} s\n"
        f"  relbook import, end to end  {total:7.1f} s  (read {read_seconds:.1f} s, "
        f"preview {preview_seconds:.1f} s, write {total - read_seconds - preview_seconds:.1f} s)"
        f"\n  ratio                       {ratio:7.2f}x  (target <= 2x); "
        f"{result.created:,} new, {result.merged:,} merged\n"
        f"export of {CONTACTS:,} contacts (raw rows read and written as CSV: {raw_export:.1f} s)\n"
        + "\n".join(
            f"  {fmt:<6} {seconds:6.1f} s   {seconds / raw_export:5.1f}x the raw rows"
            for fmt, seconds in export_times.items()
        )
    )
