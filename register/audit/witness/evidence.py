"""What bundles and consistency proofs carry of the witnesses, and how a checker reads it.

A document carries, beside each checkpoint, the notes the witnesses cosigned for it (from
`audit_cosignatures`); `sijill audit check --witness-key …` counts the distinct witnesses whose
cosignature verifies over that very checkpoint, offline. A bundle also shows it holds a
citizen's whole history: every aggregate's events run from version 1 without a gap (the store
numbers each aggregate's events 1, 2, 3, … and the bundle holds every event of each up to its
checkpoint), so an event dropped from the bundle is named even where the bundle's own signature
would have been the only evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from register.audit.witness.note import NoteError, parse_note

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.audit.bundle import Check
    from register.audit.checkpoints import AuditLog, SignedCheckpoint


def cosignatures_of(audit: AuditLog, tree_size: int) -> list[str]:
    """The cosigned notes recorded for the checkpoint of `tree_size`."""
    rows = audit.log.db.fetch_all(
        "SELECT note FROM audit_cosignatures WHERE tree_size = %s ORDER BY witness_key_id",
        (tree_size,),
    )
    return [str(note) for (note,) in rows]


def check_cosignatures(
    check: Check,
    label: str,
    checkpoint: SignedCheckpoint,
    notes: Any,
    witness_keys: Sequence[Ed25519PublicKey],
    quorum: int,
) -> None:
    """How many of `witness_keys` cosigned `checkpoint` in `notes`; a problem under `quorum`."""
    cosigned: set[int] = set()
    for text in notes if isinstance(notes, list) else []:
        try:
            note = parse_note(str(text))
        except NoteError:
            continue
        if note.body.encode() != checkpoint.note():
            continue  # a cosignature of another checkpoint says nothing of this one
        cosigned |= {i for i, k in enumerate(witness_keys) if note.cosigned_at(k) is not None}
    found = f"cosigned by {len(cosigned)} of {len(witness_keys)} witness(es) (quorum {quorum})"
    if len(cosigned) >= quorum:
        check.checked.append(f"{label}: {found}")
    else:
        check.problems.append(f"{label}: {found}")


def check_whole_history(check: Check, events: Any) -> None:
    """Each aggregate's versions run 1…n: a gap is an event left out of the bundle."""
    versions: dict[str, list[int]] = {}
    for event in events if isinstance(events, list) else []:
        try:
            versions.setdefault(str(event["originatorId"]), []).append(
                int(event["originatorVersion"])
            )
        except (KeyError, TypeError, ValueError):
            continue  # reported as malformed by the inclusion check
    gaps = {
        aggregate: sorted(set(range(1, max(held) + 1)) - set(held))
        for aggregate, held in versions.items()
    }
    for aggregate, missing in gaps.items():
        if missing:
            shown = ", ".join(map(str, missing[:10]))
            check.problems.append(
                f"record {aggregate}: version(s) {shown} missing: not the whole history"
            )
    if versions and not any(gaps.values()):
        check.checked.append(
            f"whole history: {len(versions)} record(s), each from version 1 without a gap"
        )
