"""Kill -9 view followers mid-batch while writes go on: the views end with no gap, no duplicate.

On a throwaway PostgreSQL, one `sijill project --view NAME` process per view follows the store
while clients keep enrolling through `sijill serve`. Again and again a follower whose view is
behind the store's head (so it has a batch to apply) is killed with SIGKILL after a short random
delay, and started again. At the end every view's position reaches the head, the views equal a
rebuild from event one (`sijill rebuild --verify`: a gap or a twice-applied event would differ),
the Merkle log verifies, and every acknowledged write is in the store once.
"""

from __future__ import annotations

import asyncio
import random
import sys
import threading
import time
from typing import TYPE_CHECKING

from bench.drills.cluster import Cluster
from bench.drills.common import (
    Process,
    Report,
    Server,
    Workdir,
    converge,
    head_and_positions,
    spread,
    store_counts,
    views_caught_up,
)
from bench.drills.writers import Round, commands, write
from projections import all_views

if TYPE_CHECKING:
    from bench.drills.common import Size

SIZES: dict[Size, dict[str, float]] = {
    "small": {"kills": 6, "every": 0.5},
    "full": {"kills": 100, "every": 1.0},
}
"""Kills, and the pause between one and the next search for a busy follower (s)."""
ACCOUNT = "drill-clerk-par"
BATCH = 50
"""Enrolments per writing round of the background clients (4 at once)."""


class Writers(threading.Thread):
    """Clients enrolling in rounds of BATCH until stopped; every round kept for the counts."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.rounds: list[Round] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rnd = Round(commands("kf", len(self.rounds) * BATCH, BATCH))
            asyncio.run(write(self.base, self.token, rnd, 4, 60))
            self.rounds.append(rnd)


def kill_busy_followers(
    url: str, followers: dict[str, Process], spec: dict[str, float], rng: random.Random
) -> tuple[int, int]:
    """Kill followers that have a batch to apply; returns kills, and those still behind then."""
    kills = behind = 0
    deadline = time.monotonic() + 60 + 6 * spec["kills"]
    while kills < spec["kills"] and time.monotonic() < deadline:
        time.sleep(spec["every"])
        for process in followers.values():  # `sijill project` stops on an error: restart it
            if not process.running():
                process.restart()
        head, at = head_and_positions(url)
        busy = [n for n, p in followers.items() if at.get(n, 0) < head and p.running()]
        if not busy:
            continue
        victim = rng.choice(busy)
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside the batch it applies
        now_head, now_at = head_and_positions(url)
        behind += now_at.get(victim, 0) < now_head  # still work to do as it dies
        followers[victim].kill9()
        followers[victim].restart()
        kills += 1
        if kills % 10 == 0:
            print(f"{kills} kills", file=sys.stderr, flush=True)
    return kills, behind


def run(size: Size) -> Report:
    spec = SIZES[size]
    report = Report("kill-follower", size)
    work, cluster = Workdir("kill-follower"), Cluster()
    rng = random.Random(11)
    server = writers = None
    followers: dict[str, Process] = {}
    try:
        cluster.start()
        url = cluster.database("sijill_drill")
        if (done := work.sijill(url, "migrate")).returncode != 0:
            raise RuntimeError(done.stderr[-1000:])
        token = work.token(url)
        server = Server(work, url, "--no-project")
        server.wait_ready()
        names = [v.name for v in all_views()]
        followers = {n: Process(work, url, ["project", "--view", n], f"follow-{n}") for n in names}
        writers = Writers(server.base_url, token)
        writers.start()
        started = time.monotonic()
        kills, behind = kill_busy_followers(url, followers, spec, rng)
        writers.stop.set()
        writers.join(timeout=120)
        for process in followers.values():
            if not process.running():
                process.restart()
        caught_up = views_caught_up(url, 180)
        head, at = head_and_positions(url)
        sent = {rid: nid for r in writers.rounds for rid, nid in r.sent.items()}
        acked = {rid: v for r in writers.rounds for rid, v in r.acknowledged.items()}
        counts = store_counts(url, ACCOUNT, sent)
        restarts = {n: p.restarts for n, p in followers.items()}
        report.figures.update(
            {
                "kills": kills,
                "kills_with_view_behind_head": behind,
                "seconds": round(time.monotonic() - started, 1),
                "follower_restarts_by_view": restarts,
                "store_head": head,
                "lowest_view_position": min(at.get(n, 0) for n in names),
                "enrolments_acknowledged": len(acked),
                "lost": counts.lost(acked),
                "duplicated": counts.duplicated(),
                "views_caught_up_s": None if caught_up is None else round(caught_up, 1),
                "restarts_per_view": spread([float(r) for r in restarts.values()]),
            }
        )
        report.check(kills >= spec["kills"], f"{int(spec['kills'])} followers killed mid-batch")
        report.check(caught_up is not None and all(at.get(n, -1) >= head for n in names),
                     "every view's position reaches the head")  # fmt: skip
        report.check(counts.lost(acked) == 0, "0 acknowledged writes lost")
        report.check(counts.duplicated() == 0, "0 duplicated writes")
        converge(work, url, report)
    finally:
        if writers is not None:
            writers.stop.set()
            writers.join(timeout=120)
        for process in followers.values():
            process.stop()
        if server is not None:
            server.stop()
        cluster.stop()
    return report
