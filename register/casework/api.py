"""Casework in GraphQL: confidential cases, readable only by the missions that held them.

A refused read of `case(id)` is a GraphQL error whose extensions carry `code: FORBIDDEN` and
`field: id` (the data is null): a refusal, not an empty answer, so a client can tell the two.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import strawberry

from domain.casework import case as cases
from register.casework import inputs as cc
from register.civil_status.api_types import UserError
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.resolving import perform
from register.web.scalars import register_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.access import Account
    from register.unit_of_work import Outcome

CaseKind = strawberry.enum(cases.CaseKind, name="CaseKind")
CaseStatus = strawberry.enum(cases.CaseStatus, name="CaseStatus")


@strawberry.type
class CaseEntry:
    """A note, visit or handover, with who recorded it, where and for which day."""

    kind: str = strawberry.field(description="note, visit or handover.")
    text: str
    on: date
    actor: str
    mission: str
    place: str | None = strawberry.field(description="Where a visit took place.")
    to_mission: str | None = strawberry.field(description="Where a handover sent the case.")


@strawberry.type
class Case:
    id: strawberry.ID
    version: int
    citizen_id: strawberry.ID
    kind: CaseKind  # type: ignore[valid-type]
    status: CaseStatus  # type: ignore[valid-type]
    summary: str
    opened_on: date
    opened_at: str = strawberry.field(description="The mission that opened the case.")
    holding_mission: str
    missions: list[str] = strawberry.field(description="Every mission that has held the case.")
    entries: list[CaseEntry]
    closed_on: date | None
    outcome: str | None

    @classmethod
    def from_record(cls, c: cases.Case) -> Case:
        return cls(
            id=strawberry.ID(str(c.id)),
            version=c.version,
            citizen_id=strawberry.ID(str(c.citizen_id)),
            kind=c.kind,
            status=c.status,
            summary=c.summary,
            opened_on=c.opened_on,
            opened_at=c.opened_at,
            holding_mission=c.holding_mission,
            missions=list(c.missions),
            entries=[
                CaseEntry(
                    kind=e.kind,
                    text=e.text,
                    on=e.on,
                    actor=e.actor,
                    mission=e.mission,
                    place=e.place,
                    to_mission=e.to_mission,
                )
                for e in c.entries
            ],
            closed_on=c.closed_on,
            outcome=c.outcome,
        )


@strawberry.type
class CaseQuery:
    @strawberry.field(description="One case: auditors, or officers of a mission that held it.")
    async def case(
        self,
        info: strawberry.Info,
        id: strawberry.ID,  # noqa: A002  # GraphQL's name
    ) -> Case | None:
        context = context_of(info)
        case_id = register_id(id)
        record = await off_loop(context.register.casework.case, context.account, case_id)
        return None if record is None else Case.from_record(record)


# -- mutations -------------------------------------------------------------------------------


@input_of(cc.OpenCase)
class OpenCaseInput:
    kind: CaseKind  # type: ignore[valid-type]  # the model reads the enum's names


@input_of(cc.AddCaseNote)
class AddCaseNoteInput:
    pass


@input_of(cc.RecordCaseVisit)
class RecordCaseVisitInput:
    pass


@input_of(cc.HandOverCase)
class HandOverCaseInput:
    pass


@input_of(cc.CloseCase)
class CloseCaseInput:
    pass


@strawberry.type
class CasePayload:
    case: Case | None
    position: int | None
    errors: list[UserError]


async def _payload(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> CasePayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return CasePayload(case=None, position=None, errors=errors)
    # The caller holds or held the case: it may read what it just recorded.
    record = await off_loop(
        context_of(info).register.casework.load_case, UUID(outcome.result["caseId"])
    )
    return CasePayload(case=Case.from_record(record), position=outcome.position, errors=[])


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="Open a case at this mission (officers).")
    async def open_case(
        self,
        info: strawberry.Info,
        input: OpenCaseInput,  # noqa: A002  # GraphQL's name
    ) -> CasePayload:
        return await _payload(
            info, context_of(info).register.casework.open_case, cc.OpenCase, input
        )

    @strawberry.mutation(description="A note on the case (the holding mission's officers).")
    async def add_case_note(
        self,
        info: strawberry.Info,
        input: AddCaseNoteInput,  # noqa: A002
    ) -> CasePayload:
        return await _payload(
            info, context_of(info).register.casework.add_case_note, cc.AddCaseNote, input
        )

    @strawberry.mutation(description="A visit: prison, hospital, shelter…")
    async def record_case_visit(
        self,
        info: strawberry.Info,
        input: RecordCaseVisitInput,  # noqa: A002
    ) -> CasePayload:
        reg = context_of(info).register
        return await _payload(info, reg.casework.record_case_visit, cc.RecordCaseVisit, input)

    @strawberry.mutation(description="Hand the case to another mission, which then holds it.")
    async def hand_over_case(
        self,
        info: strawberry.Info,
        input: HandOverCaseInput,  # noqa: A002
    ) -> CasePayload:
        reg = context_of(info).register
        return await _payload(info, reg.casework.hand_over_case, cc.HandOverCase, input)

    @strawberry.mutation(description="Close the case, with its outcome.")
    async def close_case(
        self,
        info: strawberry.Info,
        input: CloseCaseInput,  # noqa: A002
    ) -> CasePayload:
        return await _payload(
            info, context_of(info).register.casework.close_case, cc.CloseCase, input
        )
