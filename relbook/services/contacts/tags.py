"""Coloured tags: the shop's own labels for customers ("regular", "tulips", "wholesale").

Which tags a contact carries is saved with the contact (``contacts.update_contact``);
this module lists tags with their use counts and edits their colours and names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import peewee

from relbook.errors import NotFoundError, ValidationError
from relbook.services.typed import clean_line
from relbook.store.db import database
from relbook.store.models import ContactTag, Tag

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: calm, readable colours offered in the tag editor
PALETTE = ("#7a8b99", "#5b8c5a", "#c17c3a", "#b5525c", "#6a6fb3", "#3f8f9c", "#a07bb7",
           "#8c7b4f")  # fmt: skip


@dataclass(frozen=True, slots=True)
class TagInfo:
    id: int
    name: str
    colour: str
    contacts: int


def list_tags() -> list[TagInfo]:
    query = (
        Tag.select(Tag.id, Tag.name, Tag.colour, peewee.fn.COUNT(ContactTag.id))
        .join(ContactTag, peewee.JOIN.LEFT_OUTER)
        .group_by(Tag.id)
        .order_by(peewee.fn.LOWER(Tag.name))
        .tuples()
    )
    return [TagInfo(i, n, c, k) for i, n, c, k in query]


def set_colour(tag_id: int, colour: str) -> None:
    colour = colour.strip()
    if not _COLOUR.match(colour):
        raise ValidationError("colour", f"Colour: “{colour}” is not a colour like #5b8c5a.")
    if not Tag.update(colour=colour.lower()).where(Tag.id == tag_id).execute():
        raise NotFoundError(f"There is no tag number {tag_id}.")


def rename(tag_id: int, name: str) -> None:
    name = " ".join(clean_line(name).split())
    if not name:
        raise ValidationError("name", "Please give the tag a name.")
    if len(name) > 60:
        raise ValidationError("name", "Tag name is too long (at most 60 characters).")
    clash = Tag.get_or_none(peewee.fn.LOWER(Tag.name) == name.lower())
    if clash and clash.id != tag_id:
        raise ValidationError("name", f"There is already a tag called “{clash.name}”.")
    with database.atomic():
        if not Tag.update(name=name).where(Tag.id == tag_id).execute():
            raise NotFoundError(f"There is no tag number {tag_id}.")
        from relbook.services.contacts import reindex

        reindex([c for (c,) in ContactTag.select(ContactTag.contact)
                 .where(ContactTag.tag == tag_id).tuples()])  # fmt: skip


def colours_for(names: list[str]) -> dict[str, str]:
    """Colour of each named tag (for chips in lists)."""
    if not names:
        return {}
    return dict(Tag.select(Tag.name, Tag.colour).where(Tag.name.in_(names)).tuples())
