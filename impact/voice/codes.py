"""Single-use access codes: made at random, shown once, stored as a keyed hash.

A code is ten characters of an alphabet without look-alikes (no 0/O, 1/I/L), printed as two
groups of five (``K7QX3-MTR9P``): 31¹⁰ ≈ 8·10¹⁴ codes, so guessing one is hopeless at the
rate the entry page allows. The database keeps an HMAC-SHA-256 of the code keyed with the
server's secret: someone reading a copy of the database cannot rebuild a code to answer in
an agent's place.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5


def code_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def code_normalize(value: str) -> str | None:
    """The code an agent typed, upper-cased and without spaces or dashes; None if it cannot
    be one (wrong length or character)."""
    cleaned = "".join(ch for ch in str(value or "").upper() if ch not in " -\t\u00a0")
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_digest(value: str) -> str | None:
    """The stored hash of a code as typed; None when it cannot be a code."""
    cleaned = code_normalize(value)
    if cleaned is None:
        return None
    key = f"impact-agent-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, cleaned.encode(), hashlib.sha256).hexdigest()
