"""Evidence a third party checks offline with the register's public key alone.

Two JSON documents:

- an **audit bundle** (`sijill-audit-bundle/v1`): a citizen's stored events, each with the bytes
  the store holds and an inclusion proof against a signed checkpoint, the whole bundle signed;
- a **consistency proof** (`sijill-consistency-proof/v1`): two signed checkpoints and the
  RFC 9162 proof that the later tree extends the earlier one (nothing before it was changed).

Checking needs no database: rebuild each leaf from the event's fields (register/store/chain.py's
encoding, restated in the bundle), fold its proof up to the checkpoint's root, and check the
Ed25519 signatures over the checkpoint's note and the bundle's canonical JSON. Both documents
carry the register's key succession (`keySuccession`), so a checkpoint signed by an earlier or
a later key than the one the checker trusts is accepted within that key's tenure.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.audit import merkle
from register.audit import key_succession as audit_keys
from register.audit.checkpoints import SignedCheckpoint
from register.audit.key_ring import BAD_SIGNATURE, UNKNOWN_KEY, SignedSuccession, key_ring
from register.audit.signing import verify
from register.audit.witness.evidence import (
    check_cosignatures,
    check_whole_history,
    cosignatures_of,
)
from register.store.chain import event_leaf

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.audit.checkpoints import AuditLog, Inclusion
    from register.audit.key_ring import KeyRing
    from register.audit.signing import Signer
    from register.store.event_log import StoredRow

BUNDLE = "sijill-audit-bundle/v1"
CONSISTENCY = "sijill-consistency-proof/v1"
LEAF_ENCODING = (
    "leaf = SHA-256(0x00 || position u64 || originatorId 16 bytes || originatorVersion u64 ||"
    " len(topic) u32 || topic UTF-8 || len(state) u32 || state), big-endian; nodes ="
    " SHA-256(0x01 || left || right) (RFC 6962); proofs per RFC 9162 section 2.1.3"
)


def canonical(document: dict[str, Any]) -> bytes:
    """The bytes a bundle's signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _event(row: StoredRow, inclusion: Inclusion) -> dict[str, Any]:
    return {
        "position": row.position,
        "leafIndex": inclusion.leaf_index,
        "originatorId": str(row.originator_id),
        "originatorVersion": row.version,
        "topic": row.topic,
        "state": base64.b64encode(row.state).decode(),
        "inclusionProof": [h.hex() for h in inclusion.proof],
    }


def export_bundle(
    audit: AuditLog,
    *,
    citizen_id: UUID,
    aggregate_ids: list[UUID],
    checkpoint: SignedCheckpoint,
    signer: Signer,
    cosignatures: list[str] | None = None,
) -> dict[str, Any]:
    """The citizen's events (those of `aggregate_ids`) proven against `checkpoint`, signed."""
    rows = audit.log.rows_of(aggregate_ids)
    proofs = audit.inclusions([r.position for r in rows], checkpoint.tree_size)
    uncovered = [r.position for r in rows if r.position not in proofs]
    if uncovered:
        msg = f"events at positions {uncovered[:5]} are not covered by the checkpoint"
        raise ValueError(msg)
    document: dict[str, Any] = {
        "format": BUNDLE,
        "citizenId": str(citizen_id),
        "exportedAt": datetime.now(UTC).isoformat(),
        "leafEncoding": LEAF_ENCODING,
        "checkpoint": checkpoint.to_json(),
        "events": [_event(r, proofs[r.position]) for r in rows],
        "keySuccession": _succession(audit),
        "cosignatures": cosignatures or [],
        "keyId": signer.key_id,
    }
    document["signature"] = signer.sign(canonical(document))
    return document


def consistency_document(
    audit: AuditLog, old: SignedCheckpoint, new: SignedCheckpoint
) -> dict[str, Any]:
    return {
        "format": CONSISTENCY,
        "old": old.to_json(),
        "new": new.to_json(),
        "proof": [h.hex() for h in audit.consistency(old.tree_size, new.tree_size)],
        "keySuccession": _succession(audit),
        "oldCosignatures": cosignatures_of(audit, old.tree_size),
        "newCosignatures": cosignatures_of(audit, new.tree_size),
    }


def _succession(audit: AuditLog) -> list[dict[str, Any]]:
    return [s.to_json() for s in audit_keys.succession(audit)]


@dataclass
class Check:
    """What an offline check found: `problems` empty means everything verified."""

    kind: str
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _ring(document: dict[str, Any], public_key: Ed25519PublicKey, check: Check) -> KeyRing:
    """The checker's key and the keys the document's key succession links to it."""
    try:
        successions = [SignedSuccession.from_json(s) for s in document.get("keySuccession") or []]
    except (KeyError, TypeError, ValueError, AttributeError):
        check.problems.append("the key succession is malformed")
        successions = []
    ring = key_ring([public_key], successions)
    check.problems += [f"{r.succession.label()}: {r.reason}" for r in ring.rejected]
    if successions:
        check.checked += [f"key {t.key_id}: trusted for sizes {t.span()}" for t in ring.in_order()]
    return ring


