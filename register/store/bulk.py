"""Bulk appends to the event store: many events in one transaction, as COPY on PostgreSQL.

The events are the register's ordinary stored events (the application's mapper made them), and
they are recorded as the library records them, with what `register/store/chain.py` adds:

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
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from domain.audit.merkle import leaf_hash
from register.store.chain import leaf_tail

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from eventsourcing.persistence import StoredEvent

    from register.store.storage import Storage


@dataclass(frozen=True, slots=True)
class Prepared:
    """A stored event with what a bulk write needs of it before it has a position, made where
    the event is made (an import's workers), so the writer only adds the positions."""

    originator_id: UUID
    version: int
    topic: str
    state: bytes
    tail: bytes
    """Its Merkle leaf's input after the position (`register.store.chain.leaf_tail`)."""
    row: str
    """Its COPY text row without the position: id, version, topic, state as `\\x…` hex."""

    @classmethod
    def of(cls, e: StoredEvent) -> Prepared:
        uid = e.originator_id if isinstance(e.originator_id, UUID) else UUID(e.originator_id)
        return cls(
            uid,
            e.originator_version,
            e.topic,
            e.state,
            leaf_tail(uid, e.originator_version, e.topic, e.state),
            f"{uid}\t{e.originator_version}\t{e.topic}\t\\\\x{e.state.hex()}",
        )

    def leaf(self, position: int) -> bytes:
        return leaf_hash(struct.pack(">Q", position) + self.tail)


EVENTS = "register_events"
CHANNEL = "register_events"
_IN_CHUNK = 500  # SQLite's bound variables per statement stay well under its limit


class Batch(Protocol):
    """One open bulk transaction; `sql` runs an ordinary statement in it."""

    def existing(self, ids: Sequence[UUID]) -> set[UUID]: ...

    def append(self, events: Sequence[Prepared]) -> int: ...

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

    def append(self, events: Sequence[Prepared]) -> int:
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
        pairs = list(zip(positions, events, strict=True))
        with self.conn.cursor() as cur:
            with cur.copy(
                f"COPY {EVENTS} (originator_id, originator_version, topic, state, notification_id)"
                " FROM STDIN"
            ) as copy:
                copy.write("".join(f"{e.row}\t{p}\n" for p, e in pairs))
            with cur.copy("COPY merkle_leaves (leaf_index, position, leaf) FROM STDIN") as copy:
                copy.write(
                    "".join(
                        f"{first_leaf + i}\t{p}\t\\\\x{e.leaf(p).hex()}\n"
                        for i, (p, e) in enumerate(pairs)
                    )
                )
        self.appended += len(events)
        return int(positions[-1])


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

    def append(self, events: Sequence[Prepared]) -> int:
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
                (p, e.originator_id.hex, e.version, e.topic, e.state)
                for p, e in zip(positions, events, strict=True)
            ],
        )
        self.conn.executemany(
            "INSERT INTO merkle_leaves (leaf_index, position, leaf) VALUES (?, ?, ?)",
            [
                (first_leaf + i, p, e.leaf(p))
                for i, (p, e) in enumerate(zip(positions, events, strict=True))
            ],
        )
        return positions[-1]
