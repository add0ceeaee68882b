"""Lookup benchmark: GraphQL citizen lookups over HTTP vs a bare FastAPI endpoint, same SQL.

Usage: python -m bench.lookup --url postgresql://…/emptydb [--citizens 2000] [--seconds 10]
Both servers run as separate processes on loopback, each with one uvicorn worker; 32
concurrent clients look up random citizens for the same duration against each. The bare
endpoint runs the query Sijill's lookup runs (the citizen's events, in order) and returns the
decoded rows as JSON. Figures: requests/s, p50 and p99 latency, and the servers' RSS.
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
from pathlib import Path

import httpx

from register import log
from register.bootstrap import bootstrap
from register.demo import DemoLoader
from register.settings import Settings

CLIENTS = 32
QUERY = "query($id: ID!) { citizen(id: $id) { id version givenName familyName birthDate } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="PostgreSQL URL of an empty database")
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    log.configure("warning")
    container = bootstrap(Settings(database_url=args.url), apply_migrations=True)
    if not container.register.recorder.max_notification_id():
        DemoLoader(container.register).run(args.citizens)
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
        "SIJILL_DATABASE_URL": args.url,
        "SIJILL_LOG_LEVEL": "warning",
        "SIJILL_TOKEN_BURST": "100000000",
        "SIJILL_TOKEN_RATE": "100000000",
    }
    sijill = Path(sys.executable).parent / "sijill"
    made = subprocess.run(
        [str(sijill), "token", "create", "--mission", "PAR", "--role", "clerk", "--name", "bench"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = made.stdout.strip().splitlines()[-1].split()[-1]

    ours_port, bare_port = free_port(), free_port()
    ours = start(
        [str(sijill), "serve", "--port", str(ours_port), "--no-migrate", "--no-project"],
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
                args.seconds,
                graphql=True,
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        bare_lat = asyncio.run(
            load(f"http://127.0.0.1:{bare_port}", ids, args.seconds, graphql=False, headers={})
        )
        ours_rss, bare_rss = rss_mib(ours.pid), rss_mib(bare.pid)
    finally:
        for process in (ours, bare):
            process.terminate()
            process.wait(timeout=30)
    o_rate, o_p50, o_p99 = summary(ours_lat, args.seconds)
    b_rate, b_p50, b_p99 = summary(bare_lat, args.seconds)
    command = f"`python -m bench.lookup --url URL --citizens {args.citizens}`"
    print(
        f"| lookup, GraphQL over HTTP, {CLIENTS} clients | {o_rate:,.0f} req/s, p50 "
        f"{o_p50:.1f} ms, p99 {o_p99:.1f} ms | {b_rate:,.0f} req/s, p50 {b_p50:.1f} ms, p99 "
        f"{b_p99:.1f} ms (bare FastAPI, same SQL) | {o_rate / b_rate:.0%} | "
        f"{len(ids):,} citizens | {command} |"
    )
    print(
        f"| server RSS after the lookup run | {ours_rss:.0f} MiB | {bare_rss:.0f} MiB | "
        f"{ours_rss / bare_rss:.1f}x | {len(ids):,} citizens | {command} |"
    )


if __name__ == "__main__":
    main()
