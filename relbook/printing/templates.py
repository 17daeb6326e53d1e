"""Merge fields in note texts: ``{first_name}``, with fallbacks ``{nickname|first_name|friend}``.

A pure function: the caller gathers the contact's values into a plain mapping and gets
back the text plus every field that could not be filled, so it can refuse to print. A
literal ``{first_name}`` on a card would undo the whole gesture, so ``notecards`` also
refuses any text that still holds a merge field.

Rules for ``{a|b|c}``: the alternatives are tried in order and the first non-blank value
wins. The last alternative, when it is not a field name, is a literal default word
("friend"). ``{{`` and ``}}`` print a literal brace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from relbook.printing.fonts import resources_dir

# Field names the app fills, with labels for the editor's picker (in picker order).
FIELD_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "nickname": "Nickname",
    "shop_name": "Shop name",
    "owner_name": "Owner's name",
    "last_purchase": "Last purchase",
    "points": "Loyalty points",
    "referee_name": "Person they referred",
    "partner_name": "Partner's name",
    "children_names": "Children's names",
    "pet_name": "Pet's name",
    "interests": "Interests",
    "birthday": "Birthday",
    "visit_count": "Number of visits",
}

# Occasions with a default text in resources/templates/<key>.txt.
# (Same keys as relbook.services.notes.templates, which stores editable copies.)
OCCASIONS: dict[str, str] = {
    "purchase": "Thank you for your purchase",
    "referral": "Thank you for the referral",
    "birthday": "Birthday",
    "welcome": "Welcome",
    "milestone": "Loyalty milestone",
    "sympathy": "Get well / sympathy",
    "custom": "Custom",
}

# A brace group that starts like a field name: what must never reach the printer.
FIELD_PATTERN = re.compile(r"(?<!\{)\{\s*[A-Za-z_]\w*\s*(?:\|[^{}]*)?\}(?!\})")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class RenderResult:
    """The merged text; ``missing`` lists placeholders (as written, without braces) that
    got no value, ``unknown`` field names nobody fills (likely typos)."""

    text: str
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the text can be printed as is."""
        return not self.missing


def _is_field(name: str, fields: Mapping[str, str | None]) -> bool:
    return name in FIELD_LABELS or name in fields


def render_template(text: str, fields: Mapping[str, str | None]) -> RenderResult:
    """Fill merge fields from ``fields``; blank or None values count as missing."""
    missing: list[str] = []
    unknown: list[str] = []

    def fill(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok == "{{":
            return "{"
        if tok == "}}":
            return "}"
        inner = m.group(1)
        alts = [a.strip() for a in inner.split("|")]
        for i, alt in enumerate(alts):
            last = i == len(alts) - 1
            if _NAME.fullmatch(alt) and _is_field(alt, fields):
                value = fields.get(alt)
                if value is not None and str(value).strip():
                    return str(value).strip()
                continue
            if last and len(alts) > 1 and alt:
                return alt  # the literal default word
            if _NAME.fullmatch(alt):
                if alt not in unknown:
                    unknown.append(alt)
                continue
        key = inner.strip()
        if key not in missing:
            missing.append(key)
        return tok

    merged = _TOKEN.sub(fill, text)
    return RenderResult(merged, missing, unknown)


def describe_missing(result: RenderResult) -> str:
    """One plain sentence for the owner, naming the fields to fill ('' if none)."""
    if result.ok:
        return ""
    names = []
    for ph in result.missing:
        parts = [p.strip() for p in ph.split("|")]
        labels = [FIELD_LABELS.get(p, p) for p in parts]
        names.append(" or ".join(labels))
    return "Cannot print yet: fill in " + "; ".join(names) + " (or edit the text)."


def template_dir() -> str:
    return str(resources_dir() / "templates")


def default_template(occasion: str) -> str:
    """The shipped default text for an occasion (see ``OCCASIONS``)."""
    if occasion not in OCCASIONS:
        raise ValueError(f"Unknown occasion {occasion!r}. Choose one of: {', '.join(OCCASIONS)}.")
    path = resources_dir() / "templates" / f"{occasion}.txt"
    return path.read_text(encoding="utf-8").strip() + "\n"


def default_templates() -> dict[str, str]:
    """Every occasion's default text, keyed like ``OCCASIONS``."""
    return {key: default_template(key) for key in OCCASIONS}
