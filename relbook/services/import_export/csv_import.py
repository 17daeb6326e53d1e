"""Reading CSV exports (Google Contacts, Outlook, Square, relbook, or any other with a
column mapping the owner picks) into ``ParsedRow``s.

The encoding (UTF-8, UTF-8 with BOM, UTF-16, Windows-1252) and the delimiter
(comma, semicolon, tab, bar) are detected; a preset is chosen from the header row.
A mapping is ``{column header: target}`` where a target is a ContactInput field name,
``name`` (a full name to split), ``phone[:label]``, ``email[:label]``, ``tags``,
``birthday``, ``anniversary``, ``notes``, ``detail`` or ``ignore``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from relbook.errors import ValidationError
from relbook.services.contacts.inputs import (
    TEXT_FIELDS,
    ContactInput,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.csv_safe import unformula
from relbook.services.dates import PartialDate, parse_partial_date
from relbook.services.import_export.decoding import decode
from relbook.services.import_export.parsed import (
    MAX_NOTE_CHARS,
    REPORT_EVERY,
    WHOLE_FILE,
    ParsedRow,
    Progress,
    clean_text,
    report,
)
from relbook.services.import_export.presets import PRESETS, Preset, detect_preset

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_TEXT_FIELDS = TEXT_FIELDS
TARGETS = (
    *_TEXT_FIELDS,
    "name",
    "phone",
    "phone:home",
    "phone:work",
    "phone:mobile",
    "phone:other",
    "email",
    "email:work",
    "tags",
    "family",
    "birthday",
    "anniversary",
    "notes",
    "detail",
    "consent_mail",
    "consent_email",
    "consent_phone",
    "card_code",
    "ignore",
)
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(slots=True)
class CsvTable:
    """A CSV file read into memory: its header, rows (with line numbers) and how it was read."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str
    preset: Preset | None


