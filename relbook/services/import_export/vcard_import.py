"""Reading vCard 2.1, 3.0 and 4.0 files (one or many cards) into ``ParsedRow``s.

The file is split into cards here, not by vobject, so one broken card (no END:VCARD, a
cut-off file, garbage) becomes one row in error and the cards around it still read.
Photos, logos, sounds and keys are dropped before vobject sees them: relbook keeps no
pictures, and a broken photo must not cost the customer's name and phone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import vobject

from relbook.services.contacts import names as name_rules
from relbook.services.contacts.inputs import ContactInput, DetailInput, EmailInput, PhoneInput
from relbook.services.dates import PartialDate
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
from relbook.services.import_export.vcard_lines import prepare

#: a single card larger than this (after photos are dropped) is refused unread
MAX_CARD_CHARS = 1_000_000
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_BINARY_START = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_PROP = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_PHONE_LABELS = {
    "cell": "mobile",
    "mobile": "mobile",
    "iphone": "mobile",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
}
_EMAIL_LABELS = {"home": "home", "work": "work", "internet": "home", "other": "other"}
#: TYPE values that say nothing about the label a person gave
_GENERIC_TYPES = {"voice", "internet", "pref", "x400", "msg", "text", "uri"}
_ANNIVERSARY = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY")
_RELATIONS = {
    "child": "child",
    "son": "son",
    "daughter": "daughter",
    "spouse": "partner",
    "partner": "partner",
    "husband": "husband",
    "wife": "wife",
    "mother": "mother",
    "father": "father",
    "parent": "parent",
    "sibling": "sibling",
    "brother": "brother",
    "sister": "sister",
    "friend": "friend",
}


#: cards handed to vobject in one go (one parse call per card costs nearly twice as much)
BATCH = 200


def read_vcards(
    raw: bytes, source: str = "", *, progress: Progress | None = None
) -> list[ParsedRow]:
    """Every card in ``raw`` as a row; never raises (but ReadCancelled when
    ``progress`` asks to stop)."""
    text, encoding = decode(raw)
    rows: list[ParsedRow] = []
    pending: list[tuple[ParsedRow, list[str], str]] = []  # (row, lines, tidy text)
    for number, (line_no, lines, complete, dropped) in enumerate(_split_cards(text), 1):
        where = f"card {number} (line {line_no})"
        row = ParsedRow(source, where)
        if not complete:
            row.error = (
                "The card has no END:VCARD line; the file may be cut off here. "
                "Nothing from this card was read."
            )
        elif sum(len(x) + 2 for x in lines) > MAX_CARD_CHARS:
            size = sum(len(x) + 2 for x in lines) / 1_000_000
            row.error = (
                f"The card is {size:.1f} MB long, far more than a contact needs; "
                "it was not read (the exporting program may have broken it)."
            )
        else:
            pending.append((row, lines, _tidy_text(lines, row.warnings)))
        if dropped:
            row.warnings.append("The photo was not imported (relbook keeps no pictures).")
        if encoding == "Windows-1252" and number == 1:
            row.warnings.append("The file is not UTF-8; it was read as Windows-1252.")
        rows.append(row)
    for start in range(0, len(pending), BATCH):
        if start % REPORT_EVERY == 0:
            report(progress, start, len(pending))
        batch = pending[start : start + BATCH]
        cards = _parse_batch([tidy for _, _, tidy in batch])
        for position, (row, lines, tidy) in enumerate(batch):
            try:
                card = cards[position] if cards is not None else vobject.readOne(tidy)
                row.data = component_to_input(card, row.warnings)
                row.card_code = _card_code(lines)
            except _CardError as exc:
                row.error = str(exc)
            except Exception as exc:
                reason = " ".join(str(exc).split())[:160] or type(exc).__name__
                row.error = f"The card could not be read ({reason})."
    if not rows:
        rows.append(
            ParsedRow(source, WHOLE_FILE, error="The file holds no vCard (no BEGIN:VCARD).")
        )
    return rows


def _parse_batch(texts: list[str]) -> list[vobject.base.Component] | None:
    """The cards parsed by one vobject call; None when any of them breaks it (the
    caller then reads them one by one, so only the broken card is lost)."""
    try:
        cards = list(vobject.readComponents("".join(texts)))
    except Exception:
        return None
    return cards if len(cards) == len(texts) else None


def _tidy_text(lines: list[str], warnings: list[str]) -> str:
    tidy, garbage = prepare(lines)
    if garbage:
        warnings.append(
            f"{garbage} line{'s' if garbage != 1 else ''} of the card made no sense and "
            f"{'were' if garbage != 1 else 'was'} left out."
        )
    return "\r\n".join(tidy) + "\r\n"


_CARD = re.compile(r"^X-RELBOOK-CARD:(.+)$", re.IGNORECASE)


def _card_code(lines: list[str]) -> str:
    """The loyalty-card code of relbook's own vCards (X-RELBOOK-CARD)."""
    for line in lines:
        match = _CARD.match(line.strip())
        if match:
            return clean_text(match.group(1))
    return ""


