"""Voucher and loyalty-card codes: random, unambiguous, self-checking. Pure: no database.

Alphabet (29 symbols)::

    23456789ABCDEFGHJKMNPQRSTUVWX

It leaves out
- 0/O, 1/I/L: they look alike on paper and on screen;
- Y and Z: a barcode scanner is a keyboard that sends *key positions*. Set up as a US
  keyboard on a German/Austrian/Swiss (QWERTZ) PC — the usual case in our shops — it types
  Z for Y and Y for Z. Codes without Y/Z scan the same whatever that setting is.

29 is prime, which is what makes the check character strong: with weights 1, 2, …, n (all
non-zero and pairwise different modulo 29, n <= 28) the weighted sum modulo 29 changes on

- every single substitution: the sum moves by w*(b - a), and neither factor is 0 mod 29;
- every swap of two neighbours: the sum moves by (w_i - w_(i+1))*(b - a) = (a - b) != 0.

(With the 31-symbol alphabet that keeps Y/Z the same proof works; with 30 or 32 it does not.)

Voucher code: 11 random symbols + 1 check symbol, printed ``7K9Q-X3M2-ABCD`` (4-4-4).
11 x log2(29) = 53.4 bits of entropy — well over the 40 asked for, and enough that a
million codes collide with probability ~4e-5 (a database unique index catches even that).
Loyalty-card code: ``RB`` + 8 random + 1 check, printed ``RB-4K7-M9Q-X2T``; 38.9 bits,
plenty for a shop's customers (uniqueness is the store's job, by retrying on a clash).

Both kinds always contain at least one digit and one letter, so the counter's single input
can tell a code from a name (names have no digits) or a phone number (no letters).

Barcodes carry the compact form (``7K9QX3M2ABCD``) without dashes: a dash typed by a
US-configured scanner on a QWERTZ layout arrives as "ß".

Typed input is normalised by upper-casing and dropping spaces and dashes only. We never
guess what a typed 0/O/1/I/L/Y/Z meant: such a code simply fails the check, and
``suggest_corrections`` lists the codes one substitution (or neighbour swap) away, for the
counter to offer the ones that exist as "did you mean …?".
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWX"
BASE = len(ALPHABET)  # 29, prime
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_DIGITS = frozenset("23456789")

VOUCHER_DATA_LEN = 11
VOUCHER_LEN = VOUCHER_DATA_LEN + 1
VOUCHER_GROUPS = (4, 4, 4)

CARD_PREFIX = "RB"
CARD_DATA_LEN = 8
CARD_LEN = len(CARD_PREFIX) + CARD_DATA_LEN + 1
CARD_GROUPS = (2, 3, 3, 3)

# Characters people type by mistake that are not in the alphabet; accepted by the
# looks_like_* tests so a mistyped code gets "did you mean" rather than a name search.
_CONFUSABLE = frozenset("01OILYZ")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.·/]+")


def _check_symbol(data: str) -> str:
    """The symbol that makes sum((i+1) * value) over data + check divisible by 29."""
    total = sum((i + 1) * _VALUE[ch] for i, ch in enumerate(data))
    weight = len(data) + 1
    # value * weight ≡ -total (mod 29); weight < 29 is invertible because 29 is prime.
    return ALPHABET[(-total * pow(weight, -1, BASE)) % BASE]


def _checks(body: str) -> bool:
    """True if every symbol is in the alphabet and the weighted sum is 0 modulo 29."""
    try:
        return sum((i + 1) * _VALUE[ch] for i, ch in enumerate(body)) % BASE == 0
    except KeyError:
        return False


def _random_data(length: int, randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """``length`` random symbols with at least one digit and one letter (rejection sampling)."""
    limit = BASE**length
    while True:
        n = randbelow(limit)
        chars = []
        for _ in range(length):
            n, r = divmod(n, BASE)
            chars.append(ALPHABET[r])
        if any(c in _DIGITS for c in chars) and not all(c in _DIGITS for c in chars):
            return "".join(chars)


def _group(compact: str, groups: tuple[int, ...]) -> str:
    parts, pos = [], 0
    for g in groups:
        parts.append(compact[pos : pos + g])
        pos += g
    return "-".join(parts)


def normalise_code(text: str) -> str:
    """Upper-case and drop spaces, dashes and similar separators; nothing else changes."""
    return _SEPARATORS.sub("", text).upper()


# --- vouchers -------------------------------------------------------------------------


def new_voucher_code(*, randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh voucher code like ``7K9Q-X3M2-ABCD`` (53 bits from ``secrets``).

    ``randbelow`` is for the demo shop only, which must come out the same for the same
    seed; a real voucher always draws from ``secrets``.
    """
    data = _random_data(VOUCHER_DATA_LEN, randbelow)
    return _group(data + _check_symbol(data), VOUCHER_GROUPS)


