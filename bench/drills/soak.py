"""Soak drill: a paced mix of lookups, searches, enrolments and public checks for a long time.

A paced, compiled generator (wrk with bench/drills/paced.lua; not a throughput benchmark, and
not a Python client sharing the server's cores) sends `rate` requests/s to a real `sijill serve
--project` on a throwaway PostgreSQL; every non-200 answer, GraphQL error or payload error
counts as an error (the mix holds no request a typed refusal would be right for). The server's
resident memory is read after the warm-up and at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drills.cluster import Cluster
from bench.drills.common import ENROL, ENROLLED, Report, Server, Workdir, enrolment
from bench.harness import BORN

if TYPE_CHECKING:
    from bench.drills.common import Size

SIZES: dict[Size, dict[str, float]] = {
    "small": {"seconds": 20, "warm": 5, "rate": 20, "citizens": 20},
    "full": {"seconds": 1800, "warm": 60, "rate": 100, "citizens": 200},
}
WORKERS = 2
"""Server processes, one per core of the machines it runs on (one cannot hold the full pace)."""
CONNECTIONS = 64
"""A server slower than the pace gets at most this many requests waiting, not an avalanche."""
NAMES = ["Amrani", "Mohammed", "Youssef", "Fatima Zahra", "العمراني", "Benali", "Mahmoud"]
LOOKUP = "query($id: ID!) { citizen(id: $id) { id version givenName familyName status } }"
SEARCH = "query($q: String!) { searchCitizens(query: $q, first: 10) { edges { node { id } } } }"
VERIFY = "query($n: String!, $b: Date!) { verifyDocument(number: $n, birthDate: $b) { status } }"
STATUS = "{ projectionStatus { storePosition views { name position lag } } }"
GUIDE = '{ services(lang: "ar", mission: "PAR") { code name fee { amount currency } } }'
ROLL = '{ mission(code: "PAR") { roll(first: 10) { totalCount nodes { id } } } }'
MIX: list[tuple[str, int, bool, dict[str, Any]]] = [
    ("lookup", 30, True, {"query": LOOKUP, "variables": {"id": "@ID@"}}),
    ("search", 20, True, {"query": SEARCH, "variables": {"q": "@NAME@"}}),
    ("enrol", 10, True, {"query": ENROL, "variables": {"input": enrolment("@NID@", "@RID@")}}),
    ("verify", 15, False, {"query": VERIFY, "variables": {"n": "@NUM@", "b": BORN}}),
    ("status", 10, True, {"query": STATUS}),
    ("guide", 5, False, {"query": GUIDE}),
    ("roll", 10, True, {"query": ROLL}),
]
"""Operation, weight, whether staff send it, and its body: lookups outnumber writes, as at a
counter. wrk fills each @PLACEHOLDER@ per request (bench/drills/paced.lua)."""
PACED = Path(__file__).with_name("paced.lua")


def lua(value: str) -> str:
    """A Lua long-bracket string literal holding `value` (JSON text, so never `]==]`)."""
    return f"[==[{value}]==]"


def write_mix(path: Path, citizens: list[str], token: str, rate: float, prefix: str) -> None:
    """The mix paced.lua reads: bodies as JSON text (ASCII-escaped), citizens, names, headers."""
    json_headers = {"Content-Type": "application/json"}
    staff = {**json_headers, "Authorization": f"Bearer {token}"}

    def table(pairs: dict[str, str]) -> str:
        return "{" + ", ".join(f"[ {lua(k)} ] = {lua(v)}" for k, v in pairs.items()) + "}"

    kinds = ", ".join(
        f"{{name = {lua(name)}, weight = {weight}, staff = {str(by_staff).lower()}, "
        f"body = {lua(json.dumps(body))}}}"
        for name, weight, by_staff, body in MIX
    )
    path.write_text(
        "return {\n"
        f"  rate = {rate}, threads = 1, national_id_prefix = {lua(prefix)},\n"
        f"  request_id_prefix = {lua(uuid.uuid4().hex[:8])},\n"
        f"  total_weight = {sum(weight for _, weight, _, _ in MIX)},\n"
        f"  kinds = {{{kinds}}},\n"
        f"  citizens = {{{', '.join(lua(c) for c in citizens)}}},\n"
        f"  names = {{{', '.join(lua(json.dumps(n)[1:-1]) for n in NAMES)}}},\n"
        f"  staff = {table(staff)}, public = {table(json_headers)},\n"
        "}\n",
        encoding="utf-8",
    )


def wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("the soak needs wrk (Debian: apt-get install wrk; scripts/install.sh "
                           "dev installs it)")  # fmt: skip
    return found


def paced(base: str, mix_file: Path, seconds: float) -> dict[str, Any]:
    """Run wrk for `seconds` at the mix's pace; its figures (the JSON line paced.lua prints)."""
    command = [wrk(), "-t1", f"-c{CONNECTIONS}", f"-d{int(seconds)}s", "--timeout", "30s"]
    done = subprocess.run(
        [*command, "-s", str(PACED), base],
        env={**os.environ, "SOAK_MIX": str(mix_file)},
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SOAK ")]
    if done.returncode != 0 or done.stderr.strip() or not lines:  # a script error goes on
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-1000:]}{done.stdout}")
    figures: dict[str, Any] = json.loads(lines[-1].removeprefix("SOAK "))
    return figures


