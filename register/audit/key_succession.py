"""The checkpoint key's succession in the register: rotating the key, reading and publishing it.

A rotation signs a checkpoint with the current key, then records both keys' signatures over
the hand-over at that size (`domain/audit/key_succession.py`). The chain is read by following each
key to its successor (one indexed read per key), starting from the first checkpoint's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog
from eventsourcing.persistence import IntegrityError

from domain.audit.key_succession import KeySuccession, succession_note
from domain.base import Recording
from register.audit.key_ring import SignedSuccession, key_ring
from register.audit.signing import PublishedKey

if TYPE_CHECKING:
    from register.access import Account
    from register.audit.checkpoints import AuditLog
    from register.audit.signing import Signer
    from register.store.event_log import StoredRow

log = structlog.get_logger(__name__)


class RotationRefused(Exception):
    """The key cannot be rotated: the same key, or one already succeeded or already used."""

    code = "KEY_ROTATION"


@dataclass(frozen=True)
class PublishedTenure:
    """A key of the succession as the API publishes it, with the sizes it signs."""

    key: PublishedKey
    from_size: int
    to_size: int | None
    """None: the key still signs."""


def decode(audit: AuditLog, row: StoredRow) -> SignedSuccession | None:
    """The succession a stored row records (None: another event, or unreadable)."""
    event = audit.event_of(row)
    if not isinstance(event, KeySuccession.KeyRotated):
        return None
    return SignedSuccession.of(event, row.position)


def successor_of(audit: AuditLog, key_id: str) -> SignedSuccession | None:
    """The recorded hand-over from `key_id`, if it was succeeded."""
    for row in audit.log.rows_of([KeySuccession.id_for(key_id)]):
        found = decode(audit, row)
        if found is not None and found.old_key_id == key_id:
            return found
    return None


def succession(audit: AuditLog) -> list[SignedSuccession]:
    """The recorded hand-overs, oldest first, from the first checkpoint's key (unverified)."""
    current = audit.signer().key_id
    first = audit.first()
    chain: list[SignedSuccession] = []
    seen = set[str]()
    # From the current key too: a key changed without a rotation starts a chain of its own.
    for start in [current] if first is None else [first.key_id, current]:
        key = start
        while key not in seen and (found := successor_of(audit, key)) is not None:
            seen.add(key)
            chain.append(found)
            key = found.new_key_id
    return chain


def published_keys(audit: AuditLog) -> list[PublishedTenure]:
    """Every key the current key vouches for through the succession, oldest first."""
    ring = key_ring([audit.signer().public_key], succession(audit))
    return [
        PublishedTenure(PublishedKey.of(t.key), t.from_size, t.to_size) for t in ring.in_order()
    ]


def rotate_key(audit: AuditLog, new: Signer, account: Account) -> SignedSuccession:
    """Hand the checkpoints over from the configured key to `new` at a freshly signed size."""
    old = audit.signer()
    if new.key_id == old.key_id:
        msg = f"the new key is the current key ({old.key_id})"
        raise RotationRefused(msg)
    served = {k for s in succession(audit) for k in (s.old_key_id, s.new_key_id)}
    if new.key_id in served:
        msg = f"key {new.key_id} already served in the succession: choose a new key"
        raise RotationRefused(msg)
    already = successor_of(audit, old.key_id)
    if already is not None:
        raise RotationRefused(succeeded(already))
    tree_size = audit.checkpoint(account).tree_size  # everything up to it is the old key's
    rotated_at = datetime.now(UTC).isoformat(timespec="microseconds")
    new_public = new.published().public_key
    note = succession_note(old.key_id, new_public, tree_size, rotated_at)
    rotation = KeySuccession.rotate(
        old_key_id=old.key_id,
        old_public_key=old.published().public_key,
        new_key_id=new.key_id,
        new_public_key=new_public,
        tree_size=tree_size,
        rotated_at=rotated_at,
        old_signature=old.sign(note),
        new_signature=new.sign(note),
        by=Recording(
            actor=account.name, mission=account.mission, effective_date=datetime.now(UTC).date()
        ),
    )
    try:
        recordings = audit.store.save(rotation)
    except IntegrityError:  # another rotation of this key committed first
        found = successor_of(audit, old.key_id)
        msg = succeeded(found) if found else f"key {old.key_id} was rotated concurrently"
        raise RotationRefused(msg) from None
    position = recordings[-1].notification.id
    log.info("audit.key_rotated", old=old.key_id, new=new.key_id, tree_size=tree_size)
    return SignedSuccession.of(recordings[-1].domain_event, position)


def succeeded(found: SignedSuccession) -> str:
    """Why a succeeded key signs no more: what the operator reads, and what to do."""
    return (
        f"key {found.old_key_id} was already succeeded by key {found.new_key_id} at size"
        f" {found.tree_size}: set SIJILL_SIGNING_KEY to that key"
    )
