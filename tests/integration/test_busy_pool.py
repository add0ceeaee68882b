"""A busy connection pool is an overload, not an outage: requests wait for a connection while the
database answers, the breaker stays closed, and only a long wait is refused (typed, retryable).

Real PostgreSQL (the only backend with a pool); the pool is exhausted by real transactions held
open in threads."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest

from register.store import outage
from register.store.outage import StorageBusy
from register.store.storage import Database, Storage

if TYPE_CHECKING:
    from collections.abc import Iterator

POOL = 8  # Database's pool size


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = Database(Storage.from_url(postgres_url))
    yield database
    database.close()


def hold_every_connection(
    db: Database, for_s: float
) -> tuple[list[threading.Thread], threading.Barrier]:
    """POOL threads each holding a transaction open for `for_s` seconds."""
    started = threading.Barrier(POOL + 1)

    def hold() -> None:
        with db.transaction() as cursor:
            cursor.execute("SELECT 1")
            started.wait()
            time.sleep(for_s)

    threads = [threading.Thread(target=hold) for _ in range(POOL)]
    for t in threads:
        t.start()
    started.wait(timeout=30)
    return threads, started


def test_a_request_waits_past_the_pool_timeout_while_the_database_answers(db: Database) -> None:
    threads, _ = hold_every_connection(db, for_s=2.5)  # longer than the pool's 1 s wait
    began = time.monotonic()
    assert db.fetch_one("SELECT 41 + 1") == (42,)
    waited = time.monotonic() - began
    for t in threads:
        t.join()
    assert waited >= 1.5  # it did wait for a connection to come back
    assert not db.breaker.down  # and the busy pool was not taken for an outage


def test_a_pool_busy_past_the_whole_wait_is_refused_as_busy_not_down(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outage, "BUSY_WAIT_S", 2.0)
    threads, _ = hold_every_connection(db, for_s=4.0)
    began = time.monotonic()
    with pytest.raises(StorageBusy) as refused:
        db.fetch_one("SELECT 1")
    waited = time.monotonic() - began
    for t in threads:
        t.join()
    assert refused.value.code == "UNAVAILABLE"
    assert "busy" in str(refused.value)
    assert 2.0 <= waited < 4.0
    assert not db.breaker.down
    assert db.fetch_one("SELECT 1") == (1,)  # served again as soon as connections return