def read_table(raw: bytes) -> CsvTable:
    """Decode and split a CSV file; raises ValidationError when it holds no table."""
    text, encoding = decode(raw)
    if "\x00" in text[:4096]:
        raise ValidationError("file", "This is not a text file (it holds binary data).")
    delimiter = detect_delimiter(text)
    # strict: a broken quote is an error on its line, not a silently swallowed file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [clean_text(h) for h in next(reader)]
    except StopIteration:
        raise ValidationError("file", "The file is empty.") from None
    except csv.Error as exc:
        raise ValidationError("file", f"The first line cannot be read as CSV ({exc}).") from None
    if not any(headers):
        raise ValidationError("file", "The first line holds no column names.")
    rows: list[tuple[int, list[str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append((line, [f"\x00{exc}"]))
            continue
        if any(c.strip() for c in cells):
            rows.append((line, cells))
    return CsvTable(headers, rows, encoding, delimiter, detect_preset(headers))


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; tab | outside quotes."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    raw: bytes,
    source: str = "",
    *,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ParsedRow]:
    """Every data line as a row; a file that is no table at all gives one error row."""
    try:
        table = read_table(raw)
    except ValidationError as exc:
        return [ParsedRow(source, WHOLE_FILE, error=exc.message)]
    return rows_from_table(table, source, mapping=mapping, progress=progress)


def rows_from_table(
    table: CsvTable,
    source: str = "",
    *,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ParsedRow]:
    if mapping is None:
        if table.preset is None:
            mapping = guess_mapping(table.headers)
        else:
            mapping = table.preset.mapping_for(table.headers)
    targets = [mapping.get(h, "ignore") for h in table.headers]
    label_cols = table.preset.label_columns(table.headers) if table.preset else {}
    if all(t == "ignore" for t in targets):
        return [
            ParsedRow(
                source,
                WHOLE_FILE,
                error="No column is matched to a contact field; choose the columns by hand.",
            )
        ]
    code_col = targets.index("card_code") if "card_code" in targets else None
    google = table.preset is not None and table.preset.key == "google"
    out: list[ParsedRow] = []
    for number, (line, cells) in enumerate(table.rows):
        if number % REPORT_EVERY == 0:
            report(progress, number, len(table.rows))
        row = ParsedRow(source, f"line {line}")
        if cells and cells[0].startswith("\x00"):
            row.error = csv_problem(cells[0][1:])
        else:
            try:
                row.data = _row_to_input(table.headers, cells, targets, label_cols, row.warnings)
                if google:  # Google's own group, in every contact: not the shop's tag
                    row.data.tags = [t for t in row.data.tags if t != "myContacts"]
                if code_col is not None and code_col < len(cells):
                    row.card_code = clean_text(cells[code_col])
            except ValidationError as exc:
                row.error = exc.message
            except Exception as exc:
                row.error = f"The line could not be read ({' '.join(str(exc).split())[:160]})."
        out.append(row)
    if not out:
        out.append(ParsedRow(source, WHOLE_FILE, error="The file has column names but no rows."))
    return out


_FORMULA = re.compile(r"^(=.|[+@-]\s*[A-Za-z_][\w.]*\s*[(!|])")


def looks_like_formula(text: str) -> bool:
    """``=anything``, or ``+SUM(``/``@cmd|``/``-HYPERLINK(``: what a spreadsheet would run.
    A phone number (+44 …), an @handle or a dash before a note is not a formula."""
    return bool(_FORMULA.match(text))


def csv_problem(message: str) -> str:
    """The csv module's complaint in words a shop owner can act on."""
    if "end of data" in message:
        return (
            "A quotation mark opened on this line is never closed, so this line and "
            "everything after it could not be read."
        )
    if "expected after" in message:
        return "Text follows a closing quotation mark; the line cannot be split into columns."
    if "field larger" in message:
        return "A cell on this line is far too large to be contact data."
    return f"The line cannot be read as CSV ({message})."


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """A first guess for an unknown file: columns whose names look like fields."""
    guesses = {
        "first name": "given_name",
        "given name": "given_name",
        "firstname": "given_name",
        "vorname": "given_name",
        "prénom": "given_name",
        "last name": "family_name",
        "surname": "family_name",
        "family name": "family_name",
        "lastname": "family_name",
        "nachname": "family_name",
        "nom": "family_name",
        "name": "name",
        "full name": "name",
        "phone": "phone",
        "mobile": "phone:mobile",
        "telephone": "phone",
        "tel": "phone",
        "telefon": "phone",
        "email": "email",
        "e-mail": "email",
        "mail": "email",
        "birthday": "birthday",
        "geburtstag": "birthday",
        "date of birth": "birthday",
        "company": "company",
        "street": "street",
        "address": "street",
        "city": "city",
        "town": "city",
        "postcode": "postcode",
        "zip": "postcode",
        "postal code": "postcode",
        "state": "region",
        "region": "region",
        "county": "region",
        "province": "region",
        "bundesland": "region",
        "country": "country",
        "notes": "notes",
        "note": "notes",
        "tags": "tags",
        "nickname": "nickname",
    }
    return {h: guesses.get(h.strip().lower(), "ignore") for h in headers}


def _row_to_input(
    headers: list[str],
    cells: list[str],
    targets: list[str],
    label_cols: Mapping[int, int],
    warnings: list[str],
) -> ContactInput:
    data = ContactInput()
    notes: list[str] = []
    for index, target in enumerate(targets):
        if target == "ignore" or index >= len(cells):
            continue
        raw = clean_text(cells[index])
        header = headers[index]
        if looks_like_formula(raw):
            raise ValidationError(
                header,
                f"{header}: “{raw[:40]}” is a spreadsheet formula, not a value; nothing "
                "from this line was imported. Save the sheet with values only.",
            )
        value = unformula(raw)
        if not value:
            continue
        kind, _, label = target.partition(":")
        if label_cols.get(index) is not None and label_cols[index] < len(cells):
            label = _clean_label(cells[label_cols[index]]) or label
        if target in _TEXT_FIELDS:
            current = getattr(data, target)
            setattr(data, target, f"{current}, {value}" if current else value)
        elif target == "name":
            if not (data.given_name or data.family_name):
                data.given_name, _, data.family_name = (
                    value.rpartition(" ") if " " in value else (value, "", "")
                )
        elif kind == "phone":
            for part in _split_multi(value):
                if sum(ch.isdigit() for ch in part) >= 3:
                    data.phones.append(PhoneInput(part, label or "mobile"))
                else:
                    warnings.append(f"{header}: “{part}” has too few digits; left out.")
        elif kind == "email":
            for part in _split_multi(value):
                if _EMAIL.match(part) and len(part) <= 254:
                    data.emails.append(EmailInput(part, label or "home"))
                else:
                    warnings.append(f"{header}: “{part[:60]}” is not an email address; left out.")
        elif target == "tags":
            parts = (
                re.split(r";|:::", value)
                if (";" in value or ":::" in value)
                else (value.split(","))
            )
            data.tags += [t.strip().lstrip("* ") for t in parts if t.strip().lstrip("* ")]
        elif target == "family":
            data.details.append(DetailInput("family", name=value[:120], relation=label or ""))
        elif target == "phones_list":
            data.phones += [PhoneInput(n, lab or "mobile") for lab, n in _labelled(value)]
        elif target == "emails_list":
            data.emails += [EmailInput(a, lab or "home") for lab, a in _labelled(value)]
        elif target == "details_json":
            data.details += _details_json(value)
        elif target in ("birthday", "anniversary"):
            setattr(data, target, _csv_date(value, header))
        elif target == "notes":
            notes.append(value)
        elif target == "detail":
            data.details.append(DetailInput("other", text=f"{header}: {value}"))
        elif target.startswith("consent_"):
            setattr(data, target, _consent_date(value))
    data.notes = "\n\n".join(notes)
    if len(data.notes) > MAX_NOTE_CHARS:
        raise ValidationError(
            "notes",
            f"The note is {len(data.notes):,} characters long (at most {MAX_NOTE_CHARS:,}).",
        )
    data.tags = list(dict.fromkeys(data.tags))
    _dedupe_phones(data)
    return data


def _labelled(value: str) -> list[tuple[str, str]]:
    """relbook's own CSV lists "label: value" lines in one cell."""
    out = []
    for line in value.splitlines():
        label, sep, rest = line.partition(": ")
        out.append((label.strip(), rest.strip()) if sep else ("", line.strip()))
    return [(lab, v) for lab, v in out if v]


def _details_json(value: str) -> list[DetailInput]:
    try:
        items = json.loads(value)
    except ValueError:
        raise ValidationError(
            "details", "details: the cell is not the JSON relbook wrote."
        ) from None
    if not isinstance(items, list):
        raise ValidationError("details", "details: the cell is not a list.")
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        bday = item.get("birthday")
        out.append(
            DetailInput(
                str(item.get("kind", "other")),
                text=str(item.get("text", "")),
                name=str(item.get("name", "")),
                relation=str(item.get("relation", "")),
                birthday=parse_partial_date(bday, "details") if bday else None,
            )
        )
    return out


def _split_multi(value: str) -> list[str]:
    """Google joins several values of one cell with " ::: "."""
    return [p.strip() for p in value.split(":::") if p.strip()]


def _clean_label(text: str) -> str:
    label = clean_text(text).lstrip("* ").lower()
    return {"cell": "mobile", "mobile": "mobile", "": ""}.get(label, label[:40])


def _csv_date(value: str, header: str) -> PartialDate | None:
    text = value.strip()
    if text in ("0/0/00", "0/0/0000", "00.00.0000", "0000-00-00"):
        return None  # Outlook's and Square's "no date"
    if re.match(r"^0000-\d\d-\d\d$", text):
        text = "--" + text[5:]
    if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$", text):  # Outlook: month first
        month, day, year = (int(p) for p in text.split("/"))
        year = year + (1900 if year > 30 else 2000) if year < 100 else year
        try:
            return PartialDate(month, day, year if year >= 1900 else None)
        except ValueError:
            raise ValidationError(header, f"{header}: “{value}” is not a real date.") from None
    text = text.split("T")[0]
    return parse_partial_date(text, header)


def _consent_date(value: str) -> dt.date | None:
    text = value.strip().lower()
    if text in ("subscribed", "yes", "true", "1", "opted in"):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _dedupe_phones(data: ContactInput) -> None:
    seen: set[str] = set()
    kept = []
    for phone in data.phones:
        key = "".join(ch for ch in phone.number if ch.isdigit())
        if key not in seen:
            seen.add(key)
            kept.append(phone)
    data.phones = kept


__all__ = ["PRESETS", "TARGETS", "CsvTable", "guess_mapping", "read_csv", "read_table"]
