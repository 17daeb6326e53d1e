"""Consent per channel, enforced wherever relbook helps the shop reach people.

Every card records, per channel (post, email, phone), the date the customer agreed to
be contacted that way. Every path that writes to people or hands their details out for
that — an export for a channel, envelopes and address labels, "Write to a segment" —
asks ``for_channel`` first: it keeps those who agreed and says how many were left out.
An owner may override it for one job (a customer who agreed in person, not yet typed
in); the override names the job and the people in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from relbook.errors import ValidationError
from relbook.store.models import Contact

CHANNELS = ("mail", "email", "phone")
WORDS = {"mail": "post", "email": "email", "phone": "phone calls or messages"}
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ConsentSplit:
    channel: str
    allowed: tuple[int, ...]  # in the order asked
    left_out: tuple[int, ...]  # no consent for the channel
    overridden: bool = False

    def describe(self) -> str:
        """ "3 left out: no consent to post." (or "" when nobody was)."""
        if not self.left_out:
            return ""
        n = len(self.left_out)
        who = "person" if n == 1 else "people"
        if self.overridden:
            return (
                f"Included {n} {who} without consent to {WORDS[self.channel]} (owner's "
                "override, recorded in the audit log)."
            )
        return f"{n} left out: no consent to {WORDS[self.channel]}."


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationError("channel", "Channel: choose mail, email or phone.")
    return channel


def split(contact_ids: Sequence[int], channel: str) -> ConsentSplit:
    """Who of ``contact_ids`` agreed to ``channel``, and who did not."""
    column = getattr(Contact, f"consent_{check_channel(channel)}")
    ids = list(dict.fromkeys(int(i) for i in contact_ids))
    agreed: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        agreed |= {
            cid
            for (cid,) in Contact.select(Contact.id)
            .where(Contact.id.in_(chunk) & column.is_null(False))
            .tuples()
        }
    return ConsentSplit(
        channel,
        tuple(i for i in ids if i in agreed),
        tuple(i for i in ids if i not in agreed),
    )


def for_channel(
    contact_ids: Sequence[int],
    channel: str,
    *,
    purpose: str,
    override: bool = False,
    staff_id: int | None = None,
) -> ConsentSplit:
    """The people a ``purpose`` ("envelopes", "export for email") may reach by
    ``channel``. With ``override`` (owners only, with roles on) everyone is kept and the
    audit log says who was included without consent, for what and by whom."""
    found = split(contact_ids, channel)
    if not override or not found.left_out:
        return found
    from relbook.services.staff import access, audit

    access.require_owner(staff_id, "contact people who have not agreed to it")
    audit.record(
        "consent.override",
        staff_id=staff_id,
        subject=f"{purpose} ({channel})",
        after={"channel": channel, "without_consent": list(found.left_out[:2000]),
               "count": len(found.left_out)},
    )  # fmt: skip
    return ConsentSplit(channel, tuple(dict.fromkeys(contact_ids)), found.left_out, True)
