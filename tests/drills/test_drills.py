"""Each fault drill at its small size, as `scripts/drill.sh NAME --size small` runs it.

The drills start their own throwaway PostgreSQL (scripts/pg.sh) or SQLite file and stop by
themselves; here their exit code and the figures of their JSON line are asserted. Full sizes
and the README's figures come from running the script by hand.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

DRILL = Path(__file__).resolve().parents[2] / "scripts" / "drill.sh"
BOUND_S = 240
"""A small drill that runs longer than this has hung: each is bounded well below it."""


def drill(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [str(DRILL), name, "--size", "small"],
        capture_output=True,
        text=True,
        timeout=BOUND_S,
        check=False,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    assert lines, f"no JSON line\nstdout:\n{done.stdout}\nstderr:\n{done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(lines[-1])
    assert (result["drill"], result["size"]) == (name, "small")
    assert result["failed"] == [], done.stdout
    assert result["ok"] is True
    assert done.returncode == 0, done.stderr[-3000:]
    return result


def test_kill_postgres_loses_and_duplicates_nothing_and_views_converge() -> None:
    figures = drill("kill-postgres")["figures"]
    assert figures["rounds"] == 2
    assert figures["acknowledged"] == figures["commands"] == figures["recorded_in_store"] == 120
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert figures["failed_tries_by_kind"].get("http_5xx", 0) == 0


def test_killed_followers_leave_no_gap_and_no_duplicate() -> None:
    figures = drill("kill-follower")["figures"]
    assert figures["kills"] == 6
    assert figures["lowest_view_position"] == figures["store_head"] > 0
    assert (figures["lost"], figures["duplicated"]) == (0, 0)


def test_killed_sqlite_server_keeps_every_acknowledged_write_uncorrupted() -> None:
    figures = drill("kill-server-sqlite")["figures"]
    assert figures["kills"] == 2
    assert figures["integrity_check"] == "ok"
    assert figures["acknowledged"] == figures["recorded_in_store"] == 80
    assert (figures["lost"], figures["duplicated"]) == (0, 0)


def test_soak_answers_every_request_without_error_or_growth() -> None:
    figures = drill("soak")["figures"]
    assert figures["errors"] == 0
    assert figures["requests"] >= 360  # 20 s at 20 requests/s, less a 10% margin
    assert figures["rss_growth_pct"] < 10


def test_fuzzed_graphql_never_fails_the_server() -> None:
    figures = drill("fuzz")["figures"]
    assert figures["requests"] >= 300
    assert (figures["http_5xx"], figures["unexpected_errors_logged"]) == (0, 0)
    assert figures["failures_by_kind"] == {}
