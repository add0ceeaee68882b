"""Runs the views over the event store: batches, tracking in the same transaction, following.

A batch is read after the lowest position of the views it serves, applied to each view that has
not seen it, and committed with the views' new positions in one transaction; a crash mid-batch
leaves nothing half-applied, and a restart resumes from the committed positions. Two projectors
serving the same view never apply a batch twice: each locks its views' tracking rows before
writing (PostgreSQL `FOR UPDATE`; SQLite's write lock) and applies only what lies beyond the
positions it reads under that lock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import structlog

from projections import all_views
from projections.base import Recorded

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from projections.base import View
    from register.application import Register
    from register.storage import Database

log = structlog.get_logger(__name__)
BATCH = 500
CHANNEL = "register_events"  # the library NOTIFYs on its events table's name


class ViewsBehind(Exception):  # a domain word, like the other errors
    """The views did not reach the asked position within the wait."""

    code = "VIEWS_BEHIND"


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    lag: int


class Projector:
    def __init__(
        self,
        store: Register,
        db: Database,
        views: Sequence[View] | None = None,
        *,
        batch_size: int = BATCH,
    ) -> None:
        self.store = store
        self.db = db
        self.views = tuple(views or all_views())
        self.batch_size = batch_size
        self._names = [v.name for v in self.views]

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

    def step(self, until: int | None = None) -> int:
        """Apply one batch in one transaction; returns how many events it held (0: caught up).

        The batch is read from the store *before* the views' lock is taken: on SQLite that lock
        is the database's write lock, and the store's connection pool queues every request
        behind a writer waiting for it, so reading under the lock could stall all writers until
        a timeout. Positions are read again under the lock, and each view applies only what it
        has not seen, so a batch another projector applied meanwhile is skipped, never doubled.
        """
        while True:
            low = min(self.positions().values())
            if until is not None and low >= until:
                return 0
            batch = self._read(low, until)
            if not batch:
                return 0
            if self._apply(batch, low):
                return len(batch)

    def _read(self, low: int, until: int | None) -> list[Recorded]:
        """The events after position `low` (up to `until`), at most one batch of them."""
        notifications = self.store.recorder.select_notifications(
            low, self.batch_size, stop=until, inclusive_of_start=False
        )
        return [Recorded(n.id, self.store.mapper.to_domain_event(n)) for n in notifications]

    def _apply(self, batch: list[Recorded], low: int) -> bool:
        """Apply `batch`, read after `low`, in one transaction; False if it no longer follows on.

        A swap (`sijill rebuild --swap`) committed since the batch was read may have set the
        views back to the rebuild's position: the events between it and `low` are not in the
        batch, so applying it would leave a gap. Nothing is written then; the caller reads again.
        """
        last = batch[-1].position
        with self.db.transaction() as cursor:
            positions = self._lock_positions(cursor)
            if min(positions.values()) < low:
                return False
            for view in self.views:
                seen = positions[view.name]
                view.apply([r for r in batch if r.position > seen], cursor)
            cursor.executemany(
                "UPDATE projection_tracking SET position = %s WHERE view = %s AND position < %s",
                [(last, n, last) for n in self._names],
            )
        return True

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
        return [ViewStatus(n, p, head - p) for n, p in self.positions().items()]

    def wait_for(self, position: int, *, timeout: float = 5.0) -> None:
        """Return once every view has applied `position`; raise ViewsBehind after `timeout`."""
        deadline = time.monotonic() + timeout
        while min(self.positions().values()) < position:
            if time.monotonic() >= deadline:
                msg = f"the views have not reached position {position} within {timeout:g} s"
                raise ViewsBehind(msg)
            time.sleep(0.02)

    def follow(self, stop: threading.Event, *, poll: float = 0.2) -> None:
        """Keep the views caught up until `stop` is set; PostgreSQL wakes on NOTIFY."""
        waiter = _Listener(self.db) if self.db.kind == "postgresql" else None
        try:
            while not stop.is_set():
                try:
                    applied = self.catch_up()
                except Exception:  # a follower outlives a failed batch and retries it
                    log.exception("projector.batch_failed", views=self._names)
                    stop.wait(1.0)
                    continue
                if applied:
                    log.info("projector.applied", events=applied, views=len(self._names))
                if waiter is not None:
                    waiter.wait(poll * 5)
                else:
                    stop.wait(poll)
        finally:
            if waiter is not None:
                waiter.close()


class _Listener:
    """LISTEN on the store's channel; waking on a NOTIFY or after a timeout (a safety poll)."""

    def __init__(self, db: Database) -> None:
        import psycopg  # noqa: PLC0415  # only PostgreSQL needs it

        self._conn = psycopg.connect(db.storage.conninfo(), autocommit=True)
        self._conn.execute(f'LISTEN "{CHANNEL}"')

    def wait(self, timeout: float) -> None:
        for _ in self._conn.notifies(timeout=timeout, stop_after=1):
            pass

    def close(self) -> None:
        self._conn.close()


def start_follower(projector: Projector) -> tuple[threading.Thread, threading.Event]:
    """The in-process follower `sijill serve` runs (SQLite has no LISTEN/NOTIFY)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=projector.follow, args=(stop,), name="sijill-projector", daemon=True
    )
    thread.start()
    return thread, stop
