"""The event store and its Merkle leaves read as raw rows, in order and in batches.

Auditing reads the store beneath the library: the stored bytes are what the leaves hash, and a
scan of millions of events must stream (keyset pages on the position, never OFFSET, never the
whole table in memory). Positions are notification ids: SQLite's `stored_events.rowid`,
PostgreSQL's `register_events.notification_id`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Notification

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from register.store.storage import Database

BATCH = 5000
_TABLES = {
    "sqlite": ("stored_events", "rowid"),
    "postgresql": ("register_events", "notification_id"),
}


@dataclass(frozen=True)
class StoredRow:
    """One stored event exactly as the store holds it."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes

    def notification(self) -> Notification:
        return Notification(
            id=self.position,
            originator_id=self.originator_id,
            originator_version=self.version,
            topic=self.topic,
            state=self.state,
        )


@dataclass(frozen=True)
class LeafRow:
    leaf_index: int
    position: int
    leaf: bytes


def _row(row: Sequence[Any]) -> StoredRow:
    originator = row[1] if isinstance(row[1], UUID) else UUID(str(row[1]))
    return StoredRow(int(row[0]), originator, int(row[2]), str(row[3]), bytes(row[4]))


class EventLog:
    """Raw, ordered reads of the events table and `merkle_leaves`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        table, column = _TABLES[db.kind]
        self._select = (
            f"SELECT {column}, originator_id, originator_version, topic, state FROM {table}"
        )
        self._position = column
        self._table = table

    def _id(self, originator_id: UUID) -> Any:
        return originator_id.hex if self.db.kind == "sqlite" else originator_id

    def head(self) -> int:
        """The last position recorded (0: an empty store)."""
        row = self.db.fetch_one(f"SELECT MAX({self._position}) FROM {self._table}")
        return int(row[0] or 0) if row else 0

    def count(self, upto: int) -> int:
        row = self.db.fetch_one(
            f"SELECT COUNT(*) FROM {self._table} WHERE {self._position} <= %s", (upto,)
        )
        return int(row[0]) if row else 0

    def tree_size(self) -> int:
        """How many leaves the tree has: the next leaf index."""
        row = self.db.fetch_one("SELECT COALESCE(MAX(leaf_index), -1) + 1 FROM merkle_leaves")
        return int(row[0]) if row else 0

    def events(
        self, *, after: int = 0, upto: int, topics: Sequence[str] = (), batch: int = BATCH
    ) -> Iterator[StoredRow]:
        """Events with after < position ≤ upto, in order (of `topics` only, if given)."""
        query = f"{self._select} WHERE {self._position} > %s AND {self._position} <= %s"
        if topics:
            query += f" AND topic IN ({', '.join(['%s'] * len(topics))})"
        query += f" ORDER BY {self._position} LIMIT %s"
        while True:
            rows = self.db.fetch_all(query, (after, upto, *topics, batch))
            for row in rows:
                yield _row(row)
            if len(rows) < batch:
                return
            after = int(rows[-1][0])

    def event_at(self, position: int) -> StoredRow | None:
        row = self.db.fetch_one(f"{self._select} WHERE {self._position} = %s", (position,))
        return None if row is None else _row(row)

    def first_from(self, position: int) -> StoredRow | None:
        """The first event at or after `position`."""
        row = self.db.fetch_one(
            f"{self._select} WHERE {self._position} >= %s ORDER BY {self._position} LIMIT 1",
            (position,),
        )
        return None if row is None else _row(row)

    def rows_of(self, originator_ids: Sequence[UUID]) -> list[StoredRow]:
        """Every stored event of these aggregates, in global order."""
        if not originator_ids:
            return []
        marks = ", ".join(["%s"] * len(originator_ids))
        rows = self.db.fetch_all(
            f"{self._select} WHERE originator_id IN ({marks}) ORDER BY {self._position}",
            [self._id(i) for i in originator_ids],
        )
        return [_row(r) for r in rows]

    def last_versions(self, originator_ids: Sequence[UUID]) -> dict[UUID, int]:
        """Each aggregate's last version (one indexed query; absent: no events yet)."""
        if not originator_ids:
            return {}
        marks = ", ".join(["%s"] * len(originator_ids))
        rows = self.db.fetch_all(
            f"SELECT originator_id, MAX(originator_version) FROM {self._table}"
            f" WHERE originator_id IN ({marks}) GROUP BY originator_id",
            [self._id(i) for i in originator_ids],
        )
        return {r[0] if isinstance(r[0], UUID) else UUID(str(r[0])): int(r[1]) for r in rows}

    def leaves(self, *, upto_position: int, batch: int = BATCH) -> Iterator[LeafRow]:
        """Leaf rows in leaf-index order (gaps and all), of events up to `upto_position`."""
        after = -1
        while True:
            rows = self.db.fetch_all(
                "SELECT leaf_index, position, leaf FROM merkle_leaves"
                " WHERE leaf_index > %s AND position <= %s ORDER BY leaf_index LIMIT %s",
                (after, upto_position, batch),
            )
            for index, position, leaf in rows:
                yield LeafRow(int(index), int(position), bytes(leaf))
            if len(rows) < batch:
                return
            after = int(rows[-1][0])

    def leaf_hashes(self, start: int, end: int, batch: int = BATCH * 4) -> Iterator[bytes]:
        """The stored leaf hashes with start ≤ leaf index < end, in order."""
        while start < end:
            stop = min(end, start + batch)
            rows = self.db.fetch_all(
                "SELECT leaf FROM merkle_leaves WHERE leaf_index >= %s AND leaf_index < %s"
                " ORDER BY leaf_index",
                (start, stop),
            )
            if len(rows) != stop - start:
                msg = f"leaves {start}…{stop - 1} are not all stored: run `sijill audit verify`"
                raise LookupError(msg)
            for (leaf,) in rows:
                yield bytes(leaf)
            start = stop

    def leaf_indexes(self, positions: Sequence[int]) -> dict[int, int]:
        """position → leaf index, for the positions that have a leaf."""
        if not positions:
            return {}
        marks = ", ".join(["%s"] * len(positions))
        rows = self.db.fetch_all(
            f"SELECT position, leaf_index FROM merkle_leaves WHERE position IN ({marks})",
            list(positions),
        )
        return {int(p): int(i) for p, i in rows}

    def position_of_leaf(self, leaf_index: int) -> int | None:
        row = self.db.fetch_one(
            "SELECT position FROM merkle_leaves WHERE leaf_index = %s", (leaf_index,)
        )
        return None if row is None else int(row[0])

    def checkpoint_positions(self) -> list[int]:
        rows = self.db.fetch_all("SELECT position FROM audit_checkpoints ORDER BY position")
        return [int(p) for (p,) in rows]
