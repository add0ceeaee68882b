"""Staff passwords: argon2id hashes, and the rule an account name and a new password must meet."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256
NAME_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
"""An account name: what a clerk types at a counter, and what every event records as actor."""

_HASHER = PasswordHasher()  # argon2id, the library's RFC 9106 low-memory profile


class AccountRuleViolated(ValueError):
    """A name or password the register will not take; the message names the rule."""


def check_name(name: str) -> str:
    if not NAME_RULE.fullmatch(name):
        msg = (
            "an account name is 1 to 100 letters (a-z), digits, or . _ @ -,"
            " starting with a letter or digit"
        )
        raise AccountRuleViolated(msg)
    return name


def check_password(password: str) -> str:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        msg = f"a password is {MIN_LENGTH} to {MAX_LENGTH} characters"
        raise AccountRuleViolated(msg)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        msg = "a password holds no control characters"
        raise AccountRuleViolated(msg)
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(check_password(password))


@cache
def _decoy() -> str:
    return _HASHER.hash("a password no account has")


def verify(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (no such account) the same work is done, so
    the time taken does not tell which account names exist."""
    try:
        return _HASHER.verify(password_hash or _decoy(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's (then it is replaced)."""
    return _HASHER.check_needs_rehash(password_hash)
