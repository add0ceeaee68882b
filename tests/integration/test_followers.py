"""Followers under load: no event skipped, and a killed follower resumes without gaps."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from projections import all_views
from register.access import Account, Role
from register.bootstrap import compose_register
from register.views.projector import Projector
from register.views.rebuild import differences, fresh_target, rebuild
from tests.factories import enroll
from tests.integration.slow_commits import topic

if TYPE_CHECKING:
    from register.bootstrap import Container

WRITERS = 8
ENROLMENTS_EACH = 15
SIJILL = Path(sys.executable).parent / "sijill"
KILLED_ENROLMENTS = 1000
"""Several batches' worth of events (an enrolment records a few), so the kill lands mid-way."""


def test_followers_skip_no_event_under_eight_writers_with_delayed_commits(
    container: Container,
) -> None:
    env = {
        **container.storage.eventsourcing_env(),
        "APPLICATION_RECORDER_TOPIC": topic(container.storage.kind),
    }
    slow = compose_register(env, missions=container.missions)
    follower = Projector(container.register, container.db)
    stop = threading.Event()
    following = threading.Thread(target=follower.follow, args=(stop,), kwargs={"poll": 0.01})
    following.start()

    def write(writer: int) -> None:
        clerk = Account(name=f"clerk-{writer}", role=Role.CLERK, mission="PAR")
        for i in range(ENROLMENTS_EACH):
            slow.enroll_citizen(clerk, enroll(nationalId=f"W{writer}{i:05d}"))
            time.sleep(random.uniform(0, 0.005))  # noqa: S311

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(write, range(WRITERS)))
        head = container.register.recorder.max_notification_id()
        follower.wait_for(head, timeout=30)
    finally:
        stop.set()
        following.join(timeout=30)
        slow.close()

    enrolments = WRITERS * ENROLMENTS_EACH
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (enrolments,)
    assert container.db.fetch_one("SELECT count(*) FROM mission_activity") == (enrolments,)
    target = fresh_target(container.db, all_views())
    rebuild(container.register, target, all_views())
    assert differences(container.db, target, all_views()) == []


def test_a_follower_killed_mid_batch_resumes_without_gaps_or_duplicates(
    container: Container, database_url: str
) -> None:
    clerk = Account(name="clerk", role=Role.CLERK, mission="PAR")
    for i in range(KILLED_ENROLMENTS):
        container.register.enroll_citizen(clerk, enroll(nationalId=f"K{i:06d}"))
    head = container.register.recorder.max_notification_id()
    env = {**os.environ, "SIJILL_DATABASE_URL": database_url, "SIJILL_LOG_LEVEL": "warning"}

    def follower() -> subprocess.Popen[bytes]:
        return subprocess.Popen([str(SIJILL), "project", "--view", "mission_activity"], env=env)

    first = follower()
    deadline = time.monotonic() + 30
    while container.projector.positions()["mission_activity"] == 0:
        assert time.monotonic() < deadline, "the follower never committed a batch"
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = container.projector.positions()["mission_activity"]

    second = follower()
    try:
        deadline = time.monotonic() + 30
        while container.projector.positions()["mission_activity"] < head:
            assert time.monotonic() < deadline, "the restarted follower did not catch up"
            time.sleep(0.05)
    finally:
        second.terminate()
        second.wait(timeout=30)

    assert 0 < killed_at < head  # killed with batches still to apply: it had to resume
    positions = [
        p
        for (p,) in container.db.fetch_all(
            "SELECT position FROM mission_activity ORDER BY position"
        )
    ]
    assert positions == sorted(set(positions))
    assert len(positions) == KILLED_ENROLMENTS
    views = [v for v in all_views() if v.name == "mission_activity"]
    target = fresh_target(container.db, views)
    rebuild(container.register, target, views)
    assert differences(container.db, target, views) == []


def test_writers_sharing_the_follower_s_store_never_wait_for_its_batches(
    container: Container,
) -> None:
    """The in-process follower reads through the same store as the writers: a batch must not
    hold the views' lock while it waits for the store's connection pool (on SQLite that lock
    is the write lock the writers queue for, so each would wait for the other until a timeout).
    """
    follower = Projector(container.register, container.db, batch_size=5)
    stop = threading.Event()
    following = threading.Thread(target=follower.follow, args=(stop,), kwargs={"poll": 0})
    following.start()
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        clerk = Account(name=f"clerk-{writer}", role=Role.CLERK, mission="PAR")
        for i in range(ENROLMENTS_EACH):
            try:
                container.register.enroll_citizen(clerk, enroll(nationalId=f"S{writer}{i:05d}"))
            except Exception as error:  # noqa: BLE001  # collected: the assertion names them
                failures.append(error)

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(write, range(WRITERS)))
        follower.wait_for(container.register.recorder.max_notification_id(), timeout=30)
    finally:
        stop.set()
        following.join(timeout=30)

    assert failures == []
    expected = (WRITERS * ENROLMENTS_EACH,)
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == expected
