"""Appointments: the citizen books, cancels and lists; what each day offers now.

`Appointments` composes the calendars, the draws, the counter and the identity checks (their
modules beside this one) over one desk (desk.py). Events the citizen causes are recorded as
the account `self-service` at the appointment's mission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import structlog

from domain.appointments import release_schedule as schedule
from domain.appointments.appointment import Appointment
from domain.appointments.calendars import MissionCalendar, ServiceHours
from domain.appointments.limits import MonthlyCancellation
from domain.appointments.slot_day import SlotDay
from domain.base import Recording
from domain.errors import AppointmentNotFound, DomainError
from register.appointments.calendars import Calendars
from register.appointments.counter import Counter
from register.appointments.draws import Draws, PoolClosed
from register.appointments.identity import IdentityChecks, refused
from register.store.outage import StorageUnavailable
from register.unit_of_work import Outcome

if TYPE_CHECKING:
    from eventsourcing.domain import Aggregate

    from domain.civil_status.citizen import Citizen
    from register.appointments.desk import AppointmentDesk
    from register.appointments.inputs import (
        BookAppointment,
        CancelAppointment,
        Identified,
    )
    from register.appointments.otp import Claim

log = structlog.get_logger(__name__)
SELF_SERVICE = "self-service"
MAX_DAYS = 31


@dataclass(frozen=True)
class DayAvailability:
    day: date
    capacity: int
    released: int
    free: int
    bookable: bool
    next_release_at: datetime | None
    pool_closes_at: datetime | None
    """Set while a batch's pool is open: requests now are drawn by lot when it closes."""


@dataclass(frozen=True)
class BookableDay:
    calendar: MissionCalendar
    hours: ServiceHours
    timezone: str
    phase: schedule.DayPhase
    slot_day_id: UUID


