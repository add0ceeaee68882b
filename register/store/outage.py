"""The database's availability as this process sees it: fail fast while it is down, probe it back.

Both connection pools (the register's own, `storage.Database`, and the event store's, inside the
eventsourcing library) go through one `Breaker` per process. The first connection failure trips
it; while it is tripped every request is refused at once with `StorageUnavailable` instead of
waiting for a pool timeout (the library retries a lost connection ten times), and at most one
request a second probes the server with a fresh connection. When a probe succeeds the pools drop
the connections the outage broke and the same process serves again.
"""

from __future__ import annotations

import select
import threading
import time
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
import structlog
from psycopg_pool import ConnectionPool, PoolTimeout

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

log = structlog.get_logger(__name__)
RETRY_AFTER_S = 1
"""What an answer refused for an outage tells the client to wait before retrying."""
PROBE_EVERY_S = 1.0
PROBE_CONNECT_TIMEOUT_S = 2  # libpq's smallest; a refused connection fails at once anyway
POOL_WAIT_S = 1
"""How long a request waits for a pooled connection before asking whether the database is up."""
BUSY_WAIT_S = 10
"""How long, in all, a request waits for a pooled connection while the database answers (the
pool is busy, not broken) before it is refused as busy."""
_LOST = ("08", "57P01", "57P02", "57P03")
"""SQLSTATEs of a connection refused, lost or shut down (class 08, admin/crash shutdown)."""


class StorageUnavailable(Exception):
    """The database cannot be reached now; nothing was written, and the request may be retried."""

    code = "UNAVAILABLE"
    retry_after = RETRY_AFTER_S

    def __init__(self, message: str = "the register's database cannot be reached now") -> None:
        super().__init__(f"{message}; retry shortly")


class StorageBusy(StorageUnavailable):
    """Every connection stayed in use for BUSY_WAIT_S while the database itself answered: an
    overload, not an outage. The same retryable answer; the breaker is not tripped."""

    def __init__(self) -> None:
        super().__init__("the register is busy now")


def is_outage(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is a failure of the connection, not of a statement."""
    seen: BaseException | None = error
    for _ in range(8):  # the library wraps psycopg's errors once or twice
        if seen is None:
            return False
        if isinstance(seen, StorageUnavailable | PoolTimeout):
            return True
        if isinstance(seen, psycopg.OperationalError | psycopg.InterfaceError):
            state = seen.sqlstate
            return state is None or state.startswith(_LOST)
        seen = seen.__cause__ or seen.__context__
    return False


class Breaker:
    """Trips on a connection failure; while tripped refuses at once, probing at most once a
    second; on a successful probe runs the recovery hooks (the pools' checks)."""

    def __init__(self, conninfo: str, *, every_s: float = PROBE_EVERY_S) -> None:
        self._conninfo = conninfo
        self._every_s = every_s
        self._down_since: float | None = None
        self._next_probe = 0.0
        self._lock = threading.Lock()
        self._recovery: list[Callable[[], object]] = []
        self._probed = (-1e9, False)
        """When `_answers` last probed, and what it found."""

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def on_recovery(self, hook: Callable[[], object]) -> None:
        self._recovery.append(hook)

    def guard(self) -> None:
        """Return if the database is believed up (or a probe just found it up); else refuse."""
        if self._down_since is None:
            return
        if not self._lock.acquire(blocking=False):  # another request is probing
            raise StorageUnavailable
        try:
            if self._down_since is None:
                return
            if time.monotonic() < self._next_probe or not self._probe():
                raise StorageUnavailable
            self._recovered()
        finally:
            self._lock.release()

    def failed(self, error: BaseException) -> StorageUnavailable:
        """Note a connection failure; the error to raise instead. A pool timeout alone may be
        a busy pool, not an outage: a probe tells them apart."""
        if isinstance(error, PoolTimeout) and self._answers():
            log.warning("storage.busy", waited_s=BUSY_WAIT_S)
            return StorageBusy()
        if self._down_since is None:
            with self._lock:
                if self._down_since is None:
                    self._down_since = time.monotonic()
                    self._next_probe = self._down_since + self._every_s
                    log.warning("storage.unavailable", error=type(error).__name__)
        return StorageUnavailable()

    def _answers(self) -> bool:
        """Whether the database is up, by a probe at most once a second (a busy pool's many
        waiting requests ask together)."""
        if time.monotonic() - self._probed[0] >= self._every_s:
            self._probed = (time.monotonic(), self._probe())
        return self._probed[1]

    def _probe(self) -> bool:
        self._next_probe = time.monotonic() + self._every_s
        try:
            with psycopg.connect(self._conninfo, connect_timeout=PROBE_CONNECT_TIMEOUT_S) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def _recovered(self) -> None:
        down_for = time.monotonic() - (self._down_since or 0.0)
        self._down_since = None
        log.warning("storage.available", down_s=round(down_for, 1))
        for hook in self._recovery:
            try:
                hook()
            except Exception:  # a pool that fails its check reconnects on use
                log.warning("storage.recovery_hook_failed", exc_info=True)

    @contextmanager
    def guarding(self, connection: Callable[[], Any]) -> Iterator[Any]:
        """`connection()` (a context manager) behind the breaker: refused at once while the
        database is down; a connection failure inside trips it and becomes StorageUnavailable."""
        self.guard()
        deadline = time.monotonic() + BUSY_WAIT_S
        try:
            with ExitStack() as held:
                while True:
                    try:
                        conn = held.enter_context(connection())
                        break
                    except PoolTimeout:  # busy, or down: wait on only while it answers
                        if time.monotonic() >= deadline or not self._answers():
                            raise
                yield conn
        except StorageUnavailable:
            raise
        except Exception as e:
            if is_outage(e):
                raise self.failed(e) from e
            raise


def check_idle(conn: psycopg.Connection[Any]) -> None:
    """The pools' check before lending a connection: free while the server has said nothing.

    An idle connection has nothing to read unless the server closed it or is shutting it down
    (a killed or restarted server closes the socket, a terminated backend sends its error
    first), so only then is the full check (an empty query, a round trip) made; a connection
    that fails it is dropped and the pool lends another.
    """
    if conn.closed:
        raise psycopg.OperationalError("the pooled connection is closed")
    try:
        readable = bool(select.select([conn.fileno()], [], [], 0)[0])
    except (OSError, ValueError):
        readable = True
    if readable:
        ConnectionPool.check_connection(conn)


def guard_event_store(recorder: object, breaker: Breaker) -> None:
    """Put the event store's PostgreSQL connections behind `breaker`.

    The library builds its datastore inside its factory, with no hook to choose the class, so the
    datastore's `get_connection` (which all its reads and writes use) is wrapped on the instance.
    StorageUnavailable is not one of the errors the library retries, so a refusal is immediate.
    """
    from eventsourcing.postgres import PostgresDatastore  # noqa: PLC0415  # PostgreSQL only

    datastore = getattr(recorder, "datastore", None)
    if not isinstance(datastore, PostgresDatastore):
        return
    unguarded = datastore.get_connection

    @contextmanager
    def get_connection() -> Iterator[Any]:
        with breaker.guarding(unguarded) as conn:
            yield conn

    datastore.get_connection = get_connection  # type: ignore[method-assign]
    # The library's pre-ping makes a round trip per checkout; the idle check does it only when
    # the socket says the server went away. The pool keeps its check in `_check`.
    datastore.pool._check = check_idle
    breaker.on_recovery(datastore.pool.check)
