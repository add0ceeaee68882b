"""Bulk appends to the event store: many events in one transaction, as COPY on PostgreSQL.

The events are the register's ordinary stored events (the application's mapper made them), and
they are recorded as the library records them, with what `register/chain.py` adds:

- the writer takes the library's own lock first (PostgreSQL `LOCK TABLE … IN EXCLUSIVE MODE`;
  SQLite's write lock), so a follower never reads past an id that commits later;
- notification ids are drawn from the table's own sequence (PostgreSQL) or follow the last
  rowid (SQLite), in the order given;
- each event becomes a Merkle leaf, gap-free after the last one, in the same transaction;
- followers are woken with the library's NOTIFY.

Uniqueness holds as for any save: a created aggregate is version 1 of its id, and
`(originator_id, originator_version)` is the table's primary key. `existing` tells the caller
which of a batch's new ids are taken, under the lock, before it writes.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from register.chain import event_leaf

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from eventsourcing.persistence import StoredEvent

    from register.storage import Storage

EVENTS = "register_events"
CHANNEL = "register_events"
_IN_CHUNK = 500  # SQLite's bound variables per statement stay well under its limit


class Batch(Protocol):
    """One open bulk transaction; `sql` runs an ordinary statement in it."""

    def existing(self, ids: Sequence[UUID]) -> set[UUID]: ...

    def append(self, events: Sequence[StoredEvent]) -> int: ...

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...


@contextmanager
def bulk(storage: Storage) -> Iterator[Batch]:
    """One locked transaction on the event store; committed when the block ends cleanly."""
    if storage.kind == "sqlite":
        with _sqlite(storage) as batch:
            yield batch
        return
    import psycopg  # noqa: PLC0415  # only PostgreSQL needs it

    with psycopg.connect(storage.conninfo()) as conn, conn.transaction():
        conn.execute(f"LOCK TABLE {EVENTS} IN EXCLUSIVE MODE")
        batch = _PostgresBatch(conn)
        yield batch
        if batch.appended:
            conn.execute(f"NOTIFY {CHANNEL}")


class _PostgresBatch:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.appended = 0

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []

    def existing(self, ids: Sequence[UUID]) -> set[UUID]:
        rows = self.sql(
            f"SELECT originator_id FROM {EVENTS}"
            " WHERE originator_version = 1 AND originator_id = ANY(%s)",
            (list(ids),),
        )
        return {row[0] for row in rows}

    def append(self, events: Sequence[StoredEvent]) -> int:
        if not events:
            return 0
        positions = sorted(
            row[0]
            for row in self.sql(
                f"SELECT nextval(pg_get_serial_sequence('{EVENTS}', 'notification_id'))"
                " FROM generate_series(1, %s)",
                (len(events),),
            )
        )
        first_leaf = self.sql("SELECT COALESCE(MAX(leaf_index), -1) + 1 FROM merkle_leaves")[0][0]
        with self.conn.cursor() as cur:
            with cur.copy(
                f"COPY {EVENTS} (originator_id, originator_version, topic, state, notification_id)"
                " FROM STDIN"
            ) as copy:
                for position, e in zip(positions, events, strict=True):
                    copy.write_row(
                        (e.originator_id, e.originator_version, e.topic, e.state, position)
                    )
            with cur.copy("COPY merkle_leaves (leaf_index, position, leaf) FROM STDIN") as copy:
                for i, (position, e) in enumerate(zip(positions, events, strict=True)):
                    copy.write_row((first_leaf + i, position, _leaf(position, e)))
        self.appended += len(events)
        return int(positions[-1])


def _leaf(position: int, e: StoredEvent) -> bytes:
    return event_leaf(position, e.originator_id, e.originator_version, e.topic, e.state)


@contextmanager
def _sqlite(storage: Storage) -> Iterator[Batch]:
    conn = sqlite3.connect(storage.sqlite_path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")  # the write lock, as the library's writer takes it
        try:
            yield _SqliteBatch(conn)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    finally:
        conn.close()


class _SqliteBatch:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(statement.replace("%s", "?"), params).fetchall())

    def existing(self, ids: Sequence[UUID]) -> set[UUID]:
        found: set[UUID] = set()
        for start in range(0, len(ids), _IN_CHUNK):
            part = [i.hex for i in ids[start : start + _IN_CHUNK]]
            marks = ", ".join("?" * len(part))
            rows = self.conn.execute(
                "SELECT originator_id FROM stored_events"
                f" WHERE originator_version = 1 AND originator_id IN ({marks})",
                part,
            )
            found.update(UUID(row[0]) for row in rows)
        return found

    def append(self, events: Sequence[StoredEvent]) -> int:
        if not events:
            return 0
        first = self.conn.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM stored_events")
        position = int(first.fetchone()[0])
        leaf = self.conn.execute("SELECT COALESCE(MAX(leaf_index), -1) + 1 FROM merkle_leaves")
        first_leaf = int(leaf.fetchone()[0])
        positions = range(position, position + len(events))
        self.conn.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (p, _hex(e.originator_id), e.originator_version, e.topic, e.state)
                for p, e in zip(positions, events, strict=True)
            ],
        )
        self.conn.executemany(
            "INSERT INTO merkle_leaves (leaf_index, position, leaf) VALUES (?, ?, ?)",
            [
                (first_leaf + i, p, _leaf(p, e))
                for i, (p, e) in enumerate(zip(positions, events, strict=True))
            ],
        )
        return positions[-1]


def _hex(originator_id: UUID | str) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else UUID(originator_id).hex
