"""As-of benchmark: a 200-event citizen reconstructed as recorded at an instant vs its raw rows.

Usage: python -m bench.asof --url postgresql://…/emptydb [--repeats 200]
The database is migrated and one citizen is given 200 events through the register's own
commands (an enrolment, then changes of residence with now and then a change of name; not
timed). Sijill's side is `citizen(id, asOf:)` as GraphQL runs it (`history.citizen_as_of`:
authorise, read the record's events from the store, replay those recorded by the instant,
note the read); the baseline selects the same 200 rows with plain psycopg and decodes their
JSON. The sides alternate, `--repeats` times each; the figures are median milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import psycopg

from bench.harness import Check, Figure, Row, Scale, enrolment, require
from register import log
from register.access import Account, Role
from register.bootstrap import bootstrap
from register.civil_status import inputs as c
from register.civil_status.history import citizen_as_of
from register.settings import Settings

if TYPE_CHECKING:
    from register.application import Register

EVENTS = 200
CLERK = Account(name="bench", role=Role.CLERK, mission="PAR")
AUDITOR = Account(name="bench-auditor", role=Role.AUDITOR, mission="PAR")
SCALES: dict[Scale, int] = {"tiny": 10, "small": 200, "large": 1000}
"""Reconstructions per side."""
NAMES = (("Youssef", "El Amrani", "يوسف", "العمراني"), ("Youssef", "Amrani", "يوسف", "عمراني"))


def long_record(register: Register) -> UUID:
    """A citizen with EVENTS events: moved 180 times, renamed 19 times (every tenth change)."""
    enrolled = register.civil_status.enroll_citizen(CLERK, enrolment())
    citizen_id = UUID(enrolled.result["citizenId"])
    for i in range(1, EVENTS):
        if i % 10 == 0:
            given, family, given_ar, family_ar = NAMES[i // 10 % 2]
            register.civil_status.change_name(
                CLERK,
                c.parse(
                    c.ChangeName,
                    {
                        "citizenId": citizen_id,
                        "givenName": given,
                        "familyName": family,
                        "givenNameAr": given_ar,
                        "familyNameAr": family_ar,
                        "legalBasis": f"Décret n° 2.24.{i:03d}",
                    },
                ),
            )
        else:
            register.civil_status.change_residence(
                CLERK,
                c.parse(
                    c.ChangeResidence,
                    {
                        "citizenId": citizen_id,
                        "address": f"{i} rue de la République",
                        "city": "Paris",
                        "country": "FRA",
                    },
                ),
            )
    return citizen_id


def measure(url: str, repeats: int) -> list[Row]:
    log.configure("warning")
    container = bootstrap(Settings(database_url=url, log_level="warning"), apply_migrations=True)
    register = container.register
    citizen_id = long_record(register)
    at = datetime.now(UTC)
    record = citizen_as_of(register, AUDITOR, citizen_id, at)
    require(record is not None and record.version == EVENTS, f"the record has {EVENTS} events")
    ours: list[float] = []
    raw: list[float] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(repeats):
            started = time.perf_counter()
            citizen_as_of(register, AUDITOR, citizen_id, at)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = conn.execute(
                "SELECT originator_version, topic, state FROM register_events"
                " WHERE originator_id = %s ORDER BY originator_version",
                (citizen_id,),
            ).fetchall()
            decoded = [(v, t, json.loads(s)) for v, t, s in rows]
            raw.append(time.perf_counter() - started)
            require(len(decoded) == EVENTS, f"the baseline reads {EVENTS} rows")
    container.close()
    o_ms, r_ms = statistics.median(ours) * 1000, statistics.median(raw) * 1000
    return [
        Row(
            f"as-of, `citizen(id, asOf:)` of a {EVENTS}-event citizen (in process)",
            Figure(o_ms, f"{o_ms:.1f} ms (median)"),
            Figure(r_ms, f"{r_ms:.1f} ms (psycopg SELECT of the same rows + JSON decode)"),
            f"{o_ms / r_ms:.1f}x",
            f"{repeats:,} reconstructions a side",
            (Check("target ≤ 3x", o_ms <= 3 * r_ms),),
        )
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    command = f"python -m bench.asof --url URL --repeats {args.repeats}"
    for row in measure(args.url, args.repeats):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
