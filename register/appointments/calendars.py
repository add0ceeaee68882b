"""Appointment calendars (admins configure their mission's) and the citizens' contact details."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from domain.appointments.calendars import (
    AllocationMode,
    CalendarDirectory,
    MissionCalendar,
    ServiceHours,
)
from domain.appointments.contact import ContactDetails
from register.access import authorize
from register.appointments.operations import AppointmentOperation

if TYPE_CHECKING:
    from collections.abc import Callable

    from eventsourcing.domain import Aggregate

    from domain.base import Recording
    from register.access import Account
    from register.appointments.desk import AppointmentDesk
    from register.appointments.inputs import (
        CloseAppointmentDay,
        RecordContactDetails,
        ReopenAppointmentDay,
        ScheduleAppointmentService,
        SetAppointmentRules,
    )
    from register.civil_status.inputs import Command
    from register.unit_of_work import Decision, Given, Outcome

    W = TypeVar("W", bound=Command)


class Calendars:
    """Each mission's calendar: services, hours, rules, closed days; the contact details."""

    def __init__(self, desk: AppointmentDesk) -> None:
        self.desk = desk
        self.store = desk.store

    # -- the calendar -----------------------------------------------------------------------

    def calendar(self, mission: str) -> MissionCalendar | None:
        """The mission's calendar, to read (changes go through `_configure`)."""
        return self.desk.find_hot(MissionCalendar, MissionCalendar.id_for(mission), to_change=False)

    def _configure(
        self,
        account: Account,
        operation: AppointmentOperation,
        given: Given[W],
        change: Callable[[MissionCalendar, Recording, W], None],
    ) -> Outcome:
        def decide(cmd: W) -> Decision:
            by = self.store.recording(account, None)
            calendar = self.desk.find_hot(MissionCalendar, MissionCalendar.id_for(account.mission))
            changed: list[Aggregate] = []
            if calendar is None:
                calendar = MissionCalendar.open(by=by)
                directory = self.store.find(CalendarDirectory, CalendarDirectory.ID)
                changed.append(CalendarDirectory.list_mission(directory, by=by))
            change(calendar, by, cmd)
            return [calendar, *changed], {"mission": account.mission}

        return self.store.execute(account, operation, given, decide)

    def schedule_appointment_service(
        self, account: Account, given: Given[ScheduleAppointmentService]
    ) -> Outcome:
        def schedule(
            calendar: MissionCalendar, by: Recording, cmd: ScheduleAppointmentService
        ) -> None:
            hours = ServiceHours(
                cmd.service,
                cmd.daily_capacity,
                cmd.first_appointment,
                cmd.minutes_per_appointment,
                cmd.desks,
                tuple(cmd.release_shares),
            )
            calendar.schedule_service(hours, by=by)

        return self._configure(
            account, AppointmentOperation.SCHEDULE_APPOINTMENT_SERVICE, given, schedule
        )

    def set_appointment_rules(self, account: Account, given: Given[SetAppointmentRules]) -> Outcome:
        return self._configure(
            account,
            AppointmentOperation.SET_APPOINTMENT_RULES,
            given,
            lambda calendar, by, cmd: calendar.set_rules(
                allocation=AllocationMode[cmd.allocation],
                pool_seconds=cmd.pool_seconds,
                weekly_closed_days=cmd.weekly_closed_days,
                by=by,
            ),
        )

    def close_appointment_day(self, account: Account, given: Given[CloseAppointmentDay]) -> Outcome:
        return self._configure(
            account,
            AppointmentOperation.CLOSE_APPOINTMENT_DAY,
            given,
            lambda calendar, by, cmd: calendar.close_day(
                day=cmd.date, reason=cmd.reason, by=by, today=self.store.today()
            ),
        )

    def reopen_appointment_day(
        self, account: Account, given: Given[ReopenAppointmentDay]
    ) -> Outcome:
        return self._configure(
            account,
            AppointmentOperation.REOPEN_APPOINTMENT_DAY,
            given,
            lambda calendar, by, cmd: calendar.reopen_day(day=cmd.date, by=by),
        )

    def appointment_calendar(self, account: Account, mission: str) -> MissionCalendar | None:
        authorize(account, AppointmentOperation.APPOINTMENT_CALENDAR)
        return self.calendar(self.store.missions.get(mission).code)

    # -- contact details --------------------------------------------------------------------

    def record_contact_details(
        self, account: Account, given: Given[RecordContactDetails]
    ) -> Outcome:
        def decide(cmd: RecordContactDetails) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id)
            by = self.store.recording(account, None)
            existing = self.store.find(ContactDetails, ContactDetails.id_for(citizen.id))
            contact = ContactDetails.record(existing, citizen_id=citizen.id, email=cmd.email, by=by)
            changed: list[Aggregate] = [contact]
            if existing is None:
                changed.append(
                    self.store.link_to_dossier(
                        citizen.id, kind="contact", aggregate_id=contact.id, by=by
                    )
                )
            return changed, {"citizenId": str(citizen.id)}

        return self.store.execute(
            account, AppointmentOperation.RECORD_CONTACT_DETAILS, given, decide
        )

    def contact_email(self, citizen_id: str | UUID) -> str | None:
        """The citizen's e-mail address, or None (the notifier passes ids as text)."""
        found = self.store.find(ContactDetails, ContactDetails.id_for(UUID(str(citizen_id))))
        return None if found is None else found.email
