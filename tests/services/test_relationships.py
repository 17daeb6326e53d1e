"""Typed links read from both ends, households and the two-step network."""

from __future__ import annotations

import datetime as dt

import pytest

from relbook.errors import ValidationError
from relbook.services.care import timeline
from relbook.services.contacts import relationships as rel
from relbook.store.models import Contact
from relbook.store.models.care import Relationship


def _kinds(contact_id: int) -> list[tuple[str, str]]:
    return [(lk.other_name, lk.kind) for lk in rel.links_of(contact_id)]


def test_parent_child_stored_once_read_both_ways(make_contact) -> None:
    anna = make_contact("Anna", "Meyer")
    mia = make_contact("Mia", "Meyer")
    rel.link(anna, mia, "child")  # Mia is Anna's child
    assert Relationship.select().count() == 1
    assert _kinds(anna) == [("Mia Meyer", "child")]
    assert _kinds(mia) == [("Anna Meyer", "parent")]
    # saying the same from the other side does not store it twice
    rel.link(mia, anna, "parent")
    assert Relationship.select().count() == 1


def test_employer_and_symmetric_kinds(make_contact) -> None:
    boss = make_contact("Bea", "Boss")
    ed = make_contact("Ed", "Worker")
    rel.link(ed, boss, "employer")
    assert _kinds(ed) == [("Bea Boss", "employer")]
    assert _kinds(boss) == [("Ed Worker", "employee")]
    rel.link(boss, ed, "friend")
    rel.link(ed, boss, "friend")
    assert Relationship.select().where(Relationship.kind == "friend").count() == 1
    assert ("Ed Worker", "friend") in _kinds(boss)


def test_referrals_show_beside_links(make_contact) -> None:
    anna = make_contact("Anna")
    ben = make_contact("Ben")
    Contact.update(referred_by=anna).where(Contact.id == ben).execute()
    assert [(lk.other_id, lk.label) for lk in rel.links_of(ben)] == [(anna, "Referred by")]
    assert [(lk.other_id, lk.label) for lk in rel.links_of(anna)] == [(ben, "Referred")]


def test_bad_links_are_refused(make_contact) -> None:
    anna = make_contact("Anna")
    with pytest.raises(ValidationError):
        rel.link(anna, anna, "friend")
    with pytest.raises(ValidationError) as err:
        rel.link(anna, make_contact("Ben"), "nemesis")
    assert err.value.field == "kind"


def test_network_two_steps_out(make_contact) -> None:
    a, b, c, d = (make_contact(n) for n in ("A", "B", "C", "D"))
    rel.link(a, b, "friend")
    rel.link(b, c, "sibling")
    rel.link(c, d, "colleague")  # three steps from A: not shown
    net = rel.network(a)
    assert {cid: step for cid, (_, step) in net.nodes.items()} == {a: 0, b: 1, c: 2}
    assert {frozenset(e[:2]) for e in net.edges} == {frozenset((a, b)), frozenset((b, c))}


def test_household_shows_members_visits_together(make_contact) -> None:
    anna = make_contact("Anna", "Meyer")
    tom = make_contact("Tom", "Meyer")
    hh = rel.create_household("The Meyers", [anna, tom])
    timeline.add_entry(anna, "visit", happened_at=dt.datetime(2026, 5, 1, 9))
    timeline.add_entry(tom, "visit", happened_at=dt.datetime(2026, 5, 2, 9))
    timeline.add_entry(tom, "call", happened_at=dt.datetime(2026, 5, 3, 9))
    visits = rel.household_visits(hh)
    assert [v.contact_id for v in visits] == [tom, anna]
    assert rel.household_of(tom).name == "The Meyers"
    other = rel.create_household("Tom's flat")
    rel.add_member(other, tom)  # one household at a time
    assert [m[0] for m in rel.get_household(hh).members] == [anna]
    with pytest.raises(ValidationError):
        rel.create_household("   ")
