"""GraphQL types of appointments: the citizen's view, the agenda, calendars, slots, draws."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from domain.appointments import appointment as ap
from register.civil_status.api_types import Citizen
from register.web.context import context_of

if TYPE_CHECKING:
    from domain.appointments.calendars import MissionCalendar
    from domain.appointments.draw import Release
    from register.appointments.service import DayAvailability

AppointmentStatus = strawberry.enum(ap.AppointmentStatus, name="AppointmentStatus")


@strawberry.enum
class Allocation(Enum):
    FAIR_DRAW = "FAIR_DRAW"
    """Requests in a batch's first seconds are pooled and drawn by lot."""
    FIRST_COME = "FIRST_COME"


@strawberry.type
class MyAppointment:
    """An appointment as its citizen sees it."""

    id: strawberry.ID
    mission: str
    service: str
    date: date
    starts_at: datetime | None = strawberry.field(description="Null while waiting for the draw.")
    status: AppointmentStatus  # type: ignore[valid-type]

    @classmethod
    def from_record(cls, a: ap.Appointment) -> MyAppointment:
        return cls(
            id=strawberry.ID(str(a.id)),
            mission=a.mission,
            service=a.service,
            date=a.day,
            starts_at=a.starts_at,
            status=a.status,
        )


@strawberry.type
class AgendaEntry:
    """An appointment on a mission's agenda (staff); `version`: the next mark's expectedVersion."""

    id: strawberry.ID
    version: int
    service: str
    starts_at: datetime | None
    status: AppointmentStatus  # type: ignore[valid-type]
    citizen_id: strawberry.ID

    @strawberry.field(description="The citizen's record (the read is recorded).")
    async def citizen(self, info: strawberry.Info) -> Citizen | None:
        record = await context_of(info).relatives.load(UUID(str(self.citizen_id)))
        return None if record is None else Citizen.from_record(record)

    @classmethod
    def from_record(cls, a: ap.Appointment) -> AgendaEntry:
        return cls(
            id=strawberry.ID(str(a.id)),
            version=a.version,
            service=a.service,
            starts_at=a.starts_at,
            status=a.status,
            citizen_id=strawberry.ID(str(a.citizen_id)),
        )


@strawberry.type
class SlotAvailability:
    date: date
    capacity: int = strawberry.field(description="Appointments the day holds (0 when closed).")
    released: int = strawberry.field(description="Slots the batches so far have opened.")
    free: int = strawberry.field(description="Released slots nobody holds.")
    bookable: bool
    next_release_at: datetime | None = strawberry.field(
        description="When the next batch opens (10:00, 13:00, 16:00, 20:00 local time)."
    )
    pool_closes_at: datetime | None = strawberry.field(
        description="While set, requests are pooled and drawn by lot at this instant."
    )

    @classmethod
    def from_record(cls, d: DayAvailability) -> SlotAvailability:
        return cls(
            date=d.day,
            capacity=d.capacity,
            released=d.released,
            free=d.free,
            bookable=d.bookable,
            next_release_at=d.next_release_at,
            pool_closes_at=d.pool_closes_at,
        )


@strawberry.type
class AppointmentDraw:
    """One batch's draw: the seed's hash published before, the seed and the order after."""

    id: strawberry.ID
    mission: str
    service: str
    date: date = strawberry.field(description="The appointment day the batch releases.")
    batch: int
    opens_at: datetime
    pool_closes_at: datetime
    seed_sha256: str
    seed: str | None = strawberry.field(description="Revealed once drawn (hexadecimal).")
    entries: list[strawberry.ID] = strawberry.field(
        description="Pooled appointment ids in draw order: ascending HMAC-SHA256(seed, id)."
    )
    slots: list[int] = strawberry.field(description="`entries[i]` got slot `slots[i]`.")
    verified: bool | None = strawberry.field(
        description="The re-run draw gives the recorded order and slots (null before the draw)."
    )

    @classmethod
    def from_record(cls, r: Release) -> AppointmentDraw:
        return cls(
            id=strawberry.ID(str(r.id)),
            mission=r.mission,
            service=r.service,
            date=r.day,
            batch=r.batch,
            opens_at=r.opens_at,
            pool_closes_at=r.pool_closes_at,
            seed_sha256=r.seed_sha256,
            seed=r.seed.hex() if r.seed is not None else None,
            entries=[strawberry.ID(str(e)) for e in r.ranked],
            slots=list(r.slots),
            verified=r.verify() if r.drawn else None,
        )


@strawberry.type
class ServiceDay:
    service: str
    daily_capacity: int
    first_appointment: str
    minutes_per_appointment: int
    desks: int
    release_shares: list[int]


@strawberry.type
class ClosedDay:
    date: date
    reason: str


@strawberry.type
class AppointmentCalendar:
    mission: str
    version: int
    allocation: Allocation
    pool_seconds: int
    weekly_closed_days: list[int] = strawberry.field(description="ISO weekdays, 1 = Monday.")
    services: list[ServiceDay]
    closed_days: list[ClosedDay]

    @classmethod
    def from_record(cls, c: MissionCalendar) -> AppointmentCalendar:
        return cls(
            mission=c.code,
            version=c.version,
            allocation=Allocation[c.allocation.name],
            pool_seconds=c.pool_seconds,
            weekly_closed_days=list(c.weekly_closed_days),
            services=[
                ServiceDay(
                    service=h.code,
                    daily_capacity=h.daily_capacity,
                    first_appointment=h.first_appointment,
                    minutes_per_appointment=h.minutes_per_appointment,
                    desks=h.desks,
                    release_shares=list(h.release_shares),
                )
                for h in sorted(c.services.values(), key=lambda h: h.code)
            ],
            closed_days=[ClosedDay(date=d, reason=r) for d, r in sorted(c.closed_days.items())],
        )
