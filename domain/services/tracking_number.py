"""Tracking numbers of service requests: readable, typed by hand, and checked as they are typed.

Format: ``PAR-2026-7K3F9Q-X`` — the mission where the request was made, the year, six random
Crockford base-32 characters (no I, L, O or U), and a check character. The check character is
ISO 7064 MOD 37-2 over the 13 characters before it (hyphens ignored): it catches every single
character typed wrong and every swap of two neighbouring characters. The pure system's 37th
check value is ``*``; numbers whose check would be ``*`` are never issued, so a tracking number
only ever holds letters and digits.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
"""ISO 7064 MOD 37-2's characters, by value; ``*`` (36) is only ever a check character."""
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 6
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_COMPACT = re.compile(r"([A-Z]{3})([0-9]{4})([0-9A-Z]{6})([0-9A-Z*])")


class TrackingNumberInvalid(ValueError):
    """A tracking number that is malformed or whose check character does not match."""


def check_character(payload: str) -> str:
    """The ISO 7064 MOD 37-2 check character of `payload` (characters of ALPHABET but ``*``)."""
    total = 0
    for ch in payload:
        total = ((total + ALPHABET.index(ch)) * 2) % 37
    return ALPHABET[(38 - total) % 37]


def is_valid(compact: str) -> bool:
    """True when the last character of `compact` (no hyphens) is the check of the others."""
    if len(compact) < 2 or any(ch not in ALPHABET for ch in compact) or "*" in compact[:-1]:
        return False
    return check_character(compact[:-1]) == compact[-1]


def _format(mission: str, year: str, body: str, check: str) -> str:
    return f"{mission}-{year}-{body}-{check}"


def issue(mission: str, year: int) -> str:
    """A new tracking number for a request made at `mission` in `year` (random, never ``*``)."""
    while True:
        body = "".join(secrets.choice(CROCKFORD) for _ in range(BODY_LENGTH))
        check = check_character(f"{mission}{year:04d}{body}")
        if check != "*":
            return _format(mission, f"{year:04d}", body, check)


def parse(text: str) -> str:
    """The tracking number in its printed form, from what a person typed.

    Case, spaces and hyphens do not matter; in the random part O reads as 0 and I or L as 1
    (Crockford). Raises TrackingNumberInvalid when the shape or the check character is wrong.
    """
    compact = "".join(text.split()).replace("-", "").upper()
    found = _COMPACT.fullmatch(compact)
    if found is None:
        msg = "a tracking number reads like PAR-2026-7K3F9Q-X"
        raise TrackingNumberInvalid(msg)
    mission, year, body, check = found.groups()
    body = body.translate(_CONFUSABLE)
    if any(ch not in CROCKFORD for ch in body) or not is_valid(mission + year + body + check):
        msg = "the tracking number's check character does not match: it was mistyped"
        raise TrackingNumberInvalid(msg)
    return _format(mission, year, body, check)


class TrackingNumberIndex(Aggregate):
    """Which service request a tracking number names; created with the request, never moved."""

    TOPIC = "sijill/index/tracking-number"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/tracking-number/assigned/v1"
        tracking_number: str
        service_request_id: UUID

    def __init__(self, *, tracking_number: str, service_request_id: UUID, **_: Any) -> None:
        self.tracking_number = tracking_number
        self.service_request_id = service_request_id

    @staticmethod
    def id_for(tracking_number: str) -> UUID:
        return name_id("tracking-number", tracking_number)

    @classmethod
    def assign(
        cls, *, tracking_number: str, service_request_id: UUID, by: Recording
    ) -> TrackingNumberIndex:
        """Claim the number; a second claim of it cannot commit (same id, version 1)."""
        return cls._create(
            cls.Created,
            id=cls.id_for(tracking_number),
            tracking_number=tracking_number,
            service_request_id=service_request_id,
            **by.fields(),
        )
