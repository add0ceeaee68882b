"""What a citizen may hold at once: one active appointment a service, one cancellation a month."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.appointments.appointment import FIELD
from domain.base import RegisterEvent, name_id
from domain.errors import AppointmentRefused

if TYPE_CHECKING:
    from datetime import datetime

    from domain.appointments.appointment import Appointment
    from domain.base import Recording


class ActiveAppointmentIndex(Aggregate):
    """A citizen's latest appointment for one service (at any mission): one active at a time."""

    TOPIC = "sijill/index/appointment"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/appointment/claimed/v1"
        citizen_id: UUID
        service: str
        appointment_id: UUID

    class Pointed(Event):
        TOPIC = "sijill/index/appointment/pointed/v1"
        appointment_id: UUID

        def apply(self, aggregate: ActiveAppointmentIndex) -> None:
            aggregate.appointment_id = self.appointment_id

    def __init__(self, *, appointment_id: UUID, **_: Any) -> None:
        self.appointment_id = appointment_id

    @staticmethod
    def id_for(citizen_id: UUID, service: str) -> UUID:
        return name_id("appointment", f"{citizen_id}:{service}")

    @classmethod
    def claim(  # the index, its current holder, and the new one
        cls,
        existing: ActiveAppointmentIndex | None,
        current: Appointment | None,
        *,
        appointment: Appointment,
        now: datetime,
        by: Recording,
    ) -> ActiveAppointmentIndex:
        """Point at `appointment`, unless the citizen's current one for the service is active."""
        if existing is None:
            return cls._create(
                cls.Created,
                id=cls.id_for(appointment.citizen_id, appointment.service),
                citizen_id=appointment.citizen_id,
                service=appointment.service,
                appointment_id=appointment.id,
                **by.fields(),
            )
        if current is not None and current.is_active(now):
            when = current.starts_at.isoformat() if current.starts_at else "the coming draw"
            msg = f"the citizen already has an appointment for {current.service} ({when})"
            raise AppointmentRefused(msg, field="service", code="ALREADY_BOOKED")
        existing.trigger_event(cls.Pointed, appointment_id=appointment.id, **by.fields())
        return existing


class MonthlyCancellation(Aggregate):
    """The one cancellation a citizen may make in a calendar month."""

    TOPIC = "sijill/index/appointment-cancellation"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/appointment-cancellation/used/v1"
        citizen_id: UUID
        month: str
        appointment_id: UUID

    def __init__(self, *, month: str, appointment_id: UUID, **_: Any) -> None:
        self.month = month
        self.appointment_id = appointment_id

    @staticmethod
    def id_for(citizen_id: UUID, month: str) -> UUID:
        return name_id("appointment-cancellation", f"{citizen_id}:{month}")

    @classmethod
    def use(
        cls,
        existing: MonthlyCancellation | None,
        *,
        appointment: Appointment,
        month: str,
        by: Recording,
    ) -> MonthlyCancellation:
        if existing is not None:
            msg = f"one appointment may be cancelled per calendar month; {month}'s is used"
            raise AppointmentRefused(msg, field=FIELD, code="CANCELLATION_LIMIT_REACHED")
        return cls._create(
            cls.Created,
            id=cls.id_for(appointment.citizen_id, month),
            citizen_id=appointment.citizen_id,
            month=month,
            appointment_id=appointment.id,
            **by.fields(),
        )
