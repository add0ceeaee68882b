"""A PostgreSQL server of a test's own, to kill and restart without touching the shared one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.drills.cluster import Cluster

if TYPE_CHECKING:
    from types import TracebackType


class OwnPostgres:
    """The drills' throwaway cluster as a context manager: `url` names a `register` database on
    it, `kill()` sends SIGKILL to the postmaster, `start()` brings it back on the same port."""

    def __init__(self) -> None:
        self.cluster = Cluster()
        self.url = ""

    def __enter__(self) -> OwnPostgres:
        self.cluster.start()
        self.url = self.cluster.database("register")
        return self

    def start(self) -> None:
        port = self.cluster.port
        self.cluster.start()
        if self.cluster.port != port:
            msg = f"PostgreSQL came back on port {self.cluster.port}, not {port}"
            raise RuntimeError(msg)

    def kill(self) -> None:
        self.cluster.kill9()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cluster.stop()
