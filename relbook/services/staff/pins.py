"""How PINs are kept: a slow, memory-hard hash (scrypt) with a salt per person.

A PIN has few digits, so whoever gets a copy of the book (an old backup, a lost laptop)
could try them all; what makes that slow is the hash. scrypt with N = 2^17 and r = 8
needs 128 MiB and about half a second on a shop PC for ONE guess, so trying every
6-digit owner PIN takes days of a computer's time instead of minutes, and graphics cards
gain little (the memory, not the arithmetic, is what each guess costs).

Books from before hold N = 2^14 hashes ("scrypt-14"). Those keep working; a PIN typed
right is hashed again the current way on the spot (a new salt too), so the weak hashes go
away as people sign in. Each stored hash names its method in ``staff_pin.kdf``.
"""

from __future__ import annotations

import hashlib
import hmac
import os

#: method name → scrypt parameters; the names are stored, never change one
KDFS: dict[str, dict[str, int]] = {
    "scrypt-14": {"n": 2**14, "r": 8, "p": 1},
    "scrypt-17": {"n": 2**17, "r": 8, "p": 1},
}
CURRENT = "scrypt-17"
SALT_BYTES = 16
_DKLEN = 32


def derive(pin: str, salt: bytes, kdf: str = CURRENT) -> bytes:
    """The hash of ``pin`` with ``salt`` by method ``kdf``."""
    params = KDFS[kdf]
    memory = 128 * params["r"] * params["n"] * params["p"]
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, dklen=_DKLEN, maxmem=memory + 2**20, **params
    )


def new_hash(pin: str) -> tuple[bytes, bytes, str]:
    """(salt, hash, method) for storing a PIN now."""
    salt = os.urandom(SALT_BYTES)
    return salt, derive(pin, salt, CURRENT), CURRENT


def matches(pin: str, salt: bytes, digest: bytes, kdf: str) -> bool:
    """Whether ``pin`` is the one stored (constant-time compare)."""
    if kdf not in KDFS:
        return False  # a method from a newer relbook: this one cannot check it
    return hmac.compare_digest(derive(pin, salt, kdf), digest)


def outdated(kdf: str) -> bool:
    return kdf != CURRENT
