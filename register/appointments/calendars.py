"""Appointment calendars (admins configure their mission's) and the citizens' contact details.

Also the base every appointment mixin shares: the wall clock (`now()`, settable by tests), the
tables for one-time codes and the outbox (attached at bootstrap), striped in-process locks, and a
cached repository for the few small aggregates every booking reads.
"""

from __future__ import annotations

from threading import Lock
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate

from domain.appointments.calendars import (
    AllocationMode,
    CalendarDirectory,
    MissionCalendar,
    ServiceHours,
)
from domain.appointments.contact import ContactDetails
from domain.base import Recording
from register.access import authorize
from register.appointments.otp import OtpStore
from register.clock import utc_now
from register.unit_of_work import Decision, Outcome, RegisterBase
from register.web.ratelimit import RateLimiter

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from register.access import Account
    from register.appointments.inputs import (
        CloseAppointmentDay,
        RecordContactDetails,
        ReopenAppointmentDay,
        ScheduleAppointmentService,
        SetAppointmentRules,
    )
    from register.store.storage import Database

A = TypeVar("A", bound=Aggregate)
STRIPES = 256
HOT_CACHE = 5000
"""Calendars, slot days, releases and pool shards kept in memory and fast-forwarded on read."""


class CalendarCommands(RegisterBase):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock: Callable[[], datetime] = utc_now
        self.appointment_db: Database | None = None
        self._otps: OtpStore | None = None
        self.citizen_limit = RateLimiter(rate=0.2, burst=10)
        self._hot: Repository[UUID] = Repository(self.events, cache_maxsize=HOT_CACHE)
        self._stripes = [Lock() for _ in range(STRIPES)]

    # -- wiring ------------------------------------------------------------------------------

    def attach_appointments(
        self, db: Database, *, citizen_rate: float = 0.2, citizen_burst: int = 10
    ) -> None:
        """Give the appointment commands their tables and the per-citizen rate limit."""
        self.appointment_db = db
        self._otps = OtpStore(db)
        self.citizen_limit = RateLimiter(rate=citizen_rate, burst=citizen_burst)

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """Drive releases, draws, codes, reminders and `today` from `now` (tests)."""
        self.clock = now
        self.today = lambda: now().date()

    def now(self) -> datetime:
        return self.clock()

    @property
    def otps(self) -> OtpStore:
        if self._otps is None:
            msg = "appointments need their tables: call attach_appointments (bootstrap does)"
            raise RuntimeError(msg)
        return self._otps

    def stripe(self, aggregate_id: UUID) -> Lock:
        """An in-process lock for one hot aggregate: concurrent writers here queue instead of
        colliding in the store (which still refuses collisions between processes)."""
        return self._stripes[aggregate_id.int % STRIPES]

    def find_hot(self, kind: type[A], aggregate_id: UUID, *, to_change: bool = True) -> A | None:
        """A hot aggregate, brought up to date; a private copy only if the caller will change it
        (copying a day's slots costs more than reading them)."""
        try:
            found: Any = self._hot.get(aggregate_id, deepcopy_from_cache=to_change)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    @staticmethod
    def by_system(mission: str, at: datetime) -> Recording:
        """Events the register records on its own (draws): the system account, the mission."""
        return Recording(actor="appointment-draw", mission=mission, effective_date=at.date())

    # -- the calendar -----------------------------------------------------------------------

    def calendar(self, mission: str) -> MissionCalendar | None:
        """The mission's calendar, to read (changes go through `_configure`)."""
        return self.find_hot(MissionCalendar, MissionCalendar.id_for(mission), to_change=False)

    def _configure(
        self,
        account: Account,
        operation: str,
        cmd: Any,
        change: Callable[[MissionCalendar, Recording], None],
    ) -> Outcome:
        def decide() -> Decision:
            by = self.recording(account, None)
            calendar = self.find_hot(MissionCalendar, MissionCalendar.id_for(account.mission))
            changed: list[Aggregate] = []
            if calendar is None:
                calendar = MissionCalendar.open(by=by)
                directory = self._find(CalendarDirectory, CalendarDirectory.ID)
                changed.append(CalendarDirectory.list_mission(directory, by=by))
            change(calendar, by)
            return [calendar, *changed], {"mission": account.mission}

        return self.execute(account, operation, cmd, decide)

    def schedule_appointment_service(
        self, account: Account, cmd: ScheduleAppointmentService
    ) -> Outcome:
        hours = ServiceHours(
            cmd.service,
            cmd.daily_capacity,
            cmd.first_appointment,
            cmd.minutes_per_appointment,
            cmd.desks,
            tuple(cmd.release_shares),
        )
        return self._configure(
            account,
            "scheduleAppointmentService",
            cmd,
            lambda calendar, by: calendar.schedule_service(hours, by=by),
        )

    def set_appointment_rules(self, account: Account, cmd: SetAppointmentRules) -> Outcome:
        return self._configure(
            account,
            "setAppointmentRules",
            cmd,
            lambda calendar, by: calendar.set_rules(
                allocation=AllocationMode[cmd.allocation],
                pool_seconds=cmd.pool_seconds,
                weekly_closed_days=cmd.weekly_closed_days,
                by=by,
            ),
        )

    def close_appointment_day(self, account: Account, cmd: CloseAppointmentDay) -> Outcome:
        return self._configure(
            account,
            "closeAppointmentDay",
            cmd,
            lambda calendar, by: calendar.close_day(
                day=cmd.date, reason=cmd.reason, by=by, today=self.today()
            ),
        )

    def reopen_appointment_day(self, account: Account, cmd: ReopenAppointmentDay) -> Outcome:
        return self._configure(
            account,
            "reopenAppointmentDay",
            cmd,
            lambda calendar, by: calendar.reopen_day(day=cmd.date, by=by),
        )

    def appointment_calendar(self, account: Account, mission: str) -> MissionCalendar | None:
        authorize(account, "appointmentCalendar")
        return self.calendar(self.missions.get(mission).code)

    # -- contact details --------------------------------------------------------------------

    def record_contact_details(self, account: Account, cmd: RecordContactDetails) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id)
            by = self.recording(account, None)
            existing = self._find(ContactDetails, ContactDetails.id_for(citizen.id))
            contact = ContactDetails.record(existing, citizen_id=citizen.id, email=cmd.email, by=by)
            changed: list[Aggregate] = [contact]
            if existing is None:
                changed.append(
                    self.link_to_dossier(citizen.id, kind="contact", aggregate_id=contact.id, by=by)
                )
            return changed, {"citizenId": str(citizen.id)}

        return self.execute(account, "recordContactDetails", cmd, decide)

    def contact_email(self, citizen_id: str | UUID) -> str | None:
        """The citizen's e-mail address, or None (the notifier passes ids as text)."""
        found = self._find(ContactDetails, ContactDetails.id_for(UUID(str(citizen_id))))
        return None if found is None else found.email
