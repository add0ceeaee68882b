"""Rebuild views from event one into a fresh schema or file, compare them, swap them in.

The fresh tables copy the live ones' definitions (`LIKE … INCLUDING ALL` on PostgreSQL, the
stored `CREATE` statements on SQLite), so the migrations stay the one place a view's table is
defined.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from register.projector import Projector
from register.storage import Database, SqliteCursor

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from projections.base import View
    from register.application import Register

REBUILD_SCHEMA = "sijill_rebuild"
RETIRED_SCHEMA = "sijill_retired"
TRACKING = "projection_tracking"


def _tables(views: Sequence[View]) -> list[str]:
    return [t for v in views for t in v.tables]


def fresh_target(live: Database, views: Sequence[View], *, name: str = "rebuild") -> Database:
    """Empty copies of the views' tables (and tracking) in schema `sijill_NAME` or a NAME file.

    `name` keeps other uses (an auditor's replay) apart from the rebuild that swaps in.
    """
    tables = [*_tables(views), TRACKING]
    if live.kind == "sqlite":
        path = Path(live.sqlite_path).with_suffix(f".{name}.db")
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        marks = ", ".join(["%s"] * len(tables))
        ddl = live.fetch_all(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN (" + marks + ")"
            " AND sql IS NOT NULL ORDER BY type DESC",  # tables before their indexes
            tables,
        )
        target = Database(live.storage, sqlite_path=str(path))
        with target.transaction() as cursor:
            for (statement,) in ddl:
                cursor.execute(statement)
        return target
    from psycopg import sql  # noqa: PLC0415  # only PostgreSQL needs it

    schema = sql.Identifier(f"sijill_{name}")
    with live.transaction() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for table in tables:
            cursor.execute(
                sql.SQL("CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL)").format(
                    schema, sql.Identifier(table), sql.Identifier(table)
                )
            )
    return Database(live.storage, schema=f"sijill_{name}")


def rebuild(
    store: Register,
    target: Database,
    views: Sequence[View],
    *,
    until: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Apply every event (up to `until`) to the fresh tables; returns how many."""
    return Projector(store, target, views, batch_size=2000).catch_up(until, progress)


def checksums(db: Database, views: Sequence[View]) -> dict[str, str]:
    """A SHA-256 of every table's rows in a fixed order (all columns), per table."""
    sums = {}
    for table in _tables(views):
        digest = hashlib.sha256()
        with db.transaction() as cursor:
            cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')  # fixed names from the views
            width = len(cursor.description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            for row in cursor.fetchall():
                digest.update(repr(tuple(_plain(v) for v in row)).encode())
        sums[table] = digest.hexdigest()
    return sums


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def differences(live: Database, target: Database, views: Sequence[View]) -> list[str]:
    """The tables whose rebuilt rows differ from the live ones (empty: identical)."""
    ours, theirs = checksums(live, views), checksums(target, views)
    return [t for t in ours if ours[t] != theirs[t]]


def swap(live: Database, target: Database, views: Sequence[View]) -> None:
    """Replace the live views' tables and positions with the rebuilt ones, atomically."""
    names = [v.name for v in views]
    tables = _tables(views)
    if live.kind == "sqlite":
        conn = sqlite3.connect(live.sqlite_path, timeout=30, isolation_level=None)
        try:
            conn.execute("ATTACH DATABASE ? AS rebuilt", (target.sqlite_path,))
            cursor = SqliteCursor(conn.cursor())
            cursor.execute("BEGIN IMMEDIATE")
            for table in tables:
                cursor.execute(f'DELETE FROM main."{table}"')
                cursor.execute(f'INSERT INTO main."{table}" SELECT * FROM rebuilt."{table}"')
            _copy_positions(cursor, "rebuilt", names)
            conn.commit()
        finally:
            conn.close()
        return
    from psycopg import sql  # noqa: PLC0415

    retired, rebuilt = sql.Identifier(RETIRED_SCHEMA), sql.Identifier(REBUILD_SCHEMA)
    with live.transaction() as cursor:
        # Followers lock tracking rows per batch: taking the table first waits for them.
        cursor.execute("LOCK TABLE public.projection_tracking IN EXCLUSIVE MODE")
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(retired))
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(retired))
        for table in tables:
            t = sql.Identifier(table)
            cursor.execute(sql.SQL("ALTER TABLE public.{} SET SCHEMA {}").format(t, retired))
            cursor.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA public").format(rebuilt, t))
        _copy_positions(cursor, REBUILD_SCHEMA, names)
        cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(retired))


def _copy_positions(cursor: Any, source: str, names: list[str]) -> None:
    cursor.execute(f'SELECT view, position FROM "{source}".projection_tracking')  # fixed name
    rebuilt = [(p, v) for v, p in cursor.fetchall() if v in names]
    cursor.executemany(
        "UPDATE main.projection_tracking SET position = %s WHERE view = %s"
        if source == "rebuilt"
        else "UPDATE public.projection_tracking SET position = %s WHERE view = %s",
        rebuilt,
    )
