"""What an attacker with write access to the database does, by plain SQL beneath the register."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from register.store.chain import event_leaf

if TYPE_CHECKING:
    from register.store.storage import Database


class Tamper:
    def __init__(self, db: Database) -> None:
        self.db = db
        sqlite = db.kind == "sqlite"
        self.table = "stored_events" if sqlite else "register_events"
        self.position = "rowid" if sqlite else "notification_id"

    def positions(self) -> list[int]:
        rows = self.db.fetch_all(f"SELECT {self.position} FROM {self.table} ORDER BY 1")
        return [int(p) for (p,) in rows]

    def flip_a_byte_of_state(self, position: int, offset: int = 10) -> None:
        row = self.db.fetch_one(
            f"SELECT state FROM {self.table} WHERE {self.position} = %s", (position,)
        )
        assert row is not None
        state = bytearray(bytes(row[0]))
        state[offset] ^= 0x01
        self.db.execute(
            f"UPDATE {self.table} SET state = %s WHERE {self.position} = %s",
            (bytes(state), position),
        )

    def delete_event(self, position: int) -> None:
        assert self.db.execute(f"DELETE FROM {self.table} WHERE {self.position} = %s", (position,))

    def insert_forged_event(self, copy_of: int, originator_id: str) -> int:
        """A copy of an event's bytes under another aggregate id, appended by hand."""
        row = self.db.fetch_one(
            f"SELECT originator_version, topic, state FROM {self.table} WHERE {self.position} = %s",
            (copy_of,),
        )
        assert row is not None
        oid = originator_id.replace("-", "") if self.db.kind == "sqlite" else originator_id
        self.db.execute(
            f"INSERT INTO {self.table} (originator_id, originator_version, topic, state)"
            " VALUES (%s, %s, %s, %s)",
            (oid, *row),
        )
        return max(self.positions())

    def swap_events(self, a: int, b: int) -> None:
        """Exchange two events' places in the global order (their contents trade positions)."""
        with self.db.transaction() as cursor:
            for old, new in ((a, -1), (b, a), (-1, b)):
                cursor.execute(
                    f"UPDATE {self.table} SET {self.position} = %s WHERE {self.position} = %s",
                    (new, old),
                )

    def truncate_after(self, position: int, *, checkpoint_index_too: bool = False) -> None:
        """Delete every event after `position`, and their leaves: a careful attacker."""
        self.db.execute(f"DELETE FROM {self.table} WHERE {self.position} > %s", (position,))
        self.db.execute("DELETE FROM merkle_leaves WHERE position > %s", (position,))
        if checkpoint_index_too:
            self.db.execute("DELETE FROM audit_checkpoints WHERE position > %s", (position,))

    def insert_in_the_middle(self, at: int, copy_of: int, originator_id: str) -> None:
        """A forged event at position `at`: every later event and its leaf row moved up one."""
        oid = originator_id.replace("-", "") if self.db.kind == "sqlite" else originator_id
        row = self.db.fetch_one(
            f"SELECT originator_version, topic, state FROM {self.table} WHERE {self.position} = %s",
            (copy_of,),
        )
        assert row is not None
        self.move_up_from(at)
        self.db.execute(
            f"INSERT INTO {self.table} ({self.position}, originator_id, originator_version,"
            " topic, state) VALUES (%s, %s, %s, %s, %s)",
            (at, oid, *row),
        )

    def move_up_from(self, at: int) -> None:
        """Every event from position `at` on, and its leaf row, moved up one position."""
        later = sorted((p for p in self.positions() if p >= at), reverse=True)
        with self.db.transaction() as cursor:
            for position in later:
                cursor.execute(
                    f"UPDATE {self.table} SET {self.position} = %s WHERE {self.position} = %s",
                    (position + 1, position),
                )
                cursor.execute(
                    "UPDATE merkle_leaves SET position = %s WHERE position = %s",
                    (position + 1, position),
                )

    def rewrite_with_leaf(self, position: int) -> None:
        """Change an event and recompute its leaf: the leaves alone no longer tell."""
        self.flip_a_byte_of_state(position)
        self.recompute_leaves()

    def strip_checkpoints(self) -> None:
        """Delete every checkpoint event, its leaf and its `audit_checkpoints` row."""
        positions = [p for (p,) in self.db.fetch_all("SELECT position FROM audit_checkpoints")]
        for position in positions:
            self.db.execute(f"DELETE FROM {self.table} WHERE {self.position} = %s", (position,))
        self.db.execute("DELETE FROM audit_checkpoints")

    def renumber_and_recompute(self) -> None:
        """Close every gap in the positions and write every leaf again from the events."""
        positions = self.positions()
        with self.db.transaction() as cursor:
            for new, old in enumerate(positions, start=1):
                cursor.execute(
                    f"UPDATE {self.table} SET {self.position} = %s WHERE {self.position} = %s",
                    (-new, old),
                )
            cursor.execute(
                f"UPDATE {self.table} SET {self.position} = -{self.position}"
                f" WHERE {self.position} < 0"
            )
        self.recompute_leaves()

    def recompute_leaves(self) -> None:
        """Every leaf written again from the events as they now are, without gaps."""
        rows = self.db.fetch_all(
            f"SELECT {self.position}, originator_id, originator_version, topic, state"
            f" FROM {self.table} ORDER BY 1"
        )
        with self.db.transaction() as cursor:
            cursor.execute("DELETE FROM merkle_leaves")
            for index, (position, oid, version, topic, state) in enumerate(rows):
                originator = oid if isinstance(oid, UUID) else UUID(str(oid))
                leaf = event_leaf(int(position), originator, int(version), topic, bytes(state))
                cursor.execute(
                    "INSERT INTO merkle_leaves (leaf_index, position, leaf) VALUES (%s, %s, %s)",
                    (index, int(position), leaf),
                )
