"""Import benchmark: `sijill import` of a generated legacy export vs raw COPY of the same rows.

Usage: python -m bench.import_ --url postgresql://…/emptydb [--citizens 20000] [--file F]

One run, both sides on the same database:
- Sijill: the export (bench/generate.py, or `--file`) through `Importer.run` as `sijill import`
  runs it (lines decided in one process per core; validation, the domain's rules and events,
  the uniqueness checks, the Merkle leaves, COPY in batches) — timed
  from the first read of the file to the last commit; the views are then brought up to date
  and timed apart (that is the followers' work, measured by the rebuild benchmark too).
- Raw: the very rows the import wrote (originator id, version, topic, state), dumped to a file,
  then COPY'd back by plain psycopg into a table like the events table in one transaction.
The figure is events per second; the ratio Sijill ÷ raw (target ≥ 50%).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

from bench.harness import Check, Figure, Row, Scale, invalid, percent, require
from register import log
from register.bootstrap import bootstrap
from register.legacy_import.importer import Importer
from register.services.guide_seed import seed_guide
from register.settings import Settings

SCALES: dict[Scale, int] = {"tiny": 30, "small": 20_000, "large": 1_000_000}
"""Citizens in the generated export (≈10 events each as the register records them)."""


@dataclass(frozen=True)
class ImportFigures:
    citizens: int
    events: int
    rejected: int
    sijill_per_s: float
    raw_per_s: float
    views_per_s: float
    peak_rss_mib: float

    @property
    def ratio(self) -> float:
        return self.sijill_per_s / self.raw_per_s


def generate(citizens: int, out: Path, seed: int = 7) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.generate",
            "--citizens",
            str(citizens),
            "--out",
            str(out),
            "--seed",
            str(seed),
        ],
        check=True,
    )
    return out


def sijill_import(url: str, file: Path, *, views: bool) -> tuple[int, int, int, float, float]:
    """(citizens, events, rejected, events/s of the import, events/s of the views after it, or
    0 when `views` is off: at national scale that is the rebuild benchmark's hour)."""
    log.configure("warning")
    container = bootstrap(Settings(database_url=url, log_level="warning"), apply_migrations=True)
    try:
        seed_guide(container.register)
        rejects = file.with_name(file.name + ".rejects.jsonl")
        started = time.perf_counter()
        report = Importer(container, workers=os.cpu_count() or 1).run(file, rejects, views=False)
        imported_s = time.perf_counter() - started
        started = time.perf_counter()
        applied = container.projector.catch_up() if views else 0
        views_s = time.perf_counter() - started
    finally:
        container.close()
    return (
        report.imported,
        report.events,
        report.rejected,
        report.events / imported_s,
        applied / views_s if applied else 0.0,
    )


def raw_copy(url: str) -> float:
    """Rows per second of a plain COPY of the imported rows into a copy of the events table.

    The rows are first dumped (COPY TO, untimed) to a file, then streamed back in: memory stays
    flat at any scale, and the baseline pays no Python per row at all.
    """
    with tempfile.TemporaryFile() as dump, psycopg.connect(url) as conn:
        with conn.cursor().copy(
            "COPY (SELECT originator_id, originator_version, topic, state FROM register_events"
            " ORDER BY notification_id) TO STDOUT"
        ) as out:
            for block in out:
                dump.write(block)
        counted = conn.execute("SELECT count(*) FROM register_events").fetchone()
        if counted is None:
            invalid("the events table counts its rows")
        rows = counted[0]
        conn.execute("CREATE TABLE bench_raw (LIKE register_events INCLUDING ALL)")
        conn.commit()
        dump.seek(0)
        started = time.perf_counter()
        with (
            conn.transaction(),
            conn.cursor().copy(
                "COPY bench_raw (originator_id, originator_version, topic, state) FROM STDIN"
            ) as copy,
        ):
            while block := dump.read(1 << 20):
                copy.write(block)
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_raw")
        conn.commit()
    return int(rows) / elapsed


def measure(
    url: str, citizens: int, file: Path | None = None, *, views: bool = True
) -> ImportFigures:
    with tempfile.TemporaryDirectory() as tmp:
        source = file or generate(citizens, Path(tmp) / "export.jsonl")
        imported, events, rejected, ours, views_rate = sijill_import(url, source, views=views)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the raw side's rows
    raw = raw_copy(url)
    require(imported + rejected > 0 and rejected == 0, "the generated export imports whole")
    return ImportFigures(imported, events, rejected, ours, raw, views_rate, rss)


def run(url: str, scale: Scale) -> list[Row]:
    return rows(measure(url, SCALES[scale], views=scale != "large"))


def rows(f: ImportFigures) -> list[Row]:
    views = (
        f"the views then follow at {f.views_per_s:,.0f} events/s"
        if f.views_per_s
        else "views left to the followers"
    )
    return [
        Row(
            "import, `sijill import` (views apart)",
            Figure(
                f.sijill_per_s,
                f"{f.sijill_per_s:,.0f} events/s (peak RSS {f.peak_rss_mib:,.0f} MiB; {views})",
            ),
            Figure(f.raw_per_s, f"{f.raw_per_s:,.0f} rows/s (plain COPY of the same rows)"),
            percent(f.sijill_per_s, f.raw_per_s),
            f"{f.citizens:,} citizens, {f.events:,} events",
            (Check("target 50%", f.sijill_per_s >= 0.5 * f.raw_per_s),),
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--citizens", type=int, default=20_000)
    parser.add_argument("--file", type=Path, help="an export to import instead of generating one")
    parser.add_argument("--no-views", action="store_true", help="leave the views unfollowed")
    args = parser.parse_args()
    figures = measure(args.url, args.citizens, args.file, views=not args.no_views)
    command = f"python -m bench.import_ --url URL --citizens {args.citizens}"
    for row in rows(figures):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
