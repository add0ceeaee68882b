"""What every drill shares: the real `sijill` processes, counts read from the store, the report."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import httpx

from bench.drills.cluster import alive, free_port
from bench.harness import BORN, SIJILL
from domain.receipt import CommandReceipt
from projections import all_views
from register.store.storage import Storage

if TYPE_CHECKING:
    from typing import IO

Size = Literal["small", "full"]
LIMITS_OFF = {
    "SIJILL_TOKEN_RATE": "1000000",
    "SIJILL_TOKEN_BURST": "1000000",
    "SIJILL_PUBLIC_RATE": "1000000",
    "SIJILL_PUBLIC_BURST": "1000000",
}
"""A drill's clients all share one address and one account: the rate limits would refuse them
by design, which is not what a drill measures."""
ENROL = """mutation($input: EnrollCitizenInput!) {
  enrollCitizen(input: $input) { citizen { id } position errors { code field message } }
}"""
ENROLLED = "sijill/citizen/enrolled/v1"
RECEIPT = "sijill/command-receipt/issued/v1"


def enrolment(national_id: str, request_id: str) -> dict[str, Any]:
    """The input of one enrolment the drills send: a new citizen with a unique national ID."""
    return {
        "requestId": request_id,
        "givenName": "Youssef",
        "familyName": "El Amrani",
        "givenNameAr": "يوسف",
        "familyNameAr": "العمراني",
        "sex": "MALE",
        "birthDate": BORN,
        "birthPlace": "Fes",
        "birthCountry": "MAR",
        "nationalId": national_id,
    }


def environment(url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SIJILL_DATABASE_URL": url,
        "SIJILL_LOG_LEVEL": "warning",
        "COLUMNS": "200",
        **LIMITS_OFF,
        **extra,
    }


WORKDIRS: list[Path] = []
"""Every drill's scratch directory: removed when the drill passes, kept (logs) when it fails."""


class Workdir:
    """A scratch directory: the dev signing key (under .sijill/), logs, SQLite files."""

    def __init__(self, name: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"sijill-drill-{name}-"))
        WORKDIRS.append(self.path)

    def sijill(
        self, url: str, *args: str, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SIJILL), *args],
            env=environment(url),
            cwd=self.path,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def token(self, url: str, mission: str = "PAR", role: str = "clerk") -> str:
        name = f"drill-{role}-{mission.lower()}"
        done = self.sijill(url, "token", "create", "--mission", mission, "--role", role,
                           "--name", name)  # fmt: skip
        if done.returncode != 0:
            msg = f"sijill token create failed: {done.stderr[-1000:]}"
            raise RuntimeError(msg)
        return done.stdout.strip().splitlines()[-1].split()[-1]


class Process:
    """A long-running `sijill` subprocess (server or follower), its stderr in a file."""

    def __init__(self, work: Workdir, url: str, args: list[str], label: str) -> None:
        self.args, self.url, self.work = args, url, work
        self.log_path = work.path / f"{label}.stderr"
        self._log: IO[str] = self.log_path.open("a", encoding="utf-8")
        self.popen = self._spawn()
        self.restarts = 0

    def _spawn(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(SIJILL), *self.args],
            env=environment(self.url),
            cwd=self.work.path,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            text=True,
        )

    def restart(self) -> None:
        self.popen = self._spawn()
        self.restarts += 1

    def running(self) -> bool:
        return self.popen.poll() is None

    def kill9(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def rss_mib(self) -> float:
        """Resident memory of the process and every process it started (a server's workers)."""
        return sum(self.rss_by_process().values())

    def rss_by_process(self) -> dict[int, float]:
        """MiB resident, by process id: this one and every process it started."""
        pids = (self.popen.pid, *_descendants(self.popen.pid))
        return {pid: _rss_kib(pid) / 1024 for pid in pids}


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it ended meanwhile
        return 0
    return next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS:")), 0)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            todo += [int(c) for c in children]
            found += [int(c) for c in children]
    return found


class Server(Process):
    """`sijill serve` on a free loopback port."""

    def __init__(self, work: Workdir, url: str, *options: str) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        args = ["serve", "--host", "127.0.0.1", "--port", str(self.port), *options]
        super().__init__(work, url, args, "server")

    def wait_ready(self, within_s: float = 60) -> float:
        """Seconds until GET /healthz answers 200; raises if the process exits or never does."""
        started = time.monotonic()
        while time.monotonic() - started < within_s:
            if not self.running():
                msg = f"sijill serve exited {self.popen.returncode}: {self.log()[-2000:]}"
                raise RuntimeError(msg)
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        msg = f"sijill serve not ready within {within_s:.0f} s: {self.log()[-2000:]}"
        raise RuntimeError(msg)


def wait_gone(pid: int, within_s: float = 30) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.05)


