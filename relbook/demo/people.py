"""Making demo customers: one contact's rows at a time, from one seeded generator.

Pure Python, no database: ``make_chunk`` returns plain rows (tuples in table column
order, and search documents) that ``relbook.demo`` bulk-inserts. Chunks are
seeded by their first id, so they can be made in any order or in other processes and
the shop is still the same for the same seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import peewee
import phonenumbers

from relbook.demo import data
from relbook.services.codes import CARD_DATA_LEN, CARD_PREFIX, format_card_code
from relbook.services.codes import _check_symbol as card_check_symbol
from relbook.services.contacts.phones import display as phone_display
from relbook.store import search_index
from relbook.store.models import Contact, Email, PersonalDetail, Phone
from relbook.store.textfold import digits, sort_key, words


def _columns(model: type[peewee.Model], names: Sequence[str]) -> tuple[str, ...]:
    return tuple(model._meta.fields[n].column_name for n in names)


CONTACT_COLUMNS = _columns(Contact, (
    "id", "prefix", "given_name", "middle_name", "family_name", "suffix", "nickname",
    "display_name", "sort_name", "company", "street", "extended", "postcode", "city",
    "region", "country", "birthday_year", "birthday_month", "birthday_day",
    "anniversary_year", "anniversary_month", "anniversary_day", "how_met", "notes",
    "consent_mail", "consent_email", "consent_phone", "card_code", "referred_by",
    "archived_at", "created_at", "updated_at",
))  # fmt: skip
PHONE_COLUMNS = _columns(Phone, ("contact", "label", "raw", "e164", "digits", "position"))
EMAIL_COLUMNS = _columns(Email, ("contact", "label", "address", "address_lower", "position"))
DETAIL_COLUMNS = _columns(PersonalDetail, (
    "contact", "kind", "text", "name", "relation", "birthday_year", "birthday_month",
    "birthday_day", "position", "created_at",
))  # fmt: skip


@dataclass
class Rows:
    contacts: list[tuple] = field(default_factory=list)
    phones: list[tuple] = field(default_factory=list)
    emails: list[tuple] = field(default_factory=list)
    details: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    documents: list[search_index.Document] = field(default_factory=list)
    archived: list[int] = field(default_factory=list)


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CARD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWX"
_CARD_DIGITS = "23456789"
_CARD_LETTERS = "ABCDEFGHJKMNPQRSTUVWX"
_CARD_TAIL = CARD_DATA_LEN - 2
_CARD_SPACE = 29**_CARD_TAIL
_CARD_STEP = 387_420_489  # 9**9: coprime with 29, spreads consecutive ids over the space


class ContactMaker:
    """Makes one contact's rows at a time from a single seeded generator."""

    def __init__(self, rng: random.Random, today: dt.date, total: int, card_offset: int) -> None:
        self.rng = rng
        self.today = today
        self.total = total
        self.opened = today - dt.timedelta(days=4 * 365)
        self.span = (today - self.opened).days
        self.cultures = data.CULTURES
        weights = [c.weight for c in self.cultures]
        self.cum_weights = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.recent: list[tuple[int, str]] = []
        self.tag_ids = {name: i for i, (name, _) in enumerate(data.TAGS, 1)}
        self.card_offset = card_offset

    def culture(self) -> data.Culture:
        return self.rng.choices(self.cultures, cum_weights=self.cum_weights)[0]

    def person(self, culture: data.Culture, female: bool) -> tuple[str, str]:
        rng = self.rng
        given = rng.choice(culture.female if female else culture.male)
        family = rng.choice(culture.family)
        if "/" in family:
            male_form, female_form = family.split("/")
            family = female_form if female else male_form
        return given, family

    def date(self, year_from: int | None, year_to: int, with_year: float) -> tuple:
        rng = self.rng
        if rng.random() < 0.004:
            month, day = 2, 29
            year = rng.choice([y for y in range(year_from or 1944, year_to + 1) if y % 4 == 0])
        else:
            month = rng.randint(1, 12)
            day = rng.randint(1, _DAYS[month])
            year = rng.randint(year_from or 1944, year_to)
        return (year if rng.random() < with_year else None), month, day

    def make(self, cid: int, rows: Rows) -> None:
        rng, today = self.rng, self.today
        culture = self.culture()
        female = rng.random() < 0.52
        given, family = self.person(culture, female)
        middle = ""
        if culture.middle and rng.random() < 0.35:
            middle = culture.middle[0 if female else 1]
        company = rng.choice(data.COMPANIES) if rng.random() < 0.06 else ""
        display = f"{given} {family}"
        created_at = dt.datetime.combine(self.opened, dt.time()) + dt.timedelta(
            days=(cid - 1) * self.span // self.total, hours=7 + rng.random() * 11
        )
        created_text = str(created_at.replace(microsecond=0))
        created_day = created_at.date().isoformat()

        street = extended = postcode = city = region = ""
        if rng.random() < 0.55:
            city, region, zip_prefix = rng.choice(data.NEARBY)
            street = f"{rng.randint(100, 9899)} {rng.choice(data.STREETS).replace('_', ' ')}"
            postcode = f"{zip_prefix}{rng.randint(1, 99):02d}"
            if rng.random() < 0.15:
                extended = f"Apt {rng.randint(1, 48)}"

        birthday: tuple = (None, None, None)
        if rng.random() < 0.7:
            birthday = self.date(1942, today.year - 16, 0.65)
        anniversary: tuple = (None, None, None)
        if rng.random() < 0.1:
            anniversary = self.date(1975, today.year - 1, 0.9)

        how_met = rng.choice(data.HOW_MET) if rng.random() < 0.55 else ""
        referred_by = None
        if self.recent and rng.random() < 0.1:
            referred_by, referrer_name = rng.choice(self.recent)
            how_met = rng.choice(("Friend of {}.", "Recommended by {}.")).format(referrer_name)
        notes = rng.choice(data.NOTES) if rng.random() < 0.08 else ""

        phones = self.phones(cid, culture, rows)
        emails = self.emails(cid, given, family, rows)
        consent_email = created_day if emails and rng.random() < 0.6 else None
        consent_mail = created_day if street and rng.random() < 0.35 else None
        consent_phone = created_day if phones and rng.random() < 0.2 else None
        card = self.card_code(cid)
        archived_at = None
        if rng.random() < 0.02:
            archived_at = str((created_at + dt.timedelta(days=rng.randint(30, 400))).replace(
                microsecond=0))  # fmt: skip
            if archived_at > str(today):
                archived_at = created_text
            rows.archived.append(cid)
        detail_texts = self.details(cid, given, culture, female, birthday[0], created_text, rows)
        tags = [name for name, share in data.TAGS if rng.random() < share]
        rows.tags.extend((cid, self.tag_ids[t]) for t in tags)

        rows.contacts.append((
            cid, "", given, middle, family, "", "", display, sort_key(family, given, display),
            company, street, extended, postcode, city, region, "", *birthday, *anniversary,
            how_met, notes, consent_mail, consent_email, consent_phone, card, referred_by,
            archived_at, created_text, created_text,
        ))  # fmt: skip
        rows.documents.append(
            search_index.make_document(
                cid,
                names=[given, middle, family, "", company, display],
                display_name=display,
                phones=phones,
                emails=emails,
                codes=[card],
                details=detail_texts,
                tags=tags,
                archived=archived_at is not None,
            )
        )
        if archived_at is None:
            self.recent.append((cid, display))
            if len(self.recent) > 2_000:
                del self.recent[:1_000]

    def phones(self, cid: int, culture: data.Culture, rows: Rows) -> list[tuple[str, str]]:
        rng = self.rng
        shown: list[tuple[str, str]] = []
        if rng.random() >= 0.88:
            return shown
        numbers = [("mobile", self.home_number(culture) if rng.random() < 0.06 else None)]
        if rng.random() < 0.15:
            numbers.append((rng.choice(("work", "home")), None))
        for pos, (label, intl) in enumerate(numbers):
            if intl:
                raw, e164 = intl
                display = phone_display(e164, "US")
            else:
                area = rng.choice(data.AREA_CODES)
                exchange = rng.randint(200, 999)
                while exchange % 100 == 11 or exchange in (555, 950, 958, 959, 976):
                    exchange = rng.randint(200, 999)
                line = rng.randint(0, 9999)
                e164 = f"+1{area}{exchange}{line:04d}"
                display = f"({area}) {exchange}-{line:04d}"
                raw = rng.choice((
                    display, f"{area}-{exchange}-{line:04d}", f"{area}.{exchange}.{line:04d}",
                    f"{area}{exchange}{line:04d}", f"+1 {area} {exchange} {line:04d}",
                ))  # fmt: skip
            number_digits = digits(e164)
            rows.phones.append((cid, label, raw, e164, number_digits, pos))
            shown.append((display, number_digits))
        return shown

    def home_number(self, culture: data.Culture) -> tuple[str, str] | None:
        """A mobile number from the country the customer comes from, typed in + form."""
        if culture.phone is None:
            return None
        prefix, count = culture.phone
        for _ in range(5):
            e164 = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(count))
            number = phonenumbers.parse(e164, None)
            if phonenumbers.is_valid_number(number):
                pretty = phonenumbers.PhoneNumberFormat.INTERNATIONAL
                return phonenumbers.format_number(number, pretty), e164
        return None

    def emails(self, cid: int, given: str, family: str, rows: Rows) -> list[str]:
        rng = self.rng
        if rng.random() >= 0.78:
            return []
        g, f = "".join(words(given)), "".join(words(family))
        local = rng.choice((
            f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{g}.{f}{rng.randint(1, 99)}", f"{g}_{f}",
            f"{f}.{g}", f"{g}{rng.randint(1960, 2005)}",
        ))  # fmt: skip
        addresses = [f"{local}@{rng.choice(data.EMAIL_DOMAINS)}"]
        if rng.random() < 0.08:
            addresses.append(f"{g[0]}.{f}@{rng.choice(data.WORK_DOMAINS)}")
        for pos, address in enumerate(addresses):
            label = "home" if pos == 0 else "work"
            rows.emails.append((cid, label, address, address.lower(), pos))
        return addresses

    def card_code(self, cid: int) -> str:
        """Unique by construction: two random symbols (a digit and a letter, so the code
        always looks like a code), then ``cid`` spread over the rest of the code space."""
        rng = self.rng
        n = (self.card_offset + cid * _CARD_STEP) % _CARD_SPACE
        tail = []
        for _ in range(_CARD_TAIL):
            n, r = divmod(n, 29)
            tail.append(_CARD_ALPHABET[r])
        body = rng.choice(_CARD_DIGITS) + rng.choice(_CARD_LETTERS) + "".join(tail)
        return format_card_code(CARD_PREFIX + body + card_check_symbol(body))

    def details(
        self, cid: int, given: str, culture: data.Culture, female: bool, year: int | None,
        created: str, rows: Rows,
    ) -> list[str]:  # fmt: skip
        """Family, interests, preferences…; nobody in a family shares a first name, the
        customer's own included."""
        rng = self.rng
        facts: list[tuple[str, str, str, str, tuple]] = []  # kind, text, name, relation, bday
        none = (None, None, None)
        if rng.random() < 0.45:
            partner_female = (not female) if rng.random() < 0.88 else female
            other = culture if rng.random() < 0.8 else self.culture()
            for _attempt in range(20):
                pg, pf = self.person(other, partner_female)
                if pg != given:
                    break
            name = pg if rng.random() < 0.7 else f"{pg} {pf}"
            relation = "partner"
            if rng.random() < 0.6:
                relation = "wife" if partner_female else "husband"
            bday = self.date(1942, self.today.year - 18, 0.5) if rng.random() < 0.4 else none
            facts.append(("family", "", name, relation, bday))
        if (year is None or year < self.today.year - 24) and rng.random() < 0.38:
            children = {given} | {
                name.split()[0] for kind, _t, name, _r, _b in facts if kind == "family"
            }
            for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
                child_female = rng.random() < 0.5
                for _attempt in range(20):  # nobody in a family shares a first name
                    child, _family = self.person(culture, child_female)
                    if child not in children:
                        break
                children.add(child)
                first = (year + 22) if year else self.today.year - 30
                bday = none
                if rng.random() < 0.7:
                    bday = self.date(min(first, self.today.year - 1), self.today.year - 1, 1.0)
                text = "Loves the gingerbread people" if rng.random() < 0.08 else ""
                facts.append(("family", text, child, "daughter" if child_female else "son", bday))
        if rng.random() < 0.06:
            elder = year is not None and year <= self.today.year - 55  # old enough for one
            relations = ("mother", "father", "sister", "brother") + (("grandson",) * elder)
            relation = rng.choice(relations)
            known = {given} | {
                name.split()[0] for kind, _t, name, _r, _b in facts if kind == "family"
            }
            for _attempt in range(20):
                fg, _ff = self.person(culture, relation in ("mother", "sister"))
                if fg not in known:
                    break
            facts.append(("family", "", fg, relation, none))
        for kind, pool, share, most in (
            ("preference", data.PREFERENCES, 0.7, 2),
            ("interest", data.INTERESTS, 0.55, 3),
            ("milestone", data.MILESTONES, 0.12, 1),
            ("other", data.OTHER_FACTS, 0.08, 1),
        ):
            if rng.random() < share:
                for text in rng.sample(pool, rng.randint(1, most)):
                    facts.append((kind, text, "", "", none))
        texts = []
        for pos, (kind, text, name, relation, bday) in enumerate(facts):
            rows.details.append((cid, kind, text, name, relation, *bday, pos, created))
            texts.append(" ".join((text, name, relation)))
        return texts


def card_offset(seed: int) -> int:
    """Where this shop's card codes start in the code space (one offset per shop keeps
    them unique across chunks)."""
    return random.Random(f"{seed}:cards").randrange(_CARD_SPACE)


def make_chunk(seed: int, today: dt.date, total: int, start: int, stop: int) -> Rows:
    """Rows for contacts ``start`` .. ``stop - 1`` (module level, so a process pool can
    call it)."""
    maker = ContactMaker(random.Random(f"{seed}:{start}"), today, total, card_offset(seed))
    rows = Rows()
    for cid in range(start, stop):
        maker.make(cid, rows)
    return rows
