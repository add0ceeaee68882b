"""Kill -9 PostgreSQL while clients enrol: nothing acknowledged is lost, nothing is recorded twice.

Each round sends new enrolments (unique requestId and national ID) from concurrent clients to
a real `sijill serve`; once a third of them are acknowledged the postmaster is killed with
SIGKILL and restarted. Clients retry every unacknowledged command with the same requestId until
acknowledged or the round's deadline. Lost and duplicated are counted from the store; after the
rounds the views must equal a rebuild and the Merkle log must verify.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from typing import TYPE_CHECKING

from bench.drills.cluster import Cluster
from bench.drills.common import (
    Process,
    Report,
    Server,
    Workdir,
    converge,
    spread,
    store_counts,
    views_caught_up,
)
from bench.drills.writers import Round, commands, write

if TYPE_CHECKING:
    from bench.drills.common import Size

SIZES: dict[Size, dict[str, float]] = {
    "small": {"rounds": 2, "commands": 60, "clients": 16, "deadline": 60, "down": 1.0},
    "full": {"rounds": 10, "commands": 500, "clients": 32, "deadline": 120, "down": 2.0},
}
"""Rounds, commands per round, clients at once, a round's deadline (s), seconds PostgreSQL
stays down."""
ACCOUNT = "drill-clerk-par"


async def round_with_kill(
    base: str, token: str, rnd: Round, cluster: Cluster, spec: dict[str, float]
) -> float:
    """Write the round while PostgreSQL is killed mid-way; returns the restart's seconds."""

    async def killer() -> float:
        while len(rnd.acknowledged) < len(rnd.sent) // 3:
            await asyncio.sleep(0.01)
        rnd.fault_at = time.monotonic()
        await asyncio.to_thread(cluster.kill9)
        await asyncio.sleep(spec["down"])
        started = time.monotonic()
        await asyncio.to_thread(cluster.start)
        rnd.restored_at = time.monotonic()
        return rnd.restored_at - started

    kill = asyncio.create_task(killer())
    await write(base, token, rnd, int(spec["clients"]), spec["deadline"])
    if rnd.fault_at is None:  # the round ended before a third was acknowledged: no fault
        kill.cancel()
        return float("nan")
    return await kill  # PostgreSQL is up again before the next round, whatever happened


def run(size: Size) -> Report:
    spec = SIZES[size]
    report = Report("kill-postgres", size)
    work, cluster = Workdir("kill-postgres"), Cluster()
    server = follower = None
    rounds: list[Round] = []
    restarts: list[float] = []
    try:
        cluster.start()
        url = cluster.database("sijill_drill")
        if (done := work.sijill(url, "migrate")).returncode != 0:
            raise RuntimeError(done.stderr[-1000:])
        token = work.token(url)
        server = Server(work, url, "--no-project")
        server.wait_ready()
        follower = Process(work, url, ["project"], "follower")
        for i in range(int(spec["rounds"])):
            count = int(spec["commands"])
            rnd = Round(commands("kp", i * count, count))
            restarts.append(
                asyncio.run(round_with_kill(server.base_url, token, rnd, cluster, spec))
            )
            rounds.append(rnd)
            print(
                f"round {i + 1}: {len(rnd.acknowledged)}/{len(rnd.sent)} acknowledged in "
                f"{rnd.seconds:.1f} s, failed tries {rnd.failures}",
                file=sys.stderr,
                flush=True,
            )
            if not follower.running():  # `sijill project` exits when a child dies
                follower.restart()
        caught_up = views_caught_up(url, 120)
        sent = {rid: nid for r in rounds for rid, nid in r.sent.items()}
        acked = {rid: v for r in rounds for rid, v in r.acknowledged.items()}
        counts = store_counts(url, ACCOUNT, sent)
        failures: dict[str, int] = {}
        for r in rounds:
            for kind, n in r.failures.items():
                failures[kind] = failures.get(kind, 0) + n
        lost, duplicated = counts.lost(acked), counts.duplicated()
        recovery = [s for r in rounds if (s := r.first_ack_after_restore_s) is not None]
        report.figures.update(
            {
                "rounds": len(rounds),
                "commands": len(sent),
                "clients_at_once": int(spec["clients"]),
                "acknowledged": len(acked),
                "unacknowledged_at_deadline": len(sent) - len(acked),
                "recorded_in_store": sum(1 for n in counts.receipts.values() if n),
                "lost": lost,
                "duplicated": duplicated,
                "retries": sum(r.retries for r in rounds),
                "retries_per_round": spread([float(r.retries) for r in rounds]),
                "failed_tries_by_kind": failures,
                "round_seconds": spread([round(r.seconds, 1) for r in rounds]),
                "first_ack_after_restart_s": spread([round(s, 2) for s in recovery]),
                "postgres_restart_s": spread([round(s, 2) for s in restarts if not math.isnan(s)]),
                "follower_restarts": follower.restarts,
                "views_caught_up_s": None if caught_up is None else round(caught_up, 1),
            }
        )
        report.check(lost == 0, "0 lost (acknowledged but not in the store)")
        report.check(duplicated == 0, "0 duplicated (a requestId or a national ID twice)")
        report.check(len(acked) == len(sent), "every command acknowledged before its deadline",
                     "; ".join(s for r in rounds for s in r.samples)[:1500])  # fmt: skip
        report.check(not failures.get("http_5xx"), "no 5xx answer (a typed refusal instead)")
        untyped = sum(n for kind, n in failures.items() if "None" in kind.split(":")[-1])
        report.check(not untyped, "every GraphQL error typed (a code, no masked failure)")
        report.check(not any(math.isnan(s) for s in restarts), "PostgreSQL killed in every round")
        report.check(server.running(), "the server served on without a restart")
        report.check(caught_up is not None, "every view's position reaches the head")
        converge(work, url, report)
    finally:
        for process in (server, follower):
            if process is not None:
                process.stop()
        cluster.stop()
    return report
