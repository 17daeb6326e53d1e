"""Plain data for contacts: what the editor, importers and the CLI hand to the service."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from relbook.services.dates import PartialDate
from relbook.services.typed import clean_block, clean_line

DETAIL_KINDS = ("family", "interest", "preference", "milestone", "other")
DETAIL_LABELS = {
    "family": "Family member",
    "interest": "Interest",
    "preference": "Preference",
    "milestone": "Milestone",
    "other": "Other",
}
CONSENT_CHANNELS = ("mail", "email", "phone")
#: the one-line text fields of a contact (name parts, address, how we met), as importers,
#: exporters and merges copy them field by field
TEXT_FIELDS = (
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "formatted_name",
    "name_order",
    "company",
    "street",
    "extended",
    "postcode",
    "city",
    "region",
    "country",
    "how_met",
)


@dataclass(slots=True)
class PhoneInput:
    number: str
    label: str = "mobile"


@dataclass(slots=True)
class EmailInput:
    address: str
    label: str = "home"


@dataclass(slots=True)
class DetailInput:
    kind: str
    text: str = ""
    name: str = ""
    relation: str = ""
    birthday: PartialDate | None = None


@dataclass(slots=True)
class ContactInput:
    """Everything a person can type about a contact."""

    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""  # the name they go by
    formatted_name: str = ""  # the name as written, when the parts do not give it
    name_order: str = ""  # "" given name first, "family_first"
    company: str = ""
    street: str = ""
    extended: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    birthday: PartialDate | None = None
    anniversary: PartialDate | None = None
    how_met: str = ""
    notes: str = ""
    consent_mail: dt.date | None = None
    consent_email: dt.date | None = None
    consent_phone: dt.date | None = None
    phones: list[PhoneInput] = field(default_factory=list)
    emails: list[EmailInput] = field(default_factory=list)
    details: list[DetailInput] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    referred_by: int | None = None


def cleaned(data: ContactInput) -> ContactInput:
    """A copy with control characters taken out of every text (``services.typed``): a NUL
    pasted into a name would otherwise be stored and cut the name short elsewhere."""
    out = dataclasses.replace(data)
    for name in TEXT_FIELDS:
        setattr(out, name, clean_line(getattr(data, name)))
    out.how_met = clean_block(data.how_met)
    out.notes = clean_block(data.notes)
    out.phones = [PhoneInput(clean_line(p.number), clean_line(p.label)) for p in data.phones]
    out.emails = [EmailInput(clean_line(e.address), clean_line(e.label)) for e in data.emails]
    out.details = [
        DetailInput(d.kind, clean_block(d.text), clean_line(d.name), clean_line(d.relation),
                    d.birthday)
        for d in data.details
    ]  # fmt: skip
    out.tags = [clean_line(t) for t in data.tags]
    return out


@dataclass(frozen=True, slots=True)
class PhoneRecord:
    raw: str
    label: str
    e164: str | None
    shown: str  # formatted for people

    @property
    def recognised(self) -> bool:
        return self.e164 is not None


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: int
    data: ContactInput
    display_name: str
    phones: tuple[PhoneRecord, ...]
    card_code: str | None
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    display_name: str
    phone: str
    email: str
    city: str
    sort_name: str


@dataclass(frozen=True, slots=True)
class SaveResult:
    contact_id: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    contact_id: int
    display_name: str
    reason: str  # "same phone", "same email", "same name and birthday"
