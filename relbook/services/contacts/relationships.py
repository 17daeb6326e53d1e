"""Who is connected to whom: typed links between contacts, households, and the network
around a person (for the connection map).

A link is stored once, read from both ends: the row (A, B, "parent") says A is B's parent,
so B's card shows A as "parent" and A's card shows B as "child". Partner, sibling, friend
and colleague read the same from both ends. "Referred by" comes from the vouchers work
(``contact.referred_by``) and is shown read-only beside the typed links.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from relbook.errors import NotFoundError, ValidationError
from relbook.services.care import timeline
from relbook.services.typed import clean_line
from relbook.store.db import database
from relbook.store.models import Contact
from relbook.store.models.care import Household, HouseholdMember, Relationship

#: kind stored -> how the other end reads it
INVERSE = {
    "parent": "child",
    "child": "parent",
    "employer": "employee",
    "employee": "employer",
    "partner": "partner",
    "sibling": "sibling",
    "friend": "friend",
    "colleague": "colleague",
}
KINDS = tuple(INVERSE)
#: stored direction for each kind: "child" and "employee" are stored as their inverse
_STORED = {"child": "parent", "employee": "employer"}
LABELS = {k: k.capitalize() for k in KINDS} | {"referred_by": "Referred by",
                                                "referred": "Referred"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Link:
    """One of a contact's connections, seen from that contact: ``other`` is my ``kind``."""

    other_id: int
    other_name: str
    kind: str  # child, parent, partner, …, referred_by, referred
    relationship_id: int | None  # None for referral links (they belong to vouchers)

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def _require(contact_id: int, field: str) -> None:
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise NotFoundError(f"{field}: there is no contact number {contact_id}.")


def link(contact_id: int, other_id: int, kind: str) -> int:
    """Record that ``other`` is ``contact``'s ``kind`` (Anna's *child* Mia: link(anna, mia,
    "child")). Returns the relationship id; linking twice returns the existing one."""
    if kind not in KINDS:
        raise ValidationError("kind", f"Relationship: “{kind}” is not one relbook knows.")
    if contact_id == other_id:
        raise ValidationError("other", "A person cannot be linked to themselves.")
    _require(contact_id, "Contact")
    _require(other_id, "Other person")
    # other is contact's <kind>  ==  other is <kind> of contact  -> row (other, contact, kind)
    a, b, stored = other_id, contact_id, kind
    if kind in _STORED:
        a, b, stored = contact_id, other_id, _STORED[kind]
    if INVERSE[stored] == stored and a > b:
        a, b = b, a  # symmetric links are stored in one canonical order
    with database.atomic():
        existing = Relationship.get_or_none(
            (Relationship.from_contact == a) & (Relationship.to_contact == b)
            & (Relationship.kind == stored)
        )  # fmt: skip
        if existing:
            return int(existing.id)
        return int(Relationship.create(from_contact=a, to_contact=b, kind=stored).id)


def unlink(relationship_id: int) -> None:
    if not Relationship.delete().where(Relationship.id == relationship_id).execute():
        raise NotFoundError(f"There is no relationship number {relationship_id}.")


def links_of(contact_id: int, *, with_referrals: bool = True) -> list[Link]:
    """A contact's connections in both directions, by kind then name."""
    return links_for([contact_id], with_referrals=with_referrals).get(contact_id, [])


def links_for(contact_ids: Sequence[int], *, with_referrals: bool = True) -> dict[int, list[Link]]:
    """Connections of several contacts at once (one query per direction)."""
    ids = list(contact_ids)
    raw: dict[int, list[tuple[int, str, int | None]]] = {cid: [] for cid in ids}
    for rid, a, b, kind in (
        Relationship.select(Relationship.id, Relationship.from_contact,
                            Relationship.to_contact, Relationship.kind)
        .where(Relationship.from_contact.in_(ids) | Relationship.to_contact.in_(ids))
        .tuples()
    ):  # fmt: skip
        if a in raw:  # a is <kind> of b: seen from a, b is a's inverse(kind)
            raw[a].append((b, INVERSE.get(kind, kind), rid))
        if b in raw:
            raw[b].append((a, kind, rid))
    if with_referrals:
        for cid, ref in (
            Contact.select(Contact.id, Contact.referred_by)
            .where(Contact.id.in_(ids) & Contact.referred_by.is_null(False))
            .tuples()
        ):
            raw[cid].append((ref, "referred_by", None))
        for cid, ref in (
            Contact.select(Contact.id, Contact.referred_by)
            .where(Contact.referred_by.in_(ids) & Contact.archived_at.is_null())
            .tuples()
        ):
            raw[ref].append((cid, "referred", None))
    others = {o for links in raw.values() for o, _, _ in links}
    names = _names(others)
    result: dict[int, list[Link]] = {}
    for cid, links in raw.items():
        items = [Link(o, names.get(o, "?"), k, r) for o, k, r in links if o in names]
        result[cid] = sorted(items, key=lambda x: (KINDS.index(x.kind) if x.kind in KINDS
                                                   else 99, x.other_name.lower()))  # fmt: skip
    return result


