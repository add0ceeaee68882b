"""Legalisation in GraphQL: officers legalise and revoke; the public e-Register verifies."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

import strawberry

from register.civil_status.api_types import UserError
from register.services import legalisation_inputs as lc
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.resolving import perform, public_floor
from register.web.scalars import register_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.services.legalisation import Legalisation as LegalisationRecord
    from register.access import Account
    from register.unit_of_work import Outcome


@strawberry.enum
class VerificationStatus(Enum):
    VALID = "VALID"
    REVOKED = "REVOKED"
    UNKNOWN = "UNKNOWN"
    """No legalisation has that code on that date (or the code cannot be one)."""


@strawberry.type
class Legalisation:
    """A legalisation as the register holds it (staff)."""

    id: strawberry.ID
    version: int
    citizen_id: strawberry.ID
    number: str
    code: str = strawberry.field(description="The public verification code, printed on the paper.")
    legalised_on: date
    mission: str
    officer: str
    document_kind: str
    issuing_authority: str
    signer_name: str | None
    signer_capacity: str | None
    sealing_authority: str | None
    document_sha256: str | None
    status: VerificationStatus
    revoked_on: date | None
    revocation_reason: str | None

    @classmethod
    def from_record(cls, r: LegalisationRecord) -> Legalisation:
        return cls(
            id=strawberry.ID(str(r.id)),
            version=r.version,
            citizen_id=strawberry.ID(str(r.citizen_id)),
            number=r.number,
            code=r.code,
            legalised_on=r.legalised_on,
            mission=r.mission,
            officer=r.officer,
            document_kind=r.document_kind,
            issuing_authority=r.issuing_authority,
            signer_name=r.signer_name,
            signer_capacity=r.signer_capacity,
            sealing_authority=r.sealing_authority,
            document_sha256=r.document_sha256,
            status=VerificationStatus.REVOKED if r.revoked else VerificationStatus.VALID,
            revoked_on=r.revoked_on,
            revocation_reason=r.revocation_reason,
        )


@strawberry.type
class LegalisationVerification:
    """The e-Register's answer: the same fields whatever the code; null when UNKNOWN."""

    status: VerificationStatus
    number: str | None
    legalised_on: date | None
    signer_name: str | None
    signer_capacity: str | None
    sealing_authority: str | None

    @classmethod
    def of(cls, r: LegalisationRecord | None) -> LegalisationVerification:
        if r is None:
            return cls(
                status=VerificationStatus.UNKNOWN,
                number=None,
                legalised_on=None,
                signer_name=None,
                signer_capacity=None,
                sealing_authority=None,
            )
        return cls(
            status=VerificationStatus.REVOKED if r.revoked else VerificationStatus.VALID,
            number=r.number,
            legalised_on=r.legalised_on,
            signer_name=r.signer_name,
            signer_capacity=r.signer_capacity,
            sealing_authority=r.sealing_authority,
        )


def _day(value: Any) -> date | None:
    """The date asked for; an unreadable one can match no legalisation."""
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return None


@strawberry.type
class LegalisationQuery:
    @strawberry.field(description="One legalisation by id (staff).")
    async def legalisation(
        self,
        info: strawberry.Info,
        id: strawberry.ID,  # noqa: A002  # GraphQL's name
    ) -> Legalisation | None:
        context = context_of(info)
        legalisation_id = register_id(id)
        record = await off_loop(
            context.register.legalisations.legalisation, context.account, legalisation_id
        )
        return None if record is None else Legalisation.from_record(record)

    @strawberry.field(
        description="Public e-Register: check a legalisation by its code and date (no token)."
    )
    async def verify_legalisation(
        self,
        info: strawberry.Info,
        code: str,
        date: date,  # GraphQL's name (shadows the type inside the resolver only)
    ) -> LegalisationVerification:
        register = context_of(info).register
        async with public_floor():
            day = _day(date)
            record = await off_loop(register.legalisations.verify_legalisation, code, day)
        return LegalisationVerification.of(record)


# -- mutations -------------------------------------------------------------------------------


@input_of(lc.LegaliseDocument)
class LegaliseDocumentInput:
    pass


@input_of(
    lc.RevokeLegalisation, order=["legalisation_id", "reason", "expected_version", "request_id"]
)
class RevokeLegalisationInput:
    pass


@strawberry.type
class LegalisationPayload:
    legalisation: Legalisation | None
    position: int | None
    errors: list[UserError]


async def _payload(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> LegalisationPayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return LegalisationPayload(legalisation=None, position=None, errors=errors)
    register = context_of(info).register
    record = await off_loop(
        register.legalisations.load_legalisation, UUID(outcome.result["legalisationId"])
    )
    return LegalisationPayload(
        legalisation=Legalisation.from_record(record), position=outcome.position, errors=[]
    )


@strawberry.type
class LegalisationMutation:
    @strawberry.mutation(description="Attest a document's signature or seal (officers).")
    async def legalise_document(
        self,
        info: strawberry.Info,
        input: LegaliseDocumentInput,  # noqa: A002  # GraphQL's name
    ) -> LegalisationPayload:
        reg = context_of(info).register
        return await _payload(info, reg.legalisations.legalise_document, lc.LegaliseDocument, input)

    @strawberry.mutation(description="Revoke a legalisation, with the reason (officers).")
    async def revoke_legalisation(
        self,
        info: strawberry.Info,
        input: RevokeLegalisationInput,  # noqa: A002
    ) -> LegalisationPayload:
        reg = context_of(info).register
        return await _payload(
            info, reg.legalisations.revoke_legalisation, lc.RevokeLegalisation, input
        )
