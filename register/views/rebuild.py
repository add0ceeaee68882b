"""Rebuild views from event one into a fresh schema or file, compare them, swap them in.

The fresh tables copy the live ones' definitions (`LIKE … INCLUDING ALL` on PostgreSQL, the
stored `CREATE` statements on SQLite, with their triggers), so the migrations stay the one place
a view's table is defined. On SQLite a view may also own tables its triggers fill
(`sqlite_tables`: the directory's FTS5 trigram index): they are created and compared with the
view's tables, and a swap refills them through those triggers.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from register.store.storage import Database, SqliteCursor
from register.views.projector import Projector

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from projections.base import View
    from register.unit_of_work import UnitOfWork

REBUILD_SCHEMA = "sijill_rebuild"
RETIRED_SCHEMA = "sijill_retired"
TRACKING = "projection_tracking"


def _tables(db: Database, views: Sequence[View]) -> list[str]:
    """The views' tables, and on SQLite the tables their triggers fill."""
    return [t for v in views for t in (*v.tables, *_filled_by_triggers(db, v))]


def _filled_by_triggers(db: Database, view: View) -> tuple[str, ...]:
    """A view's optional `sqlite_tables` (on SQLite; PostgreSQL has no such tables)."""
    found: tuple[str, ...] = getattr(view, "sqlite_tables", ()) if db.kind == "sqlite" else ()
    return found


def fresh_target(live: Database, views: Sequence[View], *, name: str = "rebuild") -> Database:
    """Empty copies of the views' tables (and tracking) in schema `sijill_NAME` or a NAME file.

    `name` keeps other uses (an auditor's replay) apart from the rebuild that swaps in.
    """
    tables = [*_tables(live, views), TRACKING]
    if live.kind == "sqlite":
        path = Path(live.sqlite_path).with_suffix(f".{name}.db")
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        marks = ", ".join(["%s"] * len(tables))
        ddl = live.fetch_all(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN (" + marks + ")"
            " AND sql IS NOT NULL"
            " ORDER BY type = 'trigger', type DESC",  # tables, their indexes, then triggers
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
    store: UnitOfWork,
    target: Database,
    views: Sequence[View],
    *,
    until: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Apply every event (up to `until`) to the fresh tables; returns how many."""
    projector = Projector(store, target, views, batch_size=2000, keep_dead_letters=False)
    return projector.catch_up(until, progress)


def checksums(db: Database, views: Sequence[View]) -> dict[str, str]:
    """A SHA-256 of every table's rows in a fixed order (all columns), per table, all read in
    one snapshot."""
    with _snapshot(db) as cursor:
        return _checksums(cursor, _tables(db, views))


def _checksums(cursor: Any, tables: Sequence[str]) -> dict[str, str]:
    sums = {}
    for table in tables:
        digest = hashlib.sha256()
        cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')  # fixed names from the views
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
        for row in cursor.fetchall():
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
        sums[table] = digest.hexdigest()
    return sums


@contextmanager
def _snapshot(db: Database) -> Iterator[Any]:
    """A cursor whose reads all see one committed state, taking no write lock."""
    if db.kind == "sqlite":
        conn = sqlite3.connect(db.sqlite_path, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN")  # deferred: the first read fixes the snapshot
            yield SqliteCursor(conn.cursor())
        finally:
            conn.close()  # rolls the read transaction back
        return
    with db.transaction() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield cursor


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def differences(live: Database, target: Database, views: Sequence[View]) -> list[str]:
    """The tables whose rebuilt rows differ from the live ones (empty: identical), for views
    that stand still; `verify` compares views that followers keep moving."""
    return _differing(checksums(live, views), checksums(target, views))


def verify(store: UnitOfWork, live: Database, target: Database, views: Sequence[View]) -> list[str]:
    """The tables whose rebuilt rows differ from the live ones, compared at the same positions.

    Followers may move the live views on while the rebuild runs: the live rows are read with
    their positions in one snapshot, and the rebuild is brought to those positions before its
    rows are read. Live views still behind the rebuild are first brought to its position.
    """
    rebuilt = Projector(store, target, views).positions()
    Projector(store, live, views).catch_up(max(rebuilt.values(), default=0))
    with _snapshot(live) as cursor:
        cursor.execute("SELECT view, position FROM projection_tracking")
        positions = {str(view): int(position) for view, position in cursor.fetchall()}
        ours = _checksums(cursor, _tables(live, views))
    for view in views:
        rebuild(store, target, [view], until=positions.get(view.name, 0))
    return _differing(ours, checksums(target, views))


def _differing(ours: dict[str, str], theirs: dict[str, str]) -> list[str]:
    return [t for t in ours if ours[t] != theirs[t]]


def swap(live: Database, target: Database, views: Sequence[View]) -> None:
    """Replace the live views' tables and positions with the rebuilt ones, atomically."""
    names = [v.name for v in views]
    tables = [t for v in views for t in v.tables]
    if live.kind == "sqlite":
        conn = sqlite3.connect(live.sqlite_path, timeout=30, isolation_level=None)
        try:
            conn.execute("ATTACH DATABASE ? AS rebuilt", (target.sqlite_path,))
            cursor = SqliteCursor(conn.cursor())
            cursor.execute("BEGIN IMMEDIATE")
            for view in views:
                for filled in _filled_by_triggers(live, view):  # refilled as rows go in
                    cursor.execute(f'DELETE FROM main."{filled}"')
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
