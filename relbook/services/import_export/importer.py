"""The import as a whole: read files, preview them against the book, then commit.

``read_files`` never writes. A file that cannot be read at all (missing, a folder, not
text, no contact in it) raises ``UnreadableFile`` before anything else happens.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from relbook.errors import ValidationError
from relbook.services.import_export.csv_import import read_csv
from relbook.services.import_export.json_import import looks_like_json, read_json
from relbook.services.import_export.parsed import WHOLE_FILE, ParsedRow, Progress, gc_paused
from relbook.services.import_export.preview import MERGE, Preview, build_preview
from relbook.services.import_export.vcard_import import read_vcards
from relbook.services.import_export.writer import ImportResult, commit

#: refuse files larger than this before reading them into memory
MAX_FILE_BYTES = 512 * 1024 * 1024


class UnreadableFile(ValidationError):
    """A whole file that gives nothing to import."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__("file", f"{Path(path).name}: {reason}")


def looks_like_vcard(raw: bytes, name: str = "") -> bool:
    if name.lower().endswith((".vcf", ".vcard")):
        return True
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = raw[:4096].decode("utf-16", errors="ignore").lstrip().upper().encode()
    return head.startswith(b"BEGIN:VCARD")


def read_bytes(
    raw: bytes,
    name: str,
    *,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ParsedRow]:
    if looks_like_vcard(raw, name):
        return read_vcards(raw, name, progress=progress)
    if looks_like_json(raw, name):
        return read_json(raw, name)
    return read_csv(raw, name, mapping=mapping, progress=progress)


def read_file(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ParsedRow]:
    """Rows of one file; raises UnreadableFile when nothing at all can be read."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableFile(p, "this is a folder, not a file.")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFile(p, "the file is too large to be a contact export.")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(p, "there is no such file.") from None
    except PermissionError:
        raise UnreadableFile(p, "relbook may not read this file (permissions).") from None
    except OSError as exc:
        raise UnreadableFile(p, f"the file cannot be read ({exc.strerror or exc}).") from None
    if not raw.strip():
        raise UnreadableFile(p, "the file is empty.")
    with gc_paused():
        rows = read_bytes(raw, p.name, mapping=mapping, progress=progress)
    if len(rows) == 1 and rows[0].where == WHOLE_FILE:
        raise UnreadableFile(p, rows[0].error or "nothing in it could be read.")
    return rows


def read_files(paths: Iterable[str | os.PathLike[str]]) -> list[ParsedRow]:
    rows: list[ParsedRow] = []
    for path in paths:
        rows += read_file(path)
    return rows


def preview_files(
    paths: Iterable[str | os.PathLike[str]], *, default_action: str = MERGE
) -> Preview:
    return build_preview(read_files(paths), default_action=default_action)


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    only_good: bool = True,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, preview (duplicates merged) and store in one transaction."""
    return commit(preview_files(paths), only_good=only_good, progress=progress)
