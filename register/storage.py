"""Where the register lives: one URL selects the embedded SQLite file or a PostgreSQL server."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from psycopg_pool import ConnectionPool

DEFAULT_URL = "sqlite:///sijill.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class StorageUrlError(ValueError):
    """SIJILL_DATABASE_URL is not a sqlite:/// or postgresql:// URL the register can use."""


@dataclass(frozen=True)
class Storage:
    """The parsed database URL, and plain SQL access to the register's non-event tables."""

    url: str
    kind: Literal["sqlite", "postgresql"]
    sqlite_path: str = ""
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""

    @classmethod
    def from_url(cls, url: str) -> Storage:
        """`sqlite:///relative.db`, `sqlite:////absolute/path.db` or `postgresql://u@h:p/db`."""
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            if not url.startswith("sqlite:///") or len(url) <= len("sqlite:///"):
                msg = f"SQLite URLs are sqlite:///relative.db or sqlite:////absolute.db: {url!r}"
                raise StorageUrlError(msg)
            path = url[len("sqlite:///") :]
            return cls(url=url, kind="sqlite", sqlite_path=str(Path(path).resolve()))
        if parts.scheme in ("postgresql", "postgres"):
            if not parts.hostname or not parts.path.strip("/"):
                msg = "PostgreSQL URLs are postgresql://user[:password]@host[:port]/dbname"
                raise StorageUrlError(msg)
            return cls(
                url=url,
                kind="postgresql",
                host=parts.hostname,
                port=parts.port or 5432,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                dbname=parts.path.strip("/"),
            )
        msg = f"unsupported database URL scheme {parts.scheme!r}: use sqlite:/// or postgresql://"
        raise StorageUrlError(msg)

    def eventsourcing_env(self) -> dict[str, str]:
        """The event store's settings; tables come from migrations, never from the library."""
        if self.kind == "sqlite":
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": self.sqlite_path,
                "SQLITE_LOCK_TIMEOUT": "30",
                "CREATE_TABLE": "n",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "10",
            "POSTGRES_CONNECT_TIMEOUT": "10",
            # Keep the library's table lock: without it a tailing reader can skip events.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "CREATE_TABLE": "n",
        }

    def yoyo_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    def migration_sources(self) -> list[str]:
        return [str(MIGRATIONS / self.kind), str(MIGRATIONS / "common")]

    def conninfo(self) -> str:
        return self.url.replace("postgres://", "postgresql://", 1)


class Database:
    """Plain SQL on the register's tables; queries use `%s` placeholders on both backends."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._pool: ConnectionPool | None = None

    def _sql(self, query: str) -> str:
        return query.replace("%s", "?") if self.storage.kind == "sqlite" else query

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        conn: Any
        if self.storage.kind == "sqlite":
            conn = sqlite3.connect(self.storage.sqlite_path, timeout=30)
            try:
                with conn:
                    yield conn
            finally:
                conn.close()
            return
        if self._pool is None:
            from psycopg_pool import ConnectionPool  # noqa: PLC0415  # only PostgreSQL needs it

            self._pool = ConnectionPool(self.storage.conninfo(), min_size=1, max_size=8, open=True)
        with self._pool.connection() as conn:
            yield conn

    def fetch_all(self, query: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as conn:
            return [tuple(row) for row in conn.execute(self._sql(query), params).fetchall()]

    def fetch_one(self, query: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        rows = self.fetch_all(query, params)
        return rows[0] if rows else None

    def execute(self, query: str, params: Sequence[object] = ()) -> int:
        """Run one statement in its own transaction; returns the rows it changed."""
        with self._connection() as conn:
            return int(conn.execute(self._sql(query), params).rowcount)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
