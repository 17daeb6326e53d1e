"""Note templates: a warm default per occasion, shipped in resources/templates and
copied into the database on first use, where the owner can edit them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from relbook.errors import NotFoundError, ValidationError
from relbook.printing.templates import OCCASIONS, default_templates
from relbook.services.typed import clean_block, clean_line
from relbook.store.db import database
from relbook.store.models import utcnow
from relbook.store.models.notes import NoteTemplate

__all__ = ["OCCASIONS", "Template", "ensure_defaults", "get_template", "list_templates"]


@dataclass(frozen=True, slots=True)
class Template:
    id: int
    name: str
    occasion: str
    text: str
    builtin: bool


# Default texts of earlier releases (sha256, first 16 hex digits). A built-in template
# still holding one of them was never edited, so it gets the new default; an edited one
# is left exactly as the owner wrote it.
_SUPERSEDED: dict[str, frozenset[str]] = {
    "purchase": frozenset({"763747ea8af99ab7"}),
    "referral": frozenset({"e837efee89508f81"}),
    "birthday": frozenset({"5bc72814722c6f23"}),
    "welcome": frozenset({"e34c132c297b6f00"}),
    "milestone": frozenset({"2e5b26700eb89161"}),
    "sympathy": frozenset({"f2eef05e3ec169c8"}),
    "custom": frozenset({"69d0ab3a554d998d"}),
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ensure_defaults() -> None:
    """Add any shipped default the database does not have yet, and bring unedited
    built-in templates up to the current wording (never overwrites an edit)."""
    with database.atomic():
        defaults = default_templates()
        for row in NoteTemplate.select().where(NoteTemplate.builtin):
            old = _SUPERSEDED.get(row.occasion, frozenset())
            if _digest(row.text) in old or _digest(row.text.strip() + "\n") in old:
                NoteTemplate.update(text=defaults[row.occasion], updated_at=utcnow()).where(
                    NoteTemplate.id == row.id
                ).execute()
        existing = {
            t.occasion
            for t in NoteTemplate.select(NoteTemplate.occasion).where(NoteTemplate.builtin)
        }
        for occasion, text in defaults.items():
            if (
                occasion not in existing
                and not NoteTemplate.select()
                .where(NoteTemplate.name == OCCASIONS[occasion])
                .exists()
            ):
                NoteTemplate.create(
                    name=OCCASIONS[occasion],
                    occasion=occasion,
                    text=text,
                    builtin=True,
                    updated_at=utcnow(),
                )


def list_templates() -> list[Template]:
    ensure_defaults()
    order = list(OCCASIONS)
    rows = [_row(t) for t in NoteTemplate.select()]
    return sorted(
        rows,
        key=lambda t: (order.index(t.occasion) if t.occasion in order else 99, t.name.casefold()),
    )


def get_template(name: str) -> Template:
    """By name, ignoring case, or by occasion key ("birthday")."""
    templates = list_templates()
    wanted = name.strip().casefold()
    for template in templates:
        if template.name.casefold() == wanted:
            return template
    for template in templates:
        if template.occasion == wanted:
            return template
    names = ", ".join(f"“{t.name}”" for t in templates)
    raise NotFoundError(f"There is no note template called “{name}”. Templates: {names}.")


def save_template(name: str, occasion: str, text: str, *, template_id: int | None = None) -> int:
    name, text = clean_line(name), clean_block(text)
    if not name:
        raise ValidationError("name", "Give the template a name.")
    if occasion not in OCCASIONS:
        raise ValidationError("occasion", f"Unknown occasion “{occasion}”.")
    if not text.strip():
        raise ValidationError("text", "The template text is empty.")
    with database.atomic():
        clash = NoteTemplate.get_or_none(NoteTemplate.name == name)
        if clash is not None and clash.id != template_id:
            raise ValidationError("name", f"There is already a template called “{name}”.")
        if template_id is None:
            return NoteTemplate.create(
                name=name, occasion=occasion, text=text.strip(), updated_at=utcnow()
            ).id
        NoteTemplate.update(
            name=name, occasion=occasion, text=text.strip(), updated_at=utcnow()
        ).where(NoteTemplate.id == template_id).execute()
        return template_id


def delete_template(template_id: int) -> None:
    NoteTemplate.delete().where(NoteTemplate.id == template_id).execute()


def known_fields() -> list[str]:
    from relbook.printing.templates import FIELD_LABELS

    return list(FIELD_LABELS)


def _row(t: NoteTemplate) -> Template:
    return Template(t.id, t.name, t.occasion, t.text, bool(t.builtin))
