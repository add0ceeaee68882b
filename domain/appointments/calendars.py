"""A mission's appointment calendar: services and their daily capacity, closed days, and rules.

Every change is a configuration event, so the calendar as it stood at any moment can be
replayed. `CalendarDirectory` lists the missions that have one (for the release worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate

from domain.appointments import release_schedule
from domain.base import Recording, RegisterEvent, name_id
from domain.errors import AppointmentRefused, CalendarRuleViolated

DEFAULT_SHARES = (25, 25, 25, 25)
DEFAULT_POOL_SECONDS = 60


class AllocationMode(Enum):
    FAIR_DRAW = "fair-draw"
    """Requests in the first seconds after a batch opens are pooled and drawn by lot."""
    FIRST_COME = "first-come"
    """Plain first come, first served (small missions)."""


@dataclass(frozen=True)
class ServiceHours:
    """One service's day at the mission: how many appointments, from when, how long each."""

    code: str
    daily_capacity: int
    first_appointment: str
    """Local wall-clock time of the first appointment, HH:MM."""
    minutes_per_appointment: int
    desks: int
    """Appointments served side by side: `desks` slots share each start time."""
    release_shares: tuple[int, ...]
    """Percent of the day's capacity each batch releases (10:00, 13:00, 16:00, 20:00)."""

    def starts_at(self, day: date, slot: int, timezone: str) -> datetime:
        """The UTC start of slot `slot` on `day` (wall-clock arithmetic in the mission's zone)."""
        first = datetime.combine(
            day, time.fromisoformat(self.first_appointment), ZoneInfo(timezone)
        )
        # An aware datetime plus a timedelta moves the wall clock: 09:00 + 15 min is 09:15 local.
        wall = first + timedelta(minutes=self.minutes_per_appointment * (slot // self.desks))
        return wall.astimezone(UTC)

    def released_slots(self, batches_open: int) -> list[int]:
        """The slot indexes the first `batches_open` batches have released."""
        count = release_schedule.released_count(
            self.daily_capacity, self.release_shares, batches_open
        )
        return release_schedule.release_order(self.daily_capacity)[:count]


class MissionCalendar(Aggregate):
    """The appointment calendar of one mission; its admins configure it."""

    TOPIC = "sijill/appointment-calendar"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/appointment-calendar/created"

    class CalendarOpened(Created):
        TOPIC = "sijill/appointment-calendar/opened/v1"

    class AppointmentServiceScheduled(Event):
        """A service is offered, or its day changed (capacity, times, release shares)."""

        TOPIC = "sijill/appointment-calendar/service-scheduled/v1"
        service: str
        daily_capacity: int
        first_appointment: str
        minutes_per_appointment: int
        desks: int
        release_shares: list[int]

        def apply(self, aggregate: MissionCalendar) -> None:
            aggregate.services[self.service] = ServiceHours(
                self.service,
                self.daily_capacity,
                self.first_appointment,
                self.minutes_per_appointment,
                self.desks,
                tuple(self.release_shares),
            )

    class AppointmentRulesSet(Event):
        TOPIC = "sijill/appointment-calendar/rules-set/v1"
        allocation: str
        pool_seconds: int
        weekly_closed_days: list[int]
        """ISO weekdays (1 = Monday … 7 = Sunday) on which the mission gives no appointments."""

        def apply(self, aggregate: MissionCalendar) -> None:
            aggregate.allocation = AllocationMode(self.allocation)
            aggregate.pool_seconds = self.pool_seconds
            aggregate.weekly_closed_days = tuple(sorted(self.weekly_closed_days))

    class AppointmentDayClosed(Event):
        TOPIC = "sijill/appointment-calendar/day-closed/v1"
        day: date
        reason: str

        def apply(self, aggregate: MissionCalendar) -> None:
            aggregate.closed_days[self.day] = self.reason

    class AppointmentDayReopened(Event):
        TOPIC = "sijill/appointment-calendar/day-reopened/v1"
        day: date

        def apply(self, aggregate: MissionCalendar) -> None:
            aggregate.closed_days.pop(self.day, None)

    def __init__(self, *, mission: str, **_: Any) -> None:
        self.code = mission
        self.services: dict[str, ServiceHours] = {}
        self.allocation = AllocationMode.FAIR_DRAW
        self.pool_seconds = DEFAULT_POOL_SECONDS
        self.weekly_closed_days: tuple[int, ...] = ()
        self.closed_days: dict[date, str] = {}

    @staticmethod
    def id_for(mission: str) -> UUID:
        return name_id("appointment-calendar", mission)

    @classmethod
    def open(cls, *, by: Recording) -> MissionCalendar:
        return cls._create(cls.CalendarOpened, id=cls.id_for(by.mission), **by.fields())

    # -- configuration ----------------------------------------------------------------------

    def schedule_service(self, hours: ServiceHours, *, by: Recording) -> None:
        if sum(hours.release_shares) != 100 or len(hours.release_shares) != len(
            release_schedule.BATCH_TIMES
        ):
            msg = "give four release shares, one per batch, adding up to 100"
            raise CalendarRuleViolated(msg, field="release_shares", code="INVALID_SHARES")
        first = time.fromisoformat(hours.first_appointment)
        rounds = -(-hours.daily_capacity // hours.desks)
        last_end = first.hour * 60 + first.minute + rounds * hours.minutes_per_appointment
        if last_end > 24 * 60:
            msg = "that many appointments do not fit in the day from the first appointment on"
            raise CalendarRuleViolated(msg, field="daily_capacity", code="OUT_OF_RANGE")
        self.trigger_event(
            self.AppointmentServiceScheduled,
            service=hours.code,
            daily_capacity=hours.daily_capacity,
            first_appointment=hours.first_appointment,
            minutes_per_appointment=hours.minutes_per_appointment,
            desks=hours.desks,
            release_shares=list(hours.release_shares),
            **by.fields(),
        )

    def set_rules(
        self,
        *,
        allocation: AllocationMode,
        pool_seconds: int,
        weekly_closed_days: list[int],
        by: Recording,
    ) -> None:
        self.trigger_event(
            self.AppointmentRulesSet,
            allocation=allocation.value,
            pool_seconds=pool_seconds,
            weekly_closed_days=sorted(set(weekly_closed_days)),
            **by.fields(),
        )

    def close_day(self, *, day: date, reason: str, by: Recording, today: date) -> None:
        if day < today:
            msg = "a day in the past cannot be closed"
            raise CalendarRuleViolated(msg, field="day", code="DATE_IN_PAST")
        if day in self.closed_days:
            msg = f"{day} is already closed"
            raise CalendarRuleViolated(msg, field="day", code="ALREADY_CLOSED")
        self.trigger_event(self.AppointmentDayClosed, day=day, reason=reason, **by.fields())

    def reopen_day(self, *, day: date, by: Recording) -> None:
        if day not in self.closed_days:
            msg = f"{day} is not closed"
            raise CalendarRuleViolated(msg, field="day", code="NOT_CLOSED")
        self.trigger_event(self.AppointmentDayReopened, day=day, **by.fields())

    # -- reading ----------------------------------------------------------------------------

    def hours(self, service: str) -> ServiceHours:
        found = self.services.get(service)
        if found is None:
            msg = f"the mission gives no appointments for {service}"
            raise AppointmentRefused(msg, field="service", code="SERVICE_NOT_OFFERED")
        return found

    def is_open(self, day: date) -> bool:
        return day not in self.closed_days and day.isoweekday() not in self.weekly_closed_days

    @property
    def pool_window(self) -> int | None:
        """Seconds of pooling after each batch opens; None in first-come mode."""
        return self.pool_seconds if self.allocation is AllocationMode.FAIR_DRAW else None


class CalendarDirectory(Aggregate):
    """Which missions have an appointment calendar: what the release worker walks."""

    TOPIC = "sijill/index/appointment-calendars"
    ID = name_id("appointment-calendars", "all")

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/appointment-calendars/opened/v1"

    class Listed(Event):
        TOPIC = "sijill/index/appointment-calendars/listed/v1"
        calendar_mission: str

        def apply(self, aggregate: CalendarDirectory) -> None:
            aggregate.missions.append(self.calendar_mission)

    def __init__(self, **_: Any) -> None:
        self.missions: list[str] = []

    @classmethod
    def list_mission(
        cls, existing: CalendarDirectory | None, *, by: Recording
    ) -> CalendarDirectory:
        directory = existing or cls._create(cls.Created, id=cls.ID, **by.fields())
        directory.trigger_event(cls.Listed, calendar_mission=by.mission, **by.fields())
        return directory
