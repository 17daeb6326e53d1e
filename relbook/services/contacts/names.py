"""Names as people write them: the name shown, the order of its parts, the name to greet.

A card keeps its parts (given, middle, family …) and, when the person's name is written
differently from what the parts give, that written form (vCard ``FN``): "Dr. Anna Maria
Schmidt", "王伟". The parts are put together given name first ("Anna Schmidt") or, for
people whose family name comes first — Vietnamese, Chinese, Japanese, Korean, Hungarian —
family name first ("Nguyễn Thị Mai", "Nagy Anna").

A person is greeted by the name they go by: the nickname ("goes by") when there is one,
otherwise the given name. A Vietnamese card usually puts the middle name with the given
ones (``N:Nguyễn;Thị Mai``) while the person is called by the last of them ("Mai"): on
import such a card keeps "Thị" as the middle name, so every greeting says "Mai".
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

#: how a name's parts are ordered: "" given name first, or family name first
NAME_ORDERS = ("", "family_first")
ORDER_LABELS = {"": "First name first", "family_first": "Family name first"}
#: the parts a name is put together from
PART_FIELDS = ("given_name", "middle_name", "family_name")

#: family names common in Vietnam, written with and without their marks (folded)
_VIETNAMESE_FAMILIES = frozenset({
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
    "do", "ho", "ngo", "duong", "ly", "dinh", "trinh", "truong", "lam", "mai", "cao",
    "luong", "ta", "quach",
})  # fmt: skip
#: letters only Vietnamese writes among the languages a shop meets (ơ ư ă đ and the
#: stacked tone marks of Latin Extended Additional)
_VIETNAMESE_LETTERS = frozenset("ơưăđƠƯĂĐ")


class NameParts(Protocol):
    given_name: str
    middle_name: str
    family_name: str
    nickname: str
    company: str
    formatted_name: str
    name_order: str


def from_parts(data: NameParts) -> str:
    """The name the parts give: "Anna Schmidt", or family first "Nguyễn Thị Mai"."""
    given, middle, family = (p.strip() for p in (data.given_name, data.middle_name,
                                                 data.family_name))  # fmt: skip
    if data.name_order == "family_first":
        return " ".join(p for p in (family, middle, given) if p)
    return " ".join(p for p in (given, family) if p)


def display_name(data: NameParts) -> str:
    """What the person is shown as: the written form when there is one, else the parts,
    else the nickname or the company."""
    return (
        data.formatted_name.strip()
        or from_parts(data)
        or data.nickname.strip()
        or data.company.strip()
    )


def formatted_to_store(data: NameParts) -> str:
    """The written form, kept only when it says something the parts do not (so a later
    change of the parts still shows)."""
    written = " ".join(data.formatted_name.split())
    return "" if written in ("", from_parts(data)) else written


def goes_by(data: NameParts) -> str:
    """The name to greet: the nickname ("goes by"), else the given name, else the name
    shown."""
    return data.nickname.strip() or data.given_name.strip() or display_name(data).split(" ")[0]


def infer_from_card(written: str, data: NameParts) -> None:
    """Learn the name order from a card's written name (``FN``) against its parts (``N``)
    and keep the written form; a Vietnamese card's middle name moves out of the given
    names. Changes ``data`` in place."""
    given, family = data.given_name.strip(), data.family_name.strip()
    written = " ".join(written.split())
    if given and family and written:
        family_first = _squash(f"{family} {data.middle_name} {given}")
        given_first = _squash(f"{given} {data.middle_name} {family}")
        if _squash(written) == family_first and family_first != given_first:
            data.name_order = "family_first"
            if not data.middle_name.strip() and " " in given and _vietnamese(written, family):
                data.middle_name, data.given_name = given.rsplit(" ", 1)
    data.formatted_name = written


def _squash(text: str) -> str:
    """Compare names without their spaces: "王 伟" and "王伟" are one name."""
    return "".join(text.split()).casefold()


def _vietnamese(written: str, family: str) -> bool:
    if any(ch in _VIETNAMESE_LETTERS for ch in written):
        return True
    if any("\u1ea0" <= ch <= "\u1ef9" for ch in written):  # ạ ả ấ … ỹ
        return True
    return _fold(family) in _VIETNAMESE_FAMILIES


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))
