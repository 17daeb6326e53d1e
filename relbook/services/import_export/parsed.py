"""What a reader hands on: one row per card or CSV line, either data or a plain error."""

from __future__ import annotations

import copy
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from relbook.errors import RelbookError
from relbook.services.contacts.inputs import (
    TEXT_FIELDS,
    ContactInput,
    DetailInput,
    EmailInput,
    PhoneInput,
)
from relbook.services.typed import clean_block

#: progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool]
#: rows between two progress reports while reading and checking
REPORT_EVERY = 1000


class ReadCancelled(RelbookError):
    def __init__(self) -> None:
        super().__init__("Reading the files was cancelled; nothing was changed.")


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell ``progress``; raise ReadCancelled when it asks to stop."""
    if progress is not None and progress(done, total) is False:
        raise ReadCancelled


#: a note longer than this is refused: it is almost certainly a broken export
MAX_NOTE_CHARS = 100_000
#: ``where`` of the single row a reader returns for a file it cannot read at all
WHOLE_FILE = "the file"


@dataclass(slots=True)
class ParsedRow:
    """One contact read from a file. ``where`` says where, in words a person can find."""

    source: str  # file name
    where: str  # "card 3 (line 41)" or "line 17"
    data: ContactInput | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: the loyalty-card code relbook's own exports carry, kept when still free
    card_code: str = ""

    @property
    def ok(self) -> bool:
        return self.data is not None and self.error is None

    def label(self) -> str:
        return f"{self.source}, {self.where}" if self.source else self.where


_gc_lock = threading.Lock()
_gc_depth = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading 100,000 cards makes millions of short-lived objects but no reference
    cycles; Python's cycle collector would scan the growing heap again and again (a
    third of the import's time). Paused here, resumed after, however it ends."""
    global _gc_depth
    with _gc_lock:
        _gc_depth += 1
        if _gc_depth == 1:
            was = gc.isenabled()
            gc.disable()
            _gc_state.append(was)
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_state.pop():
                gc.enable()


_gc_state: list[bool] = []


def clean_text(value: object) -> str:
    """Strip, drop NULs and other control characters a field cannot hold (keep newlines)."""
    return clean_block(value)


def combine(base: ContactInput, extra: ContactInput) -> ContactInput:
    """``base`` with ``extra``'s blanks filled in and its phones, emails, details and tags
    added: nothing either side knew is lost (a differing note is appended)."""
    # a new card and new lists; the phone/email/detail entries themselves are never
    # changed afterwards, so they may be shared (a deep copy cost more than the import)
    out = copy.copy(base)
    out.phones, out.emails = list(base.phones), list(base.emails)
    out.details, out.tags = list(base.details), list(base.tags)
    for name in TEXT_FIELDS:
        if not getattr(out, name).strip() and getattr(extra, name).strip():
            setattr(out, name, getattr(extra, name))
    for name in (
        "birthday",
        "anniversary",
        "consent_mail",
        "consent_email",
        "consent_phone",
        "referred_by",
    ):
        if getattr(out, name) is None and getattr(extra, name) is not None:
            setattr(out, name, getattr(extra, name))
    if extra.notes.strip() and extra.notes.strip() not in out.notes:
        out.notes = f"{out.notes.strip()}\n\n{extra.notes.strip()}".strip()
    digits_seen = {_digits(p.number) for p in out.phones}
    for phone in extra.phones:
        if _digits(phone.number) not in digits_seen:
            out.phones.append(PhoneInput(phone.number, phone.label))
            digits_seen.add(_digits(phone.number))
    emails_seen = {e.address.strip().lower() for e in out.emails}
    for email in extra.emails:
        if email.address.strip().lower() not in emails_seen:
            out.emails.append(EmailInput(email.address, email.label))
            emails_seen.add(email.address.strip().lower())
    details_seen = {_detail_key(d) for d in out.details}
    for detail in extra.details:
        if _detail_key(detail) not in details_seen:
            out.details.append(copy.copy(detail))
            details_seen.add(_detail_key(detail))
    tags_seen = {t.lower() for t in out.tags}
    out.tags += [t for t in extra.tags if t.lower() not in tags_seen]
    return out


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())[-9:]


def _detail_key(detail: DetailInput) -> tuple[str, str, str]:
    return (detail.kind, detail.text.strip().lower(), detail.name.strip().lower())
