"""The counter's match list tells two people of the same name apart and says why someone
matched when it was not their name."""

from __future__ import annotations

from relbook.services.contacts.inputs import DetailInput


def _lines(page) -> list[str]:
    model = page.finder.results_model
    lines = [model.data(model.index(r)) for r in range(model.rowCount())]
    return [line.replace("\u00a0", " ") for line in lines]  # facts never wrap inside


def test_two_lauren_petersons_are_told_apart(page, keys, make_contact) -> None:
    make_contact("Lauren", "Peterson", phone="+1 503 555 4417", email="lauren.p@example.com")
    make_contact("Lauren", "Peterson", phone="+1 971 555 0188")
    keys.type("laur")
    first, second = _lines(page)
    assert first.startswith("Lauren Peterson\n") and second.startswith("Lauren Peterson\n")
    assert first != second
    told = {line.split("\n")[1].split("  ·  ")[0] for line in (first, second)}
    assert told == {"(503) 555-4417", "(971) 555-0188"}
    assert any("lauren.p@example.com" in line for line in (first, second))
    assert all("card RB-" in line and "no visit yet" in line for line in (first, second))


def test_a_match_through_a_family_member_says_so(page, keys, make_contact) -> None:
    make_contact("Eleanor", "Larsen", details=[DetailInput("family", "", "Sara", "partner")])
    make_contact("Sara", "Okafor")
    keys.type("sara")
    lines = _lines(page)
    assert any(line.startswith("Eleanor Larsen  (partner: Sara)\n") for line in lines)
    assert any(line.startswith("Sara Okafor\n") for line in lines)