def _checkpoint(data: Any, ring: KeyRing, label: str, check: Check) -> SignedCheckpoint | None:
    try:
        checkpoint = SignedCheckpoint.from_json(data)
        bytes.fromhex(checkpoint.root_hash)
    except (KeyError, TypeError, ValueError):
        check.problems.append(f"{label}: not a checkpoint")
        return None
    reason = ring.refusal(
        checkpoint.key_id, checkpoint.tree_size, checkpoint.note(), checkpoint.signature
    )
    if reason is None:
        check.checked.append(
            f"{label}: {checkpoint.tree_size} leaves, root {checkpoint.root_hash},"
            f" signed {checkpoint.signed_at} by key {checkpoint.key_id}"
        )
    elif reason in (UNKNOWN_KEY, BAD_SIGNATURE):
        check.problems.append(f"{label}: the signature does not verify with this public key")
    else:
        check.problems.append(f"{label}: signed by {reason}")
    return checkpoint


def check_document(
    document: Any,
    public_key: Ed25519PublicKey,
    witness_keys: Sequence[Ed25519PublicKey] = (),
    quorum: int = 0,
) -> Check:
    """Verify a bundle or a consistency proof with the public key alone (and, given their
    keys, that a quorum of witnesses cosigned its checkpoints)."""
    kind = document.get("format") if isinstance(document, dict) else None
    if kind not in (BUNDLE, CONSISTENCY):
        return Check("unknown", problems=[f"not a {BUNDLE} or {CONSISTENCY} document"])
    check = (_check_bundle if kind == BUNDLE else _check_consistency)(document, public_key)
    if witness_keys:
        cosigned = [("checkpoint", "cosignatures")]
        if kind == CONSISTENCY:
            cosigned = [("old", "oldCosignatures"), ("new", "newCosignatures")]
        for name, notes in cosigned:
            try:
                checkpoint = SignedCheckpoint.from_json(document[name])
            except (KeyError, TypeError, ValueError):
                continue  # reported by the signature check
            label = f"{name} checkpoint" if kind == CONSISTENCY else name
            check_cosignatures(check, label, checkpoint, document.get(notes), witness_keys, quorum)
    return check


def _check_bundle(document: dict[str, Any], public_key: Ed25519PublicKey) -> Check:
    check = Check(BUNDLE)
    ring = _ring(document, public_key, check)
    signer = ring.tenures.get(str(document.get("keyId")))
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    signature = str(document.get("signature", ""))
    if not verify(signer.key if signer else public_key, canonical(unsigned), signature):
        check.problems.append("the bundle's signature does not verify with this public key")
    checkpoint = _checkpoint(document.get("checkpoint"), ring, "checkpoint", check)
    if checkpoint is None:
        return check
    root = bytes.fromhex(checkpoint.root_hash)
    for event in document.get("events") or []:
        try:
            position = int(event["position"])
            leaf = event_leaf(
                position,
                UUID(event["originatorId"]),
                int(event["originatorVersion"]),
                str(event["topic"]),
                base64.b64decode(event["state"], validate=True),
            )
            proof = [bytes.fromhex(h) for h in event["inclusionProof"]]
            index = int(event["leafIndex"])
        except (KeyError, TypeError, ValueError):
            check.problems.append(f"an event is malformed: {str(event)[:80]}")
            continue
        if merkle.verify_inclusion(leaf, index, checkpoint.tree_size, proof, root):
            check.checked.append(f"event at position {position} (leaf {index}): included")
        else:
            check.problems.append(
                f"event at position {position}: its inclusion proof does not verify"
            )
    check_whole_history(check, document.get("events"))
    return check


def _check_consistency(document: dict[str, Any], public_key: Ed25519PublicKey) -> Check:
    check = Check(CONSISTENCY)
    ring = _ring(document, public_key, check)
    old = _checkpoint(document.get("old"), ring, "old checkpoint", check)
    new = _checkpoint(document.get("new"), ring, "new checkpoint", check)
    if old is None or new is None:
        return check
    try:
        proof = [bytes.fromhex(h) for h in document.get("proof") or []]
    except (TypeError, ValueError):
        check.problems.append("the proof is malformed")
        return check
    if merkle.verify_consistency(
        old.tree_size,
        new.tree_size,
        bytes.fromhex(old.root_hash),
        bytes.fromhex(new.root_hash),
        proof,
    ):
        check.checked.append(
            f"the tree of {new.tree_size} leaves extends the tree of {old.tree_size}"
        )
    else:
        check.problems.append("the consistency proof does not verify: the log was rewritten")
    return check
