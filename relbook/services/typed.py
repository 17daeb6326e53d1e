"""What people type, made safe before it is used or stored.

Whole numbers (contact ids, points, counts) are read from the digits 0–9 only — Python's
``int()`` would also take fullwidth "１" or Arabic-Indic digits and turn a typo into
someone else's contact — and their length is checked before any conversion, so a
pasted 5,000-digit number is refused at once instead of reaching the database (which
holds at most 2^63 − 1).

Stored text loses control characters (a NUL from a broken file or a copy-paste would
otherwise sit in a name forever, cut it short in other programs and break exports) and
lone surrogates (which cannot be written as UTF-8 at all). One-line fields also turn
tabs and line breaks into spaces.

Amounts of money have their own strict reader: ``relbook.services.money.parse_amount``.
"""

from __future__ import annotations

import re

from relbook.errors import ValidationError

#: the largest id a database row can have (SQLite and PostgreSQL BIGINT)
MAX_ID = 2**63 - 1
_ID_DIGITS = len(str(MAX_ID))
#: C0 controls except tab/newline/CR, DEL, C1 controls, lone surrogates
_CONTROL_BLOCK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\u2028\u2029]+")
#: "12,500" or "12 500": thousands grouped every three digits, one kind of mark
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<mark>[, \u00a0])[0-9]{3})(?:(?P=mark)[0-9]{3})*")


def clean_line(value: object) -> str:
    """One-line text (a name, a reason, a label): control characters out, breaks and tabs
    become one space, ends stripped."""
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text)
    if _CONTROL_LINE.search(text):
        text = _CONTROL_LINE.sub("", text)
    return text.strip()


def clean_block(value: object) -> str:
    """Text of several lines (notes): control characters out, line breaks and tabs kept,
    Windows line ends made plain, ends stripped."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_BLOCK.search(text):
        text = _CONTROL_BLOCK.sub("", text)
    return text.strip()


def has_control(text: str) -> bool:
    """Whether ``text`` holds anything ``clean_block`` would remove (for checks and tests)."""
    return bool(_CONTROL_BLOCK.search(text))


def whole_number(text: object, *, field: str, label: str, low: int = 0, high: int = MAX_ID) -> int:
    """A whole number from ``low`` to ``high`` typed with the digits 0–9 (thousands may be
    grouped: "12,500"), or a ValidationError naming the field."""
    raw = "" if text is None else str(text).strip()
    span = f"from {low:,} to {high:,}"
    if not raw:
        raise ValidationError(field, f"{label}: type a whole number {span}.")
    if len(raw) > _ID_DIGITS + 8:  # before anything else: no work on a pasted novel
        raise ValidationError(field, f"{label}: that is far too long for a number.")
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in raw):
        raise ValidationError(field, f"{label}: type the number with the digits 0 to 9.")
    shown = clean_line(raw)
    if _GROUPED.fullmatch(raw):
        compact = raw.replace(",", "").replace(" ", "").replace("\u00a0", "")
    elif all("0" <= ch <= "9" for ch in raw):
        compact = raw
    else:
        raise ValidationError(field, f"{label}: “{shown}” is not a whole number {span}.")
    significant = compact.lstrip("0") or "0"
    if len(significant) > len(str(high)) or not low <= int(significant) <= high:
        raise ValidationError(field, f"{label}: a number {span}.")
    return int(significant)


def record_id(text: object, *, field: str = "id", label: str = "Number") -> int:
    """A row id (contact, sale, voucher number): 1 to 2^63 − 1, digits 0–9 only."""
    try:
        return whole_number(text, field=field, label=label, low=1, high=MAX_ID)
    except ValidationError as exc:
        if "digits 0 to 9" in exc.message or "far too long" in exc.message:
            raise
        shown = clean_line(text)[:30]
        if shown.isascii() and shown.isdigit() and int(shown) > 0:
            raise ValidationError(field, f"{label}: there is none as large as {shown}.") from None
        raise ValidationError(field, f"{label}: “{shown}” is not a number like 42.") from None
