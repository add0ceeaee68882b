"""Signed checkpoints of the register's Merkle tree, and proofs against them.

A checkpoint signs the root of the first n leaves (n read from `merkle_leaves` when it is made)
and is itself recorded as a `Checkpoint` event, so it lands at a leaf ≥ n and the next
checkpoint covers it. Roots are computed from the stored leaves in one streamed pass, extending
the previous checkpoint's frontier when it folds back to that checkpoint's signed root.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.audit import merkle
from domain.audit.checkpoint import Checkpoint, signed_note
from domain.base import Recording
from domain.civil_status.dossier import Dossier
from register.access import Account, Role, authorize
from register.audit import key_succession as audit_keys
from register.audit.integrity import Verdict, verify_log
from register.audit.operations import AuditOperation
from register.audit.signing import SigningKeyError
from register.store.event_log import EventLog

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from uuid import UUID

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.audit.signing import Signer
    from register.audit.witness.cosigning import Cosigners
    from register.store.event_log import StoredRow
    from register.store.storage import Database
    from register.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)
CHECKPOINTER = Account(name="audit-checkpointer", role=Role.ADMIN, mission="RBA")
"""Who records the periodic checkpoints and the command line's: the ministry itself."""


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as auditors exchange it (JSON with these field names)."""

    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str
    position: int | None = None
    """Where its own event is in the store (None: held outside the register)."""

    def note(self) -> bytes:
        return signed_note(self.tree_size, self.root_hash, self.signed_at)

    def to_json(self) -> dict[str, Any]:
        return {
            "treeSize": self.tree_size,
            "rootHash": self.root_hash,
            "signedAt": self.signed_at,
            "keyId": self.key_id,
            "signature": self.signature,
            "position": self.position,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignedCheckpoint:
        return cls(
            tree_size=int(data["treeSize"]),
            root_hash=str(data["rootHash"]),
            signed_at=str(data["signedAt"]),
            key_id=str(data["keyId"]),
            signature=str(data["signature"]),
            position=None if data.get("position") is None else int(data["position"]),
        )


@dataclass(frozen=True)
class Inclusion:
    leaf_index: int
    proof: list[bytes]


class AuditLog:
    """Checkpoints (record, list, latest) and inclusion / consistency proofs over the store."""

    def __init__(self, store: UnitOfWork, db: Database, signer: Callable[[], Signer]) -> None:
        self.store = store
        self.log = EventLog(db)
        self._signer_factory = signer
        self._signer: Signer | None = None
        self._lock = threading.Lock()
        self.witnesses: Cosigners | None = None
        """Who cosigns each checkpoint recorded (bootstrap wires SIJILL_WITNESSES)."""

    def signer(self) -> Signer:
        """The signing key, loaded on first use (a development key may be generated then)."""
        with self._lock:
            if self._signer is None:
                self._signer = self._signer_factory()
            return self._signer

    # -- reading checkpoints -------------------------------------------------------------------

    def event_of(self, row: StoredRow) -> Any:
        """The domain event a stored row holds (None: unreadable, which `verify` reports)."""
        try:
            return self.store.mapper.to_domain_event(row.notification())
        except Exception:  # noqa: BLE001  # unreadable: `verify` reports the row as modified
            return None

    def _decode(self, position: int) -> tuple[SignedCheckpoint, list[str]] | None:
        row = self.log.event_at(position)
        event = None if row is None else self.event_of(row)
        if not isinstance(event, Checkpoint.Signed):
            return None
        checkpoint = SignedCheckpoint(
            tree_size=event.tree_size,
            root_hash=event.root_hash,
            signed_at=event.signed_at,
            key_id=event.key_id,
            signature=event.signature,
            position=position,
        )
        return checkpoint, list(event.frontier)

    def _readable(self) -> Iterator[SignedCheckpoint]:
        found = (self._decode(p) for p in self.log.checkpoint_positions())
        return (c for c, _ in filter(None, found))

    def checkpoints(self) -> list[SignedCheckpoint]:
        """Every checkpoint recorded, oldest first (those whose event is missing are left out)."""
        return list(self._readable())

    def first(self) -> SignedCheckpoint | None:
        """The earliest checkpoint still readable: its key begins the key succession."""
        return next(self._readable(), None)

    def latest(self) -> SignedCheckpoint | None:
        found = self._latest()
        return None if found is None else found[0]

    def _latest(self) -> tuple[SignedCheckpoint, list[str]] | None:
        for position in reversed(self.log.checkpoint_positions()):
            found = self._decode(position)
            if found is not None:
                return found
        return None

    def at_size(self, tree_size: int) -> SignedCheckpoint | None:
        return next((c for c in self.checkpoints() if c.tree_size == tree_size), None)

    def verify(
        self,
        *,
        external: Sequence[SignedCheckpoint] = (),
        public_keys: Sequence[Ed25519PublicKey] = (),
        progress: Callable[[int], None] | None = None,
        sizes: Sequence[int] = (),
    ) -> Verdict:
        """Recompute every leaf and check every checkpoint: the register's and `external` ones.

        Without `public_keys`, the configured signing key's public half is trusted; the key
        successions recorded extend the trust to other keys, each for its tenure.
        """
        recorded, missing = [], []
        for position in self.log.checkpoint_positions():
            if self.log.event_at(position) is None:
                missing.append(position)
            elif (found := self._decode(position)) is not None:
                recorded.append(found[0])
        keys = list(public_keys) or [self.signer().public_key]
        return verify_log(
            self.log,
            [*recorded, *external],
            keys,
            read_succession=lambda row: audit_keys.decode(self, row),
            missing_checkpoints=missing,
            sizes=sizes,
            progress=progress,
        )

    def history_ids(self, citizen_id: UUID) -> list[UUID]:
        """The citizen's record, its dossier and every aggregate linked to it."""
        ids = [citizen_id, Dossier.id_for(citizen_id)]
        try:
            dossier: Any = self.store.repository.get(ids[1])
        except AggregateNotFoundError:
            return ids[:1]
        return [*ids, *(aggregate_id for _, aggregate_id in dossier.links)]

    # -- recording checkpoints -----------------------------------------------------------------

    def checkpoint(
        self, account: Account = CHECKPOINTER, *, if_changed: bool = False
    ) -> SignedCheckpoint:
        """Sign the current tree and record the checkpoint; `if_changed` skips an idle log."""
        authorize(account, AuditOperation.RECORD_CHECKPOINT)
        signer = self.signer()
        handed_over = audit_keys.successor_of(self, signer.key_id)
        if handed_over is not None:  # its signature past that size would be a finding
            raise SigningKeyError(audit_keys.succeeded(handed_over))
        latest = self._latest()
        size = self.log.tree_size()
        if latest is not None and if_changed and size <= latest[0].tree_size + 1:
            return latest[0]  # nothing but that checkpoint's own event since
        compact = self._compact(size, latest)
        root_hash = compact.root().hex()
        now = datetime.now(UTC)
        signed_at = now.isoformat(timespec="microseconds")
        checkpoint = Checkpoint.sign(
            tree_size=size,
            root_hash=root_hash,
            signed_at=signed_at,
            key_id=signer.key_id,
            signature=signer.sign(signed_note(size, root_hash, signed_at)),
            frontier=[h.hex() for h in compact.frontier()],
            by=Recording(actor=account.name, mission=account.mission, effective_date=now.date()),
        )
        try:
            recordings = self.store.save(checkpoint)
        except IntegrityError:  # another process checkpointed this very size first
            existing = self.at_size(size)
            if existing is None:
                raise
            return existing
        position = recordings[-1].notification.id
        log.info("audit.checkpoint", tree_size=size, position=position)
        signed = SignedCheckpoint(
            size, root_hash, signed_at, signer.key_id, checkpoint.signature, position
        )
        if self.witnesses is not None:  # never raises: a witness down is retried later
            self.witnesses.submit(signed)
        return signed

    def _compact(
        self, size: int, latest: tuple[SignedCheckpoint, list[str]] | None
    ) -> merkle.CompactRange:
        start, compact = 0, merkle.CompactRange()
        if latest is not None and latest[0].tree_size <= size:
            checkpoint, frontier = latest
            resumed = merkle.CompactRange.restore(
                checkpoint.tree_size, [bytes.fromhex(h) for h in frontier]
            )
            if resumed.root().hex() == checkpoint.root_hash:  # never extend what it did not sign
                start, compact = checkpoint.tree_size, resumed
        for leaf in self.log.leaf_hashes(start, size):
            compact.append(leaf)
        return compact

    # -- proofs --------------------------------------------------------------------------------

    def root_at(self, size: int) -> bytes:
        return merkle.root(self.log.leaf_hashes(0, size))

    def inclusions(self, positions: Sequence[int], size: int) -> dict[int, Inclusion]:
        """Inclusion proofs in the tree of `size` for the events at `positions`, in one pass."""
        indexes = self.log.leaf_indexes(positions)
        covered = {p: i for p, i in indexes.items() if i < size}
        ranges = {p: merkle.inclusion_ranges(i, size) for p, i in covered.items()}
        wanted = {r for rs in ranges.values() for r in rs}
        hashes = merkle.subtree_hashes(self.log.leaf_hashes(0, size), size, wanted)
        return {p: Inclusion(covered[p], [hashes[r] for r in rs]) for p, rs in ranges.items()}

    def consistency(self, old_size: int, new_size: int) -> list[bytes]:
        ranges = merkle.consistency_ranges(old_size, new_size)
        hashes = merkle.subtree_hashes(self.log.leaf_hashes(0, new_size), new_size, ranges)
        return [hashes[r] for r in ranges]


def start_checkpointer(audit: AuditLog, every_s: float) -> tuple[threading.Thread, threading.Event]:
    """Record a checkpoint every `every_s` seconds while the log grows, until stopped."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every_s):
            try:
                audit.checkpoint(if_changed=True)
            except Exception:  # the next interval retries; the log itself is untouched
                log.exception("audit.checkpoint_failed")

    thread = threading.Thread(target=run, name="sijill-checkpointer", daemon=True)
    thread.start()
    return thread, stop
