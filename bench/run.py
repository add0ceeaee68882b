"""Run the benchmarks at a scale, each on a new database, and write their table into the README.

Usage: python -m bench.run --url postgresql://…/postgres --scale tiny|small|large
       [--only NAME[,NAME…]] [--write-readme [--readme PATH]]

`--url` names any database on the server: each benchmark gets a database of its own there
(created, then dropped). Rows are printed as they come; `--write-readme` puts them between the
README's `<!-- bench:start -->` and `<!-- bench:end -->` markers.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import replace
from pathlib import Path

from bench.harness import SCALES, Row, Scale, fresh_database, write_readme

BENCHMARKS = {
    "append": "bench.append",
    "import": "bench.import_",
    "rebuild": "bench.rebuild",
    "lookup": "bench.lookup",
    "asof": "bench.asof",
    "burst": "bench.burst",
    "verify": "bench.verify",
}
"""Every benchmark, in the table's order: name → module with `run(url, scale) -> list[Row]`."""
README = Path(__file__).parents[1] / "README.md"


def run(name: str, url: str, scale: Scale) -> list[Row]:
    """One benchmark on a database of its own, its rows saying how to reproduce them."""
    module = importlib.import_module(BENCHMARKS[name])
    with fresh_database(url, name) as database:
        rows: list[Row] = module.run(database, scale)
    command = f"python -m bench.run --url postgresql://…/postgres --scale {scale} --only {name}"
    return [replace(row, command=command) for row in rows]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="any database on the PostgreSQL server")
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--only", help=f"comma-separated, of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    missing = [n for n in names if n not in BENCHMARKS]
    if missing:
        parser.error(f"no such benchmark: {', '.join(missing)}")
    fresh: dict[str, list[Row]] = {}
    for name in names:
        print(f"-- {name} ({args.scale})", file=sys.stderr, flush=True)
        fresh[name] = run(name, args.url, args.scale)
        for row in fresh[name]:
            print(row.markdown(), flush=True)
    if args.write_readme:
        write_readme(args.readme, fresh, list(BENCHMARKS))


if __name__ == "__main__":
    main()
