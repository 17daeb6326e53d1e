"""Naming one customer in another's history — by id, rendered when it is shown.

A referrer's points row says "Referred Erin Erasable", their voucher "Thank you for
referring Anaïs Chevalier". Stored like that, the referee's name sits in somebody
else's append-only history, where erasing Erin can never reach it. So relbook stores a
mention instead — ``[[contact:42]]`` — and puts the name in when the text is shown:
"Referred Erin Erasable" today, "Referred a former customer" once Erin is erased (or
the row points at a contact that no longer exists).

``mention(42)`` makes one; ``render(text)`` and ``render_all(texts)`` (one query however
many texts) show them. Text a person typed is never read as a mention unless it has the
exact form, and then it shows a name the person could see anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from relbook.store.models import Contact

FORMER_CUSTOMER = "a former customer"
#: ``sort_name`` of an erased contact (``relbook.services.privacy.erase``)
ERASED_SORT_PREFIX = "~erased "
_MENTION = re.compile(r"\[\[contact:([0-9]{1,19})\]\]")


def mention(contact_id: int) -> str:
    """How a contact is named inside stored text."""
    return f"[[contact:{int(contact_id)}]]"


def mentioned_ids(text: str) -> set[int]:
    return {int(m) for m in _MENTION.findall(text or "")}


def names_for(ids: Iterable[int]) -> dict[int, str]:
    """Display names to show for ``ids``: erased and missing contacts are a former customer."""
    wanted = sorted({int(i) for i in ids})
    names: dict[int, str] = dict.fromkeys(wanted, FORMER_CUSTOMER)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for cid, name, sort_name in (
            Contact.select(Contact.id, Contact.display_name, Contact.sort_name)
            .where(Contact.id.in_(chunk))
            .tuples()
        ):
            if not str(sort_name).startswith(ERASED_SORT_PREFIX):
                names[cid] = name
    return names


def render(text: str, names: Mapping[int, str] | None = None) -> str:
    """``text`` with each mention replaced by the name to show now."""
    if not text or "[[contact:" not in text:
        return text
    lookup = names if names is not None else names_for(mentioned_ids(text))
    return _MENTION.sub(lambda m: lookup.get(int(m.group(1)), FORMER_CUSTOMER), text)


def render_all(texts: Iterable[str]) -> list[str]:
    """Many texts rendered with one look-up of every contact they mention."""
    items = list(texts)
    ids: set[int] = set()
    for text in items:
        ids |= mentioned_ids(text)
    if not ids:
        return items
    names = names_for(ids)
    return [render(text, names) for text in items]
