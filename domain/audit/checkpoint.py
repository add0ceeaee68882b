"""Signed checkpoints of the register's Merkle tree: size, root, time, and the register's signature.

A checkpoint of size n covers the first n leaves of the tree, that is the first n events in the
store's global order: every event recorded before the checkpointer read the tree's size. The
checkpoint's own event is recorded after that, so it is a leaf of a later tree (≥ n), covered
by the next checkpoint. What is signed is the note `signed_note` builds, never the event.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id

ORIGIN = "sijill-register-checkpoint/v1"
"""The first line of every signed note: what kind of statement it is."""
SIGNED_TOPIC = "sijill/audit/checkpoint/signed/v1"


def signed_note(tree_size: int, root_hash: str, signed_at: str) -> bytes:
    """The exact bytes the register signs: four lines, each ending in a newline.

    `root_hash` is the tree's root in lowercase hex and `signed_at` an ISO 8601 UTC time; a
    third party rebuilds these bytes from a checkpoint and checks the Ed25519 signature.
    """
    return f"{ORIGIN}\n{tree_size}\n{root_hash}\n{signed_at}\n".encode()


class Checkpoint(Aggregate):
    """One signed tree head; its id is fixed by its size, so a size is checkpointed once."""

    TOPIC = "sijill/audit/checkpoint"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/audit/checkpoint/created"

    class Signed(Created):
        TOPIC = SIGNED_TOPIC
        tree_size: int
        """How many leaves (events, in global order) the checkpoint covers."""
        root_hash: str
        """The Merkle tree's root over those leaves, lowercase hex."""
        signed_at: str
        """The signing time, ISO 8601 UTC, exactly as signed."""
        key_id: str
        """The first 8 bytes of SHA-256 of the raw public key, hex: which key signed."""
        signature: str
        """Ed25519 over `signed_note(tree_size, root_hash, signed_at)`, base64."""
        frontier: list[str]
        """The tree's complete subtrees (hex), not signed: the next checkpoint extends this
        one from here after checking they fold back to `root_hash`, instead of re-reading
        every leaf."""

    def __init__(  # the signed event's fields, applied on replay too
        self,
        *,
        tree_size: int,
        root_hash: str,
        signed_at: str,
        key_id: str,
        signature: str,
        frontier: list[str],
        **_: Any,
    ) -> None:
        self.tree_size = tree_size
        self.root_hash = root_hash
        self.signed_at = signed_at
        self.key_id = key_id
        self.signature = signature
        self.frontier = frontier

    @staticmethod
    def id_for(tree_size: int) -> UUID:
        return name_id("checkpoint", str(tree_size))

    @classmethod
    def sign(
        cls,
        *,
        tree_size: int,
        root_hash: str,
        signed_at: str,
        key_id: str,
        signature: str,
        frontier: list[str],
        by: Recording,
    ) -> Checkpoint:
        return cls._create(
            cls.Signed,
            id=cls.id_for(tree_size),
            tree_size=tree_size,
            root_hash=root_hash,
            signed_at=signed_at,
            key_id=key_id,
            signature=signature,
            frontier=frontier,
            **by.fields(),
        )

    def note(self) -> bytes:
        return signed_note(self.tree_size, self.root_hash, self.signed_at)
