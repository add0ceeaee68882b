"""Legalisation of a document's signature or seal, with a public e-Register verification code.

The code is 16 random Crockford base-32 characters (80 bits from `secrets`), printed in four
groups (``7K3F-9Q2M-XA4B-C8DE``): no sequence to walk, nothing to enumerate. The number printed
beside it (``CAI-2026-7K3F9-Q2MXA``: mission, year, 50 random bits) is for people, not lookups.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.errors import LegalisationRuleViolated
from domain.services.tracking_number import CROCKFORD

CODE_LENGTH = 16
NUMBER_LENGTH = 10
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(f"[{CROCKFORD}]{{{CODE_LENGTH}}}")


def _random(length: int) -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(length))


def new_code() -> str:
    raw = _random(CODE_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str | None:
    """The code as issued (grouped), from what a person typed; None if it cannot be a code."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_CONFUSABLE)
    if not _CODE.fullmatch(compact):
        return None
    return "-".join(compact[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def new_number(mission: str, year: int) -> str:
    raw = _random(NUMBER_LENGTH)
    return f"{mission}-{year:04d}-{raw[:5]}-{raw[5:]}"


class Legalisation(Aggregate):
    """One legalised document: what it is, who signed or sealed it, the officer who attests it."""

    TOPIC = "sijill/legalisation"

    class Event(RegisterEvent):
        citizen_id: UUID

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/legalisation/created"

    class DocumentLegalised(Created):
        TOPIC = "sijill/legalisation/legalised/v1"
        code: str
        number: str
        document_kind: str
        issuing_authority: str
        signer_name: str | None
        signer_capacity: str | None
        sealing_authority: str | None
        document_sha256: str | None
        """SHA-256 of the document's file, lowercase hex, when a file was presented."""

    class LegalisationRevoked(Event):
        TOPIC = "sijill/legalisation/revoked/v1"
        reason: str

        def apply(self, aggregate: Legalisation) -> None:
            aggregate.revoked_on = self.effective_date
            aggregate.revocation_reason = self.reason

    def __init__(  # noqa: PLR0913  # the DocumentLegalised event's fields, applied on replay too
        self,
        *,
        citizen_id: UUID,
        code: str,
        number: str,
        document_kind: str,
        issuing_authority: str,
        signer_name: str | None,
        signer_capacity: str | None,
        sealing_authority: str | None,
        document_sha256: str | None,
        actor: str,
        mission: str,
        effective_date: date,
        **_: Any,
    ) -> None:
        self.citizen_id = citizen_id
        self.code = code
        self.number = number
        self.document_kind = document_kind
        self.issuing_authority = issuing_authority
        self.signer_name = signer_name
        self.signer_capacity = signer_capacity
        self.sealing_authority = sealing_authority
        self.document_sha256 = document_sha256
        self.officer = actor
        self.mission = mission
        self.legalised_on = effective_date
        self.revoked_on: date | None = None
        self.revocation_reason: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    @classmethod
    def legalise(  # a legalisation has this many facts
        cls,
        *,
        citizen_id: UUID,
        document_kind: str,
        issuing_authority: str,
        signer_name: str | None,
        signer_capacity: str | None,
        sealing_authority: str | None,
        document_sha256: str | None,
        by: Recording,
    ) -> Legalisation:
        """Attest the signature (name and capacity) or the seal; the code is drawn here."""
        if (signer_name is None) != (signer_capacity is None):
            field = "signer_capacity" if signer_capacity is None else "signer_name"
            msg = "a signer is named with the capacity in which they signed"
            raise LegalisationRuleViolated(msg, field=field, code="REQUIRED")
        if signer_name is None and sealing_authority is None:
            msg = "name the signer and capacity, or the sealing authority"
            raise LegalisationRuleViolated(msg, field="signer_name", code="REQUIRED")
        return cls._create(
            cls.DocumentLegalised,
            id=uuid4(),
            citizen_id=citizen_id,
            code=new_code(),
            number=new_number(by.mission, by.effective_date.year),
            document_kind=document_kind,
            issuing_authority=issuing_authority,
            signer_name=signer_name,
            signer_capacity=signer_capacity,
            sealing_authority=sealing_authority,
            document_sha256=document_sha256,
            **by.fields(),
        )

    def revoke(self, *, reason: str, by: Recording) -> None:
        if self.revoked_on is not None:
            msg = f"the legalisation was revoked on {self.revoked_on.isoformat()}"
            raise LegalisationRuleViolated(msg, field="legalisation_id", code="ALREADY_REVOKED")
        self.trigger_event(
            self.LegalisationRevoked, citizen_id=self.citizen_id, reason=reason, **by.fields()
        )


class LegalisationCodeIndex(Aggregate):
    """Which legalisation a verification code names: the e-Register's only way in."""

    TOPIC = "sijill/index/legalisation-code"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/legalisation-code/assigned/v1"
        legalisation_id: UUID

    def __init__(self, *, legalisation_id: UUID, **_: Any) -> None:
        self.legalisation_id = legalisation_id

    @staticmethod
    def id_for(code: str) -> UUID:
        return name_id("legalisation-code", code)

    @classmethod
    def assign(cls, legalisation: Legalisation, *, by: Recording) -> LegalisationCodeIndex:
        return cls._create(
            cls.Created,
            id=cls.id_for(legalisation.code),
            legalisation_id=legalisation.id,
            **by.fields(),
        )
