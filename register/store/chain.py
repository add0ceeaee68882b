"""Event-store recorders that make every event a Merkle leaf in the transaction that records it.

Selected through the library's own `APPLICATION_RECORDER_TOPIC` (`Storage.eventsourcing_env`),
so the library's insert runs unchanged — on PostgreSQL with its `LOCK TABLE … IN EXCLUSIVE
MODE` — and, once it knows the events' notification ids, the recorder appends one row per event to
`merkle_leaves` in the same transaction:

    leaf_index  0, 1, 2, … without gaps: the leaf's index in the tree (the global order)
    position    the event's notification id (PostgreSQL's sequence may skip ids when a
                transaction rolls back; the leaf index never does)
    leaf        SHA-256(0x00 ‖ leaf_input(position, originator id, version, topic, state))

Writers are serialised (PostgreSQL's table lock, SQLite's write lock), so the next leaf index is
read inside the transaction with no race. A checkpoint event is also noted in
`audit_checkpoints` (its position only), so the latest checkpoint is found without a scan and
one whose event is later deleted still leaves a trace.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from domain.audit.checkpoint import SIGNED_TOPIC
from domain.audit.merkle import leaf_hash

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.persistence import StoredEvent
    from psycopg import Cursor
    from psycopg.rows import DictRow

_NEXT_INDEX = "SELECT COALESCE(MAX(leaf_index), -1) + 1 FROM merkle_leaves"


def leaf_input(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The canonical bytes of one stored event, as hashed into its leaf.

    Big-endian: position (8 bytes) ‖ originator id (16 bytes) ‖ version (8 bytes) ‖ topic
    length (4 bytes) ‖ topic (UTF-8) ‖ state length (4 bytes) ‖ state (the stored bytes).
    Fixed widths and length prefixes make the encoding unambiguous.
    """
    return struct.pack(">Q", position) + leaf_tail(originator_id, version, topic, state)


def leaf_tail(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """`leaf_input` after the position: what is known of an event before it has a position."""
    uid = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
    topic_bytes = topic.encode()
    return b"".join(
        (
            uid.bytes,
            struct.pack(">Q", version),
            struct.pack(">I", len(topic_bytes)),
            topic_bytes,
            struct.pack(">I", len(state)),
            state,
        )
    )


def event_leaf(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The Merkle leaf hash of one stored event."""
    return leaf_hash(leaf_input(position, originator_id, version, topic, state))


def _leaves(ids: Sequence[int], events: Sequence[StoredEvent]) -> list[tuple[int, bytes]]:
    return [
        (p, event_leaf(p, e.originator_id, e.originator_version, e.topic, e.state))
        for p, e in zip(ids, events, strict=True)
    ]


def _checkpoints(ids: Sequence[int], events: Sequence[StoredEvent]) -> list[int]:
    return [p for p, e in zip(ids, events, strict=True) if e.topic == SIGNED_TOPIC]


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if not ids:
            return ids
        c.execute(_NEXT_INDEX)  # after the INSERT above: this transaction holds the write lock
        first = int(c.fetchone()[0])
        c.executemany(
            "INSERT INTO merkle_leaves (leaf_index, position, leaf) VALUES (?, ?, ?)",
            [(first + i, p, leaf) for i, (p, leaf) in enumerate(_leaves(ids, stored_events))],
        )
        c.executemany(
            "INSERT INTO audit_checkpoints (position) VALUES (?)",
            [(p,) for p in _checkpoints(ids, stored_events)],
        )
        return ids


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if not ids:
            return ids
        positions, leaves = zip(*_leaves(ids, stored_events), strict=True)
        # One statement, queued on the library's pipeline: the table lock taken before the
        # events' INSERT is still held, so MAX(leaf_index) cannot move under us.
        curs.execute(
            "INSERT INTO merkle_leaves (leaf_index, position, leaf)"
            " SELECT (SELECT COALESCE(MAX(leaf_index), -1) FROM merkle_leaves) + t.n,"
            " t.position, t.leaf"
            " FROM unnest(%s::bigint[], %s::bytea[]) WITH ORDINALITY AS t(position, leaf, n)",
            (list(positions), list(leaves)),
        )
        checkpoints = _checkpoints(ids, stored_events)
        if checkpoints:
            curs.execute(
                "INSERT INTO audit_checkpoints (position) SELECT unnest(%s::bigint[])",
                (checkpoints,),
            )
        return ids
