"""Runs the views over the event store: batches, tracking in the same transaction, following.

A batch is read after the lowest position of the views it serves, applied to each view that has
not seen it, and committed with the views' new positions in one transaction; a crash mid-batch
leaves nothing half-applied, and a restart resumes from the committed positions. Each view
applies its part under a savepoint: one that fails on an event records it as a dead letter
(register/views/dead_letters.py) and goes on or stops alone, never holding the other views. Two
projectors serving the same view never apply a batch twice: each locks its views' tracking
rows before writing (PostgreSQL `FOR UPDATE`; SQLite's write lock) and applies only what lies
beyond the positions it reads under that lock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import structlog

from projections import all_views
from projections.base import Recorded, StorableCursor
from register.views import dead_letters
from register.views.following import Follower, follow

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from projections.base import View
    from register.store.storage import Database
    from register.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)
BATCH = 500


class ViewsBehind(Exception):  # a domain word, like the other errors
    """The views did not reach the asked position within the wait."""

    code = "VIEWS_BEHIND"


class ViewCannotApply(Exception):
    """A view failed on an event where no dead letter can be kept (a rebuild's fresh tables)."""

    code = "VIEW_CANNOT_APPLY"


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    lag: int
    skipped: int = 0
    """Events the view went on without (dead letters it could not store)."""
    stopped_at: int | None = None
    """The event the view is held before, when it stopped on one."""
    stopped_reason: str | None = None


@dataclass
class _Halt:
    """A view held before an event it failed on, retried with a growing delay."""

    position: int
    reason: str
    retry_at: float
    delay: float


HALT_FIRST_S = 5.0
HALT_MOST_S = 300.0


class Projector:
    def __init__(
        self,
        store: UnitOfWork,
        db: Database,
        views: Sequence[View] | None = None,
        *,
        batch_size: int = BATCH,
        keep_dead_letters: bool = True,
    ) -> None:
        """`keep_dead_letters` off (a rebuild's fresh tables): a view that must stop raises
        ViewCannotApply instead, and skipped events are only logged."""
        self.store = store
        self.db = db
        self.views = tuple(views or all_views())
        self.batch_size = batch_size
        self.keep_dead_letters = keep_dead_letters
        self._names = [v.name for v in self.views]
        self._halted: dict[str, _Halt] = {}
        self.follower: Follower | None = None
        """This process's follower of these views, once `follow` runs."""

    def _lock_positions(self, cursor: Any) -> dict[str, int]:
        cursor.executemany(
            "INSERT INTO projection_tracking (view, position) VALUES (%s, 0)"
            " ON CONFLICT (view) DO NOTHING",
            [(n,) for n in self._names],
        )
        marks = ", ".join(["%s"] * len(self._names))
        lock = " FOR UPDATE" if self.db.kind == "postgresql" else ""
        cursor.execute(
            f"SELECT view, position FROM projection_tracking WHERE view IN ({marks}){lock}",
            self._names,
        )
        return {str(name): int(position) for name, position in cursor.fetchall()}

    def _active(self) -> list[str]:
        """The views to move now: all but those held after a failure, until their retry."""
        now = time.monotonic()
        return [n for n in self._names if n not in self._halted or self._halted[n].retry_at <= now]

    def step(self, until: int | None = None) -> int:
        """Apply one batch in one transaction; returns how many events it held (0: caught up).

        The batch is read from the store *before* the views' lock is taken: on SQLite that lock
        is the database's write lock, and the store's connection pool queues every request
        behind a writer waiting for it, so reading under the lock could stall all writers until
        a timeout. Positions are read again under the lock, and each view applies only what it
        has not seen, so a batch another projector applied meanwhile is skipped, never doubled.
        """
        while True:
            active = self._active()
            if not active:
                return 0
            positions = self.positions()
            low = min(positions[n] for n in active)
            if until is not None and low >= until:
                return 0
            batch = self._read(low, until)
            if not batch:
                return 0
            if self._apply(batch, low, active):
                return len(batch)

    def _read(self, low: int, until: int | None) -> list[Recorded]:
        """The events after position `low` (up to `until`), at most one batch of them."""
        notifications = self.store.recorder.select_notifications(
            low, self.batch_size, stop=until, inclusive_of_start=False
        )
        return [Recorded(n.id, self.store.mapper.to_domain_event(n)) for n in notifications]

    def _apply(self, batch: list[Recorded], low: int, active: list[str]) -> bool:
        """Apply `batch`, read after `low`, in one transaction; False if it no longer follows on.

        A swap (`sijill rebuild --swap`) committed since the batch was read may have set the
        views back to the rebuild's position: the events between it and `low` are not in the
        batch, so applying it would leave a gap. Nothing is written then; the caller reads again.
        """
        last = batch[-1].position
        with self.db.transaction() as cursor:
            positions = self._lock_positions(cursor)
            if min(positions[n] for n in active) < low:
                return False
            reached = {
                view.name: self._apply_view(
                    view, [r for r in batch if r.position > positions[view.name]], cursor, last
                )
                for view in self.views
                if view.name in active
            }
            cursor.executemany(
                "UPDATE projection_tracking SET position = %s WHERE view = %s AND position < %s",
                [(p, n, p) for n, p in reached.items()],
            )
        return True

    def _apply_view(self, view: View, todo: list[Recorded], cursor: Any, last: int) -> int:
        """Apply `todo` to one view under a savepoint; returns the position the view reached.

        When the batch fails, it is applied again one event at a time to find the event at
        fault: that event becomes a dead letter, and the view goes on or stops before it.
        """
        if not todo:
            return last
        storable = StorableCursor(cursor)
        cursor.execute("SAVEPOINT view_batch")
        try:
            view.apply(todo, storable)
        except Exception as error:
            if dead_letters.out_of_reach(error):
                raise
            cursor.execute("ROLLBACK TO SAVEPOINT view_batch")
        else:
            cursor.execute("RELEASE SAVEPOINT view_batch")
            self._halted.pop(view.name, None)
            return last
        for recorded in todo:
            cursor.execute("SAVEPOINT view_event")
            try:
                view.apply([recorded], storable)
            except Exception as error:
                if dead_letters.out_of_reach(error):
                    raise
                cursor.execute("ROLLBACK TO SAVEPOINT view_event")
                if not self._dead_letter(view.name, recorded, error, cursor):
                    return recorded.position - 1
            cursor.execute("RELEASE SAVEPOINT view_event")
        self._halted.pop(view.name, None)
        return last

    def _dead_letter(self, view: str, recorded: Recorded, error: Exception, cursor: Any) -> bool:
        """Record `error` on `recorded` for `view`; True when the view goes on past it."""
        action = dead_letters.action_for(error)
        reason = dead_letters.describe(error)
        log.warning(
            "projector.dead_letter",
            view=view,
            position=recorded.position,
            action=action,
            error=reason,
        )
        if self.keep_dead_letters:
            dead_letters.record(cursor, view, recorded, action, reason)
        elif action == "stopped":
            msg = f"view {view} cannot apply the event at position {recorded.position}: {reason}"
            raise ViewCannotApply(msg) from error
        if action == "skipped":
            return True
        held = self._halted.get(view)
        delay = HALT_FIRST_S if held is None else min(held.delay * 2, HALT_MOST_S)
        self._halted[view] = _Halt(recorded.position, reason, time.monotonic() + delay, delay)
        return False

    def catch_up(
        self, until: int | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Apply batches until the views reach `until` (default: the end of the store)."""
        total = 0
        while applied := self.step(until):
            total += applied
            if progress is not None:
                progress(applied)
        return total

    def positions(self) -> dict[str, int]:
        rows = dict(self.db.fetch_all("SELECT view, position FROM projection_tracking"))
        return {n: int(rows.get(n, 0)) for n in self._names}

    def status(self) -> list[ViewStatus]:
        head = self.store.recorder.max_notification_id() or 0
        skipped = dead_letters.skipped_counts(self.db)
        stopped = dead_letters.stopped(self.db)
        return [
            ViewStatus(
                n,
                p,
                head - p,
                skipped.get(n, 0),
                *stopped.get(n, (None, None)),
            )
            for n, p in self.positions().items()
        ]

    def wait_for(self, position: int, *, timeout: float = 5.0) -> None:
        """Return once every view has applied `position`; raise ViewsBehind after `timeout`."""
        deadline = time.monotonic() + timeout
        while min(self.positions().values()) < position:
            if time.monotonic() >= deadline:
                msg = f"the views have not reached position {position} within {timeout:g} s"
                raise ViewsBehind(msg)
            time.sleep(0.02)

    def follow(self, stop: threading.Event, *, poll: float = 0.2) -> None:
        """Keep the views caught up until `stop` is set, outliving database outages."""
        follow(self, stop, poll=poll)


def start_follower(projector: Projector) -> tuple[threading.Thread, threading.Event]:
    """The in-process follower `sijill serve` runs (SQLite has no LISTEN/NOTIFY)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=projector.follow, args=(stop,), name="sijill-projector", daemon=True
    )
    thread.start()
    return thread, stop
