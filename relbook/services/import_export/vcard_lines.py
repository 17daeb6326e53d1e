"""Tidying one card's lines before vobject reads them.

Real exporters bend the vCard rules in ways vobject takes badly:

- Outlook and old phones write vCard 2.1 quoted-printable values with a CHARSET and
  soft line breaks (``=`` at the end of a line); vobject decodes those as UTF-8 only and
  fails on ``Br=F6tchen`` in Windows-1252.
- Many programs leave commas in text unescaped (``NOTE:Likes tea, no sugar``); vobject
  reads an unescaped comma as the end of the value and the rest is silently lost.

So here the card is unfolded, quoted-printable values are decoded with their charset,
and commas in values are escaped, so that vobject hands back every character.
"""

from __future__ import annotations

import quopri
import re

#: properties whose commas really separate several values
_LISTS = frozenset({"CATEGORIES"})
#: structured properties: a semicolon separates components and must stay as it is
_STRUCTURED = frozenset({"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"})


def unfold(lines: list[str]) -> list[str]:
    """Join RFC folding (a line starting with a space or tab continues the one before)
    and quoted-printable soft breaks (a QP line ending in ``=``)."""
    out: list[str] = []
    for line in lines:
        if out and line[:1] in (" ", "\t"):
            out[-1] += line[1:]
        elif out and out[-1].endswith("=") and _is_qp(out[-1]):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def split_line(line: str) -> tuple[str, list[str], str] | None:
    """``(name with group, parameters, value)``; None for a line with no colon.

    The colon inside a quoted parameter value (``TYPE="a:b"``) does not count."""
    colon = line.find(":")
    if colon < 0:
        return None
    head = line[:colon]
    if '"' not in head:  # the usual line: no quoted parameter, split at once
        parts = head.split(";")
        return parts[0], parts[1:], line[colon + 1 :]
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            parts = _split_params(line[:index])
            return parts[0], parts[1:], line[index + 1 :]
    return None


def _split_params(head: str) -> list[str]:
    parts, current, quoted = [], [], False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _is_qp(line: str) -> bool:
    parsed = split_line(line)
    return parsed is not None and any(_qp_param(p) for p in parsed[1])


def _qp_param(param: str) -> bool:
    upper = param.strip().upper()
    return upper in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")


def _charset(params: list[str]) -> str:
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().upper() == "CHARSET":
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


def decode_qp(value: str, charset: str) -> str:
    """A quoted-printable value as text, in its charset (UTF-8, else Windows-1252)."""
    try:
        encoded = value.encode(charset)
    except (LookupError, UnicodeEncodeError):
        encoded = value.encode("utf-8")
    raw = quopri.decodestring(encoded)
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


_ESCAPE_OR_COMMA = re.compile(r"\\.|,", re.DOTALL)


def escape_commas(value: str) -> str:
    """Escape every comma not already escaped with a backslash."""
    if "," not in value:
        return value
    return _ESCAPE_OR_COMMA.sub(lambda m: "\\," if m.group() == "," else m.group(), value)


def _escape_text(text: str, structured: bool) -> str:
    """Decoded QP text written back the vCard 3.0 way (backslash escapes)."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\n", "\\n").replace(",", "\\,")
    return text if structured else text.replace(";", "\\;")


def prepare(lines: list[str]) -> tuple[list[str], int]:
    """The card's lines unfolded, QP decoded, commas in values escaped; and how many
    lines were dropped because they are no vCard line at all (no colon)."""
    out: list[str] = []
    dropped = 0
    for line in unfold(lines):
        parsed = split_line(line)
        if parsed is None or not parsed[0].strip():
            dropped += 1
            continue
        name, params, value = parsed
        prop = name.rpartition(".")[2].upper()
        if prop in ("BEGIN", "END", "VERSION"):
            out.append(line)
            continue
        structured = prop in _STRUCTURED
        if any(_qp_param(p) for p in params):
            value = _escape_text(decode_qp(value, _charset(params)), structured)
            params = [p for p in params if not _qp_param(p)]
        elif prop not in _LISTS:
            value = escape_commas(value)
        if params:
            params = [p for p in params if p.partition("=")[0].strip().upper() != "CHARSET"]
        out.append(";".join([name, *params]) + ":" + value)
    return out, dropped
