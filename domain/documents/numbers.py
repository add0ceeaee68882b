"""Document numbers: their format, and the index that makes each one unique in the register.

Two officers issuing the same number both try to create version 1 of the number's index
aggregate in the issue's transaction, so the store lets only one of them commit.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.errors import DocumentNumberTaken

DOCUMENT_NUMBER = re.compile(r"^[A-Z]{2}[0-9]{7}$")
"""Two letters then seven digits (e.g. AB1234567), for passports and ID cards alike.

Blank booklets and cards arrive at the missions pre-numbered; the officer issuing one enters
the number printed on the blank. Nine characters fill the MRZ's document-number field exactly.
"""


def normalise_number(value: str) -> str | None:
    """The number in its canonical form (spaces removed, upper case), or None if malformed."""
    value = value.replace(" ", "").upper()
    return value if DOCUMENT_NUMBER.match(value) else None


class DocumentNumberIndex(Aggregate):
    """Which document holds a number. Never released: a lost passport's number stays taken."""

    TOPIC = "sijill/index/document-number"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/document-number/claimed/v1"
        number: str
        document_id: UUID

    def __init__(self, *, number: str, document_id: UUID, **_: Any) -> None:
        self.number = number
        self.document_id = document_id

    @staticmethod
    def id_for(number: str) -> UUID:
        return name_id("document-number", number)

    @classmethod
    def claim(
        cls, existing: DocumentNumberIndex | None, *, number: str, document_id: UUID, by: Recording
    ) -> DocumentNumberIndex:
        """Claim `number` for `document_id`; refused if any document already holds it."""
        if existing is not None:
            msg = f"document number {number} is already in the register"
            raise DocumentNumberTaken(msg, field="number")
        return cls._create(
            cls.Created,
            id=cls.id_for(number),
            number=number,
            document_id=document_id,
            **by.fields(),
        )