class Appointments:
    """Booking, cancelling and listing (public, with a code); the parts it composes."""

    def __init__(self, desk: AppointmentDesk) -> None:
        self.desk = desk
        self.store = desk.store
        self.calendars = Calendars(desk)
        self.draws = Draws(desk, self.calendars)
        self.counter = Counter(desk, self.calendars)
        self.identity = IdentityChecks(desk, self.calendars)

    # -- booking and cancelling -------------------------------------------------------------

    def book_appointment(self, cmd: BookAppointment) -> Outcome:
        """Book (first come) or enter the draw (pool window); the code is spent on success.

        What the public availability already says (not offered, closed, not released, full)
        is refused before the code is checked: in a burst most requests find the day full, and
        they neither cost the citizen a try nor the register an identity check.
        """
        self.identity.limit(cmd.national_id)
        day = self._bookable_day(cmd)
        if day.phase.pool_batch is None:
            slot_day = self.desk.find_hot(SlotDay, day.slot_day_id, to_change=False)
            self._check_free(slot_day, day.hours.released_slots(day.phase.batches_open), cmd.date)
        citizen, claim = self.identity.prove(cmd, claim=True, limited=True)
        try:
            appointment, position = self._book(citizen, cmd)
        except (DomainError, StorageUnavailable):
            self._give_back(claim)
            raise
        log.info("appointment.requested", appointment_id=str(appointment.id))
        return Outcome({"appointmentId": str(appointment.id)}, position)

    def _give_back(self, claim: Claim) -> None:
        """Give the code back when its command was refused or the store could not record it
        (an outage after the claim: best effort, the database may be gone for this too)."""
        try:
            self.desk.otps.release(claim)
        except StorageUnavailable:
            log.warning("otp.not_given_back")

    def _open_calendar(self, mission: str, service: str) -> tuple[MissionCalendar, ServiceHours]:
        calendar = self.calendars.calendar(self.store.missions.get(mission).code)
        if calendar is None:
            msg = f"the mission gives no appointments for {service}"
            raise refused(msg, "SERVICE_NOT_OFFERED", "service")
        return calendar, calendar.hours(service)

    def _bookable_day(self, cmd: BookAppointment) -> BookableDay:
        """The calendar, the service's hours and the day's release phase, or the refusal."""
        calendar, hours = self._open_calendar(cmd.mission, cmd.service)
        timezone = self.store.missions.get(calendar.code).timezone
        now, day = self.desk.now(), cmd.date
        if not schedule.bookable(day, now, timezone):
            msg = f"appointments are booked for the next {schedule.WINDOW_DAYS} days, from tomorrow"
            raise refused(msg, "DAY_NOT_BOOKABLE", "day")
        if not calendar.is_open(day):
            raise refused(f"the mission is closed on {day}", "DAY_CLOSED", "day")
        phase = schedule.phase(day, now, timezone, pool_seconds=calendar.pool_window)
        if phase.batches_open == 0:
            opens = schedule.local(phase.next_batch_at or now, timezone)
            msg = f"the slots of {day} are released from {opens:%Y-%m-%d %H:%M} local time"
            raise refused(msg, "NOT_RELEASED", "day")
        slot_day_id = SlotDay.id_for(calendar.code, hours.code, day)
        return BookableDay(calendar, hours, timezone, phase, slot_day_id)

    def _book(self, citizen: Citizen, cmd: BookAppointment) -> tuple[Appointment, int | None]:
        """The booking or pool entry, and the store position it was recorded at."""
        found = self._bookable_day(cmd)
        calendar, hours, timezone, phase = found.calendar, found.hours, found.timezone, found.phase
        slot_day_id = found.slot_day_id
        now, day = self.desk.now(), cmd.date
        by = Recording(actor=SELF_SERVICE, mission=calendar.code, effective_date=now.date())
        if phase.pool_batch is not None:
            try:
                return self.draws.enter_pool(
                    citizen, calendar, hours, day, phase.pool_batch, timezone, by
                )
            except PoolClosed:
                phase = schedule.phase(
                    day, self.desk.now(), timezone, pool_seconds=calendar.pool_window
                )
        self.draws.ensure_drawn(calendar.code, hours, day, phase.closed_pools, timezone)
        released = hours.released_slots(phase.batches_open)
        # A full day is refused without queueing for its lock: in a burst, most requests are.
        self._check_free(self.desk.find_hot(SlotDay, slot_day_id, to_change=False), released, day)

        def decide() -> tuple[list[Aggregate], Appointment]:
            slot_day = SlotDay.open(
                self.desk.find_hot(SlotDay, slot_day_id), service=hours.code, day=day, by=by
            )
            free = self._check_free(slot_day, released, day)
            appointment = Appointment.book(
                citizen_id=citizen.id,
                service=hours.code,
                day=day,
                slot=free[0],
                starts_at=hours.starts_at(day, free[0], timezone),
                now=self.desk.now(),
                by=by,
            )
            index = self.desk.claim_index(appointment, self.desk.now(), by)
            slot_day.take([free[0]], [appointment.id], by=by)
            dossier = self.store.link_to_dossier(
                citizen.id, kind="appointment", aggregate_id=appointment.id, by=by
            )
            return [appointment, index, slot_day, dossier], appointment

        with self.desk.stripe(slot_day_id):
            return self.desk.retrying(decide)

    @staticmethod
    def _check_free(slot_day: SlotDay | None, released: list[int], day: date) -> list[int]:
        free = released if slot_day is None else slot_day.free_among(released)
        if not free:
            msg = f"no slot is free on {day}; freed slots and later batches reopen it"
            raise refused(msg, "SLOT_NO_LONGER_AVAILABLE", "day")
        return free

    def cancel_appointment(self, cmd: CancelAppointment) -> Outcome:
        """Cancel a booked appointment: one per calendar month (mission local time)."""
        citizen, claim = self.identity.prove(cmd, claim=True)
        try:
            appointment, position = self._cancel(citizen, cmd)
        except (DomainError, StorageUnavailable):
            self._give_back(claim)
            raise
        log.info("appointment.cancelled", appointment_id=str(appointment.id))
        return Outcome({"appointmentId": str(appointment.id)}, position)

    def _cancel(self, citizen: Citizen, cmd: CancelAppointment) -> tuple[Appointment, int | None]:
        found = self.store.find(Appointment, cmd.appointment_id)
        if found is None or found.citizen_id != citizen.id:
            msg = "the citizen has no appointment with that id"
            raise AppointmentNotFound(msg, field="appointment_id")
        timezone = self.store.missions.get(found.mission).timezone
        slot_day_id = SlotDay.id_for(found.mission, found.service, found.day)

        def decide() -> tuple[list[Aggregate], Appointment]:
            now = self.desk.now()
            appointment = self.store.find(Appointment, cmd.appointment_id)
            assert appointment is not None  # noqa: S101  # found above; never deleted
            by = Recording(actor=SELF_SERVICE, mission=found.mission, effective_date=now.date())
            appointment.cancel(now=now, by=by)
            month = schedule.local(now, timezone).strftime("%Y-%m")
            allowance = MonthlyCancellation.use(
                self.store.find(MonthlyCancellation, MonthlyCancellation.id_for(citizen.id, month)),
                appointment=appointment,
                month=month,
                by=by,
            )
            changed: list[Aggregate] = [appointment, allowance]
            slot_day = self.desk.find_hot(SlotDay, slot_day_id)
            if slot_day is not None:
                slot_day.free(appointment.id, by=by)
                changed.append(slot_day)
            return changed, appointment

        with self.desk.stripe(slot_day_id):
            return self.desk.retrying(decide)

    def cancel_on_death(self, citizen_id: UUID, by: Recording) -> list[Aggregate]:
        """A death ends the deceased's active appointments, at any mission, in the death's save.

        A booking still to come is cancelled and its slot freed for others; a pool entry is
        withdrawn, so its draw skips it (register/appointments/draws.py). Either way the
        appointment is no longer active, which frees the citizen's one-per-service index. It is
        recorded as the death's clerk, on the death's date; it uses no code and not the month's
        cancellation. The notices feed stops its reminders and mails nobody about it.
        """
        changed: list[Aggregate] = []
        now = self.desk.now()
        days: dict[UUID, SlotDay | None] = {}
        found = (
            self.store.find(Appointment, i) for i in self.store.dossier(citizen_id, "appointment")
        )
        for appointment in found:
            if appointment is None or not appointment.end_by_death(now=now, by=by):
                continue
            changed.append(appointment)
            day_id = SlotDay.id_for(appointment.mission, appointment.service, appointment.day)
            if day_id not in days:
                days[day_id] = self.desk.find_hot(SlotDay, day_id)
            if (slot_day := days[day_id]) is not None:
                slot_day.free(appointment.id, by=by)
        changed.extend(d for d in days.values() if d is not None)
        return changed

    def my_appointments(self, cmd: Identified) -> list[Appointment]:
        """The citizen's appointments, newest first (the code is checked, not spent)."""
        citizen, _ = self.identity.prove(cmd, claim=False)
        found = (
            self.store.find(Appointment, i) for i in self.store.dossier(citizen.id, "appointment")
        )
        return [a for a in found if a is not None][::-1]

    def available_slots(
        self, mission: str, service: str, start: date, end: date
    ) -> list[DayAvailability]:
        """What each day from `start` to `end` offers now (at most 31 days)."""
        if end < start or (end - start).days >= MAX_DAYS:
            msg = f"ask for 1 to {MAX_DAYS} days, `to` not before `from`"
            raise refused(msg, "OUT_OF_RANGE", "to")
        calendar, hours = self._open_calendar(mission, service)
        timezone = self.store.missions.get(calendar.code).timezone
        now = self.desk.now()
        days = []
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            phase = schedule.phase(day, now, timezone, pool_seconds=calendar.pool_window)
            open_ = calendar.is_open(day) and schedule.bookable(day, now, timezone)
            released = hours.released_slots(phase.batches_open) if open_ else []
            slot_day_id = SlotDay.id_for(calendar.code, hours.code, day)
            slot_day = self.desk.find_hot(SlotDay, slot_day_id, to_change=False)
            free = slot_day.free_among(released) if slot_day else released
            pool_closes_at = None
            if open_ and phase.pool_batch is not None:
                opened_at = schedule.batch_instants(day, timezone)[phase.pool_batch]
                pool_closes_at = opened_at + timedelta(seconds=calendar.pool_seconds)
            days.append(
                DayAvailability(
                    day=day,
                    capacity=hours.daily_capacity if calendar.is_open(day) else 0,
                    released=len(released),
                    free=len(free),
                    bookable=open_ and bool(released),
                    next_release_at=phase.next_batch_at if calendar.is_open(day) else None,
                    pool_closes_at=pool_closes_at,
                )
            )
        return days