def _split_cards(text: str) -> Iterator[tuple[int, list[str], bool, bool]]:
    """Yield ``(first line number, lines, complete, photo dropped)`` for each card."""
    current: list[str] | None = None
    start = 0
    skipping = dropped = False
    for line_no, line in enumerate(text.splitlines(), 1):
        upper = line.strip().upper() if line[:1] in "BbEe \t" else ""
        if upper == "BEGIN:VCARD":
            if current is not None:
                yield start, current, False, dropped
            current, start, skipping, dropped = [line.strip()], line_no, False, False
            continue
        if current is None:
            continue  # text outside any card is ignored
        if upper == "END:VCARD":
            current.append("END:VCARD")
            yield start, current, True, dropped
            current = None
            continue
        if skipping:
            if not line.strip() or line[:1] in " \t" or not _PROP.match(line):
                continue  # base64 continuation (2.1 may omit the leading space)
            skipping = False
        if line[:1] not in " \t" and _BINARY_START.match(line):
            skipping = dropped = True
            continue
        if not line.strip():
            continue
        current.append(line)
    if current is not None:
        yield start, current, False, dropped


class _CardError(Exception):
    pass


def card_to_input(lines: list[str], warnings: list[str]) -> ContactInput:
    """Map one card's lines to a ContactInput (raises _CardError with a plain reason)."""
    return component_to_input(vobject.readOne(_tidy_text(lines, warnings)), warnings)


def component_to_input(card: vobject.base.Component, warnings: list[str]) -> ContactInput:
    """Map a card vobject has read to a ContactInput."""
    labels = _apple_labels(card)
    data = ContactInput()
    children = list(card.getChildren())
    names = [c for c in children if c.name == "N"]
    if names:
        n = names[0].value
        data.family_name = _join(getattr(n, "family", ""))
        data.given_name = _join(getattr(n, "given", ""))
        data.middle_name = _join(getattr(n, "additional", ""))
        data.prefix = _join(getattr(n, "prefix", ""))
        data.suffix = _join(getattr(n, "suffix", ""))
    notes: list[str] = []
    addresses = []
    full_name, is_company = "", False
    for child in children:
        name, value = child.name, child.value
        if name == "FN":
            full_name = full_name or clean_text(value)
        elif name in ("X-ABSHOWAS", "KIND") and clean_text(value).lower() in ("company", "org"):
            is_company = True
        elif name == "NICKNAME":
            data.nickname = data.nickname or _join(value)
        elif name == "ORG":
            data.company = data.company or _join(
                value[0] if isinstance(value, list) and value else value
            )
        elif name == "TITLE" and clean_text(value):
            data.details.append(DetailInput("other", text=f"Job title: {clean_text(value)}"))
        elif name == "TEL":
            number = clean_text(value).removeprefix("tel:")
            if sum(ch.isdigit() for ch in number) >= 3:
                data.phones.append(
                    PhoneInput(number, _label(child, labels, _PHONE_LABELS, "mobile"))
                )
            elif number:
                warnings.append(f"The phone “{number}” has too few digits and was left out.")
        elif name == "EMAIL":
            address = clean_text(value).removeprefix("mailto:")
            if _EMAIL.match(address) and len(address) <= 254:
                data.emails.append(
                    EmailInput(address, _label(child, labels, _EMAIL_LABELS, "home"))
                )
            elif address:
                warnings.append(f"“{address[:60]}” is not an email address and was left out.")
        elif name == "ADR":
            addresses.append(child)
        elif name == "BDAY":
            data.birthday = _date(child, warnings, "birthday")
        elif name in _ANNIVERSARY:
            data.anniversary = data.anniversary or _date(child, warnings, "anniversary")
        elif name == "NOTE" and clean_text(value):
            notes.append(clean_text(value))
        elif name == "CATEGORIES":
            items = value if isinstance(value, list) else str(value).split(",")
            data.tags += [t for t in (clean_text(i) for i in items) if t]
        elif name in ("X-ABRELATEDNAMES", "RELATED") and clean_text(value):
            relation = _label(child, labels, _RELATIONS, "")
            data.details.append(
                DetailInput("family", name=clean_text(value)[:120], relation=relation)
            )
        elif name == "X-RELBOOK-HOW-MET":
            data.how_met = clean_text(value)
        elif name == "X-RELBOOK-DETAIL":
            data.details.append(_relbook_detail(child, warnings))
        elif name == "X-RELBOOK-CONSENT":
            _consent(data, child, warnings)
    # no N: split FN, unless the card is a company's (Apple's X-ABShowAs, KIND:org, or FN
    # just repeats ORG), whose name is its company
    company_card = is_company or full_name == data.company
    if full_name and not (data.given_name or data.family_name) and not company_card:
        data.given_name, _, data.family_name = (
            full_name.rpartition(" ") if " " in full_name else (full_name, "", "")
        )
    if full_name and not company_card:  # the name as written, and the order it shows
        name_rules.infer_from_card(full_name, data)
    _set_address(data, addresses)
    data.notes = "\n\n".join(notes)
    if len(data.notes) > MAX_NOTE_CHARS:
        raise _CardError(
            f"The note is {len(data.notes):,} characters long (at most "
            f"{MAX_NOTE_CHARS:,}); shorten it and import again."
        )
    data.tags = list(dict.fromkeys(data.tags))
    own = any(c.name == "UID" and str(c.value).startswith("relbook-") for c in children)
    if not own:  # Google's own group, in every contact it exports: not the shop's tag
        data.tags = [t for t in data.tags if t != "myContacts"]
    return data


