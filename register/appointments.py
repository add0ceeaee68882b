"""Appointments: the citizen books, cancels and lists with a one-time code; the counter marks.

Public operations take no token. The caller proves who they are with national ID number,
birth date and the one-time code mailed to the address on file; each national ID number is
rate-limited (in this process) on top of the per-address limit of the web layer. Events the
citizen causes are recorded as the account `self-service` at the appointment's mission.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import structlog

from domain import release_schedule as schedule
from domain.appointment import Appointment, MonthlyCancellation
from domain.base import Recording, name_id
from domain.citizen import Citizen
from domain.errors import AppointmentNotFound, AppointmentRefused, DomainError
from domain.slot_day import SlotDay
from register.appointment_counter import CounterCommands
from register.appointment_draws import PoolClosed
from register.notices import AT_ONCE
from register.otp import VALID_FOR
from register.outbox import Message, enqueue

if TYPE_CHECKING:
    from eventsourcing.domain import Aggregate

    from domain.appointment_calendar import MissionCalendar, ServiceHours
    from register.appointment_inputs import (
        BookAppointment,
        CancelAppointment,
        Identified,
        Identity,
    )
    from register.otp import Claim

log = structlog.get_logger(__name__)
SELF_SERVICE = "self-service"
MAX_DAYS = 31
_NOBODY = name_id("decoy", "appointment-citizen")
"""Loaded when a national ID is unknown, so both answers cost the same reads."""


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


def refused(message: str, code: str, field: str) -> AppointmentRefused:
    return AppointmentRefused(message, field=field, code=code)


class AppointmentCommands(CounterCommands):
    # -- identity ---------------------------------------------------------------------------

    def _limit(self, national_id: str) -> None:
        wait = self.citizen_limit.retry_after(national_id)
        if wait is not None:
            msg = f"too many requests for this national ID; retry in {wait:.0f} s"
            raise refused(msg, "RATE_LIMITED", "nationalId")

    def _matching(self, identity: Identity) -> Citizen | None:
        """The living citizen with that number and birth date; the same reads either way."""
        citizen_id = self.citizen_id_for_national_id(identity.national_id)
        citizen = self._find(Citizen, citizen_id or _NOBODY)
        recorded = citizen.birth_date.isoformat() if citizen else "0000-00-00"
        same = hmac.compare_digest(recorded.encode(), identity.birth_date.isoformat().encode())
        if citizen is None or not same or citizen.date_of_death is not None:
            return None
        return citizen

    def request_otp(self, identity: Identity) -> None:
        """Mail a new code if the identity matches a citizen with an address; otherwise do
        nothing, and answer the same, so the operation tells nobody who is in the register."""
        self._limit(identity.national_id)
        citizen = self._matching(identity)
        email = None if citizen is None else self.contact_email(citizen.id)
        if citizen is None or email is None:
            log.info("otp.not_sent")
            return
        now = self.now()
        with self.otps.db.transaction() as cursor:
            issued = self.otps.issue(cursor, citizen.id, now)
            message = Message(
                message_id=f"otp.{issued.otp_id}",
                kind="otp",
                citizen_id=str(citizen.id),
                subject="Your Sijill appointment code",
                body=f"Your code is {issued.code}. It is valid for "
                f"{VALID_FOR.seconds // 60} minutes. Never share it: consular staff will "
                "never ask for it.",
                due_at=AT_ONCE,
                expires_at=issued.expires_at,
            )
            enqueue(cursor, [message], now)
        log.info("otp.issued", citizen_id=str(citizen.id))

    def _prove(self, cmd: Identified, *, claim: bool) -> tuple[Citizen, Claim]:
        self._limit(cmd.national_id)
        citizen = self._matching(cmd)
        held = self.otps.check(citizen.id if citizen else None, cmd.code, self.now(), claim=claim)
        assert citizen is not None  # noqa: S101  # a code is only ever issued to a citizen
        return citizen, held

    # -- booking and cancelling -------------------------------------------------------------

    def book_appointment(self, cmd: BookAppointment) -> Appointment:
        """Book (first come) or enter the draw (pool window); the code is spent on success."""
        citizen, claim = self._prove(cmd, claim=True)
        try:
            appointment = self._book(citizen, cmd)
        except DomainError:
            self.otps.release(claim)
            raise
        log.info("appointment.requested", appointment_id=str(appointment.id))
        return appointment

    def _open_calendar(self, mission: str, service: str) -> tuple[MissionCalendar, ServiceHours]:
        calendar = self.calendar(self.missions.get(mission).code)
        if calendar is None:
            msg = f"the mission gives no appointments for {service}"
            raise refused(msg, "SERVICE_NOT_OFFERED", "service")
        return calendar, calendar.hours(service)

    def _book(self, citizen: Citizen, cmd: BookAppointment) -> Appointment:
        calendar, hours = self._open_calendar(cmd.mission, cmd.service)
        timezone = self.missions.get(calendar.code).timezone
        now, day = self.now(), cmd.date
        if not schedule.bookable(day, now, timezone):
            msg = f"appointments are booked for the next {schedule.WINDOW_DAYS} days, from tomorrow"
            raise refused(msg, "DAY_NOT_BOOKABLE", "date")
        if not calendar.is_open(day):
            raise refused(f"the mission is closed on {day}", "DAY_CLOSED", "date")
        phase = schedule.phase(day, now, timezone, pool_seconds=calendar.pool_window)
        if phase.batches_open == 0:
            opens = schedule.local(phase.next_batch_at or now, timezone)
            msg = f"the slots of {day} are released from {opens:%Y-%m-%d %H:%M} local time"
            raise refused(msg, "NOT_RELEASED", "date")
        by = Recording(actor=SELF_SERVICE, mission=calendar.code, effective_date=now.date())
        if phase.pool_batch is not None:
            try:
                return self.enter_pool(
                    citizen, calendar, hours, day, phase.pool_batch, timezone, by
                )
            except PoolClosed:
                phase = schedule.phase(day, self.now(), timezone, pool_seconds=calendar.pool_window)
        self.ensure_drawn(calendar.code, hours, day, phase.closed_pools, timezone)
        released = hours.released_slots(phase.batches_open)
        slot_day_id = SlotDay.id_for(calendar.code, hours.code, day)

        def decide() -> tuple[list[Aggregate], Appointment]:
            slot_day = SlotDay.open(
                self.find_hot(SlotDay, slot_day_id), service=hours.code, day=day, by=by
            )
            free = slot_day.free_among(released)
            if not free:
                msg = f"no slot is free on {day}; freed slots and later batches reopen it"
                raise refused(msg, "SLOT_NO_LONGER_AVAILABLE", "date")
            appointment = Appointment.book(
                citizen_id=citizen.id,
                service=hours.code,
                day=day,
                slot=free[0],
                starts_at=hours.starts_at(day, free[0], timezone),
                now=self.now(),
                by=by,
            )
            index = self.claim_index(appointment, self.now(), by)
            slot_day.take([free[0]], [appointment.id], by=by)
            dossier = self.link_to_dossier(
                citizen.id, kind="appointment", aggregate_id=appointment.id, by=by
            )
            return [appointment, index, slot_day, dossier], appointment

        with self.stripe(slot_day_id):
            return self.retrying(decide)

    def cancel_appointment(self, cmd: CancelAppointment) -> Appointment:
        """Cancel a booked appointment: one per calendar month (mission local time)."""
        citizen, claim = self._prove(cmd, claim=True)
        try:
            appointment = self._cancel(citizen, cmd)
        except DomainError:
            self.otps.release(claim)
            raise
        log.info("appointment.cancelled", appointment_id=str(appointment.id))
        return appointment

    def _cancel(self, citizen: Citizen, cmd: CancelAppointment) -> Appointment:
        found = self._find(Appointment, cmd.appointment_id)
        if found is None or found.citizen_id != citizen.id:
            msg = "the citizen has no appointment with that id"
            raise AppointmentNotFound(msg, field="appointmentId")
        timezone = self.missions.get(found.mission).timezone
        slot_day_id = SlotDay.id_for(found.mission, found.service, found.day)

        def decide() -> tuple[list[Aggregate], Appointment]:
            now = self.now()
            appointment = self._find(Appointment, cmd.appointment_id)
            assert appointment is not None  # noqa: S101  # found above; never deleted
            by = Recording(actor=SELF_SERVICE, mission=found.mission, effective_date=now.date())
            appointment.cancel(now=now, by=by)
            month = schedule.local(now, timezone).strftime("%Y-%m")
            allowance = MonthlyCancellation.use(
                self._find(MonthlyCancellation, MonthlyCancellation.id_for(citizen.id, month)),
                appointment=appointment,
                month=month,
                by=by,
            )
            changed: list[Aggregate] = [appointment, allowance]
            slot_day = self.find_hot(SlotDay, slot_day_id)
            if slot_day is not None:
                slot_day.free(appointment.id, by=by)
                changed.append(slot_day)
            return changed, appointment

        with self.stripe(slot_day_id):
            return self.retrying(decide)

    def my_appointments(self, cmd: Identified) -> list[Appointment]:
        """The citizen's appointments, newest first (the code is checked, not spent)."""
        citizen, _ = self._prove(cmd, claim=False)
        found = (self._find(Appointment, i) for i in self.dossier(citizen.id, "appointment"))
        return [a for a in found if a is not None][::-1]

    def available_slots(
        self, mission: str, service: str, start: date, end: date
    ) -> list[DayAvailability]:
        """What each day from `start` to `end` offers now (at most 31 days)."""
        if end < start or (end - start).days >= MAX_DAYS:
            msg = f"ask for 1 to {MAX_DAYS} days, `to` not before `from`"
            raise refused(msg, "OUT_OF_RANGE", "to")
        calendar, hours = self._open_calendar(mission, service)
        timezone = self.missions.get(calendar.code).timezone
        now = self.now()
        days = []
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            phase = schedule.phase(day, now, timezone, pool_seconds=calendar.pool_window)
            open_ = calendar.is_open(day) and schedule.bookable(day, now, timezone)
            released = hours.released_slots(phase.batches_open) if open_ else []
            slot_day = self.find_hot(SlotDay, SlotDay.id_for(calendar.code, hours.code, day))
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
