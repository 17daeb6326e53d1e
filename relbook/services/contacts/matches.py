"""Who is who at the counter: each search hit with what tells people apart, and why it
matched when that was not the name.

Two "Lauren Peterson"s differ by their phone, email, card, last visit and points; "sara"
finding Eleanor Larsen says "partner: Sara". A search costs a fixed handful of queries
whatever the number of hits: the search itself, one for the hits' cards and loyalty
accounts, and — only for hits the name does not explain — one for their personal details
and one for their tags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from relbook.services.codes import format_card_code
from relbook.services.contacts.search import find
from relbook.services.display import Display, local, shop_display
from relbook.store.models import Contact, ContactTag, LoyaltyAccount, PersonalDetail, Tag
from relbook.store.search_index import Hit, looks_like_phone, phone_needles
from relbook.store.textfold import digits, words


@dataclass(frozen=True, slots=True)
class Match:
    contact_id: int
    display_name: str
    #: what tells this person apart: first phone, email, card, last visit, points
    facts: tuple[str, ...]
    #: why they matched when it was not their name ("partner: Sara", "phone ends 4417")
    why: str = ""


@dataclass(frozen=True, slots=True)
class _Card:
    names: tuple[str, ...]  # the name words, folded
    card_code: str
    balance: int | None
    last_visit: dt.datetime | None


def find_matches(
    text: str, *, limit: int = 8, today: dt.date | None = None, show: Display | None = None
) -> list[Match]:
    """``find(text)`` with, for each hit, what tells people apart and why it matched."""
    hits = find(text, limit=limit)
    if not hits:
        return []
    show = show or shop_display()
    today = today or dt.date.today()
    cards = _cards([h.contact_id for h in hits])
    tokens = words(text)
    needles = phone_needles(text) if looks_like_phone(text) else []
    reasons = {
        h.contact_id: _plain_reason(h, cards.get(h.contact_id), tokens, needles) for h in hits
    }
    unexplained = [cid for cid, why in reasons.items() if why is None]
    if unexplained:
        reasons.update(_detail_reasons(unexplained, tokens))
    return [
        Match(
            h.contact_id,
            h.display_name,
            _facts(h, cards.get(h.contact_id), show, today),
            reasons.get(h.contact_id) or "",
        )
        for h in hits
    ]


def _cards(ids: list[int]) -> dict[int, _Card]:
    """Name words, card code and loyalty account of each contact, in one query."""
    c, account = Contact, LoyaltyAccount
    columns = (c.id, c.given_name, c.middle_name, c.family_name, c.nickname, c.company,
               c.display_name, c.card_code, account.balance, account.last_visit_at)  # fmt: skip
    rows = (
        c.select(*columns)
        .join(account, peewee.JOIN.LEFT_OUTER, on=(account.contact == c.id))
        .where(c.id.in_(ids))
        .order_by(c.id, account.id)
        .tuples()
    )
    out: dict[int, _Card] = {}
    for cid, *parts, code, balance, last in rows:
        if cid not in out:
            names = tuple(w for p in parts for w in words(p or ""))
            out[cid] = _Card(names, code or "", balance, last)
    return out


def _plain_reason(
    hit: Hit, card: _Card | None, tokens: list[str], needles: list[str]
) -> str | None:
    """ "" when the name explains the hit, a reason when a phone, email or card does,
    None when it must be something in their details or tags."""
    if needles:
        for shown in hit.phones:
            number = digits(shown).lstrip("0")
            if any(number.endswith(n) or n in number for n in needles):
                return f"phone ends {digits(shown)[-4:]}"
        if card and any(n in card.card_code for n in needles):
            return f"card {format_card_code(card.card_code)}"
        return None
    names = card.names if card else tuple(words(hit.display_name))
    rest = [t for t in tokens if not any(w.startswith(t) for w in names)]
    if not rest:
        return ""
    for email in hit.emails:
        if all(any(w.startswith(t) for w in words(email)) for t in rest):
            return f"email {email}"
    if card and card.card_code:
        code = "".join(words(card.card_code))
        if code.startswith("".join(tokens)):
            return f"card {format_card_code(card.card_code)}"
    return None


def _detail_reasons(ids: list[int], tokens: list[str]) -> dict[int, str]:
    """Why the rest matched: a family member, an interest or other detail, or a tag."""
    out: dict[int, str] = {}

    def hit(text: str) -> bool:
        found = words(text)
        return any(any(w.startswith(t) for w in found) for t in tokens)

    d = PersonalDetail
    details = (
        d.select(d.contact, d.kind, d.text, d.name, d.relation)
        .where(d.contact.in_(ids))
        .order_by(d.contact, d.position)
        .tuples()
    )
    for cid, kind, text, name, relation in details:
        if cid in out:
            continue
        if kind == "family" and (hit(name) or hit(relation)):
            out[cid] = f"{relation.strip() or 'family'}: {name.strip()}"
        elif hit(text):
            out[cid] = f"{kind}: {_short(text)}"
    left = [cid for cid in ids if cid not in out]
    if left:
        tags = (
            ContactTag.select(ContactTag.contact, Tag.name)
            .join(Tag)
            .where(ContactTag.contact.in_(left))
            .tuples()
        )
        for cid, tag in tags:
            if cid not in out and hit(tag):
                out[cid] = f"tag {tag}"
    return out


def _facts(hit: Hit, card: _Card | None, show: Display, today: dt.date) -> tuple[str, ...]:
    facts = []
    if hit.phones:
        facts.append(hit.phones[0])
    if hit.emails:
        facts.append(hit.emails[0])
    if card is not None:
        if card.card_code:
            facts.append(f"card {format_card_code(card.card_code)}")
        if card.last_visit is not None:
            visited = local(_as_datetime(card.last_visit)).date()
            facts.append(f"last visit {show.relative(visited, today=today)}")
        else:
            facts.append("no visit yet")
        if card.balance:
            facts.append(f"{card.balance:,} pts")
    return tuple(facts)


def _as_datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