def is_valid(code: str) -> bool:
    """True if ``code`` (any case, with or without dashes) is a well-formed voucher code."""
    compact = normalise_code(code)
    return len(compact) == VOUCHER_LEN and _checks(compact)


def format_code(raw: str) -> str:
    """Group a voucher code for people: ``7k9qx3m2abcd`` -> ``7K9Q-X3M2-ABCD``."""
    compact = normalise_code(raw)
    if len(compact) != VOUCHER_LEN:
        return compact
    return _group(compact, VOUCHER_GROUPS)


def compact_code(code: str) -> str:
    """The form that goes into barcodes: upper case, no separators."""
    return normalise_code(code)


def _corrections(compact: str, start: int, groups: tuple[int, ...]) -> list[str]:
    """Valid codes one substitution or one neighbour swap away (positions >= start)."""
    found: list[str] = []
    seen: set[str] = set()

    def add(candidate: str) -> None:
        if candidate not in seen and _checks(candidate[start:]):
            seen.add(candidate)
            found.append(_group(candidate, groups))

    if _checks(compact[start:]):
        add(compact)
    bad = [i for i in range(start, len(compact)) if compact[i] not in _VALUE]
    if len(bad) > 1:
        return found
    positions = bad or range(start, len(compact))
    for i in positions:
        for sym in ALPHABET:
            if sym != compact[i]:
                add(compact[:i] + sym + compact[i + 1 :])
    if not bad:
        for i in range(start, len(compact) - 1):
            if compact[i] != compact[i + 1]:
                add(compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :])
    return found


def suggest_corrections(code: str) -> list[str]:
    """Well-formed voucher codes one typo away from ``code``, for "did you mean …?".

    A valid code suggests itself first. Otherwise every position has exactly one
    replacement symbol that passes the check, so up to 12 substitutions come back (plus
    codes one neighbour swap away); if one typed symbol is outside the alphabet (say an
    "O"), only that position is tried. The caller keeps the ones that exist. Wrong
    length or two foreign symbols: an empty list.
    """
    compact = normalise_code(code)
    if len(compact) != VOUCHER_LEN:
        return []
    return _corrections(compact, 0, VOUCHER_GROUPS)


def looks_like_voucher_code(text: str) -> bool:
    """Does counter input look like a (maybe mistyped) voucher code rather than a name/phone?"""
    compact = normalise_code(text)
    return len(compact) == VOUCHER_LEN and _code_shaped(compact)


def _code_shaped(compact: str) -> bool:
    allowed = all(c in _VALUE or c in _CONFUSABLE for c in compact)
    has_digit = any(c.isdigit() for c in compact)
    has_letter = any(c.isalpha() for c in compact)
    return allowed and has_digit and has_letter


# --- loyalty cards --------------------------------------------------------------------


def new_card_code() -> str:
    """A fresh loyalty-card code like ``RB-4K7-M9Q-X2T`` (prefix, 8 random, 1 check)."""
    data = _random_data(CARD_DATA_LEN)
    return _group(CARD_PREFIX + data + _check_symbol(data), CARD_GROUPS)


def is_valid_card_code(code: str) -> bool:
    """True if ``code`` (any case, with or without dashes) is a well-formed card code."""
    compact = normalise_code(code)
    return (
        len(compact) == CARD_LEN
        and compact.startswith(CARD_PREFIX)
        and _checks(compact[len(CARD_PREFIX) :])
    )


def format_card_code(raw: str) -> str:
    """Group a card code for people: ``rb4k7m9qx2t`` -> ``RB-4K7-M9Q-X2T``."""
    compact = normalise_code(raw)
    if len(compact) != CARD_LEN:
        return compact
    return _group(compact, CARD_GROUPS)


def suggest_card_corrections(code: str) -> list[str]:
    """Like :func:`suggest_corrections`, for loyalty-card codes (the prefix is kept)."""
    compact = normalise_code(code)
    if len(compact) != CARD_LEN or not compact.startswith(CARD_PREFIX):
        return []
    return _corrections(compact, len(CARD_PREFIX), CARD_GROUPS)


def looks_like_card_code(text: str) -> bool:
    """Does counter input look like a (maybe mistyped) loyalty-card code?"""
    compact = normalise_code(text)
    return (
        len(compact) == CARD_LEN
        and compact.startswith(CARD_PREFIX)
        and _code_shaped(compact[len(CARD_PREFIX) :])
    )
