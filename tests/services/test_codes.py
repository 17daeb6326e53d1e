"""Voucher and loyalty-card codes: format, entropy, uniqueness and the check character."""

from __future__ import annotations

import itertools
import math
import re
import secrets
import time

import pytest

from relbook.services import codes
from relbook.services.codes import (
    ALPHABET,
    format_card_code,
    format_code,
    is_valid,
    is_valid_card_code,
    looks_like_card_code,
    looks_like_voucher_code,
    new_card_code,
    new_voucher_code,
    normalise_code,
    suggest_card_corrections,
    suggest_corrections,
)

VOUCHER_RE = re.compile(r"^[2-9A-HJKMNP-X]{4}-[2-9A-HJKMNP-X]{4}-[2-9A-HJKMNP-X]{4}$")
CARD_RE = re.compile(r"^RB-[2-9A-HJKMNP-X]{3}-[2-9A-HJKMNP-X]{3}-[2-9A-HJKMNP-X]{3}$")


def test_alphabet_is_prime_sized_and_unambiguous():
    assert len(ALPHABET) == len(set(ALPHABET)) == 29
    assert all(len(ALPHABET) % d for d in range(2, len(ALPHABET)))
    assert not set("0O1IL") & set(ALPHABET)
    assert not set("YZ") & set(ALPHABET), "Y/Z swap on QWERTZ keyboards"


def test_voucher_code_format_and_entropy():
    for _ in range(1000):
        code = new_voucher_code()
        assert VOUCHER_RE.match(code), code
        assert is_valid(code)
        data = code.replace("-", "")[:-1]
        assert any(c.isdigit() for c in data) and any(c.isalpha() for c in data)
    bits = codes.VOUCHER_DATA_LEN * math.log2(len(ALPHABET))
    assert bits >= 40


def test_card_code_format():
    for _ in range(1000):
        code = new_card_code()
        assert CARD_RE.match(code), code
        assert is_valid_card_code(code)
        assert not is_valid(code)
        assert looks_like_card_code(code) and not looks_like_voucher_code(code)


def test_every_symbol_is_used_in_every_position():
    seen = [set() for _ in range(codes.VOUCHER_LEN)]
    for _ in range(3000):
        for i, ch in enumerate(normalise_code(new_voucher_code())):
            seen[i].add(ch)
    assert all(s == set(ALPHABET) for s in seen)


def _no_collisions(n: int) -> float:
    start = time.perf_counter()
    made = {new_voucher_code() for _ in range(n)}
    assert len(made) == n
    return time.perf_counter() - start


def test_no_collision_in_100_000_codes():
    _no_collisions(100_000)


@pytest.mark.slow
def test_no_collision_in_1_000_000_codes():
    # 53.4 bits: the chance of any clash among 10**6 codes is n^2/2N ~ 4e-5 per run.
    _no_collisions(1_000_000)


def _substitutions(compact: str):
    for i, ch in enumerate(compact):
        for sym in ALPHABET:
            if sym != ch:
                yield compact[:i] + sym + compact[i + 1 :]


def _adjacent_swaps(compact: str):
    for i in range(len(compact) - 1):
        if compact[i] != compact[i + 1]:
            yield compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]


def test_check_catches_every_single_substitution_and_adjacent_swap():
    """Exhaustive over 1,000 random voucher codes: 1000 x (12 x 28 + 11) typos."""
    tested = 0
    for _ in range(1000):
        compact = normalise_code(new_voucher_code())
        for typo in (*_substitutions(compact), *_adjacent_swaps(compact)):
            assert not is_valid(typo), (compact, typo)
            tested += 1
    assert tested > 1000 * 12 * 28


def test_check_catches_every_typo_in_card_codes():
    for _ in range(1000):
        compact = normalise_code(new_card_code())
        body = compact[2:]
        for typo in (*_substitutions(body), *_adjacent_swaps(body)):
            assert not is_valid_card_code("RB" + typo)


