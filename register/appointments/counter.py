"""The counter's side of appointments: the day's agenda, attended or missed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.appointments import release_schedule as schedule
from domain.appointments.appointment import Appointment
from domain.appointments.slot_day import SlotDay
from domain.errors import AppointmentNotFound
from register.access import authorize, authorize_at
from register.appointments.draws import DrawCommands
from register.errors import Conflict

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

    from register.access import Account
    from register.appointments.inputs import MarkAttended, MarkNoShow, OnAppointment
    from register.unit_of_work import Decision, Outcome

LATEST = datetime.max.replace(tzinfo=UTC)


class CounterCommands(DrawCommands):
    def mission_agenda(self, account: Account, mission: str, day: date) -> list[Appointment]:
        """The day's booked appointments at the mission, by time (staff)."""
        authorize(account, "missionAgenda")
        code = self.missions.get(mission).code
        calendar = self.calendar(code)
        ids = [
            appointment_id
            for service in sorted(calendar.services if calendar else {})
            for slot_day in [
                self.find_hot(SlotDay, SlotDay.id_for(code, service, day), to_change=False)
            ]
            if slot_day is not None
            for appointment_id in slot_day.taken.values()
        ]
        found = [a for a in (self._find(Appointment, i) for i in ids) if a is not None]
        return sorted(found, key=lambda a: (a.starts_at or LATEST, a.service, str(a.id)))

    def load_appointment(self, appointment_id: UUID) -> Appointment:
        found = self._find(Appointment, appointment_id)
        if found is None:
            msg = f"no appointment with id {appointment_id}"
            raise AppointmentNotFound(msg, field="appointment_id")
        return found

    def _mark(
        self, account: Account, operation: str, cmd: OnAppointment, *, attended: bool
    ) -> Outcome:
        def decide() -> Decision:
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
            by = self.recording(account, None)
            if attended:
                timezone = self.missions.get(appointment.mission).timezone
                local_today = schedule.local_day(self.now(), timezone)
                appointment.mark_attended(local_today=local_today, by=by)
            else:
                appointment.mark_no_show(now=self.now(), by=by)
            return [appointment], {"appointmentId": str(appointment.id)}

        return self.execute(account, operation, cmd, decide)

    def mark_attended(self, account: Account, cmd: MarkAttended) -> Outcome:
        return self._mark(account, "markAttended", cmd, attended=True)

    def mark_no_show(self, account: Account, cmd: MarkNoShow) -> Outcome:
        return self._mark(account, "markNoShow", cmd, attended=False)
