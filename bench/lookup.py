"""Lookup benchmark: GraphQL citizen lookups over HTTP vs a bare FastAPI endpoint, same SQL.

Usage: python -m bench.lookup --url postgresql://…/emptydb [--citizens 2000] [--seconds 10]
Both servers run as separate processes on loopback, each with one uvicorn worker; 32
concurrent clients look up random citizens for the same duration against each. The bare
endpoint runs the query Sijill's lookup runs (the citizen's events, in order) and returns the
decoded rows as JSON. Figures: requests/s, p50 and p99 latency, and each server's peak resident
memory (VmHWM) once its load is over.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx

from bench.harness import SIJILL, Check, Figure, Row, Scale, percent
from register import log
from register.bootstrap import bootstrap
from register.demo.loader import DemoLoader
from register.settings import Settings

CLIENTS = 32
SCALES: dict[Scale, tuple[int, float]] = {
    "tiny": (20, 1.0),
    "small": (1000, 8.0),
    "large": (10_000, 20.0),
}
"""Demo citizens recorded, and seconds of load on each side."""
QUERY = "query($id: ID!) { citizen(id: $id) { id version givenName familyName birthDate } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), read before it stops."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    msg = f"no VmHWM for process {pid}"
    raise RuntimeError(msg)


def start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    msg = f"server on port {port} did not start"
    raise RuntimeError(msg)


async def load(
    base: str, ids: list[str], seconds: float, *, graphql: bool, headers: dict[str, str]
) -> list[float]:
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:

        async def worker() -> None:
            rng = random.Random()
            while time.monotonic() < stop_at:
                citizen = rng.choice(ids)
                started = time.perf_counter()
                if graphql:
                    r = await client.post(
                        "/graphql", json={"query": QUERY, "variables": {"id": citizen}}
                    )
                    ok = r.status_code == 200 and r.json()["data"]["citizen"]["id"] == citizen
                else:
                    r = await client.get(f"/citizen/{citizen}")
                    ok = r.status_code == 200 and r.json()["events"]
                if not ok:
                    msg = f"bad answer {r.status_code}: {r.text[:200]}"
                    raise RuntimeError(msg)
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return latencies


def summary(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    ordered = sorted(latencies)
    return (
        len(ordered) / seconds,
        ordered[len(ordered) // 2] * 1000,
        ordered[int(len(ordered) * 0.99)] * 1000,
    )


def measure(url: str, citizens: int, seconds: float) -> list[Row]:
    log.configure("warning")
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    if not container.register.store.recorder.max_notification_id():
        DemoLoader(container.register).run(citizens)
    ids = [
        r[0]
        for r in container.db.fetch_all(
            "SELECT DISTINCT originator_id::text FROM register_events"
            " WHERE topic = 'sijill/citizen/enrolled/v1'"
        )
    ]
    container.close()
    env = {
        **os.environ,
        "SIJILL_DATABASE_URL": url,
        "SIJILL_LOG_LEVEL": "warning",
        "SIJILL_TOKEN_BURST": "100000000",
        "SIJILL_TOKEN_RATE": "100000000",
    }
    made = subprocess.run(
        [str(SIJILL), "token", "create", "--mission", "PAR", "--role", "clerk", "--name", "bench"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = made.stdout.strip().splitlines()[-1].split()[-1]

    ours_port, bare_port = free_port(), free_port()
    ours = start(
        [str(SIJILL), "serve", "--port", str(ours_port), "--no-migrate", "--no-project"],
        env,
        ours_port,
    )
    bare = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_lookup:app",
            "--port",
            str(bare_port),
            "--log-level",
            "warning",
        ],
        env,
        bare_port,
    )
    try:
        ours_lat = asyncio.run(
            load(
                f"http://127.0.0.1:{ours_port}",
                ids,
                seconds,
                graphql=True,
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        bare_lat = asyncio.run(
            load(f"http://127.0.0.1:{bare_port}", ids, seconds, graphql=False, headers={})
        )
        ours_rss, bare_rss = peak_rss_mib(ours.pid), peak_rss_mib(bare.pid)
    finally:
        for process in (ours, bare):
            process.terminate()
            process.wait(timeout=30)
    o_rate, o_p50, o_p99 = summary(ours_lat, seconds)
    b_rate, b_p50, b_p99 = summary(bare_lat, seconds)
    scale = f"{len(ids):,} citizens, {seconds:g} s a side"
    return [
        Row(
            f"lookup, GraphQL `citizen(id)` over HTTP, {CLIENTS} clients",
            Figure(o_rate, f"{o_rate:,.0f} req/s, p50 {o_p50:.0f} ms, p99 {o_p99:.0f} ms"),
            Figure(
                b_rate,
                f"{b_rate:,.0f} req/s, p50 {b_p50:.0f} ms, p99 {b_p99:.0f} ms"
                " (bare FastAPI running the same SQL)",
            ),
            percent(o_rate, b_rate),
            scale,
            (Check("target 60%", o_rate >= 0.6 * b_rate), Check("p99 ≤ 50 ms", o_p99 <= 50)),
        ),
        Row(
            "server memory after the lookup run (peak RSS, VmHWM)",
            Figure(ours_rss, f"{ours_rss:,.0f} MiB"),
            Figure(bare_rss, f"{bare_rss:,.0f} MiB (the bare endpoint)"),
            f"{ours_rss / bare_rss:.1f}x",
            scale,
        ),
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, *SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    command = (
        f"python -m bench.lookup --url URL --citizens {args.citizens} --seconds {args.seconds:g}"
    )
    for row in measure(args.url, args.citizens, args.seconds):
        print(replace(row, command=command).markdown())


if __name__ == "__main__":
    main()
