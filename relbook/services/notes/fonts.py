"""The fonts notes can be written in: the bundled handwriting fonts and the owner's own.

An added font is checked (TrueType only, with ordinary letters) and kept in the shop's
database, so a font made from the owner's handwriting is in every backup and on every
till. Fonts are registered with the printing layer before anything is printed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from relbook.errors import NotFoundError, ValidationError
from relbook.printing import fonts
from relbook.store.db import database
from relbook.store.models import utcnow
from relbook.store.models.notes import NoteFont

MAX_BYTES = 20 * 1024 * 1024  # a handwriting font is a few hundred KB


@dataclass(frozen=True, slots=True)
class FontChoice:
    """One entry of a font picker: ``name`` goes into settings and NoteSpec."""

    name: str
    label: str
    user_font_id: int | None = None  # set for fonts the owner added


def available() -> list[FontChoice]:
    """Bundled handwriting fonts first, then the owner's, each registered and ready."""
    out = [FontChoice(f.name, f.label) for f in fonts.bundled_fonts()]
    for row in NoteFont.select().order_by(NoteFont.added_at, NoteFont.id):
        info = _register(row)
        if info is not None:
            out.append(FontChoice(info.name, f"{row.label} (yours)", row.id))
    return out


def ensure_registered() -> None:
    """Make every stored font known to the printing layer (call before printing)."""
    for row in NoteFont.select():
        _register(row)


def _register(row: NoteFont) -> fonts.FontInfo | None:
    try:
        return fonts.load_user_font_data(bytes(row.data), row.filename)
    except fonts.FontError:
        return None  # checked when added; a damaged row is simply not offered


def add_font(path: str | Path) -> FontChoice:
    """Check and store a TrueType font file; ValidationError in plain words if unusable."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        raise ValidationError("font", f"The font file {p.name} was not found.") from None
    if size > MAX_BYTES:
        raise ValidationError("font", f"{p.name} is too big to be a font ({size // 1_000_000} MB).")
    try:
        info = fonts.load_user_font(p)
    except fonts.FontError as exc:
        raise ValidationError("font", str(exc)) from None
    assert info.data is not None
    digest = hashlib.sha256(info.data).hexdigest()
    with database.atomic():
        existing = NoteFont.get_or_none(NoteFont.sha256 == digest)
        if existing is not None:
            return FontChoice(info.name, f"{existing.label} (yours)", existing.id)
        row = NoteFont.create(
            label=info.label[:120],
            filename=p.name[:255],
            data=info.data,
            sha256=digest,
            added_at=utcnow(),
        )
    return FontChoice(info.name, f"{row.label} (yours)", row.id)


def remove_font(font_id: int) -> None:
    """Forget an added font; notes already printed are not affected."""
    deleted = NoteFont.delete().where(NoteFont.id == font_id).execute()
    if not deleted:
        raise NotFoundError("That font has already been removed.")


def usable(name: str, fallback: str = fonts.DEFAULT_FONT) -> str:
    """``name`` if it can be printed with now, else ``fallback`` (a removed user font)."""
    ensure_registered()
    try:
        fonts.get_font(name)
    except fonts.FontError:
        return fallback
    return name
