"""The counter's side of appointments: the day's agenda, attended or missed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from domain.appointments import release_schedule as schedule
from domain.appointments.appointment import Appointment
from domain.appointments.slot_day import SlotDay
from domain.errors import AppointmentNotFound
from register.access import authorize, authorize_at
from register.appointments.operations import AppointmentOperation
from register.errors import Conflict

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

    from register.access import Account
    from register.appointments.calendars import Calendars
    from register.appointments.desk import AppointmentDesk
    from register.appointments.inputs import MarkAttended, MarkNoShow, OnAppointment
    from register.unit_of_work import Decision, Given, Outcome

    M = TypeVar("M", bound=OnAppointment)

LATEST = datetime.max.replace(tzinfo=UTC)


class Counter:
    """The day's agenda at a mission's counter; appointments marked attended or missed."""

    def __init__(self, desk: AppointmentDesk, calendars: Calendars) -> None:
        self.desk = desk
        self.store = desk.store
        self.calendars = calendars

    def mission_agenda(self, account: Account, mission: str, day: date) -> list[Appointment]:
        """The day's booked appointments at the mission, by time (staff)."""
        authorize(account, AppointmentOperation.MISSION_AGENDA)
        code = self.store.missions.get(mission).code
        calendar = self.calendars.calendar(code)
        ids = [
            appointment_id
            for service in sorted(calendar.services if calendar else {})
            for slot_day in [
                self.desk.find_hot(SlotDay, SlotDay.id_for(code, service, day), to_change=False)
            ]
            if slot_day is not None
            for appointment_id in slot_day.taken.values()
        ]
        found = [a for a in (self.store.find(Appointment, i) for i in ids) if a is not None]
        return sorted(found, key=lambda a: (a.starts_at or LATEST, a.service, str(a.id)))

    def load_appointment(self, appointment_id: UUID) -> Appointment:
        found = self.store.find(Appointment, appointment_id)
        if found is None:
            msg = f"no appointment with id {appointment_id}"
            raise AppointmentNotFound(msg, field="appointment_id")
        return found

    def _mark(
        self,
        account: Account,
        operation: AppointmentOperation,
        given: Given[M],
        *,
        attended: bool,
    ) -> Outcome:
        def decide(cmd: M) -> Decision:
            appointment = self.load_appointment(cmd.appointment_id)
            if cmd.expected_version is not None and appointment.version != cmd.expected_version:
                msg = (
                    f"the appointment is at version {appointment.version},"
                    f" not {cmd.expected_version}"
                )
                raise Conflict(msg, field="expected_version")
            authorize_at(
                account,
                operation,
                own_mission=appointment.mission == account.mission,
                refusal=f"only the mission {appointment.mission} marks this appointment",
                field="appointment_id",
            )
            by = self.store.recording(account, None)
            if attended:
                timezone = self.store.missions.get(appointment.mission).timezone
                local_today = schedule.local_day(self.desk.now(), timezone)
                appointment.mark_attended(local_today=local_today, by=by)
            else:
                appointment.mark_no_show(now=self.desk.now(), by=by)
            return [appointment], {"appointmentId": str(appointment.id)}

        return self.store.execute(account, operation, given, decide)

    def mark_attended(self, account: Account, given: Given[MarkAttended]) -> Outcome:
        return self._mark(account, AppointmentOperation.MARK_ATTENDED, given, attended=True)

    def mark_no_show(self, account: Account, given: Given[MarkNoShow]) -> Outcome:
        return self._mark(account, AppointmentOperation.MARK_NO_SHOW, given, attended=False)
