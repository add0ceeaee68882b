"""One citizen's appointment at a mission, from request or booking to attendance.

POOLED ──(draw)──► BOOKED ──► ATTENDED
   └──► NOT_ALLOCATED  ├──► NO_SHOW
BOOKED (first come) ───┴──► CANCELLED (by the citizen, before it starts)
POOLED, or BOOKED still to come ──(the citizen's death)──► CANCELLED

Every event names the citizen, so the mission-activity view and the notices can attribute it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent
from domain.errors import AppointmentRefused


class AppointmentStatus(Enum):
    POOLED = "pooled"
    BOOKED = "booked"
    NOT_ALLOCATED = "not-allocated"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no-show"


S = AppointmentStatus
FIELD = "appointment_id"


def _refused(message: str, code: str) -> AppointmentRefused:
    return AppointmentRefused(message, field=FIELD, code=code)


class Appointment(Aggregate):
    TOPIC = "sijill/appointment"

    class Event(RegisterEvent):
        citizen_id: UUID

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/appointment/created"
        service: str
        day: date

    class AppointmentRequested(Created):
        """A request made while a batch's pool was open: it waits for the draw."""

        TOPIC = "sijill/appointment/requested/v1"
        release_id: UUID
        requested_at: datetime

    class AppointmentBooked(Created):
        """A slot taken first come, first served."""

        TOPIC = "sijill/appointment/booked/v1"
        slot: int
        starts_at: datetime
        booked_at: datetime
        """The register's clock when booked (reminders already due then are not sent)."""

    class AppointmentAllocated(Event):
        """The draw gave the pooled request a slot."""

        TOPIC = "sijill/appointment/allocated/v1"
        release_id: UUID
        service: str
        slot: int
        starts_at: datetime
        allocated_at: datetime

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.BOOKED
            aggregate.slot = self.slot
            aggregate.starts_at = self.starts_at

    class AppointmentNotAllocated(Event):
        TOPIC = "sijill/appointment/not-allocated/v1"
        release_id: UUID

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.NOT_ALLOCATED

    class AppointmentCancelled(Event):
        TOPIC = "sijill/appointment/cancelled/v1"
        cancelled_at: datetime

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.CANCELLED

    class AppointmentCancelledByDeath(Event):
        """The citizen died: a booking still to come is cancelled, a pool entry leaves its draw.

        Recorded with the death, by its clerk and on its effective date; not the citizen's
        cancellation of the month, and no code is needed.
        """

        TOPIC = "sijill/appointment/cancelled-by-death/v1"
        cancelled_at: datetime
        """The register's clock when the death was recorded."""

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.CANCELLED

    class AppointmentAttended(Event):
        TOPIC = "sijill/appointment/attended/v1"

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.ATTENDED

    class AppointmentMissed(Event):
        TOPIC = "sijill/appointment/no-show/v1"

        def apply(self, aggregate: Appointment) -> None:
            aggregate.status = S.NO_SHOW

    def __init__(  # the created events' fields, applied on replay too
        self,
        *,
        citizen_id: UUID,
        service: str,
        day: date,
        mission: str,
        release_id: UUID | None = None,
        slot: int | None = None,
        starts_at: datetime | None = None,
        **_: Any,
    ) -> None:
        self.citizen_id = citizen_id
        self.service = service
        self.day = day
        self.mission = mission
        self.release_id = release_id
        self.slot = slot
        self.starts_at = starts_at
        self.status = S.POOLED if starts_at is None else S.BOOKED

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def request(  # a request has this many facts
        cls,
        *,
        citizen_id: UUID,
        service: str,
        day: date,
        release_id: UUID,
        now: datetime,
        by: Recording,
    ) -> Appointment:
        return cls._create(
            cls.AppointmentRequested,
            id=uuid4(),
            citizen_id=citizen_id,
            service=service,
            day=day,
            release_id=release_id,
            requested_at=now,
            **by.fields(),
        )

    @classmethod
    def book(  # a booking has this many facts
        cls,
        *,
        citizen_id: UUID,
        service: str,
        day: date,
        slot: int,
        starts_at: datetime,
        now: datetime,
        by: Recording,
    ) -> Appointment:
        return cls._create(
            cls.AppointmentBooked,
            id=uuid4(),
            citizen_id=citizen_id,
            service=service,
            day=day,
            slot=slot,
            starts_at=starts_at,
            booked_at=now,
            **by.fields(),
        )

    # -- the draw ---------------------------------------------------------------------------

    def allocate(self, *, slot: int, starts_at: datetime, now: datetime, by: Recording) -> None:
        self._require("allocate", S.POOLED)
        self.trigger_event(
            self.AppointmentAllocated,
            citizen_id=self.citizen_id,
            release_id=self.release_id,
            service=self.service,
            slot=slot,
            starts_at=starts_at,
            allocated_at=now,
            **by.fields(),
        )

    def not_allocated(self, *, by: Recording) -> None:
        self._require("leave out of the draw", S.POOLED)
        self.trigger_event(
            self.AppointmentNotAllocated,
            citizen_id=self.citizen_id,
            release_id=self.release_id,
            **by.fields(),
        )

    # -- the citizen and the counter --------------------------------------------------------

    def is_active(self, now: datetime) -> bool:
        """Waiting for its draw, or booked for a time still to come."""
        if self.status is S.POOLED:
            return True
        return self.status is S.BOOKED and self.starts_at is not None and self.starts_at > now

    def cancel(self, *, now: datetime, by: Recording) -> None:
        if self.status is S.POOLED:
            msg = "a request in the draw cannot be cancelled before the draw"
            raise _refused(msg, "NOT_CANCELLABLE")
        self._require("cancel", S.BOOKED)
        if self.starts_at is None or self.starts_at <= now:
            raise _refused("the appointment has already begun", "NOT_CANCELLABLE")
        self.trigger_event(
            self.AppointmentCancelled, citizen_id=self.citizen_id, cancelled_at=now, **by.fields()
        )

    def end_by_death(self, *, now: datetime, by: Recording) -> bool:
        """The citizen died on `by.effective_date`: end the appointment if it is still active.

        Returns whether anything changed, so only ended appointments are saved with the death;
        one already begun, attended, missed or ended stays as it was.
        """
        if not self.is_active(now):
            return False
        self.trigger_event(
            self.AppointmentCancelledByDeath,
            citizen_id=self.citizen_id,
            cancelled_at=now,
            **by.fields(),
        )
        return True

    def mark_attended(self, *, local_today: date, by: Recording) -> None:
        self._require("mark as attended", S.BOOKED)
        if local_today < self.day:
            raise _refused("an appointment is attended on its day, not before", "TOO_EARLY")
        self.trigger_event(self.AppointmentAttended, citizen_id=self.citizen_id, **by.fields())

    def mark_no_show(self, *, now: datetime, by: Recording) -> None:
        self._require("mark as missed", S.BOOKED)
        if self.starts_at is None or now < self.starts_at:
            raise _refused("an appointment is missed only once its time has passed", "TOO_EARLY")
        self.trigger_event(self.AppointmentMissed, citizen_id=self.citizen_id, **by.fields())

    def _require(self, action: str, *allowed: AppointmentStatus) -> None:
        if self.status not in allowed:
            msg = f"cannot {action} an appointment that is {self.status.value}"
            code = "NOT_CANCELLABLE" if action == "cancel" else "INVALID_TRANSITION"
            raise _refused(msg, code)
