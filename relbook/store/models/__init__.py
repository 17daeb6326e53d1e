"""Peewee models, one module per capability, all bound to ``relbook.store.db.database``.

Models describe the *current* schema; migrations under ``relbook.store.migrations``
create and change tables with their own frozen definitions.
"""

from relbook.store.models import audit as audit  # audit log, merge records, PINs
from relbook.store.models import care as care  # care tables (relbook.store.models.care)
from relbook.store.models import notes as notes  # thank-you notes (relbook.store.models.notes)
from relbook.store.models.base import BaseModel, utcnow
from relbook.store.models.contacts import (
    Contact,
    ContactTag,
    Email,
    PersonalDetail,
    Phone,
    Tag,
)
from relbook.store.models.loyalty import CardPrint, LoyaltyAccount, PointsEntry, Reversal, Sale
from relbook.store.models.settings import Setting, Staff
from relbook.store.models.vouchers import ReferralReward, Voucher  # noqa: F401

__all__ = [
    "BaseModel",
    "CardPrint",
    "Contact",
    "ContactTag",
    "Email",
    "LoyaltyAccount",
    "PersonalDetail",
    "Phone",
    "PointsEntry",
    "Reversal",
    "Sale",
    "Setting",
    "Staff",
    "Tag",
    "utcnow",
]