def errors_of(figures: dict[str, Any]) -> int:
    """Every answer that was not a clean 200, and every request the socket lost."""
    return int(figures["answer_errors"]) + sum(int(n) for n in figures["socket_errors"].values())


def citizen_ids(url: str, most: int) -> list[str]:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT originator_id::text FROM register_events WHERE topic = %s LIMIT %s",
            (ENROLLED, most),
        ).fetchall()
    return [r[0] for r in rows]


def run(size: Size) -> Report:
    spec = SIZES[size]
    report = Report("soak", size)
    work, cluster = Workdir("soak"), Cluster()
    server = None
    try:
        cluster.start()
        url = cluster.database("sijill_soak")
        for args in (["migrate"], ["demo", "--citizens", str(int(spec["citizens"]))]):
            done = work.sijill(url, *args)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-1000:])
        citizens, token = citizen_ids(url, 500), work.token(url)
        server = Server(work, url, "--project", "--workers", str(WORKERS))
        server.wait_ready()
        base, rate, mix_file = server.base_url, spec["rate"], work.path / "mix.lua"
        write_mix(mix_file, citizens, token, rate, "SA")
        warm = paced(base, mix_file, spec["warm"])
        rss_start, by_process_start = server.rss_mib(), server.rss_by_process()
        write_mix(mix_file, citizens, token, rate, "SB")
        soaked = paced(base, mix_file, spec["seconds"])
        rss_end, by_process_end = server.rss_mib(), server.rss_by_process()
        elapsed = soaked["duration_us"] / 1e6
        errors = errors_of(warm) + errors_of(soaked)
        growth = (rss_end - rss_start) / rss_start
        each = {  # every process's own growth: a leak in one worker is not hidden by the others
            pid: (by_process_end[pid] - mib) / mib
            for pid, mib in by_process_start.items()
            if mib and pid in by_process_end
        }
        report.figures.update(
            {
                "generator": "wrk (paced.lua)",
                "workers": WORKERS,
                "seconds": round(elapsed, 1),
                "requests": soaked["requests"],
                "rate_per_s": round(soaked["requests"] / elapsed, 1),
                "errors": errors,
                "socket_errors": soaked["socket_errors"],
                "p50_ms": soaked["p50_ms"],
                "p99_ms": soaked["p99_ms"],
                "max_ms": soaked["max_ms"],
                "rss_start_mib": round(rss_start, 1),
                "rss_end_mib": round(rss_end, 1),
                "rss_growth_pct": round(growth * 100, 1),
                "rss_by_process_mib": {
                    pid: [round(mib, 1), round(by_process_end.get(pid, 0), 1)]
                    for pid, mib in by_process_start.items()
                },
                "enrolments": warm["enrolments"] + soaked["enrolments"],
            }
        )
        report.check(errors == 0, "0 errors", "; ".join(warm["samples"] + soaked["samples"]))
        report.check(
            growth < 0.10 and max(each.values(), default=0) < 0.10,
            "server RSS grows < 10% from after warm-up to the end, in every process",
        )
        report.check(soaked["requests"] / elapsed >= 0.9 * rate, "the pace is held (≥ 90%)")
        report.check(server.running(), "the server is still running")
        report.check("Traceback" not in server.log(), "the server logged no traceback",
                     server.log()[-1500:])  # fmt: skip
    finally:
        if server is not None:
            server.stop()
        cluster.stop()
    return report
