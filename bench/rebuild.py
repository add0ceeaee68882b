"""Rebuild benchmark: every view from event one vs a raw scan + JSON decode + COPY, one run.

Usage: python -m bench.rebuild --url postgresql://…/emptydb [--citizens 3000]
The database is migrated and filled with demo families first (not timed). Sijill's figure is
`rebuild` of all views into a fresh schema; the baseline scans the same events with plain SQL,
decodes each JSON payload, and COPYs exactly the rows the rebuild wrote into empty copies of the
same tables. Both are events per second.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

import psycopg
from psycopg import sql

from bench.harness import Check, Figure, Row, Scale, percent
from projections import all_views
from register import log
from register.bootstrap import bootstrap
from register.demo.loader import DemoLoader
from register.settings import Settings
from register.views.rebuild import REBUILD_SCHEMA, fresh_target, rebuild

BASELINE_SCHEMA = "bench_raw"


SCALES: dict[Scale, int] = {"tiny": 30, "small": 3000, "large": 30_000}
"""Demo citizens recorded before the rebuild."""


def measure(url: str, citizens: int) -> list[Row]:
    log.configure("warning")
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    if not container.register.store.recorder.max_notification_id():
        DemoLoader(container.register).run(citizens)
    events = container.register.store.recorder.max_notification_id() or 0
    views = all_views()

    target = fresh_target(container.db, views)
    started = time.perf_counter()
    rebuild(container.register.store, target, views)
    ours = events / (time.perf_counter() - started)
    target.close()

    tables = [t for v in views for t in v.tables]
    with psycopg.connect(url) as conn:
        rows = {
            t: conn.execute(
                sql.SQL("SELECT * FROM {}.{}").format(
                    sql.Identifier(REBUILD_SCHEMA), sql.Identifier(t)
                )
            ).fetchall()
            for t in tables
        }
        schema = sql.Identifier(BASELINE_SCHEMA)
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for t in tables:
            conn.execute(
                sql.SQL("CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL)").format(
                    schema, sql.Identifier(t), sql.Identifier(t)
                )
            )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor(name="scan") as scan:
            scan.execute("SELECT topic, state FROM register_events ORDER BY notification_id")
            decoded = sum(1 for _, state in scan if json.loads(bytes(state)))
        for t, table_rows in rows.items():
            with conn.cursor().copy(
                sql.SQL("COPY {}.{} FROM STDIN").format(schema, sql.Identifier(t))
            ) as copy:
                for row in table_rows:
                    copy.write_row(row)
        conn.commit()
        raw = decoded / (time.perf_counter() - started)
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(schema))
        conn.commit()
    container.close()
    written = sum(len(r) for r in rows.values())
    return [
        Row(
            "rebuild, all views from event one",
            Figure(ours, f"{ours:,.0f} events/s"),
            Figure(
                raw, f"{raw:,.0f} events/s (plain SQL scan + JSON decode + COPY of the same rows)"
            ),
            percent(ours, raw),
            f"{events:,} events, {written:,} rows",
            (Check("target 25%", ours >= 0.25 * raw),),
        )
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--citizens", type=int, default=3000)
    args = parser.parse_args()
    command = f"python -m bench.rebuild --url URL --citizens {args.citizens}"
    for row in measure(args.url, args.citizens):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
