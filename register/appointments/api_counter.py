"""The appointment counter in GraphQL: the mission's agenda and calendar, staff operations."""

from __future__ import annotations

from datetime import date  # noqa: TC003  # strawberry reads the resolvers' annotations at runtime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import strawberry

from register.access import authorize
from register.appointments import inputs as ai
from register.appointments.api_types import (
    AgendaEntry,
    Allocation,
    AppointmentCalendar,
    AppointmentStatus,
)
from register.appointments.operations import AppointmentOperation
from register.civil_status.api_types import UserError
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.pagination import Connection, page_of
from register.web.resolving import perform
from register.web.scalars import read_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.access import Account
    from register.unit_of_work import Outcome


@strawberry.type
class CounterQuery:
    @strawberry.field(description="The mission's booked appointments on a day, by time (staff).")
    async def mission_agenda(
        self, info: strawberry.Info, mission: str, date: date
    ) -> list[AgendaEntry]:
        return await _agenda(info, mission, date)

    @strawberry.field(description="`missionAgenda`, a page at a time, of one status or service.")
    async def mission_agenda_page(  # the agenda's arguments, filters and paging
        self,
        info: strawberry.Info,
        mission: str,
        date: date,
        status: AppointmentStatus | None = None,  # type: ignore[valid-type]
        service: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AgendaEntry]:
        authorize(context_of(info).account, AppointmentOperation.MISSION_AGENDA_PAGE)
        code = service.strip().upper() if service else None
        shown = [
            e
            for e in await _agenda(info, mission, date)
            if (status is None or e.status is status) and (code is None or e.service == code)
        ]
        return page_of(shown, first, after)

    @strawberry.field(description="A mission's appointment calendar (staff); null when none.")
    async def appointment_calendar(
        self, info: strawberry.Info, mission: str
    ) -> AppointmentCalendar | None:
        context = context_of(info)
        found = await off_loop(
            context.register.appointments.calendars.appointment_calendar,
            context.account,
            mission.strip().upper(),
        )
        return None if found is None else AppointmentCalendar.from_record(found)


async def _agenda(info: strawberry.Info, mission: str, on: Any) -> list[AgendaEntry]:
    context = context_of(info)
    day = read_date(on, "date")
    found = await off_loop(
        context.register.appointments.counter.mission_agenda,
        context.account,
        mission.strip().upper(),
        day,
    )
    return [AgendaEntry.from_record(a) for a in found]


@input_of(ai.OnAppointment)
class MarkAppointmentInput:
    pass


@strawberry.type
class AppointmentPayload:
    appointment: AgendaEntry | None
    position: int | None
    errors: list[UserError]


@input_of(ai.ScheduleAppointmentService)
class ScheduleAppointmentServiceInput:
    pass


@input_of(ai.SetAppointmentRules)
class SetAppointmentRulesInput:
    allocation: Allocation = Allocation.FAIR_DRAW  # the model reads the enum's names


@input_of(ai.CloseAppointmentDay)
class CloseAppointmentDayInput:
    pass


@input_of(ai.ReopenAppointmentDay)
class ReopenAppointmentDayInput:
    pass


@strawberry.type
class CalendarPayload:
    calendar: AppointmentCalendar | None
    position: int | None
    errors: list[UserError]


@input_of(ai.RecordContactDetails)
class RecordContactDetailsInput:
    pass


@strawberry.type
class ContactPayload:
    citizen_id: strawberry.ID | None
    email: str | None
    position: int | None
    errors: list[UserError]


async def _calendar(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> CalendarPayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return CalendarPayload(calendar=None, position=None, errors=errors)
    context = context_of(info)
    found = await off_loop(
        context.register.appointments.calendars.calendar, outcome.result["mission"]
    )
    calendar = None if found is None else AppointmentCalendar.from_record(found)
    return CalendarPayload(calendar=calendar, position=outcome.position, errors=[])


async def _marked(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> AppointmentPayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return AppointmentPayload(appointment=None, position=None, errors=errors)
    register = context_of(info).register
    record = await off_loop(
        register.appointments.counter.load_appointment, UUID(outcome.result["appointmentId"])
    )
    entry = AgendaEntry.from_record(record)
    return AppointmentPayload(appointment=entry, position=outcome.position, errors=[])


@strawberry.type
class CounterMutation:
    @strawberry.mutation(description="The citizen came (staff of the appointment's mission).")
    async def mark_attended(
        self,
        info: strawberry.Info,
        input: MarkAppointmentInput,  # noqa: A002
    ) -> AppointmentPayload:
        register = context_of(info).register
        return await _marked(
            info, register.appointments.counter.mark_attended, ai.MarkAttended, input
        )

    @strawberry.mutation(description="The citizen did not come (after the appointment's time).")
    async def mark_no_show(
        self,
        info: strawberry.Info,
        input: MarkAppointmentInput,  # noqa: A002
    ) -> AppointmentPayload:
        register = context_of(info).register
        return await _marked(info, register.appointments.counter.mark_no_show, ai.MarkNoShow, input)

    @strawberry.mutation(description="Offer a service at your mission, or change its day (admins).")
    async def schedule_appointment_service(
        self,
        info: strawberry.Info,
        input: ScheduleAppointmentServiceInput,  # noqa: A002
    ) -> CalendarPayload:
        reg = context_of(info).register
        return await _calendar(
            info,
            reg.appointments.calendars.schedule_appointment_service,
            ai.ScheduleAppointmentService,
            input,
        )

    @strawberry.mutation(description="Fair draw or first come, pool window, weekly closed days.")
    async def set_appointment_rules(
        self,
        info: strawberry.Info,
        input: SetAppointmentRulesInput,  # noqa: A002
    ) -> CalendarPayload:
        reg = context_of(info).register
        return await _calendar(
            info, reg.appointments.calendars.set_appointment_rules, ai.SetAppointmentRules, input
        )

    @strawberry.mutation(description="Close a day to new appointments (admins).")
    async def close_appointment_day(
        self,
        info: strawberry.Info,
        input: CloseAppointmentDayInput,  # noqa: A002
    ) -> CalendarPayload:
        reg = context_of(info).register
        return await _calendar(
            info, reg.appointments.calendars.close_appointment_day, ai.CloseAppointmentDay, input
        )

    @strawberry.mutation(description="Open a closed day again (admins).")
    async def reopen_appointment_day(
        self,
        info: strawberry.Info,
        input: ReopenAppointmentDayInput,  # noqa: A002
    ) -> CalendarPayload:
        reg = context_of(info).register
        return await _calendar(
            info, reg.appointments.calendars.reopen_appointment_day, ai.ReopenAppointmentDay, input
        )

    @strawberry.mutation(description="Record where codes and reminders reach the citizen.")
    async def record_contact_details(
        self,
        info: strawberry.Info,
        input: RecordContactDetailsInput,  # noqa: A002
    ) -> ContactPayload:
        outcome, errors = await perform(
            info,
            context_of(info).register.appointments.calendars.record_contact_details,
            ai.RecordContactDetails,
            input,
        )
        if outcome is None:
            return ContactPayload(citizen_id=None, email=None, position=None, errors=errors)
        email = await off_loop(
            context_of(info).register.appointments.calendars.contact_email,
            outcome.result["citizenId"],
        )
        return ContactPayload(
            citizen_id=strawberry.ID(outcome.result["citizenId"]),
            email=email,
            position=outcome.position,
            errors=[],
        )
