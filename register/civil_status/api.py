"""Civil-status mutations: GraphQL input → command model → register command → payload."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import strawberry

from register.civil_status import inputs as c
from register.civil_status.api_types import Citizen, Sex, UserError
from register.web.context import context_of, off_loop
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


@strawberry.input
class PersonInput:
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    sex: Sex  # type: ignore[valid-type]
    birth_date: date
    birth_place: str
    birth_country: str = strawberry.field(description="ISO 3166-1 alpha-3.")
    father_name: str | None = None
    mother_name: str | None = None
    national_id: str | None = None
    nationality: str = "MAR"
    registered_mission: str | None = strawberry.field(
        default=None, description="Mission code; defaults to the recording mission."
    )
    request_id: str | None = strawberry.field(
        default=None, description="Idempotency key: a retry returns the first outcome."
    )


@strawberry.input
class EnrollCitizenInput(PersonInput):
    effective_date: date | None = strawberry.field(
        default=None, description="The enrolment date; defaults to today."
    )


@strawberry.input
class RegisterBirthInput(PersonInput):
    father_id: strawberry.ID | None = None
    mother_id: strawberry.ID | None = None


@strawberry.input
class OnCitizenInput:
    citizen_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="Refuse with CONFLICT unless the record is at this version."
    )
    request_id: str | None = None


@strawberry.input
class RecordMarriageInput(OnCitizenInput):
    effective_date: date = strawberry.field(description="The date of the marriage.")
    place: str
    spouse_id: strawberry.ID | None = None
    spouse_name: str | None = strawberry.field(
        default=None, description="Required when the spouse is not in the register."
    )
    spouse_nationality: str | None = None
    authorisation_reference: str | None = strawberry.field(
        default=None, description="A court's authorisation: under-age or concurrent marriage."
    )


@strawberry.input
class RecordDivorceInput(OnCitizenInput):
    marriage_id: strawberry.ID
    effective_date: date = strawberry.field(description="The date the divorce took effect.")


@strawberry.input
class RecordDeathInput(OnCitizenInput):
    effective_date: date = strawberry.field(description="The date of death.")
    place: str


@strawberry.input
class ChangeNameInput(OnCitizenInput):
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    legal_basis: str
    effective_date: date | None = None


@strawberry.input
class ChangeResidenceInput(OnCitizenInput):
    address: str
    city: str
    country: str
    effective_date: date | None = None


@strawberry.input
class TransferRegistrationInput(OnCitizenInput):
    to_mission: str
    effective_date: date | None = None


@strawberry.input
class CorrectEntryInput(OnCitizenInput):
    field: str = strawberry.field(description="The entry, by its API name, e.g. birthDate.")
    new_value: str | None
    legal_basis: str
    effective_date: date | None = None
    marriage_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Correct this marriage's entry (field marriedOn), on both spouses' records.",
    )


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
