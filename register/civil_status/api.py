"""Civil-status mutations: GraphQL input → command model → register command → payload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import strawberry

from register.civil_status import inputs as c
from register.civil_status.api_types import Citizen, Sex, UserError
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.resolving import perform

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.access import Account
    from register.unit_of_work import Given, Outcome

C = TypeVar("C", bound=c.Command)


@strawberry.type
class CitizenPayload:
    citizen: Citizen | None
    position: int | None = strawberry.field(
        description="Store position of the last event recorded; null when a retry was replayed."
    )
    errors: list[UserError]


@strawberry.type
class MarriagePayload(CitizenPayload):
    marriage_id: strawberry.ID | None


async def _run(
    info: strawberry.Info,
    handler: Callable[[Account, Given[C]], Outcome],
    command: type[C],
    given: Any,
) -> tuple[Outcome | None, Citizen | None, list[UserError]]:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return None, None, errors
    register = context_of(info).register
    record = await off_loop(register.store.load_citizen, UUID(outcome.result["citizenId"]))
    return outcome, Citizen.from_record(record), []


async def _citizen_payload(
    info: strawberry.Info,
    handler: Callable[[Account, Given[C]], Outcome],
    command: type[C],
    given: Any,
) -> CitizenPayload:
    outcome, citizen, errors = await _run(info, handler, command, given)
    return CitizenPayload(
        citizen=citizen, position=outcome.position if outcome else None, errors=errors
    )


_PERSON = [n for n in c.PersonFields.model_fields if n != "request_id"]
"""A person's fields as the API has always listed them: then the mission and the request id."""


@input_of(c.EnrollCitizen, order=[*_PERSON, "registered_mission", "request_id", "effective_date"])
class EnrollCitizenInput:
    sex: Sex  # type: ignore[valid-type]  # the model reads the enum's names


@input_of(
    c.RegisterBirth,
    order=[*_PERSON, "registered_mission", "request_id", "father_id", "mother_id"],
)
class RegisterBirthInput:
    sex: Sex  # type: ignore[valid-type]


@input_of(
    c.RecordMarriage,
    order=[
        *("citizen_id", "expected_version", "request_id", "effective_date", "place"),
        *("spouse_id", "spouse_name", "spouse_nationality", "authorisation_reference"),
    ],
)
class RecordMarriageInput:
    pass


@input_of(c.RecordDivorce)
class RecordDivorceInput:
    pass


@input_of(c.RecordDeath)
class RecordDeathInput:
    pass


@input_of(c.ChangeName)
class ChangeNameInput:
    pass


@input_of(c.ChangeResidence)
class ChangeResidenceInput:
    pass


@input_of(c.TransferRegistration)
class TransferRegistrationInput:
    pass


@input_of(c.CorrectEntry)
class CorrectEntryInput:
    new_value: str | None  # the API has always required it, if only as null


@strawberry.type
class CivilStatusMutation:
    @strawberry.mutation(description="Enter a citizen living abroad in the register.")
    async def enroll_citizen(
        self,
        info: strawberry.Info,
        input: EnrollCitizenInput,  # noqa: A002  # GraphQL's name
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.enroll_citizen, c.EnrollCitizen, input)

    @strawberry.mutation(description="Enter a child born abroad, linked to its parents.")
    async def register_birth(
        self,
        info: strawberry.Info,
        input: RegisterBirthInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.register_birth, c.RegisterBirth, input)

    @strawberry.mutation(description="Record a marriage; both records change when both are in.")
    async def record_marriage(
        self,
        info: strawberry.Info,
        input: RecordMarriageInput,  # noqa: A002
    ) -> MarriagePayload:
        reg = context_of(info).register
        outcome, citizen, errors = await _run(
            info, reg.civil_status.record_marriage, c.RecordMarriage, input
        )
        return MarriagePayload(
            citizen=citizen,
            position=outcome.position if outcome else None,
            errors=errors,
            marriage_id=strawberry.ID(outcome.result["marriageId"]) if outcome else None,
        )

    @strawberry.mutation
    async def record_divorce(
        self,
        info: strawberry.Info,
        input: RecordDivorceInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.record_divorce, c.RecordDivorce, input)

    @strawberry.mutation
    async def record_death(
        self,
        info: strawberry.Info,
        input: RecordDeathInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.record_death, c.RecordDeath, input)

    @strawberry.mutation
    async def change_name(
        self,
        info: strawberry.Info,
        input: ChangeNameInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.change_name, c.ChangeName, input)

    @strawberry.mutation
    async def change_residence(
        self,
        info: strawberry.Info,
        input: ChangeResidenceInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(
            info, reg.civil_status.change_residence, c.ChangeResidence, input
        )

    @strawberry.mutation(description="Move the citizen's consular registration to another mission.")
    async def transfer_registration(
        self,
        info: strawberry.Info,
        input: TransferRegistrationInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(
            info, reg.civil_status.transfer_registration, c.TransferRegistration, input
        )

    @strawberry.mutation(description="Correct an entry on a legal basis (officers only).")
    async def correct_entry(
        self,
        info: strawberry.Info,
        input: CorrectEntryInput,  # noqa: A002
    ) -> CitizenPayload:
        reg = context_of(info).register
        return await _citizen_payload(info, reg.civil_status.correct_entry, c.CorrectEntry, input)