# -- network (connection map) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Network:
    """A contact's network up to ``depth`` steps: nodes (id -> name, step) and edges."""

    centre: int
    nodes: dict[int, tuple[str, int]]
    edges: list[tuple[int, int, str]]  # (a, b, label as seen from a: b is a's <label>)


def network(contact_id: int, *, depth: int = 2, max_nodes: int = 400) -> Network:
    """Breadth-first walk over links and referrals, ``depth`` steps out from a contact."""
    _require(contact_id, "Contact")
    step = {contact_id: 0}
    edges: dict[frozenset[int], tuple[int, int, str]] = {}
    frontier: deque[int] = deque([contact_id])
    for level in range(depth):
        current = list(frontier)
        frontier.clear()
        found = links_for(current)
        for cid in current:
            for lk in found.get(cid, []):
                key = frozenset((cid, lk.other_id))
                if key not in edges:
                    edges[key] = (cid, lk.other_id, lk.label)
                if lk.other_id not in step and len(step) < max_nodes:
                    step[lk.other_id] = level + 1
                    frontier.append(lk.other_id)
    names = _names(step)
    kept = [e for e in edges.values() if e[0] in step and e[1] in step]
    return Network(contact_id, {cid: (names.get(cid, "?"), s) for cid, s in step.items()}, kept)


def _names(ids: object) -> dict[int, str]:
    wanted = list(ids)  # type: ignore[call-overload]
    if not wanted:
        return {}
    query = Contact.select(Contact.id, Contact.display_name).where(Contact.id.in_(wanted))
    return dict(query.tuples())


# -- households ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HouseholdInfo:
    id: int
    name: str
    members: tuple[tuple[int, str], ...]  # (contact id, name)


def create_household(name: str, member_ids: Sequence[int] = ()) -> int:
    name = " ".join(clean_line(name).split())
    if not name:
        raise ValidationError("name", "Please give the household a name (e.g. “The Meyers”).")
    if len(name) > 120:
        raise ValidationError("name", "Household name is too long (at most 120 characters).")
    with database.atomic():
        household = Household.create(name=name)
        for cid in member_ids:
            add_member(int(household.id), cid)
    return int(household.id)


def add_member(household_id: int, contact_id: int) -> None:
    """Put a contact into a household (a person lives in one household at a time)."""
    if not Household.select().where(Household.id == household_id).exists():
        raise NotFoundError(f"There is no household number {household_id}.")
    _require(contact_id, "Member")
    with database.atomic():
        HouseholdMember.delete().where(HouseholdMember.contact == contact_id).execute()
        HouseholdMember.create(household=household_id, contact=contact_id)


def remove_member(contact_id: int) -> None:
    HouseholdMember.delete().where(HouseholdMember.contact == contact_id).execute()


def household_of(contact_id: int) -> HouseholdInfo | None:
    row = HouseholdMember.get_or_none(HouseholdMember.contact == contact_id)
    return get_household(row.household_id) if row else None


def get_household(household_id: int) -> HouseholdInfo:
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError(f"There is no household number {household_id}.")
    members = (
        Contact.select(Contact.id, Contact.display_name)
        .join(HouseholdMember, on=(HouseholdMember.contact == Contact.id))
        .where(HouseholdMember.household == household_id)
        .order_by(Contact.sort_name)
        .tuples()
    )
    return HouseholdInfo(household.id, household.name, tuple(members))


def household_visits(household_id: int, *, limit: int = 200) -> list[timeline.TimelineItem]:
    """The members' visits and sales together, newest first."""
    info = get_household(household_id)
    ids = [cid for cid, _ in info.members]
    return timeline.list_for_contacts(ids, kinds=("visit", "sale"), limit=limit)