def test_proof_for_all_codes_not_just_a_sample():
    """The check sum is linear, so a typo changes it by an amount that does not depend on
    the other symbols. Enumerating every position and every pair of symbol values shows
    the change is never 0 mod 29 -- for every possible code, voucher or card."""
    p = len(ALPHABET)
    for length in (codes.VOUCHER_LEN, codes.CARD_DATA_LEN + 1):
        weights = range(1, length + 1)
        for w in weights:
            for a in range(p):
                for b in range(p):
                    if a != b:
                        assert (w * (b - a)) % p != 0  # substitution a -> b at weight w
        for w1, w2 in itertools.pairwise(weights):
            for a in range(p):
                for b in range(p):
                    if a != b:
                        # ...a b... -> ...b a...: change = w1*(b-a) + w2*(a-b)
                        assert (w1 * (b - a) + w2 * (a - b)) % p != 0


def test_check_catches_every_typo_on_a_constructed_worst_case():
    """Codes with repeated and extreme symbols, built deterministically."""
    for data in ("22222222222", "XXXXXXXXXXX", "2X2X2X2X2X2", "23456789ABC", "WX22WX22WX2"):
        compact = data + codes._check_symbol(data)
        assert is_valid(compact)
        for typo in (*_substitutions(compact), *_adjacent_swaps(compact)):
            assert not is_valid(typo)


def test_normalise_ignores_case_dashes_and_spaces():
    code = new_voucher_code()
    compact = code.replace("-", "")
    variants = [
        code.lower(),
        compact,
        f"  {compact[:4]} {compact[4:8]} {compact[8:]} ",
        code.replace("-", " – "),
        "\t" + code.lower().replace("-", "--") + "\n",
    ]
    for v in variants:
        assert normalise_code(v) == compact
        assert is_valid(v)
        assert format_code(v) == code


def test_normalise_never_guesses_lookalikes():
    assert normalise_code("o0-1il-yz") == "O01ILYZ"
    code = normalise_code(new_voucher_code())
    assert not is_valid("O" + code[1:])


def test_format_leaves_wrong_lengths_alone():
    assert format_code("abc-d") == "ABCD"
    assert format_card_code("rb4k7m9qx2t") == "RB-4K7-M9Q-X2T"


def test_suggestions_include_the_original_for_a_one_character_typo():
    for _ in range(200):
        code = new_voucher_code()
        compact = code.replace("-", "")
        i = secrets.randbelow(len(compact))
        wrong = next(s for s in ALPHABET if s != compact[i])
        typo = compact[:i] + wrong + compact[i + 1 :]
        suggestions = suggest_corrections(typo)
        assert code in suggestions
        # One replacement per position passes the check, plus neighbour swaps.
        assert 1 <= len(suggestions) <= 12 + 11
        assert all(is_valid(s) for s in suggestions)


def test_suggestions_for_a_neighbour_swap_and_a_foreign_symbol():
    code = new_voucher_code()
    compact = code.replace("-", "")
    i = next(i for i in range(11) if compact[i] != compact[i + 1])
    swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
    assert code in suggest_corrections(swapped)
    # An "O" where a real symbol was: only that position is tried, so one answer.
    with_o = compact[:5] + "O" + compact[6:]
    assert suggest_corrections(with_o.lower()) == [code]


def test_suggestions_for_valid_and_hopeless_input():
    code = new_voucher_code()
    assert suggest_corrections(code)[0] == code
    assert suggest_corrections("ABC") == []
    compact = code.replace("-", "")
    assert suggest_corrections("OO" + compact[2:]) == []


def test_card_suggestions():
    code = new_card_code()
    compact = code.replace("-", "")
    typo = compact[:6] + ("2" if compact[6] != "2" else "3") + compact[7:]
    assert code in suggest_card_corrections(typo)
    assert all(s.startswith("RB-") for s in suggest_card_corrections(typo))
    assert suggest_card_corrections("XX" + compact[2:]) == []


@pytest.mark.parametrize(
    "text",
    ["Bernadette", "Anna Smith", "Jean-Pierre Dupont", "0151 234 56789", "234567892345", "José"],
)
def test_names_and_phone_numbers_do_not_look_like_codes(text):
    assert not looks_like_voucher_code(text)
    assert not looks_like_card_code(text)


def test_scanned_and_typed_codes_look_like_codes():
    v = new_voucher_code()
    c = new_card_code()
    assert looks_like_voucher_code(v.replace("-", ""))
    assert looks_like_voucher_code(v.lower())
    assert looks_like_card_code(c.replace("-", ""))
    # A typo with a lookalike still counts as an attempt at a code.
    assert looks_like_voucher_code("O" + v[1:])
