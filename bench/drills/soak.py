"""Soak drill: a paced mix of lookups, searches, enrolments and public checks for a long time.

A paced generator (not a throughput benchmark) sends `rate` requests/s to a real `sijill serve
--project` on a throwaway PostgreSQL; every non-200 answer, GraphQL error or payload error
counts as an error (the mix holds no request a typed refusal would be right for). The server's
resident memory is read after the warm-up and at the end.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from typing import TYPE_CHECKING, Any

import httpx

from bench.drills.cluster import Cluster
from bench.drills.common import ENROL, ENROLLED, Report, Server, Workdir, enrolment, percentile
from bench.harness import BORN

if TYPE_CHECKING:
    from bench.drills.common import Size

SIZES: dict[Size, dict[str, float]] = {
    "small": {"seconds": 20, "warm": 5, "rate": 20, "citizens": 20},
    "full": {"seconds": 1800, "warm": 60, "rate": 100, "citizens": 200},
}
MOST_IN_FLIGHT = 200
"""A server slower than the pace gets at most this many requests waiting, not an avalanche."""
NAMES = ["Amrani", "Mohammed", "Youssef", "Fatima Zahra", "العمراني", "Benali", "Mahmoud"]
LOOKUP = "query($id: ID!) { citizen(id: $id) { id version givenName familyName status } }"
SEARCH = "query($q: String!) { searchCitizens(query: $q, first: 10) { edges { node { id } } } }"
VERIFY = "query($n: String!, $b: Date!) { verifyDocument(number: $n, birthDate: $b) { status } }"
STATUS = "{ projectionStatus { storePosition views { name position lag } } }"
GUIDE = '{ services(lang: "ar", mission: "PAR") { code name fee { amount currency } } }'
ROLL = '{ mission(code: "PAR") { roll(first: 10) { totalCount nodes { id } } } }'
MIX = [("lookup", 30), ("search", 20), ("enrol", 10), ("verify", 15), ("status", 10),
       ("guide", 5), ("roll", 10)]  # fmt: skip
"""Operation and weight: lookups outnumber writes, as at a counter."""


class Mix:
    """Builds the next request of the mix and judges its answer."""

    def __init__(self, citizens: list[str], token: str) -> None:
        self.citizens, self.rng = citizens, random.Random(7)
        self.staff = {"Authorization": f"Bearer {token}"}
        self.enrolled = 0

    def next(self) -> tuple[str, dict[str, Any], dict[str, str]]:
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        if kind == "lookup":
            return kind, {"query": LOOKUP, "variables": {"id": self.rng.choice(self.citizens)}}, \
                self.staff  # fmt: skip
        if kind == "search":
            return kind, {"query": SEARCH, "variables": {"q": self.rng.choice(NAMES)}}, self.staff
        if kind == "enrol":
            self.enrolled += 1
            nid = f"SK{self.enrolled:06d}"
            body = {"query": ENROL, "variables": {"input": enrolment(nid, uuid.uuid4().hex)}}
            return kind, body, self.staff
        if kind == "verify":
            number = f"ZZ{self.rng.randrange(10**7):07d}"
            return kind, {"query": VERIFY, "variables": {"n": number, "b": BORN}}, {}
        if kind == "guide":
            return kind, {"query": GUIDE}, {}
        return kind, {"query": STATUS if kind == "status" else ROLL}, self.staff


def judged(response: httpx.Response) -> str | None:
    """Why an answer is an error, or None: non-200, GraphQL errors, or a payload's errors."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    if body.get("errors"):
        return f"GraphQL errors: {body['errors']!r:.200}"
    payload = (body.get("data") or {}).get("enrollCitizen")
    if payload is not None and payload["errors"]:
        return f"payload errors: {payload['errors']!r:.200}"
    return None


async def paced(
    base: str, mix: Mix, rate: float, seconds: float
) -> tuple[list[float], dict[str, int], list[str]]:
    """Send `rate` requests/s for `seconds`; latencies, errors by kind, a few error samples."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    samples: list[str] = []
    gate = asyncio.Semaphore(MOST_IN_FLIGHT)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def one(kind: str, body: dict[str, Any], headers: dict[str, str]) -> None:
            started = time.perf_counter()
            try:
                response = await client.post("/graphql", json=body, headers=headers)
                why = judged(response)
            except httpx.HTTPError as e:
                why = f"{type(e).__name__}: {e}"
            finally:
                gate.release()
            latencies.append(time.perf_counter() - started)
            if why is not None:
                errors[kind] = errors.get(kind, 0) + 1
                if len(samples) < 5:
                    samples.append(f"{kind}: {why}")

        tasks = set()
        start = time.monotonic()
        end = start + seconds
        i = 0
        # Stop at the end of the time, sent or not: a server slower than the pace shows as a
        # lower rate (checked), never as a backlog that runs on past the soak's time.
        while time.monotonic() < end:
            if (delay := start + i / rate - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            await gate.acquire()  # at most MOST_IN_FLIGHT waiting on the server
            task = asyncio.create_task(one(*mix.next()))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            i += 1
        await asyncio.gather(*tasks)
    return latencies, errors, samples


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
        mix = Mix(citizen_ids(url, 500), work.token(url))
        server = Server(work, url, "--project")
        server.wait_ready()
        base, rate = server.base_url, spec["rate"]
        _, warm_errors, warm_samples = asyncio.run(paced(base, mix, rate, spec["warm"]))
        rss_start = server.rss_mib()
        started = time.monotonic()
        latencies, errors, samples = asyncio.run(paced(base, mix, rate, spec["seconds"]))
        elapsed = time.monotonic() - started
        rss_end = server.rss_mib()
        for kind, n in warm_errors.items():
            errors[kind] = errors.get(kind, 0) + n
        growth = (rss_end - rss_start) / rss_start
        report.figures.update(
            {
                "seconds": round(elapsed, 1),
                "requests": len(latencies),
                "rate_per_s": round(len(latencies) / elapsed, 1),
                "errors": sum(errors.values()),
                "errors_by_kind": errors,
                "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
                "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
                "rss_start_mib": round(rss_start, 1),
                "rss_end_mib": round(rss_end, 1),
                "rss_growth_pct": round(growth * 100, 1),
                "enrolments": mix.enrolled,
            }
        )
        report.check(not errors, "0 errors", "; ".join(warm_samples + samples))
        report.check(growth < 0.10, "server RSS grows < 10% from after warm-up to the end")
        report.check(len(latencies) / elapsed >= 0.9 * rate, "the pace is held (≥ 90%)")
        report.check(server.running(), "the server is still running")
        report.check("Traceback" not in server.log(), "the server logged no traceback",
                     server.log()[-1500:])  # fmt: skip
    finally:
        if server is not None:
            server.stop()
        cluster.stop()
    return report