@dataclass
class StoreCounts:
    """What the store itself holds for a drill's enrolments (not what its clients believe)."""

    receipts: dict[str, int] = field(default_factory=dict)
    """Receipt events per request id sent."""
    enrolments: dict[str, list[str]] = field(default_factory=dict)
    """Enrolled citizens' ids per national ID."""

    def lost(self, acknowledged: dict[str, tuple[str, str]]) -> int:
        """Acknowledged (request id → national ID, citizen id) but not recorded as answered."""
        return sum(
            1
            for rid, (nid, citizen) in acknowledged.items()
            if not self.receipts.get(rid) or citizen not in self.enrolments.get(nid, [])
        )

    def duplicated(self) -> int:
        """Request ids recorded more than once plus national IDs enrolled more than once."""
        twice = sum(n - 1 for n in self.receipts.values() if n > 1)
        return twice + sum(len(c) - 1 for c in self.enrolments.values() if len(c) > 1)


def store_counts(url: str, account: str, sent: dict[str, str]) -> StoreCounts:
    """Read the events table directly: receipts of `sent` (request id → national ID) and every
    enrolment of those national IDs."""
    by_receipt = {CommandReceipt.id_for(account, rid): rid for rid in sent}
    national_ids = set(sent.values())
    storage = Storage.from_url(url)
    query = "SELECT originator_id, topic, state FROM {} WHERE topic IN ('{}', '{}')"
    if storage.kind == "sqlite":
        with sqlite3.connect(storage.sqlite_path) as conn:
            rows = conn.execute(query.format("stored_events", ENROLLED, RECEIPT)).fetchall()
    else:
        import psycopg  # noqa: PLC0415  # only PostgreSQL drills need it

        with psycopg.connect(url) as conn:
            rows = conn.execute(query.format("register_events", ENROLLED, RECEIPT)).fetchall()
    counts = StoreCounts()
    for raw, topic, state in rows:
        originator = raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw)  # SQLite: hex text
        if topic == RECEIPT:
            rid = by_receipt.get(originator)
            if rid is not None:
                counts.receipts[rid] = counts.receipts.get(rid, 0) + 1
            continue
        nid = json.loads(bytes(state)).get("national_id")
        if nid in national_ids:
            counts.enrolments.setdefault(nid, []).append(str(originator))
    return counts


def head_and_positions(url: str) -> tuple[int, dict[str, int]]:
    """The store's last position, and each view's (a view that never committed has none)."""
    storage = Storage.from_url(url)
    tracking = "SELECT view, position FROM projection_tracking"
    if storage.kind == "sqlite":
        with sqlite3.connect(storage.sqlite_path, timeout=10) as conn:
            head = conn.execute("SELECT max(rowid) FROM stored_events").fetchone()
            rows = conn.execute(tracking).fetchall()
    else:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(url, connect_timeout=5) as conn:
            head = conn.execute("SELECT max(notification_id) FROM register_events").fetchone()
            rows = conn.execute(tracking).fetchall()
    return (head[0] if head else 0) or 0, {str(v): int(p) for v, p in rows}


def views_caught_up(url: str, within_s: float) -> float | None:
    """Seconds until every view's position reaches the store's head, None if not in time."""
    started = time.monotonic()
    while time.monotonic() - started < within_s:
        try:
            head, at = head_and_positions(url)
            if all(at.get(v.name, -1) >= head for v in all_views()):
                return time.monotonic() - started
        except Exception:  # noqa: BLE001, S110  # a database still restarting: ask again
            pass
        time.sleep(0.5)
    return None


def converge(work: Workdir, url: str, report: Report) -> None:
    """The views equal a rebuild from event one, and the Merkle log verifies."""
    rebuilt = work.sijill(url, "rebuild", "--verify")
    report.check(rebuilt.returncode == 0, "sijill rebuild --verify passes",
                 rebuilt.stdout[-500:])  # fmt: skip
    work.sijill(url, "audit", "checkpoint")  # a log no witness vouches for does not verify
    audited = work.sijill(url, "audit", "verify")
    report.check(audited.returncode == 0, "sijill audit verify passes",
                 (audited.stdout + audited.stderr)[-500:])  # fmt: skip


def spread(values: list[float]) -> dict[str, float]:
    """Median and range of a figure over rounds."""
    if not values:
        return {"median": 0.0, "min": 0.0, "max": 0.0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


@dataclass
class Report:
    """A drill's figures and verdicts: lines for people, one JSON line for machines."""

    drill: str
    size: Size
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, ok: bool, guarantee: str, detail: str = "") -> None:  # noqa: FBT001
        self.checks.append((guarantee, ok, "" if ok else detail))

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def emit(self) -> int:
        print(f"== drill {self.drill} ({self.size})")
        for name, value in self.figures.items():
            print(f"   {name}: {value}")
        for guarantee, ok, detail in self.checks:
            why = f" — {detail}" if detail else ""
            print(f"   [{'ok' if ok else 'FAILED'}] {guarantee}{why}")
        line = {
            "drill": self.drill,
            "size": self.size,
            "ok": self.ok,
            "figures": self.figures,
            "failed": [g for g, ok, _ in self.checks if not ok],
        }
        print(json.dumps(line, sort_keys=True), flush=True)
        return 0 if self.ok else 1
