"""Every event becomes a Merkle leaf in the transaction that records it, on both backends."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError

from domain.base import Recording
from register.access import Account, Role
from register.bootstrap import compose_register
from register.store.chain import ChainedPostgresRecorder, event_leaf
from register.store.event_log import EventLog
from tests.factories import PARIS_CLERK, enroll
from tests.integration.slow_commits import topic

if TYPE_CHECKING:
    from register.bootstrap import Container

BY = Recording(actor="clerk-par", mission="PAR", effective_date=date(2026, 1, 1))
WRITERS = 8
ENROLMENTS_EACH = 10


def leaf_rows(container: Container) -> list[tuple[int, int, bytes]]:
    rows = container.db.fetch_all(
        "SELECT leaf_index, position, leaf FROM merkle_leaves ORDER BY leaf_index"
    )
    return [(int(i), int(p), bytes(leaf)) for i, p, leaf in rows]


def assert_one_leaf_per_event_in_order(container: Container) -> int:
    log = EventLog(container.db)
    events = list(log.events(upto=log.head()))
    leaves = leaf_rows(container)
    assert [i for i, _, _ in leaves] == list(range(len(events)))
    assert [p for _, p, _ in leaves] == [e.position for e in events]
    assert [leaf for _, _, leaf in leaves] == [
        event_leaf(e.position, e.originator_id, e.version, e.topic, e.state) for e in events
    ]
    return len(events)


def test_each_recorded_event_gets_the_leaf_of_its_stored_bytes_in_the_same_order(
    container: Container,
) -> None:
    for i in range(3):
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"L{i:06d}"))

    assert assert_one_leaf_per_event_in_order(container) == 6  # enrolment + index, three times


def test_a_transaction_that_fails_at_the_store_leaves_no_leaf_and_no_gap_in_leaf_indexes(
    container: Container,
) -> None:
    outcome = container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="L000001"))
    citizen_id = UUID(outcome.result["citizenId"])
    first, stale = (container.register.load_citizen(citizen_id) for _ in range(2))
    for record, city in ((first, "Lyon"), (stale, "Nice")):
        record.change_residence(
            address="1 rue X", city=city, country="FRA", by=BY, today=date(2026, 1, 1)
        )
    container.register.save(first)
    with pytest.raises(IntegrityError):
        container.register.save(stale)  # on PostgreSQL this burns a notification id
    container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="L000002"))

    assert assert_one_leaf_per_event_in_order(container) == 5


def test_eight_concurrent_writers_with_delayed_commits_leave_one_leaf_per_event(
    container: Container,
) -> None:
    env = {
        **container.storage.eventsourcing_env(),
        "APPLICATION_RECORDER_TOPIC": topic(container.storage.kind),
    }
    slow = compose_register(env, missions=container.missions)

    def write(writer: int) -> None:
        clerk = Account(name=f"clerk-{writer}", role=Role.CLERK, mission="PAR")
        for i in range(ENROLMENTS_EACH):
            slow.enroll_citizen(clerk, enroll(nationalId=f"W{writer}{i:05d}"))

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(write, range(WRITERS)))
    finally:
        slow.close()

    assert assert_one_leaf_per_event_in_order(container) == 2 * WRITERS * ENROLMENTS_EACH


class HeldOpenRecorder(ChainedPostgresRecorder):
    """Pauses right after queueing the leaves, inside the transaction, until released."""

    inside = threading.Event()
    release = threading.Event()

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Any, **kwargs: Any) -> Any:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        HeldOpenRecorder.inside.set()
        HeldOpenRecorder.release.wait(10)
        return ids


def test_the_library_still_locks_the_events_table_while_the_leaves_are_written(
    container: Container, database_url: str
) -> None:
    if container.storage.kind != "postgresql":
        pytest.skip("the table lock is PostgreSQL's; SQLite serialises every writer anyway")
    env = {
        **container.storage.eventsourcing_env(),
        "APPLICATION_RECORDER_TOPIC": f"{__name__}:HeldOpenRecorder",
    }
    held = compose_register(env, missions=container.missions)
    writer = threading.Thread(
        target=held.enroll_citizen, args=(PARIS_CLERK, enroll(nationalId="H000001"))
    )
    writer.start()
    try:
        assert HeldOpenRecorder.inside.wait(10)
        time.sleep(0.05)  # the queued statements reach the server
        with psycopg.connect(database_url, autocommit=True) as conn:
            locks = conn.execute(
                "SELECT l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE c.relname = 'register_events' AND l.granted"
                " AND l.pid <> pg_backend_pid()"
            ).fetchall()
    finally:
        HeldOpenRecorder.release.set()
        writer.join(10)
        held.close()

    assert ("ExclusiveLock",) in locks
    assert assert_one_leaf_per_event_in_order(container) == 2
