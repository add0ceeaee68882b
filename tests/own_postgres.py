"""A PostgreSQL server of a test's own, to kill and restart without touching the shared one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from tests.e2e.sijill_process import free_port

if TYPE_CHECKING:
    from types import TracebackType

PG_SH = Path(__file__).resolve().parent.parent / "scripts" / "pg.sh"


class OwnPostgres:
    """`scripts/pg.sh` on a fresh data directory and a free loopback port; `kill()` sends
    SIGKILL to the postmaster, `start()` brings it back on the same port and data."""

    def __init__(self) -> None:
        # Under /tmp itself: the postgres user cannot enter pytest's private directories.
        self.datadir = Path(tempfile.mkdtemp(prefix="sijill-own-pg-"))
        self.datadir.chmod(0o755)
        self.port = free_port()
        self.url = ""

    def __enter__(self) -> OwnPostgres:
        self.start()
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE register")
        self.url = self.url.rsplit("/", 1)[0] + "/register"
        return self

    def start(self) -> None:
        done = subprocess.run(
            ["bash", str(PG_SH), "start", str(self.datadir / "data"), str(self.port)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            msg = f"PostgreSQL did not start ({done.returncode}): {done.stderr}"
            raise RuntimeError(msg)
        started = done.stdout.strip().splitlines()[-1]
        if not self.url:
            self.url = started
        elif not started.startswith(self.url.rsplit("/", 1)[0]):
            msg = f"PostgreSQL came back elsewhere: {started}"
            raise RuntimeError(msg)

    def postmaster_pid(self) -> int:
        return int((self.datadir / "data" / "postmaster.pid").read_text().splitlines()[0])

    def kill(self) -> None:
        """SIGKILL the postmaster, then wait until none of its processes is left.

        Here the killed postmaster may linger as a zombie nobody reaps, which PostgreSQL's own
        start-up check (is the pid in postmaster.pid alive?) would take for a live server: a dead
        process's lock file is removed, as an operator would after checking it is dead.
        """
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (_alive(pid) or _processes_of(self.datadir)) and time.monotonic() < deadline:
            time.sleep(0.1)
        for lock in (
            self.datadir / "data" / "postmaster.pid",
            Path(f"/tmp/.s.PGSQL.{self.port}.lock"),  # noqa: S108  # where pg.sh puts its socket
            Path(f"/tmp/.s.PGSQL.{self.port}"),  # noqa: S108
        ):
            lock.unlink(missing_ok=True)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        subprocess.run(
            ["bash", str(PG_SH), "stop", str(self.datadir / "data"), str(self.port)],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.datadir, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Running, not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _processes_of(datadir: Path) -> list[int]:
    """PostgreSQL processes still running on `datadir` (a killed postmaster's backends)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        mine = str(datadir).encode() in command or _cwd_in(proc, datadir)
        if command and mine and _alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def _cwd_in(proc: Path, datadir: Path) -> bool:
    try:
        return str(datadir) in str((proc / "cwd").readlink())
    except OSError:
        return False
