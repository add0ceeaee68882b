"""A throwaway PostgreSQL cluster for one drill: its own datadir and loopback port, killable."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_SH = Path(__file__).resolve().parents[2] / "scripts" / "pg.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Cluster:
    """`scripts/pg.sh` on a new datadir (as the `postgres` user): start, kill -9, stop."""

    def __init__(self) -> None:
        self.datadir = Path(tempfile.mkdtemp(prefix="sijill-drill-pg-"))
        if os.getuid() == 0:
            shutil.chown(self.datadir, "postgres")
        self.port = free_port()
        self.url = ""

    def start(self) -> str:
        """Start (or restart after a kill); returns the server's `postgres` database URL."""
        done = subprocess.run(
            [str(PG_SH), "start", str(self.datadir), str(self.port)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            msg = f"PostgreSQL did not start: {done.stderr[-2000:]}"
            raise RuntimeError(msg)
        self.url = done.stdout.strip().splitlines()[-1]
        self.port = int(self.url.rsplit(":", 1)[1].split("/")[0])
        return self.url

    def database(self, name: str) -> str:
        """A new database on the cluster, for the register."""
        import psycopg  # noqa: PLC0415  # only PostgreSQL drills need it

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url.rpartition('/')[0]}/{name}"

    def postmaster_pid(self) -> int:
        return int((self.datadir / "postmaster.pid").read_text().splitlines()[0])

    def kill9(self) -> None:
        """SIGKILL the postmaster, as a crash would; its backends die with it once they notice."""
        pid = self.postmaster_pid()
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        os.kill(pid, signal.SIGKILL)
        # Backends orphaned by the kill hold the shared memory until they exit: a restart waits.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(p) for p in [pid, *children]):
            time.sleep(0.05)
        # Until its parent reaps it the dead postmaster is a zombie, which `pg_ctl status` and
        # a new postmaster take for a running server: remove its lock files (the datadir's and
        # the Unix socket's, pg.sh puts it in /tmp) as PostgreSQL would on finding them stale.
        (self.datadir / "postmaster.pid").unlink(missing_ok=True)
        sockets = Path("/tmp")  # noqa: S108  # where pg.sh's `-k /tmp` puts the socket
        for stale in (f".s.PGSQL.{self.port}.lock", f".s.PGSQL.{self.port}"):
            (sockets / stale).unlink(missing_ok=True)

    def stop(self) -> None:
        stop = [str(PG_SH), "stop", str(self.datadir), str(self.port)]
        subprocess.run(stop, capture_output=True, check=False)
        shutil.rmtree(self.datadir, ignore_errors=True)