def _join(value: object) -> str:
    if isinstance(value, list | tuple):
        return clean_text(" ".join(str(v) for v in value if v))
    return clean_text(value)


def _apple_labels(card: vobject.base.Component) -> dict[str, str]:
    """Apple and Google put custom labels in ``itemN.X-ABLabel`` beside the value."""
    out: dict[str, str] = {}
    for child in card.getChildren():
        if child.name == "X-ABLABEL" and child.group:
            text = clean_text(child.value)
            match = _APPLE_LABEL.match(text)
            out[child.group.lower()] = (match.group(1) if match else text).lower()
    return out


def _types(child: vobject.base.ContentLine) -> list[str]:
    found = [str(t).lower() for t in child.params.get("TYPE", [])]
    found += [str(t).lower() for t in getattr(child, "singletonparams", [])]
    return [p for t in found for p in t.split(",")]


def _label(child, labels: dict[str, str], known: dict[str, str], default: str) -> str:
    if child.group and child.group.lower() in labels:
        label = labels[child.group.lower()]
        return known.get(label, label[:40])
    types = _types(child)
    for kind in types:
        if kind in known:
            return known[kind]
    custom = [t for t in types if t not in _GENERIC_TYPES]
    return clean_text(uncaret(custom[0]))[:40] if custom else default


def _set_address(data: ContactInput, addresses: list) -> None:
    """The preferred (or home, or first) address fills the card; others become details."""
    if not addresses:
        return
    ranked = sorted(addresses, key=lambda a: ("pref" not in _types(a), "home" not in _types(a)))
    first, rest = ranked[0], ranked[1:]
    adr = first.value
    data.street = _join(getattr(adr, "street", "")).replace("\n", ", ")
    data.extended = _join(getattr(adr, "extended", ""))
    data.city = _join(getattr(adr, "city", ""))
    data.region = _join(getattr(adr, "region", ""))
    data.postcode = _join(getattr(adr, "code", ""))
    data.country = _join(getattr(adr, "country", ""))
    for other in rest:
        text = " ".join(str(other.value).split())
        if text:
            kind = next((t for t in _types(other) if t in ("work", "home")), "other")
            data.details.append(DetailInput("other", text=f"{kind.capitalize()} address: {text}"))


_DATE = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})")


def parse_vcard_date(text: str, *, omit_year: str | None = None) -> PartialDate | None:
    """``1980-03-04``, ``19800304``, ``--0304``, ``--03-04``, ``1980-03-04T00:00:00Z``;
    a year before 1900 (Apple's 1604) means "no year"."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year = None if match.group(1) == "--" else int(match.group(1))
    if year is not None and (year < 1900 or str(year) == omit_year):
        year = None
    if year is not None and year > dt.date.today().year:
        year = None
    try:
        return PartialDate(int(match.group(2)), int(match.group(3)), year)
    except ValueError:
        return None


def _date(child, warnings: list[str], what: str) -> PartialDate | None:
    raw = clean_text(child.value)
    omit = (child.params.get("X-APPLE-OMIT-YEAR") or [None])[0]
    date = parse_vcard_date(raw, omit_year=omit)
    if date is None and raw:
        warnings.append(f"The {what} “{raw[:30]}” is not a date relbook understands; left out.")
    return date


def uncaret(text: str) -> str:
    """RFC 6868: ``^^`` is ^, ``^'`` is a double quote, ``^n`` a newline in a parameter."""
    if "^" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in ("^^", "^'", "^n", "^N"):
            out.append({"^^": "^", "^'": '"'}.get(pair, "\n"))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _relbook_detail(child, warnings: list[str]) -> DetailInput:
    def param(key: str) -> str:
        return clean_text(uncaret(str((child.params.get(key) or [""])[0])))

    bday = parse_vcard_date(param("BDAY")) if param("BDAY") else None
    kind = param("KIND").lower() or "other"
    return DetailInput(
        kind,
        text=clean_text(child.value),
        name=param("NAME"),
        relation=param("RELATION"),
        birthday=bday,
    )


def _consent(data: ContactInput, child, warnings: list[str]) -> None:
    channel = clean_text((child.params.get("CHANNEL") or [""])[0]).lower()
    try:
        day = dt.date.fromisoformat(clean_text(child.value))
    except ValueError:
        warnings.append(f"The consent date “{clean_text(child.value)[:20]}” was left out.")
        return
    if channel in ("mail", "email", "phone"):
        setattr(data, f"consent_{channel}", day)
