"""What the import dialog shows before anything is written: how each file was read
(format, encoding, delimiter, preset, columns) and the preview of its rows.

Plain Python over the interchange services, run on a worker thread by the dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from relbook.errors import ValidationError
from relbook.services.import_export import importer
from relbook.services.import_export.csv_import import (
    CsvTable,
    guess_mapping,
    read_table,
    rows_from_table,
)
from relbook.services.import_export.decoding import decode
from relbook.services.import_export.json_import import looks_like_json
from relbook.services.import_export.parsed import WHOLE_FILE, ParsedRow, Progress, gc_paused
from relbook.services.import_export.preview import MERGE, Preview, build_preview

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}


@dataclass(slots=True)
class FileInfo:
    path: Path
    kind: str = ""  # "vCard" | "CSV"
    encoding: str = ""
    delimiter: str = ""
    preset: str = ""  # title of the preset recognised in the file ("" = none)
    headers: list[str] = field(default_factory=list)
    sample: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    problem: str = ""  # the whole file could not be read

    def describe(self) -> str:
        if self.problem:
            return f"{self.path.name}: cannot be read — {self.problem}"
        if self.kind == "vCard":
            return f"{self.path.name}: vCard, {self.encoding}, {self.rows:,} card(s)"
        if self.kind == "JSON":
            return f"{self.path.name}: relbook JSON, {self.rows:,} contact(s)"
        sep = DELIMITERS.get(self.delimiter, repr(self.delimiter))
        layout = f", recognised as {self.preset}" if self.preset else ""
        return (
            f"{self.path.name}: CSV, {self.encoding}, {sep}-separated, {self.rows:,} row(s){layout}"
        )


@dataclass(slots=True)
class Analysis:
    files: list[FileInfo]
    preview: Preview


def mapping_for(table: CsvTable, preset_key: str) -> dict[str, str]:
    """The column mapping a preset choice gives ("auto": the file's own preset or a guess)."""
    from relbook.services.import_export.presets import preset_by_key

    if preset_key == "auto":
        preset = table.preset
        return preset.mapping_for(table.headers) if preset else guess_mapping(table.headers)
    return preset_by_key(preset_key).mapping_for(table.headers)


def read_one(
    path: Path, mapping: Mapping[str, str] | None, progress: Progress | None = None
) -> tuple[FileInfo, list[ParsedRow]]:
    info = FileInfo(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        info.problem = exc.strerror or str(exc)
        return info, []
    if not raw.strip():
        info.problem = "the file is empty."
        return info, []
    if importer.looks_like_vcard(raw, path.name) or looks_like_json(raw, path.name):
        info.kind = "vCard" if importer.looks_like_vcard(raw, path.name) else "JSON"
        info.encoding = decode(raw)[1]
        rows = importer.read_bytes(raw, path.name, progress=progress)
    else:
        info.kind = "CSV"
        try:
            table = read_table(raw)
        except ValidationError as exc:
            info.problem = exc.message
            return info, []
        info.encoding, info.delimiter = table.encoding, table.delimiter
        info.preset = table.preset.title if table.preset else ""
        info.headers = table.headers
        info.sample = table.rows[0][1] if table.rows else []
        info.mapping = dict(mapping) if mapping is not None else mapping_for(table, "auto")
        rows = rows_from_table(table, path.name, mapping=info.mapping, progress=progress)
    if len(rows) == 1 and rows[0].where == WHOLE_FILE:
        info.problem = rows[0].error or "nothing in it could be read."
        return info, []
    info.rows = len(rows)
    return info, rows


def analyse(
    paths: list[Path],
    mappings: Mapping[Path, Mapping[str, str]] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Read every file (a custom column mapping per CSV file if given) and preview it."""
    files: list[FileInfo] = []
    rows: list[ParsedRow] = []
    for path in paths:
        with gc_paused():
            info, got = read_one(path, (mappings or {}).get(path), progress)
        files.append(info)
        rows += got
    return Analysis(files, build_preview(rows, default_action=MERGE, progress=progress))
