"""A synthetic legacy register export, in the format `sijill import` takes (docs/legacy-format.md).

Usage: python -m bench.generate [--citizens 1000000] --out FILE [--seed 1] [--export-date DAY]

Households over ≈60 missions weighted like the diaspora (a few big rolls, a long tail): couples
married on both lines with their children born abroad, single citizens married outside the
register or not, divorces, widowhood, deaths, transfers, passports and ID cards, requests and
legalisations. The same seed and export date give the same file, written as it is drawn (one
household in memory at a time). Names come from the demo lists: no real person's data.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress

from bench.households import Households
from bench.legacy_person import Dates

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

EXPORT_DATE = date(2026, 6, 30)
"""The day the legacy system was exported: fixed, so a seed always gives the same file."""
FIRST_DAY = date(1900, 1, 1)
PROGRESS_EVERY = 2000
"""Lines between progress reports: a report per household would cost more than the lines."""


@dataclass(frozen=True)
class Written:
    lines: int
    events: int
    """Roughly how many events importing the file records (see legacy_person.EXPORT_EVENTS)."""


def generate(
    citizens: int,
    out: TextIO,
    *,
    seed: int = 1,
    export: date = EXPORT_DATE,
    progress: Callable[[int], None] | None = None,
) -> Written:
    """Write `citizens` lines to `out`, one household after another."""
    households = Households(seed, export)
    iso = Dates(FIRST_DAY.toordinal(), export.toordinal())
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = events = reported = 0
    while lines < citizens:
        people = households.household(citizens - lines)
        for p in people:
            events += p.events_count()
            out.write(encode(p.line(iso)) + "\n")
        lines += len(people)
        if progress is not None and (lines - reported >= PROGRESS_EVERY or lines == citizens):
            progress(lines - reported)
            reported = lines
    return Written(lines, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=1_000_000)
    parser.add_argument("--out", required=True, help="the JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export-date", type=date.fromisoformat, default=EXPORT_DATE)
    args = parser.parse_args()
    started = time.perf_counter()
    with (
        open(args.out, "w", encoding="utf-8", buffering=1 << 20) as out,  # noqa: PTH123  # a plain stream
        Progress(console=Console(stderr=True)) as bar,
    ):
        task = bar.add_task("citizens", total=args.citizens)
        written = generate(
            args.citizens,
            out,
            seed=args.seed,
            export=args.export_date,
            progress=lambda n: bar.advance(task, n),
        )
    elapsed = time.perf_counter() - started
    Console(stderr=True).print(
        f"{written.lines:,} citizens, ≈{written.events:,} events as the register records them"
        f" ({written.events / written.lines:.1f} a citizen), in {elapsed:.1f} s"
        f" ({written.lines / elapsed:,.0f} lines/s)"
    )


if __name__ == "__main__":
    main()
