"""Run one drill, or all of them, at a size; exit 1 when a guarantee fails.

Usage: python -m bench.drills.run NAME|all [--size small|full]   (or scripts/drill.sh)
Each drill prints its figures, its verdicts, then one JSON line
`{"drill", "size", "ok", "figures", "failed"}`.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys

from bench.drills.common import WORKDIRS
from register import log

DRILLS = {
    "kill-postgres": "bench.drills.kill_postgres",
    "kill-follower": "bench.drills.kill_follower",
    "kill-server-sqlite": "bench.drills.kill_server_sqlite",
    "soak": "bench.drills.soak",
    "fuzz": "bench.drills.fuzz",
}
"""Every drill: name → module with `run(size) -> Report`."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", choices=[*DRILLS, "all"])
    parser.add_argument("--size", choices=["small", "full"], default="small")
    args = parser.parse_args(argv)
    log.configure("warning")
    failed = []
    for name in DRILLS if args.name == "all" else [args.name]:
        print(f"-- drill {name} ({args.size})", file=sys.stderr, flush=True)
        report = importlib.import_module(DRILLS[name]).run(args.size)
        if report.emit() != 0:
            failed.append(name)
            print(f"logs kept in {', '.join(map(str, WORKDIRS))}", file=sys.stderr)
        else:
            for path in WORKDIRS:
                shutil.rmtree(path, ignore_errors=True)
        WORKDIRS.clear()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
