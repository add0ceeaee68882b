"""The fair release: seeds committed before a batch opens, pooled requests, the draw.

The seed is secret until the draw, so it is kept in a table (`appointment_seeds`), written once
per release before its commitment is recorded; the commitment (its SHA-256) and later the seed
itself are register events. The release worker (`sijill appointments draw`, or in-process with
`serve` on SQLite) commits ahead and draws as pools close; if it lags, the first request that
needs a commitment or a draw makes it, so correctness never depends on the worker's timing.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import structlog
from eventsourcing.persistence import IntegrityError

from domain.appointments import release_schedule as schedule
from domain.appointments.appointment import Appointment, AppointmentStatus
from domain.appointments.calendars import CalendarDirectory, MissionCalendar, ServiceHours
from domain.appointments.draw import POOL_SHARDS, PoolShard, Release, new_seed, release_key
from domain.appointments.limits import ActiveAppointmentIndex
from domain.appointments.slot_day import SlotDay
from register.appointments.calendars import CalendarCommands
from register.appointments.otp import stamp
from register.errors import Conflict

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.base import Recording
    from domain.civil_status.citizen import Citizen

log = structlog.get_logger(__name__)
T = TypeVar("T")
RETRIES = 30
COMMIT_AHEAD = timedelta(hours=1)
"""The worker commits the seeds of batches opening within this time."""


class PoolClosed(Exception):
    """The batch was drawn while the request was on its way: serve it first come instead."""


class DrawCommands(CalendarCommands):
    # -- saving under contention ------------------------------------------------------------

    def retrying(self, decide: Callable[[], tuple[list[Aggregate], T]]) -> tuple[T, int | None]:
        """Decide and save; when another writer got there first, decide again on fresh state.
        The result, and the store position its events were recorded at (None if none were)."""
        for attempt in range(RETRIES):
            aggregates, result = decide()
            try:
                recordings = self.save(*aggregates)
            except IntegrityError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311  # jitter
                continue
            return result, recordings[-1].notification.id if recordings else None
        msg = "too many concurrent changes; retry"
        raise Conflict(msg)

    def claim_index(self, appointment: Appointment, now: datetime, by: Recording) -> Aggregate:
        index_id = ActiveAppointmentIndex.id_for(appointment.citizen_id, appointment.service)
        existing = self._find(ActiveAppointmentIndex, index_id)
        current = None if existing is None else self._find(Appointment, existing.appointment_id)
        return ActiveAppointmentIndex.claim(
            existing, current, appointment=appointment, now=now, by=by
        )

    # -- commitment -------------------------------------------------------------------------

    def _seed(self, release_id: UUID) -> bytes:
        """The release's secret seed: drawn once, kept until the draw reveals it."""
        with self.otps.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO appointment_seeds (release_id, seed, created_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (release_id) DO NOTHING",
                [str(release_id), new_seed().hex(), stamp(self.now())],
            )
            cursor.execute(
                "SELECT seed FROM appointment_seeds WHERE release_id = %s", [str(release_id)]
            )
            return bytes.fromhex(cursor.fetchone()[0])

    def _new_release(
        self, mission: str, hours: ServiceHours, day: date, batch: int, timezone: str, pool: int
    ) -> tuple[Release, bytes]:
        opens_at = schedule.batch_instants(day, timezone)[batch]
        seed = self._seed(Release.id_for(release_key(mission, hours.code, day, batch)))
        release = Release.commit(
            service=hours.code,
            day=day,
            batch=batch,
            opens_at=opens_at,
            pool_closes_at=opens_at + timedelta(seconds=pool),
            seed=seed,
            by=self.by_system(mission, self.now()),
        )
        return release, seed

    def commit_release(
        self, calendar: MissionCalendar, hours: ServiceHours, day: date, batch: int, timezone: str
    ) -> Release:
        """The batch's commitment, recorded now unless it already is."""
        release_id = Release.id_for(release_key(calendar.code, hours.code, day, batch))
        found = self.find_hot(Release, release_id, to_change=False)
        if found is None:
            pool = calendar.pool_window or 0
            release, _ = self._new_release(calendar.code, hours, day, batch, timezone, pool)
            try:
                self.save(release)
                log.info("appointment.seed_committed", release_id=str(release_id))
            except IntegrityError:
                pass  # committed by another request a moment ago
            found = self.find_hot(Release, release_id, to_change=False)
        assert found is not None  # noqa: S101  # saved just above, or by the winner of the race
        return found

    # -- the pool ---------------------------------------------------------------------------

    def enter_pool(  # where, what, when, and who
        self,
        citizen: Citizen,
        calendar: MissionCalendar,
        hours: ServiceHours,
        day: date,
        batch: int,
        timezone: str,
        by: Recording,
    ) -> tuple[Appointment, int | None]:
        """Enter the citizen in the batch's pool; the entry and its store position."""
        release = self.commit_release(calendar, hours, day, batch, timezone)
        shard_id = PoolShard.id_for(release.id, PoolShard.shard_for(citizen.id))

        def decide() -> tuple[list[Aggregate], Appointment]:
            shard = self.find_hot(PoolShard, shard_id)
            if (shard is not None and shard.closed) or self._drawn(release.id):
                raise PoolClosed
            shard = PoolShard.open(
                shard, release_id=release.id, shard=PoolShard.shard_for(citizen.id), by=by
            )
            appointment = Appointment.request(
                citizen_id=citizen.id,
                service=hours.code,
                day=day,
                release_id=release.id,
                now=self.now(),
                by=by,
            )
            index = self.claim_index(appointment, self.now(), by)
            shard.enter(appointment.id, by=by)
            dossier = self.link_to_dossier(
                citizen.id, kind="appointment", aggregate_id=appointment.id, by=by
            )
            return [appointment, index, shard, dossier], appointment

        with self.stripe(shard_id):
            return self.retrying(decide)

    def _drawn(self, release_id: UUID) -> bool:
        found = self.find_hot(Release, release_id, to_change=False)
        return found is not None and found.drawn

    def _pooled(self, entry: UUID) -> Appointment | None:
        """The entry, if it still waits for the draw.

        A death withdraws the deceased's entries (`end_by_death`): they stay in their shard,
        where they were entered, but are neither ranked nor given a slot, so `DrawPerformed`
        lists only the entries drawn and re-runs the same from its seed. Changing the entry
        rather than its shard keeps a death out of the shard writers' race in a burst; a death
        and a draw that meet on one entry both change it, so the store refuses one of the two.
        """
        found = self._find(Appointment, entry)
        return found if found is not None and found.status is AppointmentStatus.POOLED else None

    # -- the draw ---------------------------------------------------------------------------

    def draw(  # the batch, named by its parts
        self, mission: str, hours: ServiceHours, day: date, batch: int, timezone: str
    ) -> Release:
        """Draw the batch's pool (once); a batch nobody entered is committed and drawn empty,
        which also bars any late entry from it. Entries withdrawn by a death are left out."""
        release_id = Release.id_for(release_key(mission, hours.code, day, batch))

        def decide() -> tuple[list[Aggregate], Release]:
            now = self.now()
            by = self.by_system(mission, now)
            release = self.find_hot(Release, release_id)
            if release is not None and release.drawn:
                return [], release
            if release is None:
                release, seed = self._new_release(mission, hours, day, batch, timezone, 0)
                release.perform(seed=seed, entries=[], free_slots=[], by=by)
                return [release], release
            shards = [
                PoolShard.open(
                    self.find_hot(PoolShard, PoolShard.id_for(release_id, k)),
                    release_id=release_id,
                    shard=k,
                    by=by,
                )
                for k in range(POOL_SHARDS)
            ]
            entries = [e for s in shards for e in s.entries]
            pooled = {a.id: a for a in map(self._pooled, entries) if a is not None}
            slot_day = SlotDay.open(
                self.find_hot(SlotDay, SlotDay.id_for(mission, hours.code, day)),
                service=hours.code,
                day=day,
                by=by,
            )
            free = slot_day.free_among(hours.released_slots(batch + 1))
            allocation = release.perform(
                seed=self._seed(release_id), entries=list(pooled), free_slots=free, by=by
            )
            for entry, slot in allocation.winners:
                starts_at = hours.starts_at(day, slot, timezone)
                pooled[entry].allocate(slot=slot, starts_at=starts_at, now=now, by=by)
            for entry in allocation.losers:
                pooled[entry].not_allocated(by=by)
            slot_day.take(
                [s for _, s in allocation.winners], [e for e, _ in allocation.winners], by=by
            )
            for shard in shards:
                shard.close(by=by)
            return [release, slot_day, *shards, *pooled.values()], release

        with self.stripe(release_id):
            release, _ = self.retrying(decide)
        log.info("appointment.drawn", release_id=str(release_id), entries=len(release.ranked))
        return release

    def ensure_drawn(
        self, mission: str, hours: ServiceHours, day: date, batches: tuple[int, ...], tz: str
    ) -> None:
        """Draw every batch whose pool has closed, in order, before anyone books first come."""
        for batch in batches:
            if not self._drawn(Release.id_for(release_key(mission, hours.code, day, batch))):
                self.draw(mission, hours, day, batch, tz)

    # -- the worker and the audit -----------------------------------------------------------

    def run_releases(self) -> tuple[int, int]:
        """Commit seeds of batches opening soon; draw pools that closed. (commits, draws)"""
        directory = self._find(CalendarDirectory, CalendarDirectory.ID)
        commits = draws = 0
        now = self.now()
        for code in directory.missions if directory else []:
            calendar = self.calendar(code)
            if calendar is None or calendar.pool_window is None:
                continue
            timezone = self.missions.get(code).timezone
            today = schedule.local_day(now, timezone)
            days = [today + timedelta(days=schedule.WINDOW_DAYS + d) for d in (-1, 0, 1)]
            for hours in calendar.services.values():
                for day in filter(calendar.is_open, days):
                    for batch, at in enumerate(schedule.batch_instants(day, timezone)):
                        rid = Release.id_for(release_key(code, hours.code, day, batch))
                        found = self.find_hot(Release, rid, to_change=False)
                        if found is None and now < at <= now + COMMIT_AHEAD:
                            self.commit_release(calendar, hours, day, batch, timezone)
                            commits += 1
                        elif found is not None and not found.drawn and found.pool_closes_at <= now:
                            self.draw(code, hours, day, batch, timezone)
                            draws += 1
        return commits, draws

    def appointment_draws(self, mission: str, day: date) -> list[Release]:
        """The releases of `day` at the mission, by service and batch (public, for auditors)."""
        code = self.missions.get(mission).code
        calendar = self.calendar(code)
        found = [
            self.find_hot(Release, Release.id_for(release_key(code, s, day, b)), to_change=False)
            for s in sorted(calendar.services if calendar else {})
            for b in range(len(schedule.BATCH_TIMES))
        ]
        return [r for r in found if r is not None]
