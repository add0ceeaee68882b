"""What every appointment service shares: the wall clock, the tables for codes and seeds, the
per-citizen rate limit, striped in-process locks and a cache of the few hot aggregates."""

from __future__ import annotations

import random
import time
from threading import Lock
from typing import TYPE_CHECKING, Any, TypeVar

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.appointments.appointment import Appointment
from domain.appointments.limits import ActiveAppointmentIndex
from domain.base import Recording
from register.appointments.otp import OtpStore
from register.clock import utc_now
from register.errors import Conflict
from register.web.serving.ratelimit import RateLimiter

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from uuid import UUID

    from register.store.storage import Database
    from register.unit_of_work import UnitOfWork

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")
STRIPES = 256
HOT_CACHE = 5000
"""Calendars, slot days, releases and pool shards kept in memory and fast-forwarded on read."""
RETRIES = 30


class AppointmentDesk:
    """The appointment services' shared state over the one store (register/unit_of_work.py)."""

    def __init__(self, store: UnitOfWork) -> None:
        self.store = store
        self.clock: Callable[[], datetime] = utc_now
        self.appointment_db: Database | None = None
        self._otps: OtpStore | None = None
        self.citizen_limit = RateLimiter(rate=0.2, burst=10)
        self._hot: Repository[UUID] = Repository(store.events, cache_maxsize=HOT_CACHE)
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
        """Drive releases, draws, codes, reminders and the store's `today` from `now` (tests)."""
        self.clock = now
        self.store.today = lambda: now().date()

    def now(self) -> datetime:
        return self.clock()

    @property
    def otps(self) -> OtpStore:
        if self._otps is None:
            msg = "appointments need their tables: call attach_appointments (bootstrap does)"
            raise RuntimeError(msg)
        return self._otps

    # -- hot aggregates ----------------------------------------------------------------------

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

    def retrying(self, decide: Callable[[], tuple[list[Aggregate], T]]) -> tuple[T, int | None]:
        """Decide and save; when another writer got there first, decide again on fresh state.
        The result, and the store position its events were recorded at (None if none were)."""
        for attempt in range(RETRIES):
            aggregates, result = decide()
            try:
                recordings = self.store.save(*aggregates)
            except IntegrityError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311  # jitter
                continue
            return result, recordings[-1].notification.id if recordings else None
        msg = "too many concurrent changes; retry"
        raise Conflict(msg)

    def claim_index(self, appointment: Appointment, now: datetime, by: Recording) -> Aggregate:
        index_id = ActiveAppointmentIndex.id_for(appointment.citizen_id, appointment.service)
        existing = self.store.find(ActiveAppointmentIndex, index_id)
        current = (
            None if existing is None else self.store.find(Appointment, existing.appointment_id)
        )
        return ActiveAppointmentIndex.claim(
            existing, current, appointment=appointment, now=now, by=by
        )

    @staticmethod
    def by_system(mission: str, at: datetime) -> Recording:
        """Events the register records on its own (draws): the system account, the mission."""
        return Recording(actor="appointment-draw", mission=mission, effective_date=at.date())
