"""Booking in GraphQL: the citizen's own appointment operations, public and without a token.

These fields (`availableSlots`, `requestOtp`, `bookAppointment`, `cancelAppointment`,
`myAppointments`, `appointmentDraws`) never read the caller's account; those that check an
identity answer no sooner than the public floor, so timing does not tell who is registered.
"""

from __future__ import annotations

import time
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar
from uuid import UUID

import strawberry
from pydantic.alias_generators import to_camel

from domain.errors import DomainError
from register.appointments import inputs as ai
from register.appointments.api_types import AppointmentDraw, MyAppointment, SlotAvailability
from register.appointments.otp import VALID_FOR
from register.civil_status.api_types import UserError
from register.civil_status.inputs import Command, parse
from register.web.context import context_of, off_loop
from register.web.resolving import no_sooner_than, user_errors
from register.web.scalars import read_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.unit_of_work import Outcome

C = TypeVar("C", bound=Command)


def _input(command: type[C], given: Any) -> C:
    data = {
        to_camel(k): v.name if isinstance(v, Enum) else v
        for k, v in strawberry.asdict(given).items()
    }
    return parse(command, data)


@strawberry.type
class BookingQuery:
    @strawberry.field(
        description="Public: what each day from `from` to `to` (at most 31) offers now."
    )
    async def available_slots(
        self,
        info: strawberry.Info,
        mission: str,
        service: str,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> list[SlotAvailability]:
        register = context_of(info).register
        days = await off_loop(
            register.appointments.available_slots,
            mission.strip().upper(),
            service.strip().upper(),
            read_date(from_, "from"),
            read_date(to, "to"),
        )
        return [SlotAvailability.from_record(d) for d in days]

    @strawberry.field(
        description="Public: the citizen's appointments (national ID, birth date, code)."
    )
    async def my_appointments(
        self, info: strawberry.Info, national_id: str, birth_date: date, code: str
    ) -> list[MyAppointment]:
        started = time.perf_counter()
        register = context_of(info).register
        try:
            given = parse(
                ai.Identified, {"nationalId": national_id, "birthDate": birth_date, "code": code}
            )
            found = await off_loop(register.appointments.my_appointments, given)
        finally:
            await no_sooner_than(started)
        return [MyAppointment.from_record(a) for a in found]

    @strawberry.field(
        description="Public, for auditors: the day's draws at the mission, seeds and order."
    )
    async def appointment_draws(
        self, info: strawberry.Info, mission: str, date: date
    ) -> list[AppointmentDraw]:
        register = context_of(info).register
        day = read_date(date, "date")
        releases = await off_loop(
            register.appointments.draws.appointment_draws, mission.strip().upper(), day
        )
        return [AppointmentDraw.from_record(r) for r in releases]


@strawberry.input
class RequestOtpInput:
    national_id: str
    birth_date: date


@strawberry.input
class BookAppointmentInput:
    mission: str
    service: str
    national_id: str
    birth_date: date
    date: date
    code: str = strawberry.field(description="The one-time code mailed by requestOtp.")


@strawberry.input
class CancelAppointmentInput:
    appointment_id: strawberry.ID
    national_id: str
    birth_date: date
    code: str


@strawberry.type
class OtpPayload:
    valid_for_seconds: int | None = strawberry.field(
        description="If the national ID and birth date match a citizen with an e-mail address on"
        " file, a code valid this long was mailed; the answer is the same either way."
    )
    errors: list[UserError]


@strawberry.type
class BookingPayload:
    appointment: MyAppointment | None
    position: int | None
    errors: list[UserError]


async def _booking(
    info: strawberry.Info, handler: Callable[[C], Outcome], command: type[C], given: Any
) -> BookingPayload:
    started = time.perf_counter()
    register = context_of(info).register
    try:
        outcome = await off_loop(handler, _input(command, given))
        appointment = await off_loop(
            register.appointments.counter.load_appointment, UUID(outcome.result["appointmentId"])
        )
    except DomainError as e:
        return BookingPayload(appointment=None, position=None, errors=user_errors(e))
    finally:
        await no_sooner_than(started)
    return BookingPayload(
        appointment=MyAppointment.from_record(appointment), position=outcome.position, errors=[]
    )


@strawberry.type
class BookingMutation:
    @strawberry.mutation(description="Public: mail a one-time code to the address on file.")
    async def request_otp(
        self,
        info: strawberry.Info,
        input: RequestOtpInput,  # noqa: A002  # GraphQL's name
    ) -> OtpPayload:
        started = time.perf_counter()
        register = context_of(info).register
        try:
            await off_loop(register.appointments.identity.request_otp, _input(ai.RequestOtp, input))
        except DomainError as e:
            return OtpPayload(valid_for_seconds=None, errors=user_errors(e))
        finally:
            await no_sooner_than(started)
        return OtpPayload(valid_for_seconds=int(VALID_FOR.total_seconds()), errors=[])

    @strawberry.mutation(
        description="Public: book a day's earliest free slot, or enter the draw while a batch's"
        " pool is open. Personal: it cannot be transferred."
    )
    async def book_appointment(
        self,
        info: strawberry.Info,
        input: BookAppointmentInput,  # noqa: A002
    ) -> BookingPayload:
        register = context_of(info).register
        return await _booking(
            info, register.appointments.book_appointment, ai.BookAppointment, input
        )

    @strawberry.mutation(description="Public: cancel a booked appointment (one per month).")
    async def cancel_appointment(
        self,
        info: strawberry.Info,
        input: CancelAppointmentInput,  # noqa: A002
    ) -> BookingPayload:
        register = context_of(info).register
        return await _booking(
            info, register.appointments.cancel_appointment, ai.CancelAppointment, input
        )
