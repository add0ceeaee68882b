"""The checkpoint key's succession: the old key hands over to a new one at a tree size, both sign.

A rotation records one event holding both public keys, the tree size up to which the old key
signed (a checkpoint of that size is signed with the old key first) and two Ed25519 signatures
over the note `succession_note` builds: the old key's endorses its successor, the new key's
claims its predecessor. A key is succeeded once: the event's id is fixed by the old key's id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id

ORIGIN = "sijill-register-key-succession/v1"
"""The first line of every succession note: what kind of statement it is."""
SUCCESSION_TOPIC = "sijill/audit/key-succession/v1"


def succession_note(old_key_id: str, new_public_key: str, tree_size: int, rotated_at: str) -> bytes:
    """The exact bytes both keys sign: five lines, each ending in a newline.

    `new_public_key` is the raw 32-byte key in base64 and `rotated_at` an ISO 8601 UTC time.
    """
    return f"{ORIGIN}\n{old_key_id}\n{new_public_key}\n{tree_size}\n{rotated_at}\n".encode()


class KeySuccession(Aggregate):
    """One hand-over from a key to its successor; its id is fixed by the old key's id."""

    TOPIC = "sijill/audit/key-succession"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/audit/key-succession/created"

    class KeyRotated(Created):
        TOPIC = SUCCESSION_TOPIC
        old_key_id: str
        old_public_key: str
        """The raw 32-byte key being retired, base64."""
        new_key_id: str
        new_public_key: str
        """The raw 32-byte successor key, base64."""
        tree_size: int
        """The old key signs checkpoints up to this size, the new key from it."""
        rotated_at: str
        """The time of the hand-over, ISO 8601 UTC, exactly as signed."""
        old_signature: str
        """The old key's Ed25519 signature over `succession_note`, base64: it endorses the new."""
        new_signature: str
        """The new key's Ed25519 signature over the same note, base64: it claims the old."""

    def __init__(  # the event's fields, applied on replay too
        self,
        *,
        old_key_id: str,
        new_key_id: str,
        tree_size: int,
        **_: Any,
    ) -> None:
        self.old_key_id = old_key_id
        self.new_key_id = new_key_id
        self.tree_size = tree_size

    @staticmethod
    def id_for(old_key_id: str) -> UUID:
        return name_id("key-succession", old_key_id)

    @classmethod
    def rotate(  # noqa: PLR0913  # the signed statement's fields, all keyword-only
        cls,
        *,
        old_key_id: str,
        old_public_key: str,
        new_key_id: str,
        new_public_key: str,
        tree_size: int,
        rotated_at: str,
        old_signature: str,
        new_signature: str,
        by: Recording,
    ) -> KeySuccession:
        return cls._create(
            cls.KeyRotated,
            id=cls.id_for(old_key_id),
            old_key_id=old_key_id,
            old_public_key=old_public_key,
            new_key_id=new_key_id,
            new_public_key=new_public_key,
            tree_size=tree_size,
            rotated_at=rotated_at,
            old_signature=old_signature,
            new_signature=new_signature,
            **by.fields(),
        )
