"""Following the store: a loop that keeps views current and outlives the database going away.

Every phase — waiting for a NOTIFY, reading a batch, writing it — may meet a lost connection.
The follower then closes what it holds, waits with a growing delay, connects again and resumes
from the positions the views committed, so nothing is skipped or applied twice. Its state is
kept where `/readyz` and `/metrics` can read it.
"""

from __future__ import annotations

import random
import time
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog

from register.views.dead_letters import describe

if TYPE_CHECKING:
    import threading

    from register.store.storage import Database
    from register.views.projector import Projector

log = structlog.get_logger(__name__)
CHANNEL = "register_events"  # the library NOTIFYs on its events table's name
APPLICATION_NAME = "sijill-follower"
"""How a follower's listening connection names itself to PostgreSQL (`pg_stat_activity`), with
`:VIEW` for a single view's follower and `:*` for one that follows every view."""
RETRY_FIRST_S = 0.5
RETRY_MOST_S = 15.0


@dataclass
class Follower:
    """What a follower is doing: `running`, `retrying` (the database is out of reach) or
    `stopped` (its loop has ended)."""

    state: str = "running"
    error: str | None = None
    failures: int = 0
    since: float = field(default_factory=time.monotonic)

    def running(self) -> None:
        if self.state != "running":
            log.info("projector.resumed", after_failures=self.failures)
            self.state, self.error, self.failures, self.since = "running", None, 0, time.monotonic()

    def retrying(self, error: BaseException) -> float:
        """Note a failure; returns how long to wait before the next try (with jitter)."""
        if self.state != "retrying":
            self.since = time.monotonic()
        self.state, self.error = "retrying", describe(error)
        self.failures += 1
        delay: float = min(RETRY_FIRST_S * 2.0 ** (self.failures - 1), RETRY_MOST_S)
        return delay * random.uniform(0.8, 1.2)  # noqa: S311  # jitter, not a secret

    def stopped(self) -> None:
        self.state = "stopped"
        self.since = time.monotonic()


def follow(projector: Projector, stop: threading.Event, *, poll: float = 0.2) -> None:
    """Keep `projector`'s views caught up until `stop` is set; PostgreSQL wakes on NOTIFY."""
    follower = projector.follower = Follower()
    names = [v.name for v in projector.views]
    listens = projector.db.kind == "postgresql"
    name = f"{APPLICATION_NAME}:{names[0] if len(names) == 1 else '*'}"
    waiter: _Listener | None = None
    try:
        while not stop.is_set():
            try:
                if listens and waiter is None:
                    waiter = _Listener(projector.db, name)  # before reading: no NOTIFY missed
                applied = projector.catch_up()
                follower.running()
                if applied:
                    log.info("projector.applied", events=applied, views=len(names))
                if waiter is not None:
                    waiter.wait(poll * 5)
                else:
                    stop.wait(poll)
            except Exception as error:  # noqa: BLE001  # any failure: retry, never die
                delay = follower.retrying(error)
                log.warning(
                    "projector.retrying",
                    views=names,
                    error=follower.error,
                    failures=follower.failures,
                    retry_in_s=round(delay, 2),
                )
                if waiter is not None:
                    waiter.close()
                    waiter = None
                stop.wait(delay)
    finally:
        follower.stopped()
        if waiter is not None:
            waiter.close()


class _Listener:
    """LISTEN on the store's channel; waking on a NOTIFY or after a timeout (a safety poll)."""

    def __init__(self, db: Database, application_name: str) -> None:
        import psycopg  # noqa: PLC0415  # only PostgreSQL needs it

        self._conn = psycopg.connect(
            db.storage.conninfo(),
            autocommit=True,
            connect_timeout=5,
            application_name=application_name,
        )
        self._conn.execute(f'LISTEN "{CHANNEL}"')

    def wait(self, timeout: float) -> None:
        for _ in self._conn.notifies(timeout=timeout, stop_after=1):
            pass

    def close(self) -> None:
        with suppress(Exception):  # closing a connection the server already dropped
            self._conn.close()


def live_followers(db: Database) -> set[str]:
    """The views some process follows now, by its listening connection (`*`: every view), on
    this database: another register on the same server has followers of its own."""
    rows = db.fetch_all(
        "SELECT application_name FROM pg_stat_activity"
        " WHERE application_name LIKE %s AND datname = current_database()",
        (f"{APPLICATION_NAME}:%",),
    )
    return {str(name).split(":", 1)[1] for (name,) in rows}
