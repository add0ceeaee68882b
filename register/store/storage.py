"""Where the register lives: one URL selects the embedded SQLite file or a PostgreSQL server."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit

from register.store.outage import POOL_WAIT_S, Breaker, check_idle

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from psycopg_pool import ConnectionPool

DEFAULT_URL = "sqlite:///sijill.db"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
CHAINED_RECORDERS = {
    "sqlite": "register.store.chain:ChainedSQLiteRecorder",
    "postgresql": "register.store.chain:ChainedPostgresRecorder",
}
"""The library's recorders, extended to write each event's Merkle leaf in its transaction."""


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
                # Every event becomes a Merkle leaf in its own transaction (store/chain.py).
                "APPLICATION_RECORDER_TOPIC": CHAINED_RECORDERS["sqlite"],
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
            # The library's name for how long a request waits for a pooled connection; a dead
            # server makes every wait this long (and the library retries), so keep it short.
            "POSTGRES_CONNECT_TIMEOUT": str(POOL_WAIT_S),
            "POSTGRES_PRE_PING": "y",  # drop connections a server restart left dead
            # Keep the library's table lock: without it a tailing reader can skip events.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "CREATE_TABLE": "n",
            "APPLICATION_RECORDER_TOPIC": CHAINED_RECORDERS["postgresql"],
        }

    def yoyo_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    def migration_sources(self) -> list[str]:
        return [str(MIGRATIONS / self.kind), str(MIGRATIONS / "common")]

    def conninfo(self) -> str:
        return self.url.replace("postgres://", "postgresql://", 1)


class SqliteCursor:
    """A sqlite3 cursor that takes the `%s` placeholders the rest of the code writes."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, query: str, params: Sequence[Any] = ()) -> SqliteCursor:
        self._cursor.execute(query.replace("%s", "?"), params)
        return self

    def executemany(self, query: str, params_seq: Sequence[Sequence[Any]]) -> SqliteCursor:
        self._cursor.executemany(query.replace("%s", "?"), params_seq)
        return self

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description


class Database:
    """Plain SQL on the register's tables; queries use `%s` placeholders on both backends.

    `sqlite_path` or `schema` point it somewhere else than the live tables: a rebuild's file
    (SQLite) or schema (PostgreSQL, searched before `public`). `breaker` is shared with the
    event store's connections (see register.store.outage); without one it gets its own.
    """

    def __init__(
        self,
        storage: Storage,
        *,
        sqlite_path: str | None = None,
        schema: str | None = None,
        breaker: Breaker | None = None,
    ) -> None:
        self.storage = storage
        self.breaker = breaker or Breaker(storage.conninfo())
        self.breaker.on_recovery(self._check_pool)  # drop the connections the outage broke
        self.sqlite_path = sqlite_path or storage.sqlite_path
        self.schema = schema
        self._pool: ConnectionPool | None = None
        self._pool_lock = threading.Lock()
        self._wal = False
        self.queries = 0

    @property
    def kind(self) -> str:
        return self.storage.kind

    def _configure(self, conn: Any) -> None:
        if self.schema is not None:
            from psycopg import sql  # noqa: PLC0415  # only PostgreSQL needs it

            conn.execute(
                sql.SQL("SET search_path TO {}, public").format(sql.Identifier(self.schema))
            )
            conn.commit()

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        conn: Any
        if self.storage.kind == "sqlite":
            conn = sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)
            if not self._wal:
                # Readers must never wait for the writer (the event store sets WAL too, but
                # only once it first connects, which may be after a view's transaction began).
                # WAL persists in the file: change it only when it is not set yet, since the
                # change needs a lock another connection may hold.
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                self._wal = True
            try:
                yield conn
            finally:
                conn.close()
            return
        with self._pool_lock:  # two first users at once would each open a pool, one leaked
            if self._pool is None:
                from psycopg_pool import ConnectionPool  # noqa: PLC0415  # only PostgreSQL needs it

                self._pool = ConnectionPool(
                    self.storage.conninfo(),
                    min_size=1,
                    max_size=8,
                    open=True,
                    configure=self._configure,
                    # Reads are single statements: autocommit spares them BEGIN and COMMIT
                    # (transaction() still opens one explicitly).
                    kwargs={"autocommit": True},
                    # A server restart leaves dead connections in the pool: check each one
                    # before lending it, so the first query after a restart does not fail.
                    check=check_idle,
                    timeout=POOL_WAIT_S,
                )
            pool = self._pool
        with self.breaker.guarding(pool.connection) as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One transaction; a cursor with `%s` placeholders. SQLite takes the write lock first."""
        with self._connection() as conn:
            if self.storage.kind == "sqlite":
                cursor = conn.cursor()
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield SqliteCursor(cursor)
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
                return
            with conn.transaction(), conn.cursor() as cursor:
                yield cursor

    def fetch_all(self, query: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        self.queries += 1  # read-model queries served (a metric, and the N+1 tests' counter)
        with self._reader() as cursor:
            cursor.execute(query, params)
            return [tuple(row) for row in cursor.fetchall()]

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        """A cursor outside any transaction: one statement sees one snapshot on both backends."""
        with self._connection() as conn:
            if self.storage.kind == "sqlite":
                yield SqliteCursor(conn.cursor())
                return
            with conn.cursor() as cursor:
                yield cursor

    def fetch_one(self, query: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        rows = self.fetch_all(query, params)
        return rows[0] if rows else None

    def execute(self, query: str, params: Sequence[object] = ()) -> int:
        """Run one statement in its own transaction; returns the rows it changed."""
        with self.transaction() as cursor:
            cursor.execute(query, params)
            return int(cursor.rowcount)

    def _check_pool(self) -> None:
        if self._pool is not None:
            self._pool.check()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
