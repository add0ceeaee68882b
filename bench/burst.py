"""Release-burst benchmark: 10,000 booking attempts from 5,000 citizens for 1,000 slots, one run.

Usage: python -m bench.burst --url postgresql://…/emptydb [--citizens 5000] [--attempts 10000]
       [--slots 1000] [--threads 32]

Setup (not timed): the database is migrated; citizens are enrolled with an e-mail address and
each asks for a one-time code (read back from the outbox, as from their mail). Then every
citizen tries to book twice, in a shuffled order, from `--threads` threads calling the
register in process (no HTTP), with the register's clock frozen just after a batch opens:

- *first come*: Istanbul gives the 1,000 slots first come, first served;
- *fair draw*: Doha pools the same burst (for another service: one active appointment per
  citizen and service) and draws once the pool closes (the time to settle includes the draw).

The raw baseline, in the same run, gives 1,000 slot rows to the same attempts with one
conditional UPDATE each (`… WHERE slot_id = (SELECT … WHERE citizen_id IS NULL … FOR UPDATE
SKIP LOCKED)`, a UNIQUE citizen column for one slot per citizen), from as many threads, each on
its own connection. It checks no identity and records no history: it is the floor.
Every side must end with exactly 1,000 slots filled by 1,000 different citizens. On Sijill's
side the answers must agree: first come, exactly as many bookings answered as slots, each one
on the agenda; with the draw, one pool entry answered per citizen, every recorded draw re-run
from its revealed seed, the slots given out exactly once. Afterwards no citizen holds two
active appointments for a service (read from each citizen's own appointments, not the agenda).
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg

from bench.burst_checks import DAY, check_draws, check_first_come, check_one_each, on_agenda
from bench.harness import BORN, Figure, Row, Scale, enrolment, invalid, percent, require
from domain.errors import DomainError
from register import log
from register.access import Account, Role
from register.appointments import inputs as ai
from register.bootstrap import bootstrap
from register.civil_status.inputs import parse
from register.settings import Settings

CLERK = Account(name="bench", role=Role.CLERK, mission="IST")
SCALES: dict[Scale, tuple[int, int, int, int]] = {
    "tiny": (40, 80, 10, 4),
    "small": (5000, 10_000, 1000, 32),
    "large": (20_000, 40_000, 4000, 32),
}
"""Citizens, booking attempts, slots and threads."""


def say(what: str) -> None:
    """Progress on stderr: stdout carries the rows."""
    print(what, file=sys.stderr, flush=True)


class FrozenClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def enrol(container: object, ids: list[str], threads: int) -> None:
    register = container.register  # type: ignore[attr-defined]

    def one(national_id: str) -> None:
        citizen_id = register.civil_status.enroll_citizen(CLERK, enrolment(national_id)).result[
            "citizenId"
        ]
        register.appointments.calendars.record_contact_details(
            CLERK,
            parse(
                ai.RecordContactDetails, {"citizenId": citizen_id, "email": f"{national_id}@x.org"}
            ),
        )

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, ids))


def codes(container: object, ids: list[str], threads: int) -> dict[str, str]:
    """Each citizen asks for a code; read from the outbox as the mail would carry it."""
    register = container.register  # type: ignore[attr-defined]
    with ThreadPoolExecutor(threads) as pool:
        list(
            pool.map(
                lambda n: register.appointments.identity.request_otp(
                    parse(ai.RequestOtp, {"nationalId": n, "birthDate": BORN})
                ),
                ids,
            )
        )
    owners = {str(register.store.citizen_id_for_national_id(n)): n for n in ids}
    rows = container.db.fetch_all(  # type: ignore[attr-defined]
        "SELECT citizen_id, body FROM appointment_outbox WHERE kind = 'otp' AND status = 'pending'"
    )
    container.db.execute("UPDATE appointment_outbox SET status = 'sent' WHERE kind = 'otp'")  # type: ignore[attr-defined]
    return {owners[str(cid)]: body.split("code is ")[1][:6] for cid, body in rows if cid in owners}


def sijill_burst(  # the burst and where it lands
    container: object,
    attempts: list[str],
    found: dict[str, str],
    mission: str,
    service: str,
    threads: int,
) -> tuple[float, Counter[str], set[str]]:
    """Time to answer every attempt; the answers by code ("OK" for an appointment); the ids of
    the appointments answered."""
    register = container.register  # type: ignore[attr-defined]
    answered: set[str] = set()

    def book(national_id: str) -> str:
        try:
            outcome = register.appointments.book_appointment(
                parse(
                    ai.BookAppointment,
                    {
                        "mission": mission,
                        "service": service,
                        "date": DAY,
                        "nationalId": national_id,
                        "birthDate": BORN,
                        "code": found[national_id],
                    },
                )
            )
        except DomainError as e:
            return e.code
        answered.add(outcome.result["appointmentId"])  # set.add is atomic under the GIL
        return "OK"

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        outcomes = Counter(pool.map(book, attempts))
    return time.perf_counter() - started, outcomes, answered


def raw_burst(url: str, attempts: list[str], slots: int, threads: int) -> tuple[float, int, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_slots")
        conn.execute(
            "CREATE TABLE bench_slots (slot_id INTEGER PRIMARY KEY, citizen_id TEXT UNIQUE)"
        )
        conn.execute("INSERT INTO bench_slots (slot_id) SELECT generate_series(0, %s)", [slots - 1])
    local = threading.local()
    connections: list[psycopg.Connection[tuple[object, ...]]] = []

    def book(national_id: str) -> bool:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(url, autocommit=True)
            connections.append(local.conn)
        try:
            changed = local.conn.execute(
                "UPDATE bench_slots SET citizen_id = %s WHERE slot_id = (SELECT slot_id FROM"
                " bench_slots WHERE citizen_id IS NULL ORDER BY slot_id LIMIT 1"
                " FOR UPDATE SKIP LOCKED)",
                [national_id],
            ).rowcount
        except psycopg.errors.UniqueViolation:
            return False
        return bool(changed)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(book, attempts))
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(citizen_id), count(DISTINCT citizen_id) FROM bench_slots"
        ).fetchone()
        conn.execute("DROP TABLE bench_slots")
    if row is None:
        invalid("the slot table is readable")
    return elapsed, int(row[0]), int(row[1])


def measure(url: str, citizens: int, attempts: int, slots: int, threads: int) -> list[Row]:
    log.configure("warning")
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    register = container.register
    register.appointments.desk.attach_appointments(
        container.db, citizen_rate=1e6, citizen_burst=10**6
    )
    istanbul = ZoneInfo("Europe/Istanbul")
    clock = FrozenClock(datetime(2026, 5, 4, 20, 0, 5, tzinfo=istanbul))  # every batch is out
    register.appointments.desk.set_clock(clock)
    desks = max(1, slots // 100)
    schedules: list[tuple[str, str, dict[str, object]]] = [
        ("IST", "PASSPORT", {"allocation": "FIRST_COME"}),
        ("DOH", "VISA", {"allocation": "FAIR_DRAW", "poolSeconds": 3600}),
    ]
    for mission, service, rules in schedules:
        admin = Account("bench-admin", Role.ADMIN, mission)
        register.appointments.calendars.schedule_appointment_service(
            admin,
            parse(
                ai.ScheduleAppointmentService,
                {
                    "service": service,
                    "dailyCapacity": slots,
                    "minutesPerAppointment": 5,
                    "desks": desks,
                },
            ),
        )
        register.appointments.calendars.set_appointment_rules(
            admin, parse(ai.SetAppointmentRules, rules)
        )

    ids = [f"BX{i:06d}" for i in range(citizens)]
    started = time.perf_counter()
    enrol(container, ids, 8)
    found = codes(container, ids, 8)
    say(f"set-up: {len(ids)} citizens and codes in {time.perf_counter() - started:.0f} s")
    rng = random.Random(7)
    burst = [ids[i % len(ids)] for i in range(attempts)]
    rng.shuffle(burst)

    first_come, outcomes, answered = sijill_burst(
        container, burst, found, "IST", "PASSPORT", threads
    )
    require(outcomes["OK"] == len(answered), "each booking answered names its own appointment")
    check_first_come(container, "IST", answered, slots)
    say(f"first come: {first_come:.1f} s {dict(outcomes)}")

    # The winners' codes are spent; a refused booking gave its code back.
    booked = {str(a.citizen_id) for a in on_agenda(container, "IST")}
    winners = [n for n in ids if str(register.store.citizen_id_for_national_id(n)) in booked]
    found.update(codes(container, winners, 8))
    clock.at = datetime(2026, 5, 4, 20, 0, 30, tzinfo=ZoneInfo("Asia/Qatar"))
    pooled, outcomes, entered = sijill_burst(container, burst, found, "DOH", "VISA", threads)
    clock.at += timedelta(hours=1, minutes=1)
    drawing = time.perf_counter()
    register.appointments.draws.run_releases()
    fair = pooled + time.perf_counter() - drawing
    require(outcomes["OK"] == len(entered) == citizens, "one pool entry answered per citizen")
    check_draws(container, "DOH", entered, slots)
    say(f"fair draw: {pooled:.1f} s pooling {dict(outcomes)}, {fair - pooled:.1f} s draw")
    check_one_each(container, ids, 8)
    container.close()

    raw, count, distinct = raw_burst(url, burst, slots, threads)
    require((count, distinct) == (slots, slots), "the baseline fills every slot")
    scale = f"{attempts:,} attempts, {citizens:,} citizens, {slots:,} slots, {threads} threads"
    baseline = Figure(
        attempts / raw,
        f"{raw:.3g} s ({attempts / raw:,.0f} attempts/s, conditional UPDATE of a free slot row)",
    )
    return [
        Row(
            f"release burst, {name}: time to settle ({slots:,} slots filled, none overbooked)",
            Figure(attempts / ours, f"{ours:.3g} s ({attempts / ours:,.0f} attempts/s)"),
            baseline,
            percent(raw, ours),
            scale,
        )
        for name, ours in (("first come", first_come), ("fair draw (pool + draw)", fair))
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, *SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--citizens", type=int, default=5000)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--slots", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    command = (
        f"python -m bench.burst --url URL --citizens {args.citizens} --attempts {args.attempts}"
        f" --slots {args.slots} --threads {args.threads}"
    )
    for row in measure(args.url, args.citizens, args.attempts, args.slots, args.threads):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
