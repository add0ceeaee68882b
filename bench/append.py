"""Append benchmark: enrolments through the register vs raw psycopg INSERT+COMMIT, one run.

Usage: python -m bench.append --url postgresql://…/db [--n 2000]
The database must be empty of Sijill tables (a fresh one is best); it is migrated here.
Both sides write the same rows (one enrolment event + one national-ID index event, in one
transaction) with fsync on; the figure is transactions per second, one client.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from datetime import date

import psycopg

from register import commands as c
from register.access import Account, Role
from register.bootstrap import bootstrap
from register.settings import Settings

CLERK = Account(name="bench", role=Role.CLERK, mission="PAR")


def _enrolment(i: int) -> c.EnrollCitizen:
    return c.parse(
        c.EnrollCitizen,
        {
            "givenName": "Youssef",
            "familyName": "El Amrani",
            "givenNameAr": "يوسف",
            "familyNameAr": "العمراني",
            "sex": "M",
            "birthDate": date(1985, 3, 4),
            "birthPlace": "Fes",
            "birthCountry": "MAR",
            "nationalId": f"BX{i:06d}",
        },
    )


def sijill_rate(url: str, n: int) -> float:
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    commands = [_enrolment(i) for i in range(n)]
    started = time.perf_counter()
    for cmd in commands:
        container.register.enroll_citizen(CLERK, cmd)
    elapsed = time.perf_counter() - started
    container.close()
    return n / elapsed


def raw_rate(url: str, n: int) -> float:
    """The same two rows per transaction, inserted by hand into a copy of the events table."""
    state = json.dumps({"given_name": "Youssef", "family_name": "El Amrani"}).encode() * 3
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (LIKE register_events INCLUDING ALL)")
        conn.commit()
        started = time.perf_counter()
        for _ in range(n):
            with conn.transaction():
                conn.execute(
                    "INSERT INTO bench_raw (originator_id, originator_version, topic, state)"
                    " VALUES (%s, 1, 'sijill/citizen/enrolled/v1', %s),"
                    " (%s, 1, 'sijill/index/national-id/claimed/v1', %s)",
                    (uuid.uuid4(), state, uuid.uuid4(), state[:200]),
                )
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_raw")
        conn.commit()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--n", type=int, default=2000, help="transactions per side")
    args = parser.parse_args()
    ours = sijill_rate(args.url, args.n)
    raw = raw_rate(args.url, args.n)
    print(
        f"| append, 1 client (enrolment + index, 1 txn) | {ours:,.0f}/s | {raw:,.0f}/s "
        f"| {ours / raw:.0%} | {args.n} txns | `python -m bench.append --url URL --n {args.n}` |"
    )


if __name__ == "__main__":
    main()
