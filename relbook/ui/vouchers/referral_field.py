""" "Referred by" for the contact editor: a contact picker plus the referral chain.

Shows who referred this contact (and who referred them, up the chain) and everyone they
referred, so the owner sees the relationships that bring in new customers. The field only
holds a value; the editor stores it with the rest of the card (``ContactInput.referred_by``)
after ``referrals.validate_referrer`` has checked it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from relbook.errors import NotFoundError
from relbook.services import referrals
from relbook.ui.widgets.contact_picker import ContactPicker

MAX_NAMES = 6


def _first(name: str) -> str:
    return name.split(" ")[0] or name


def referred_by_text(chain: referrals.Chain) -> str:
    """ "Ben was referred by Anna (who was referred by Cleo)." — or "" when nobody did."""
    if not chain.referred_by:
        return ""
    first, *rest = chain.referred_by
    text = f"{_first(chain.contact.display_name)} was referred by {first.display_name}"
    if rest:
        text += (
            " (who was referred by "
            + ", who was referred by ".join(p.display_name for p in rest)
            + ")"
        )
    return text + "."


def referred_text(chain: referrals.Chain) -> str:
    """ "Anna referred Dev, Eli and 2 more (+3 further down the chain)." — or ""."""
    if not chain.referred:
        return ""
    names = [p.display_name for p in chain.referred[:MAX_NAMES]]
    more = len(chain.referred) - len(names)
    text = f"{_first(chain.contact.display_name)} referred {', '.join(names)}"
    if more > 0:
        text += f" and {more} more"
    below = chain.referred_total - len(chain.referred)
    if below > 0:
        text += f" (+{below} further down the chain)"
    return text + "."


def chain_text(contact_id: int | None, *, up_only: bool = False) -> str:
    """Who referred this contact, up the chain, and (unless ``up_only``) whom they
    referred — plain words for the card."""
    if not contact_id:
        return ""
    try:
        chain = referrals.chain(contact_id)
    except NotFoundError:  # a contact deleted meanwhile: show nothing rather than fail
        return ""
    parts = [referred_by_text(chain)] + ([] if up_only else [referred_text(chain)])
    return " ".join(p for p in parts if p)


class ReferralField(QWidget):
    """Pick who referred a contact; shows the chain underneath."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self.picker = ContactPicker(placeholder="Who sent them? Type a name…")
        self.picker.setObjectName("referredBy")
        self.chain = QLabel()
        self.chain.setObjectName("muted")
        self.chain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.picker)
        layout.addWidget(self.chain)
        self.setFocusProxy(self.picker)
        self.picker.contact_picked.connect(self.on_picked)

    def set_value(self, contact_id: int | None, referrer_id: int | None) -> None:
        """Show the stored referrer of ``contact_id`` (None for a new contact)."""
        self.contact_id = contact_id
        self.picker.exclude(contact_id)
        self.picker.set_contact(referrer_id)
        self._show_chain()

    def value(self) -> int | None:
        """The picked referrer, or None (nothing picked, or the text no longer names one)."""
        return self.picker.contact_id()

    def is_incomplete(self) -> bool:
        """Text typed but nobody picked: the editor should say "pick from the list"."""
        return bool(self.picker.text().strip()) and self.picker.contact_id() is None

    def on_picked(self, _contact_id: int) -> None:
        self.changed.emit()

    def _show_chain(self) -> None:
        text = chain_text(self.contact_id)
        self.chain.setText(text)
        self.chain.setVisible(bool(text))
