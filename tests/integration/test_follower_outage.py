"""Followers outlive their database: kill -9 of PostgreSQL while they wait, read or write."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest

from register.bootstrap import bootstrap
from register.settings import Settings
from register.store.migrate import migrate
from register.store.outage import StorageUnavailable
from register.store.storage import Storage
from register.views.projector import Projector, start_follower
from tests.factories import PARIS_CLERK, enroll
from tests.own_postgres import OwnPostgres

if TYPE_CHECKING:
    from register.bootstrap import Container

pytestmark = pytest.mark.postgres
ENROLMENTS = 400
"""Enough for several batches, so a kill can land while the follower reads or writes one."""


def enrol_until_acknowledged(container: Container, national_id: str) -> None:
    """What a client does: retry with the same request id while the database comes back."""
    deadline = time.monotonic() + 60
    while True:
        try:
            container.register.enroll_citizen(
                PARIS_CLERK, enroll(nationalId=national_id, requestId=f"req-{national_id}")
            )
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        else:
            return


def caught_up(projector: Projector, head: int) -> bool:
    """Whether every view reached `head`; False while the database is still coming back."""
    try:
        return min(projector.positions().values()) >= head
    except StorageUnavailable:
        return False


def wait_until(condition: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_the_in_process_follower_outlives_a_database_restart_while_it_waits() -> None:
    with OwnPostgres() as pg:
        migrate(Storage.from_url(pg.url))
        container = bootstrap(Settings(database_url=pg.url))
        thread, stop = start_follower(container.projector)
        try:
            enrol_until_acknowledged(container, "BK500001")
            container.projector.wait_for(container.register.recorder.max_notification_id() or 0)

            pg.kill()
            follower = container.projector.follower
            assert follower is not None
            wait_until(lambda: follower.state == "retrying", "the follower never noticed")
            pg.start()
            enrol_until_acknowledged(container, "BK500002")
            head = container.register.recorder.max_notification_id() or 0
            wait_until(lambda: caught_up(container.projector, head), "not caught up")

            assert thread.is_alive()
            assert follower.state == "running"
            assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (2,)
        finally:
            stop.set()
            thread.join(timeout=30)
            container.close()


def test_a_follower_killed_out_from_under_mid_catch_up_resumes_without_gaps() -> None:
    """The database dies while the follower reads and writes batches of a backlog."""
    with OwnPostgres() as pg:
        migrate(Storage.from_url(pg.url))
        container = bootstrap(Settings(database_url=pg.url))
        for i in range(ENROLMENTS):
            container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"BK6{i:05d}"))
        head = container.register.recorder.max_notification_id() or 0
        projector = Projector(container.register, container.db, batch_size=50)
        stop = threading.Event()
        thread = threading.Thread(target=projector.follow, args=(stop,))
        thread.start()
        try:
            wait_until(lambda: min(projector.positions().values()) > 0, "no batch applied")
            before_kill = min(projector.positions().values())
            pg.kill()
            pg.start()
            wait_until(lambda: caught_up(projector, head), "not caught up", timeout=120)

            assert before_kill < head  # killed with batches still to read and write
            assert thread.is_alive()
            assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (ENROLMENTS,)
            rows = container.db.fetch_all("SELECT position FROM mission_activity ORDER BY 1")
            assert len(rows) == len(set(rows)) == ENROLMENTS
        finally:
            stop.set()
            thread.join(timeout=30)
            container.close()
