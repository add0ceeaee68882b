"""Fixtures shared by every layer: the two storage backends, each a real database."""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING

import psycopg
import pytest
from psycopg import sql

from register.bootstrap import Container, bootstrap
from register.settings import Settings
from register.store.migrate import migrate
from register.store.storage import Storage

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BACKENDS = ["sqlite", "postgres"]
POSTGRES_ENV = "SIJILL_TEST_POSTGRES_URL"


def postgres_server_url() -> str:
    """The PostgreSQL server the tests may create databases on; its absence is a failure."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.fail(
            f"{POSTGRES_ENV} is not set: the tests run on PostgreSQL as well as SQLite. "
            "Run scripts/test.sh, which starts a throwaway server."
        )
    return url


def create_postgres_database(prefix: str) -> str:
    """A new, empty database on the test server; returns its URL."""
    server = postgres_server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}"


def drop_postgres_database(url: str) -> None:
    name = url.rpartition("/")[2]
    with psycopg.connect(postgres_server_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One migrated PostgreSQL database for the session; tests empty it between them."""
    url = create_postgres_database("sijill_test")
    migrate(Storage.from_url(url))
    yield url
    drop_postgres_database(url)


KEPT_TABLES = {"missions", "_yoyo_log", "_yoyo_migration", "_yoyo_version", "yoyo_lock"}


def empty_postgres(url: str) -> None:
    """Empty every table but the reference data and the migration log."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            if name not in KEPT_TABLES
        ]
        conn.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(sql.Identifier(t) for t in tables)
            )
        )


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty register database: a fresh SQLite file, or the emptied PostgreSQL one."""
    if request.param == "sqlite":
        sqlite_url = f"sqlite:///{tmp_path / 'register.db'}"
        migrate(Storage.from_url(sqlite_url))
        return sqlite_url
    postgres: str = request.getfixturevalue("postgres_url")
    empty_postgres(postgres)
    return postgres


@pytest.fixture
def container(database_url: str) -> Iterator[Container]:
    wired = bootstrap(Settings(database_url=database_url))
    yield wired
    wired.close()
