"""Kill -9 the server on SQLite during writes: no corruption, every acknowledged write kept.

Each round sends new enrolments from concurrent clients to `sijill serve` on an embedded SQLite
file; once a third are acknowledged the server is killed with SIGKILL and started again on the
same port, and the clients retry every unacknowledged command with the same requestId. At the
end: `PRAGMA integrity_check` is ok, the store holds every acknowledged enrolment once, and the
views (kept by the restarted server's follower) equal a rebuild and the Merkle log verifies.
"""

from __future__ import annotations

import asyncio
import math
import sqlite3
import sys
import time
from typing import TYPE_CHECKING

from bench.drills.common import (
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
    "small": {"rounds": 2, "commands": 40, "clients": 16, "deadline": 60},
    "full": {"rounds": 12, "commands": 200, "clients": 16, "deadline": 120},
}
ACCOUNT = "drill-clerk-par"


async def round_with_kill(base: str, token: str, rnd: Round, server: Server,
                          spec: dict[str, float]) -> float:  # fmt: skip
    """Write the round while the server is killed mid-way; returns seconds until it served."""

    async def killer() -> float:
        while len(rnd.acknowledged) < len(rnd.sent) // 3:
            await asyncio.sleep(0.01)
        rnd.fault_at = time.monotonic()
        await asyncio.to_thread(server.kill9)
        server.restart()
        await asyncio.to_thread(server.wait_ready)
        rnd.restored_at = time.monotonic()
        return rnd.restored_at - rnd.fault_at

    kill = asyncio.create_task(killer())
    await write(base, token, rnd, int(spec["clients"]), spec["deadline"])
    if rnd.fault_at is None:
        kill.cancel()
        return float("nan")
    return await kill


def run(size: Size) -> Report:
    spec = SIZES[size]
    report = Report("kill-server-sqlite", size)
    work = Workdir("kill-server-sqlite")
    url = f"sqlite:///{work.path / 'register.db'}"
    server = None
    rounds: list[Round] = []
    back: list[float] = []
    try:
        if (done := work.sijill(url, "migrate")).returncode != 0:
            raise RuntimeError(done.stderr[-1000:])
        token = work.token(url)
        server = Server(work, url)  # on SQLite the server keeps the views itself
        server.wait_ready()
        for i in range(int(spec["rounds"])):
            count = int(spec["commands"])
            rnd = Round(commands("ks", i * count, count))
            back.append(asyncio.run(round_with_kill(server.base_url, token, rnd, server, spec)))
            rounds.append(rnd)
            print(
                f"round {i + 1}: {len(rnd.acknowledged)}/{len(rnd.sent)} acknowledged in "
                f"{rnd.seconds:.1f} s, failed tries {rnd.failures}",
                file=sys.stderr,
                flush=True,
            )
        caught_up = views_caught_up(url, 120)
        server.stop()
        with sqlite3.connect(work.path / "register.db") as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchall()
        sent = {rid: nid for r in rounds for rid, nid in r.sent.items()}
        acked = {rid: v for r in rounds for rid, v in r.acknowledged.items()}
        counts = store_counts(url, ACCOUNT, sent)
        failures: dict[str, int] = {}
        for r in rounds:
            for kind, n in r.failures.items():
                failures[kind] = failures.get(kind, 0) + n
        lost, duplicated = counts.lost(acked), counts.duplicated()
        kills = sum(1 for r in rounds if r.fault_at is not None)
        report.figures.update(
            {
                "kills": kills,
                "commands": len(sent),
                "acknowledged": len(acked),
                "unacknowledged_at_deadline": len(sent) - len(acked),
                "recorded_in_store": sum(1 for n in counts.receipts.values() if n),
                "lost": lost,
                "duplicated": duplicated,
                "retries": sum(r.retries for r in rounds),
                "failed_tries_by_kind": failures,
                "kill_to_serving_s": spread([round(s, 2) for s in back if not math.isnan(s)]),
                "round_seconds": spread([round(r.seconds, 1) for r in rounds]),
                "integrity_check": integrity[0][0] if len(integrity) == 1 else integrity[:5],
                "views_caught_up_s": None if caught_up is None else round(caught_up, 1),
            }
        )
        report.check(kills == len(rounds), "the server killed in every round")
        report.check(integrity == [("ok",)], "PRAGMA integrity_check = ok")
        report.check(lost == 0, "every acknowledged write present (0 lost)")
        report.check(duplicated == 0, "0 duplicated (a requestId or a national ID twice)")
        report.check(len(acked) == len(sent), "every command acknowledged before its deadline",
                     "; ".join(s for r in rounds for s in r.samples)[:1500])  # fmt: skip
        report.check(not failures.get("http_5xx"), "no 5xx answer")
        untyped = sum(n for kind, n in failures.items() if "None" in kind.split(":")[-1])
        report.check(not untyped, "every GraphQL error typed (a code, no masked failure)")
        report.check(caught_up is not None, "every view's position reaches the head")
        converge(work, url, report)
    finally:
        if server is not None:
            server.stop()
    return report
