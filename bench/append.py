"""Append benchmark: enrolments through the register vs raw psycopg INSERT+COMMIT, one run.

Usage: python -m bench.append --url postgresql://…/db [--n 2000] [--n8 4000] [--clients 8]
The database must be empty of Sijill tables (a fresh one is best); it is migrated here.
Both sides write the same rows (one enrolment event + one national-ID index event, in one
transaction) with fsync on; the figure is transactions per second, first from one client, then
from `--clients` clients at once (threads sharing one register, as a server's requests do; each
raw client has its own connection). During the many-client run a follower
(`sijill project --view citizen_directory`, as in production) tails the store; afterwards its
view must hold every enrolment: an event it skipped would be missing for good.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from bench.harness import SIJILL, Check, Figure, Row, Scale, enrolment, percent
from projections.directory import CitizenDirectory
from register import log
from register.access import Account, Role
from register.bootstrap import bootstrap
from register.settings import Settings
from register.views.projector import Projector

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.civil_status import inputs as c

CLERK = Account(name="bench", role=Role.CLERK, mission="PAR")
SCALES: dict[Scale, tuple[int, int]] = {
    "tiny": (40, 80),
    "small": (2000, 4000),
    "large": (10_000, 20_000),
}
"""Transactions per side: from one client, then from the many."""
CLIENTS = 8
T = TypeVar("T")
ENROLLED = "sijill/citizen/enrolled/v1"


def timed(work: Callable[[T], object], clients: list[T]) -> float:
    """Seconds for `work` to run for every client at once, one thread each."""
    with ThreadPoolExecutor(len(clients)) as pool:
        started = time.perf_counter()
        list(pool.map(work, clients))
        return time.perf_counter() - started


def sijill_rate(url: str, n: int, clients: int) -> float:
    """Enrolments per second from `clients` threads sharing one register, as a server's do.

    One enrolment is made first: the first command pays for caches, not what the rate measures.
    """
    container = bootstrap(Settings(database_url=url, log_level="warning"))
    register = container.register
    register.civil_status.enroll_citizen(CLERK, enrolment(f"W{chr(65 + clients)}000000"))
    each = n // clients
    batches = [
        [enrolment(f"{'B' if clients == 1 else 'C'}{chr(65 + k)}{i:06d}") for i in range(each)]
        for k in range(clients)
    ]

    def enrol(batch: list[c.EnrollCitizen]) -> None:
        for cmd in batch:
            register.civil_status.enroll_citizen(CLERK, cmd)

    elapsed = timed(enrol, batches)
    container.close()
    return each * clients / elapsed


def raw_rate(url: str, n: int, clients: int) -> float:
    """The same two rows per transaction, inserted by hand into a copy of the events table."""
    state = json.dumps({"given_name": "Youssef", "family_name": "El Amrani"}).encode() * 3
    each = n // clients

    def insert(conn: psycopg.Connection[Any], count: int = each) -> None:
        for _ in range(count):
            with conn.transaction():
                conn.execute(
                    "INSERT INTO bench_raw (originator_id, originator_version, topic, state)"
                    " VALUES (%s, 1, %s, %s), (%s, 1, 'sijill/index/national-id/claimed/v1', %s)",
                    (uuid.uuid4(), ENROLLED, state, uuid.uuid4(), state[:200]),
                )

    connections = [psycopg.connect(url) for _ in range(clients)]
    insert(connections[0], 1)
    elapsed = timed(insert, connections)
    for conn in connections:
        conn.close()
    return each * clients / elapsed


def followed(url: str, many: Callable[[], float]) -> tuple[float, int, int]:
    """Run `many` while a follower tails the store; (its figure, rows in the view, enrolments)."""
    container = bootstrap(Settings(database_url=url, log_level="warning"))
    projector = Projector(container.register.store, container.db, [CitizenDirectory()])
    env = {**os.environ, "SIJILL_DATABASE_URL": url, "SIJILL_LOG_LEVEL": "warning"}
    follower = subprocess.Popen(
        [str(SIJILL), "project", "--view", CitizenDirectory.name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        projector.wait_for(
            container.register.store.recorder.max_notification_id() or 0, timeout=300
        )
        figure = many()
        projector.wait_for(
            container.register.store.recorder.max_notification_id() or 0, timeout=300
        )
    finally:
        follower.terminate()
        follower.wait(timeout=30)
    seen = container.db.fetch_all("SELECT count(*) FROM citizen_directory")[0][0]
    enrolled = container.db.fetch_all(
        "SELECT count(*) FROM register_events WHERE topic = %s", (ENROLLED,)
    )[0][0]
    container.close()
    return figure, int(seen), int(enrolled)


def measure(url: str, n: int, n_many: int, clients: int = CLIENTS) -> list[Row]:
    log.configure("warning")
    bootstrap(Settings(database_url=url, log_level="warning"), apply_migrations=True).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_raw (LIKE register_events INCLUDING ALL)")
    one, raw_one = sijill_rate(url, n, 1), raw_rate(url, n, 1)
    many, seen, enrolled = followed(url, lambda: sijill_rate(url, n_many, clients))
    raw_many = raw_rate(url, n_many, clients)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_raw")
    baseline = "psycopg INSERT+COMMIT of the same 2 rows"
    return [
        Row(
            "append, 1 client (enrolment + index event + Merkle leaves, 1 txn)",
            Figure(one, f"{one:,.0f}/s"),
            Figure(raw_one, f"{raw_one:,.0f}/s ({baseline})"),
            percent(one, raw_one),
            f"{n:,} txns",
            (Check("target 75%", one >= 0.75 * raw_one),),
        ),
        Row(
            f"append, {clients} clients, a follower tailing the store",
            Figure(
                many,
                f"{many:,.0f}/s ({many / one:.1f}x its 1-client rate; the follower's view holds"
                f" {seen:,} of {enrolled:,} enrolments)",
            ),
            Figure(raw_many, f"{raw_many:,.0f}/s ({clients} clients, {baseline})"),
            f"{percent(many, raw_many)}; {many / one:.1f}x the 1-client rate",
            f"{n_many:,} txns",
            (Check("target 2x", many >= 2 * one), Check("no event skipped", seen == enrolled)),
        ),
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, *SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--n", type=int, default=2000, help="transactions per side, 1 client")
    parser.add_argument("--n8", type=int, default=4000, help="transactions per side, many")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    args = parser.parse_args()
    command = f"python -m bench.append --url URL --n {args.n} --n8 {args.n8}"
    for row in measure(args.url, args.n, args.n8, args.clients):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
